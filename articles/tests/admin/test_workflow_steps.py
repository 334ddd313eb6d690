"""The change form's workflow buttons, per role: shown only when allowed, checked on the server."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from articles.models import Article, ArticleTransition
from articles.tests.admin.test_workflow_admin import ADD, change_url, draft, form_data
from articles.tests.factories import ArticleFactory
from articles.tests.workflow_helpers import make_user

pytestmark = pytest.mark.django_db


def buttons(response):
    return [step["key"] for step in response.context["workflow_steps"]]


def messages_of(response):
    """The last message about the workflow (recognition's own message may follow it)."""
    said = [str(m) for m in get_messages(response.wsgi_request)]
    return [m for m in said if not m.startswith("Đã nhận diện")][-1:]


def press(client, article, step, **changes):
    return client.post(change_url(article), form_data(article, _workflow_step=step, **changes))


def in_review(**kwargs):
    return ArticleFactory(status="review", published_at=None, **kwargs)


# --- which buttons each role sees ------------------------------------------------------------


def test_reporter_sees_only_submit_on_own_draft_and_nothing_once_submitted(client):
    reporter = make_user("reporter")
    client.force_login(reporter)
    assert buttons(client.get(ADD)) == ["submit"]
    mine = draft(created_by=reporter)
    response = client.get(change_url(mine))
    assert buttons(response) == ["submit"]
    assert b'value="submit"' in response.content
    assert b'value="publish"' not in response.content
    waiting = in_review(created_by=reporter)
    assert buttons(client.get(change_url(waiting))) == []


@pytest.mark.parametrize("role", ["editor", "admin"])
def test_editor_and_admin_buttons_follow_the_status(client, role):
    client.force_login(make_user(role))
    assert buttons(client.get(ADD)) == ["submit", "publish", "schedule"]
    assert buttons(client.get(change_url(draft()))) == ["submit", "publish", "schedule", "archive"]
    review = in_review()
    response = client.get(change_url(review))
    assert buttons(response) == ["return", "publish", "schedule", "archive"]
    assert "Duyệt và xuất bản" in response.content.decode()
    assert 'name="_workflow_note"' in response.content.decode()
    assert buttons(client.get(change_url(ArticleFactory()))) == ["unpublish", "archive"]
    assert buttons(client.get(change_url(ArticleFactory(status="archived")))) == ["restore"]


# --- each button ---------------------------------------------------------------------------


def test_reporter_submits_with_the_form_edits_and_a_vietnamese_message(client):
    reporter = make_user("reporter")
    article = draft(created_by=reporter, title="Bản nháp")
    client.force_login(reporter)
    response = press(client, article, "submit", title="Tuần tra dịp Tết")
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.status, article.title, article.submitted_by) == (
        "review",
        "Tuần tra dịp Tết",
        reporter,
    )
    assert messages_of(response) == ["Đã gửi bài “Tuần tra dịp Tết” cho biên tập viên duyệt."]
    log = ArticleTransition.objects.get(article=article)
    assert (log.from_status, log.to_status, log.by) == ("draft", "review", reporter)


def test_reporter_submits_a_new_article_from_the_add_form(client):
    reporter = make_user("reporter")
    client.force_login(reporter)
    new = Article(title="Bài mới viết", slug="", status="draft")
    data = form_data(new, _workflow_step="submit")
    response = client.post(ADD, data)
    assert response.status_code == 302
    article = Article.objects.get()
    assert (article.status, article.created_by) == ("review", reporter)
    assert messages_of(response) == ["Đã gửi bài “Bài mới viết” cho biên tập viên duyệt."]


def test_editor_returns_with_a_note_the_writer_sees_on_the_form_and_the_desk(client):
    reporter = make_user("reporter")
    editor = make_user("editor")
    article = draft(created_by=reporter, title="Bài cần sửa")
    client.force_login(reporter)
    press(client, article, "submit")
    article.refresh_from_db()

    client.force_login(editor)
    note = "Thiếu nguồn tin ở đoạn 2; " + "viết lại sapo cho ngắn hơn. " * 10
    assert len(note) > 200
    response = press(client, article, "return", _workflow_note=note)
    assert response.status_code == 302
    assert messages_of(response) == ["Đã trả bài “Bài cần sửa” về cho người viết kèm ghi chú."]
    article.refresh_from_db()
    assert article.status == "draft"
    returned = ArticleTransition.objects.get(article=article, to_status="draft")
    assert (returned.by, returned.note) == (editor, note.strip())

    client.force_login(reporter)
    page = client.get(change_url(article)).content.decode()
    assert 'id="workflow-return-note"' in page
    assert "Thiếu nguồn tin ở đoạn 2" in page
    desk = client.get("/quan-tri/").content.decode()
    assert "Bài bị trả lại" in desk
    assert "Thiếu nguồn tin ở đoạn 2" in desk
    # Resubmitting: the note is no longer shown as pending.
    press(client, article, "submit")
    article.refresh_from_db()
    assert article.status == "review"


