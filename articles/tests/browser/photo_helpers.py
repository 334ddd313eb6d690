"""Helpers shared by the browser tests that upload photos and look at the home page's cards.

(The ``media_served`` fixture, in this folder's conftest.py, keeps uploads in a temporary
folder that the live server serves.) ``picture`` draws a photo-like JPEG;
``other_stories`` publishes a few articles with covers; ``upload_into_body`` uploads a photo
from the article form; ``wait_loaded`` waits until an <img> has really loaded.
"""

from __future__ import annotations

import datetime
import io

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from articles.models import Photo
from articles.tests.factories import ArticleFactory

BODY_IMAGE = ".field-body [contenteditable=true] figure img"


def picture(seed: int, size=(1600, 1000)) -> bytes:
    """A photo-like JPEG: a sky, a road and a few shapes, different for each seed."""
    width, height = size
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    top = (40 + seed * 30 % 120, 110 + seed * 17 % 80, 170 + seed * 11 % 70)
    for y in range(height):
        shade = y / height
        draw.line(
            [(0, y), (width, y)],
            fill=tuple(int(c * (1 - shade) + 60 * shade) for c in top),
        )
    draw.polygon(
        [
            (0, height),
            (width * 0.42, height * 0.55),
            (width * 0.58, height * 0.55),
            (width, height),
        ],
        fill=(70, 70, 76),
    )
    for index in range(5):
        x = (index * 311 + seed * 97) % (width - 200)
        draw.rectangle(
            [x, height * 0.35, x + 140, height * 0.62],
            fill=((seed * 60 + index * 40) % 255, 60 + index * 30, 40),
        )
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def other_stories(category):
    """Published articles with their own covers, so the home page looks like a working day."""
    titles = [
        "Công an tỉnh tổ chức hội nghị tổng kết công tác năm",
        "Trao tặng quà cho gia đình chính sách nhân dịp Tết",
        "Tuyên truyền phòng cháy chữa cháy tại khu dân cư",
        "Triệt phá đường dây đánh bạc qua mạng",
    ]
    now = timezone.now()
    for index, title in enumerate(titles):
        photo = Photo(alt_text=f"Ảnh minh họa: {title}", caption=title, credit="Phòng Tham mưu")
        photo.image.save(f"anh-{index}.jpg", ContentFile(picture(index + 2)), save=False)
        photo.save()
        ArticleFactory(
            title=title,
            category=category,
            cover=photo,
            published_at=now - datetime.timedelta(hours=index + 2),
            lead="Sáng nay, Công an tỉnh triển khai nhiệm vụ trọng tâm của đơn vị.",
        )


def wait_loaded(page, img):
    """Wait until the <img> (a locator or an element handle) is loaded and not broken."""
    handle = img.element_handle() if hasattr(img, "element_handle") else img
    page.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=handle)


def upload_into_body(page, *, seed, name, alt, caption, credit):
    """Upload a new photo with the article form's uploader; it lands in the body (and, with
    no cover chosen yet, becomes the cover). Returns the library's Photo."""
    page.set_input_files(
        ".photo-upload-file",
        files=[{"name": name, "mimeType": "image/jpeg", "buffer": picture(seed)}],
    )
    page.fill(".photo-upload-alt", alt)
    page.fill(".photo-upload-caption", caption)
    page.fill(".photo-upload-credit", credit)
    page.click(".photo-upload-button")
    page.wait_for_selector(".photo-picker-status:has-text('Đã tải lên')")
    page.wait_for_selector(BODY_IMAGE)
    wait_loaded(page, page.locator(BODY_IMAGE).first)
    return Photo.objects.get(alt_text=alt)


def home_card_image(page, live_server, title):
    """Open the home page; the card of ``title``'s <img>, once every card photo has loaded."""
    page.goto(f"{live_server.url}/")
    img = page.locator("article.card", has_text=title).first.locator("img")
    wait_loaded(page, img)
    for other in page.locator("article.card img").element_handles():
        other.scroll_into_view_if_needed()  # lazy images load once near the screen
        wait_loaded(page, other)
    page.evaluate("window.scrollTo(0, 0)")
    return img
