"""The editor's desk in a real browser, on a 1366 × 900 laptop and a 768 × 1024 tablet.

A reporter writes an article; autosave keeps the text when the page is left and reopened; a
warning stops her leaving with changes not yet saved; she submits. An editor returns it with
a note, the reporter sees the note and resubmits, the editor publishes, and the article is on
the home page. The reporter also uploads a photo into the body from the form; it becomes the
cover, and the home page's card shows it (one of the photo's sizes, loaded). On the way: the
list's title column is at least 300 px wide and neither the list nor the edit page scrolls
sideways.

With SCREENSHOTS=1 (and the laptop size) the README's pictures of the admin are saved to
docs/screenshots/: the list, the edit page and the desk.
"""

import os
from pathlib import Path

import pytest

from articles.models import Article
from articles.tests.browser.photo_helpers import (
    BODY_IMAGE,
    home_card_image,
    other_stories,
    upload_into_body,
)
from articles.tests.browser.test_browser_workflow import (
    choose_autocomplete,
    log_in,
    log_out,
    newsroom_articles,
)
from articles.tests.factories import CategoryFactory
from articles.tests.workflow_helpers import make_user
from conftest import BROWSER_TIMEOUT_MS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("media_served"),
]

SCREENSHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"
TITLE = "Công an thành phố Vị Thanh ra quân bảo đảm trật tự an toàn giao thông"
TYPED = "Lực lượng Cảnh sát giao thông tăng cường tuần tra trên các tuyến trọng điểm."
NOTE = "Bổ sung số liệu vi phạm đã xử lý trong tháng."
PHOTO_ALT = "Cán bộ Cảnh sát giao thông hướng dẫn người đi xe máy tại nút giao"
SIZES = {"laptop": (1366, 900), "tablet": (768, 1024)}

# How wide the page and its scrolling boxes are against what is visible.
OVERFLOW_JS = """() => {
  const doc = document.documentElement;
  const boxes = [...document.querySelectorAll('#content *')].filter((e) => {
    const overflow = getComputedStyle(e).overflowX;
    return (overflow === 'auto' || overflow === 'scroll') && e.scrollWidth > e.clientWidth + 1;
  });
  const wide = [...document.querySelectorAll('body *')]
    .filter((e) => e.getBoundingClientRect().right > doc.clientWidth + 1)
    .slice(0, 5)
    .map((e) => `${e.tagName}#${e.id}.${e.className}`);
  return {
    page: doc.scrollWidth - doc.clientWidth,
    boxes: boxes.map((e) => e.id || e.className),
    wide: doc.scrollWidth > doc.clientWidth ? wide : [],
  };
}"""


def no_sideways_scrolling(page):
    overflow = page.evaluate(OVERFLOW_JS)
    assert overflow == {"page": 0, "boxes": [], "wide": []}, overflow


def body_editor(page):
    return page.locator(".field-body [contenteditable=true]").first


def press_step(page, key):
    with page.expect_navigation():
        page.click(f"button[name=_workflow_step][value={key}]")
    page.wait_for_selector(".messagelist .success")


@pytest.fixture(params=list(SIZES))
def sized_page(request, browser):
    width, height = SIZES[request.param]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
    context.set_default_timeout(BROWSER_TIMEOUT_MS)
    page = context.new_page()
    page.size_name = request.param
    yield page
    context.close()


