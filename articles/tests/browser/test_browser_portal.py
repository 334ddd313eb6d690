"""A reader in headless Chromium: on a phone, home → article → an official named in it →
a search typed without diacritics that finds the articles.

SCREENSHOTS=1 also saves the README's screenshots to docs/screenshots/.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

from articles.tests.portal_data import build_portal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS_DIR = Path(settings.BASE_DIR) / "docs" / "screenshots"


@dataclass
class Reader:
    page: object
    base_url: str

    def opens_home(self):
        from playwright.sync_api import expect

        self.page.goto(self.base_url + "/")
        expect(self.page.locator("header .portal-name")).to_be_visible()
        return self

    def opens_article(self, title: str):
        from playwright.sync_api import expect

        self.page.get_by_role("link", name=title, exact=True).first.click()
        expect(self.page.get_by_role("heading", level=1)).to_have_text(title)
        return self

    def follows_official(self, link_text: str, heading: str):
        from playwright.sync_api import expect

        self.page.get_by_role("link", name=link_text, exact=True).first.click()
        expect(self.page.get_by_role("heading", level=1)).to_have_text(heading)
        return self

    def searches(self, words: str):
        from playwright.sync_api import expect

        box = self.page.locator("#header-q")
        box.fill(words)
        box.press("Enter")
        expect(self.page.get_by_role("heading", level=1)).to_contain_text("Tìm kiếm")
        return self

    def sees_no_sideways_scroll(self):
        width = self.page.evaluate("document.documentElement.scrollWidth")
        viewport = self.page.evaluate("window.innerWidth")
        assert width <= viewport, f"{self.page.url}: {width}px wide in a {viewport}px screen"
        return self


def test_phone_reader_goes_from_home_to_article_to_official(phone_page, live_server):
    portal = build_portal(3)
    article, official = portal.articles[0], portal.director
    article.lead = "Đại tá Huỳnh Việt Hòa, Giám đốc Công an tỉnh chủ trì buổi làm việc."
    article.save()
    reader = Reader(phone_page, live_server.url)
    reader.opens_home().sees_no_sideways_scroll()
    reader.opens_article(article.title).sees_no_sideways_scroll()
    assert phone_page.url == live_server.url + article.get_absolute_url()
    reader.follows_official("Đại tá Huỳnh Việt Hòa", "Đại tá Huỳnh Việt Hòa")
    assert phone_page.url == live_server.url + official.get_absolute_url()
    reader.sees_no_sideways_scroll()
    # The official's page lists the article the reader came from.
    assert phone_page.get_by_role("link", name=article.title, exact=True).count() == 1
    # Typing without diacritics on the phone finds the articles that name him.
    reader.searches("huynh viet hoa").sees_no_sideways_scroll()
    assert "/tim-kiem/?q=huynh+viet+hoa" in phone_page.url
    found = phone_page.locator("main").get_by_role("link", name=article.title, exact=True)
    assert found.count() == 1


def test_every_page_fits_a_360px_phone(phone_page, live_server):
    from articles.tests.views.test_portal_pages import page_urls

    portal = build_portal(3)
    reader = Reader(phone_page, live_server.url)
    for url in page_urls(portal).values():
        phone_page.goto(live_server.url + url)
        reader.sees_no_sideways_scroll()


def test_desktop_has_two_columns_and_the_phone_one(desktop_page, phone_page, live_server):
    build_portal(3)
    boxes = {}
    for name, page in [("desktop", desktop_page), ("phone", phone_page)]:
        page.goto(live_server.url + "/")
        main = page.locator(".col-main").first.bounding_box()
        side = page.locator(".col-side").first.bounding_box()
        boxes[name] = (main, side)
    main, side = boxes["desktop"]
    assert side["x"] > main["x"] + main["width"] - 1  # the aside sits to the right
    main, side = boxes["phone"]
    assert side["y"] >= main["y"] + main["height"] - 1  # the aside comes below


def test_keyboard_focus_is_visible(desktop_page, live_server):
    build_portal(1)
    desktop_page.goto(live_server.url + "/")
    desktop_page.keyboard.press("Tab")  # the skip link
    focused = desktop_page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return [document.activeElement.textContent, s.outlineStyle, s.outlineWidth,"
        " document.activeElement.getBoundingClientRect().left]; })()"
    )
    text, style, width, left = focused
    assert text == "Bỏ qua, đến nội dung chính"
    assert style != "none" and width != "0px"
    assert left >= 0  # it moved into view


@pytest.mark.skipif(os.environ.get("SCREENSHOTS") != "1", reason="set SCREENSHOTS=1 to save")
def test_save_readme_screenshots(desktop_page, phone_page, live_server):
    from articles.models import Article
    from articles.tests.screenshot_data import build_screenshot_data
    from people.models import Official

    build_screenshot_data()
    article = Article.objects.get(title__startswith="Chia sẻ kinh nghiệm")
    official = Official.objects.named("Huỳnh Việt Hòa").get()
    pages = {
        "home": "/",
        "article": article.get_absolute_url(),
        "official": official.get_absolute_url(),
        "search": "/tim-kiem/?q=huynh+viet+hoa",
    }
    SCREENSHOTS_DIR.mkdir(parents=True, exist_ok=True)
    for name, url in pages.items():
        desktop_page.goto(live_server.url + url)
        desktop_page.screenshot(path=SCREENSHOTS_DIR / f"{name}-desktop.png", full_page=True)
        phone_page.goto(live_server.url + url)
        phone_page.screenshot(path=SCREENSHOTS_DIR / f"{name}-phone.png")
        assert re.search(r"\S", phone_page.title())