def test_return_without_a_note_is_refused(client):
    client.force_login(make_user("editor"))
    article = in_review(title="Bài chờ duyệt")
    response = press(client, article, "return", _workflow_note="   ")
    assert response.status_code == 200
    errors = str(response.context["adminform"].form.non_field_errors())
    assert "Hãy ghi chú cho người viết" in errors
    article.refresh_from_db()
    assert article.status == "review"
    assert not ArticleTransition.objects.exists()


@pytest.mark.parametrize("role", ["editor", "admin"])
def test_approve_and_publish_publishes_now(client, role):
    user = make_user(role)
    client.force_login(user)
    article = in_review(title="Bài được duyệt")
    before = timezone.now()
    response = press(client, article, "publish")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == "published"
    assert before <= article.published_at <= timezone.now()
    assert article.approved_by == user
    assert Article.objects.published().filter(pk=article.pk).exists()
    assert messages_of(response) == ["Đã xuất bản bài “Bài được duyệt”: bạn đọc đã thấy bài."]


def test_schedule_uses_the_publish_time_field(client):
    client.force_login(make_user("editor"))
    article = in_review(title="Bài hẹn giờ")
    later = timezone.localtime() + datetime.timedelta(days=2)
    response = press(
        client,
        article,
        "schedule",
        published_at_0=f"{later:%d/%m/%Y}",
        published_at_1=f"{later:%H:%M:00}",
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == "published"
    assert article.published_at > timezone.now()
    assert not Article.objects.published().filter(pk=article.pk).exists()
    assert Article.objects.scheduled().filter(pk=article.pk).exists()
    assert messages_of(response) == [
        f"Đã lên lịch bài “Bài hẹn giờ”: bài sẽ lên trang lúc {later:%H:%M %d/%m/%Y}."
    ]
    log = ArticleTransition.objects.get(article=article)
    assert log.publish_at == article.published_at


def test_schedule_without_a_future_time_is_refused(client):
    client.force_login(make_user("editor"))
    article = in_review()
    response = press(client, article, "schedule")
    assert response.status_code == 200
    assert "published_at" in response.context["adminform"].form.errors
    article.refresh_from_db()
    assert article.status == "review"


@pytest.mark.parametrize("role", ["editor", "admin"])
def test_take_down(client, role):
    client.force_login(make_user(role))
    article = ArticleFactory(title="Bài đăng nhầm")
    response = press(client, article, "unpublish")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == "draft"
    assert not Article.objects.published().exists()
    assert messages_of(response) == [
        "Đã gỡ bài “Bài đăng nhầm” xuống: bạn đọc không còn thấy bài, bài trở về bản nháp."
    ]


# --- crafted POSTs ---------------------------------------------------------------------------


@pytest.mark.parametrize("step", ["publish", "schedule", "return", "unpublish", "archive"])
def test_reporter_crafted_step_changes_nothing_and_shows_an_error(client, step):
    reporter = make_user("reporter")
    article = draft(created_by=reporter, title="Bài nháp")
    client.force_login(reporter)
    later = timezone.localtime() + datetime.timedelta(days=1)
    response = press(
        client,
        article,
        step,
        title="Đổi tiêu đề",
        _workflow_note="ghi chú",
        published_at_0=f"{later:%d/%m/%Y}",
        published_at_1="10:00:00",
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors()
    article.refresh_from_db()
    assert (article.status, article.title, article.published_at) == ("draft", "Bài nháp", None)
    assert not ArticleTransition.objects.exists()


def test_editor_crafted_step_from_the_wrong_status_is_refused(client):
    client.force_login(make_user("editor"))
    article = ArticleFactory(title="Đã đăng")
    for step in ("return", "submit", "restore", "no-such-step"):
        response = press(client, article, step, title="Khác", _workflow_note="x")
        assert response.status_code == 200, step
        assert response.context["adminform"].form.non_field_errors(), step
    article.refresh_from_db()
    assert (article.status, article.title) == ("published", "Đã đăng")
    assert not ArticleTransition.objects.exists()


def test_reporter_cannot_submit_a_colleagues_draft(client):
    article = draft(created_by=make_user("reporter"), title="Của người khác")
    client.force_login(make_user("reporter"))
    response = press(client, article, "submit")
    assert response.status_code in {302, 403, 404}
    article.refresh_from_db()
    assert article.status == "draft"
    assert not ArticleTransition.objects.exists()
