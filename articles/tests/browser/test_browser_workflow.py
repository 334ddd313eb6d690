"""In a real browser: a reporter writes and submits a draft, an editor publishes it, and a
reader finds it on the home page.

(The README's pictures of the admin are taken by test_browser_desk.py.)
"""

import datetime

import pytest
from django.utils import timezone

from articles.models import Article
from articles.tests.factories import ArticleFactory, CategoryFactory, SourceFactory
from articles.tests.workflow_helpers import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Công an huyện Châu Thành triệt phá đường dây đánh bạc qua mạng"


def log_in(page, live_server, user):
    page.goto(f"{live_server.url}/quan-tri/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#logout-form")


def log_out(page):
    page.click("#logout-form button")
    page.wait_for_selector("#id_username", state="detached")


def fill_body(page, text):
    """The body is a textarea today; a rich text editor may replace it (contenteditable)."""
    textarea = page.locator("textarea[name=body]")
    if textarea.count() and textarea.is_visible():
        textarea.fill(text)
    else:
        page.locator(".field-body [contenteditable=true]").first.fill(text)


def choose_autocomplete(page, field, text):
    page.click(f".field-{field} .select2-selection")
    page.fill(".select2-dropdown .select2-search__field", text)
    page.click(f".select2-results__option:has-text('{text}')")


def newsroom_articles(category, author):
    """A few articles in every state, so the list looks like a working day."""
    source = SourceFactory(name="TTXVN")
    now = timezone.now()
    rows = [
        ("Đại tá Huỳnh Việt Hòa tiếp đoàn công tác Công an TP Hồ Chí Minh", "published", -26),
        ("Ra quân cao điểm tấn công trấn áp tội phạm dịp Tết", "published", -5),
        ("Hội nghị trực tuyến sơ kết công tác bảo đảm trật tự an toàn giao thông", "review", None),
        ("Tuyên truyền phòng cháy chữa cháy tại khu dân cư", "draft", None),
        ("Trao tặng quà cho gia đình chính sách nhân ngày 27/7", "published", 20),
        ("Thông báo tuyển sinh vào các trường Công an nhân dân năm 2021", "archived", -300),
    ]
    for title, status, hours in rows:
        ArticleFactory(
            title=title,
            status=status,
            published_at=now + datetime.timedelta(hours=hours) if hours is not None else None,
            category=category,
            source=source,
            byline="Hồng Thái",
            created_by=author,
            view_count=abs(hours or 3) * 17,
        )


def test_reporter_submits_editor_publishes_reader_finds_it(live_server, desktop_page):
    page = desktop_page
    category = CategoryFactory(name="An ninh trật tự")
    reporter = make_user("reporter", username="phongvien")
    editor = make_user("editor", username="bientapvien")
    newsroom_articles(category, editor)

    # The reporter writes a draft, saves it, then submits it for review.
    log_in(page, live_server, reporter)
    page.goto(f"{live_server.url}/quan-tri/articles/article/add/")
    page.fill("#id_title", TITLE)
    page.fill("#id_lead", "Công an huyện vừa triệt phá một đường dây đánh bạc qua mạng.")
    fill_body(page, "Qua công tác nắm tình hình, lực lượng chức năng phát hiện đường dây.")
    choose_autocomplete(page, "category", "An ninh trật tự")
    assert page.locator("#id_status").count() == 0  # the workflow buttons change the status
    with page.expect_navigation():
        page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    article = Article.objects.get(title=TITLE)
    assert (article.status, article.created_by) == ("draft", reporter)
    assert "lực lượng chức năng phát hiện đường dây" in article.body

    with page.expect_navigation():
        page.click("button[name=_workflow_step][value=submit]")
    page.wait_for_selector(".messagelist .success")
    article.refresh_from_db()
    assert (article.status, article.submitted_by) == ("review", reporter)
    log_out(page)

    # The editor publishes it from the list with the bulk action.
    log_in(page, live_server, editor)
    page.goto(f"{live_server.url}/quan-tri/articles/article/")
    row = page.locator("#result_list tr", has_text=TITLE)
    assert "Chờ duyệt" in row.inner_text()
    row.locator("input.action-select").check()
    page.select_option("select[name=action]", "publish")
    page.click("button[name=index]")
    assert "1 bài đã xuất bản" in page.locator(".messagelist").inner_text()
    article.refresh_from_db()
    assert (article.status, article.approved_by) == ("published", editor)
    log_out(page)

    # A reader finds it on the home page and opens it.
    page.goto(f"{live_server.url}/")
    page.click(f"text={TITLE}")
    page.wait_for_selector("h1.article-title")
    assert page.locator("h1.article-title").inner_text() == TITLE
    assert page.locator(".preview-banner").count() == 0
