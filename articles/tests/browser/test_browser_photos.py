"""In a real browser, the photo details the desk's round trip (test_browser_desk.py) does not
check: the writing aids of the form (word count, long-sapo hint, meta description placeholder,
new-address offer), the uploaded photo's caption kept in the body, no Content Security Policy
error, and a phone choosing a small size from the home card's srcset.

With SCREENSHOTS=1 the test also saves docs/screenshots/admin-photos.png (the edit page
with the photo) and home-photos-desktop.png / home-photos-phone.png; without it, nothing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from articles.models import Article
from articles.services import workflow
from articles.tests.factories import CategoryFactory
from articles.tests.workflow_helpers import make_user

from .photo_helpers import home_card_image, other_stories, upload_into_body
from .test_browser_workflow import choose_autocomplete, fill_body, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("media_served"),
]

SCREENSHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"
TITLE = "Cảnh sát giao thông ra quân bảo đảm trật tự dịp cuối năm"


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
    photo = upload_into_body(
        page,
        seed=1,
        name="ra-quan.jpg",
        alt="Cán bộ chiến sĩ Cảnh sát giao thông xếp hàng tại lễ ra quân",
        caption="Lễ ra quân sáng nay tại Công an tỉnh",
        credit="Minh Khoa",
    )
    assert photo.uploaded_by == reporter
    assert page.locator("select[name=cover]").input_value() == str(photo.pk)

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
        img = home_card_image(view, live_server, TITLE)
        assert img.get_attribute("srcset") == photo.srcset
        assert img.get_attribute("alt").startswith("Cán bộ chiến sĩ Cảnh sát")
        # The browser picked a size from srcset that fits the screen.
        assert "/thu-vien/" in img.evaluate("(img) => img.currentSrc")
        if shots:
            view.screenshot(path=str(SCREENSHOTS / name), full_page=True)
    # A phone (360 px at 2x) takes the 640 size, never the 1600 one.
    phone_src = phone_page.locator("article.card", has_text=TITLE).first.locator("img")
    assert not phone_src.evaluate("(img) => img.currentSrc").endswith("/1600.jpg")
    assert csp_errors == []