def test_reporter_editor_round_trip_with_autosave_on_laptop_and_tablet(live_server, sized_page):
    page, url = sized_page, live_server.url
    category = CategoryFactory(name="An toàn giao thông")
    reporter = make_user("reporter", username="phongvien")
    editor = make_user("editor", username="bientapvien")
    editor.first_name = "Nguyễn Văn Phóng"
    editor.save()
    newsroom_articles(category, editor)
    other_stories(category)
    shots = os.environ.get("SCREENSHOTS") == "1" and page.size_name == "laptop"

    # The reporter writes: the new article is kept in the browser until it is saved.
    log_in(page, live_server, reporter)
    page.goto(f"{url}/quan-tri/articles/article/add/")
    assert page.locator("#id_status").count() == 0
    assert page.locator("#autosave-status").get_attribute("data-mode") == "local"
    menubar = page.locator(".prose-menubar").first.inner_html()
    for english in ("Paragraph", "Heading"):
        assert english not in menubar  # relabelled by desk.js: "Đoạn văn", "Tiêu đề 2"
    page.fill("#id_title", TITLE)
    page.fill("#id_lead", "Sáng nay, Công an thành phố Vị Thanh ra quân.")
    body_editor(page).click()
    page.keyboard.type("Đoạn mở đầu.")
    choose_autocomplete(page, "category", "An toàn giao thông")
    # A photo uploaded into the body from the form joins the library and is chosen as cover.
    photo = upload_into_body(
        page,
        seed=7,
        name="ra-quan-vi-thanh.jpg",
        alt=PHOTO_ALT,
        caption="Tổ tuần tra tại nút giao Trần Hưng Đạo",
        credit="Hoàng Anh",
    )
    assert photo.uploaded_by == reporter
    assert page.locator("select[name=cover]").input_value() == str(photo.pk)
    with page.expect_navigation():
        page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    article = Article.objects.get(title=TITLE)
    assert article.cover == photo and f'srcset="{photo.srcset}"' in article.body
    revisions = article.history.count()

    # Autosave keeps what is typed next, without a revision, and nothing warns on leaving.
    assert page.locator("#autosave-status").get_attribute("data-mode") == "server"
    page.locator(".field-body [contenteditable=true] p", has_text="Đoạn mở đầu.").click()
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.keyboard.type(TYPED)
    page.wait_for_selector("#autosave-status:has-text('Đã tự động lưu')", timeout=20_000)
    article.refresh_from_db()
    assert TYPED in article.body and article.status == "draft"
    assert article.history.count() == revisions
    dialogs = []

    def stay(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)
    with page.expect_navigation():
        page.click(".breadcrumbs a >> nth=0")
    assert dialogs == []
    page.goto(f"{url}/quan-tri/articles/article/{article.pk}/change/")
    assert TYPED in body_editor(page).inner_text()
    assert page.locator(BODY_IMAGE).count() == 1  # the photo is kept too

    # A change not yet saved: leaving asks first (dismissed: the page stays).
    page.click("#id_lead")
    page.keyboard.type(" Chưa kịp lưu.")
    page.click(".breadcrumbs a >> nth=0", no_wait_after=True)
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    assert page.url.endswith(f"/articles/article/{article.pk}/change/")
    page.remove_listener("dialog", stay)
    no_sideways_scrolling(page)

    # She submits it.
    press_step(page, "submit")
    article.refresh_from_db()
    assert article.status == "review" and "Chưa kịp lưu." in article.lead
    assert article.cover == photo and photo.srcset in article.body
    log_out(page)

    # The editor: the list is readable, the article goes back with a note.
    log_in(page, live_server, editor)
    if shots:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "admin-desk.png"), full_page=True)
    page.goto(f"{url}/quan-tri/articles/article/")
    width = page.evaluate(
        "document.querySelector('#result_list th.column-title').getBoundingClientRect().width"
    )
    print(f"list title column at {page.size_name}: {width:.0f} px")  # shown with -s
    assert width >= (300 if page.size_name == "laptop" else 240), width
    no_sideways_scrolling(page)
    if shots:
        page.screenshot(path=str(SCREENSHOTS / "admin-list.png"))
    page.click(f"#result_list a:has-text('{TITLE}')")
    page.fill("#id__workflow_note", NOTE)
    press_step(page, "return")
    assert "trả bài" in page.locator(".messagelist").inner_text()
    log_out(page)

    # The reporter sees the note, written with the editor's name as written, and resubmits.
    log_in(page, live_server, reporter)
    page.goto(f"{url}/quan-tri/articles/article/{article.pk}/change/")
    note = page.locator("#workflow-return-note").inner_text()
    assert NOTE in note and "Nguyễn Văn Phóng" in note
    press_step(page, "submit")
    log_out(page)

    # The editor publishes; readers see it.
    log_in(page, live_server, editor)
    page.goto(f"{url}/quan-tri/articles/article/{article.pk}/change/")
    no_sideways_scrolling(page)
    if shots:
        page.screenshot(path=str(SCREENSHOTS / "admin-edit.png"), full_page=True)
    press_step(page, "publish")
    article.refresh_from_db()
    assert article.status == "published" and article.approved_by == editor
    log_out(page)
    # The home page card shows the cover: one of the photo's sizes, really loaded.
    img = home_card_image(page, live_server, TITLE)
    assert img.get_attribute("srcset") == photo.srcset
    assert img.get_attribute("alt") == PHOTO_ALT
    renditions = {entry.split()[0] for entry in photo.srcset.split(",")}
    chosen = img.evaluate("(img) => new URL(img.currentSrc).pathname")
    assert chosen in renditions, (chosen, renditions)
    assert img.evaluate("(img) => img.naturalWidth") > 0


def test_new_article_text_is_offered_back_after_leaving_the_add_page(live_server, sized_page):
    page = sized_page
    reporter = make_user("reporter", username="phongvien2")
    log_in(page, live_server, reporter)
    page.goto(f"{live_server.url}/quan-tri/articles/article/add/")
    page.fill("#id_title", TITLE)
    body_editor(page).click()
    page.keyboard.type(TYPED)
    page.wait_for_selector("#autosave-status:has-text('Đã giữ bài')", timeout=20_000)
    page.on("dialog", lambda dialog: dialog.accept())  # leave anyway
    page.goto(f"{live_server.url}/quan-tri/")
    page.goto(f"{live_server.url}/quan-tri/articles/article/add/")
    page.click("#autosave-restore")
    assert page.input_value("#id_title") == TITLE
    assert TYPED in body_editor(page).inner_text()
    assert not Article.objects.exists()  # kept in the browser, no empty draft on the server
