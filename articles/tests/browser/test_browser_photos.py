"""In a real browser: a reporter uploads a photo into an article's body from the form, it
becomes the cover, and once the article is published the home page's card shows it.

With SCREENSHOTS=1 the test also saves docs/screenshots/admin-photos.png (the edit page
with the photo) and home-photos-desktop.png / home-photos-phone.png; without it, nothing.
"""

from __future__ import annotations

import datetime
import io
import os
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from articles.models import Article, Photo
from articles.services import workflow
from articles.tests.factories import ArticleFactory, CategoryFactory
from articles.tests.workflow_helpers import make_user

from .test_browser_workflow import choose_autocomplete, fill_body, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"
TITLE = "Cảnh sát giao thông ra quân bảo đảm trật tự dịp cuối năm"


@pytest.fixture(autouse=True)
def media_served(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.ROOT_URLCONF = "articles.tests.browser.media_urls"


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


def test_reporter_uploads_a_photo_into_the_body_and_the_home_card_shows_it(
    live_server, desktop_page, phone_page
):
    page = desktop_page
    csp_errors = []
    page.on(
        "console",
        lambda m: csp_errors.append(m.text) if "Content Security Policy" in m.text else None,
    )
    category = CategoryFactory(name="An ninh trật tự")
    other_stories(category)
    reporter = make_user("reporter", username="phongvien")
    editor = make_user("editor", username="bientapvien")
    shots = os.environ.get("SCREENSHOTS") == "1"

    log_in(page, live_server, reporter)
    page.goto(f"{live_server.url}/quan-tri/articles/article/add/")
    page.fill("#id_title", TITLE)
    page.fill(
        "#id_lead", "Lực lượng Cảnh sát giao thông ra quân bảo đảm trật tự an toàn giao thông."
    )
    fill_body(page, "Sáng nay, Phòng Cảnh sát giao thông tổ chức lễ ra quân.")
    choose_autocomplete(page, "category", "An ninh trật tự")
    with page.expect_navigation():
        page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    article = Article.objects.get(title=TITLE)

    # The writing aids count the body's words, warn about a long sapo and offer a new
    # address once the title of the (unpublished) article changes.
    assert "chữ · khoảng 1 phút đọc" in page.locator(".writing-count").inner_text()
    lead = page.input_value("#id_lead")
    assert page.locator(".field-update_slug").is_hidden()
    page.fill("#id_lead", " ".join(["Lực lượng"] * 30))
    page.wait_for_selector(".writing-sapo-hint:has-text('Sapo dài 60 chữ')")
    assert page.get_attribute("#id_meta_description", "placeholder").startswith("Lực lượng")
    page.fill("#id_title", TITLE + " năm 2026")
    page.wait_for_selector(".field-update_slug", state="visible")
    page.fill("#id_title", TITLE)
    page.fill("#id_lead", lead)
    page.wait_for_selector(".writing-sapo-hint:empty", state="attached")

    # Upload a new photo from the form: it goes into the library, the body and the cover.
    page.set_input_files(
        ".photo-upload-file",
        files=[{"name": "ra-quan.jpg", "mimeType": "image/jpeg", "buffer": picture(1)}],
    )
    page.fill(".photo-upload-alt", "Cán bộ chiến sĩ Cảnh sát giao thông xếp hàng tại lễ ra quân")
    page.fill(".photo-upload-caption", "Lễ ra quân sáng nay tại Công an tỉnh")
    page.fill(".photo-upload-credit", "Minh Khoa")
    page.click(".photo-upload-button")
    page.wait_for_selector(".photo-picker-status:has-text('Đã tải lên')")
    photo = Photo.objects.get(alt_text__startswith="Cán bộ chiến sĩ Cảnh sát")
    assert photo.uploaded_by == reporter
    page.wait_for_selector(".field-body [contenteditable=true] figure img")
    assert page.locator("select[name=cover]").input_value() == str(photo.pk)
    body_img = page.locator(".field-body [contenteditable=true] figure img").first
    page.wait_for_function(
        "(img) => img.complete && img.naturalWidth > 0", arg=body_img.element_handle()
    )

    with page.expect_navigation():
        page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    article.refresh_from_db()
    assert (article.cover, article.card_photo) == (photo, photo)
    assert f'srcset="{photo.srcset}"' in article.body
    assert "Lễ ra quân sáng nay tại Công an tỉnh" in article.body
    if shots:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        top = page.locator(".field-title").bounding_box()
        bottom = page.locator(".photo-fields").bounding_box()
        clip = {
            "x": 0,
            "y": max(top["y"] - 80, 0),
            "width": page.viewport_size["width"],
            "height": bottom["y"] + bottom["height"] - max(top["y"] - 80, 0) + 10,
        }
        page.screenshot(path=str(SCREENSHOTS / "admin-photos.png"), full_page=True, clip=clip)

    # An editor publishes it; the home page leads with its card and photo.
    article.status = Article.Status.REVIEW
    article.save()
    workflow.transition(article, Article.Status.PUBLISHED, editor)
    for view, name in ((page, "home-photos-desktop.png"), (phone_page, "home-photos-phone.png")):
        view.goto(f"{live_server.url}/")
        card = view.locator("article.card", has_text=TITLE).first
        img = card.locator("img")
        assert img.get_attribute("srcset") == photo.srcset
        assert img.get_attribute("alt").startswith("Cán bộ chiến sĩ Cảnh sát")
        view.wait_for_function(
            "(img) => img.complete && img.naturalWidth > 0", arg=img.element_handle()
        )
        # The browser picked a size from srcset that fits the screen.
        chosen = img.evaluate("(img) => img.currentSrc")
        assert "/thu-vien/" in chosen
        for other in view.locator("article.card img").element_handles():
            other.scroll_into_view_if_needed()  # lazy images load once near the screen
            view.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=other)
        view.evaluate("window.scrollTo(0, 0)")
        if shots:
            view.screenshot(path=str(SCREENSHOTS / name), full_page=True)
    # A phone (360 px at 2x) takes the 640 size, never the 1600 one.
    phone_src = phone_page.locator("article.card", has_text=TITLE).first.locator("img")
    assert not phone_src.evaluate("(img) => img.currentSrc").endswith("/1600.jpg")
    assert csp_errors == []
