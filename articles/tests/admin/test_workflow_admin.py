"""The article admin enforces the workflow on the server, for each role."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleTransition
from articles.tests.factories import ArticleFactory, CategoryFactory
from articles.tests.workflow_helpers import make_user

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")
ADD = reverse("admin:articles_article_add")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def draft(**kwargs):
    return ArticleFactory(status="draft", published_at=None, **kwargs)


def form_data(article, **changes):
    """What the change form posts for `article`, with `changes` applied."""
    data = {
        "title": article.title,
        "slug": article.slug,
        "lead": article.lead,
        "body": article.body,
        "category": article.category_id or "",
        "tags": "",
        "byline": article.byline,
        "view_count": article.view_count,
        "rating_votes": article.rating_votes,
        "publish_time_known": "on",
        "featured_order": 0,
        "pinned_order": 0,
    }
    if article.published_at:
        local = timezone.localtime(article.published_at)
        data.update(published_at_0=f"{local:%d/%m/%Y}", published_at_1=f"{local:%H:%M:%S}")
    for prefix in (
        "article_authors",
        "captions",
        "official_mentions",
        "unit_mentions",
        "provenance",
        "old_slugs",
    ):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_article_form_has_no_status_dropdown_for_any_role(client):
    """The workflow buttons change the status; the form shows it, never as a dropdown."""
    for role in ("reporter", "editor", "admin"):
        user = make_user(role)
        client.force_login(user)
        for url in (ADD, change_url(draft(created_by=user))):
            response = client.get(url)
            assert "status" not in response.context["adminform"].form.fields, (role, url)
            assert 'name="status"' not in response.content.decode(), (role, url)
            assert response.context["workflow_steps"], (role, url)


def test_change_form_shows_the_status_as_text(client):
    editor = make_user("editor")
    client.force_login(editor)
    page = client.get(change_url(ArticleFactory(status="review", published_at=None)))
    assert "Chờ duyệt" in page.content.decode()


def test_reporter_crafted_post_of_a_status_changes_nothing(client):
    reporter = make_user("reporter")
    article = draft(created_by=reporter, title="Bài nháp")
    client.force_login(reporter)
    client.post(
        change_url(article),
        form_data(article, status="published", title="Đổi tiêu đề", published_at_0="01/01/2024"),
    )
    article.refresh_from_db()
    assert (article.status, article.published_at) == ("draft", None)
    assert not ArticleTransition.objects.exists()
    assert not Article.objects.published().exists()


def test_reporter_crafted_post_to_publish_a_new_article_is_refused(client):
    reporter = make_user("reporter")
    client.force_login(reporter)
    data = form_data(Article(title="Bài mới", slug="bai-moi", status="draft"), status="published")
    response = client.post(ADD, {**data, "_workflow_step": "publish"})
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors()
    assert not Article.objects.exists()
    client.post(ADD, data)  # a posted status alone: the article starts as a draft
    assert list(Article.objects.values_list("status", flat=True)) == ["draft"]


def test_reporter_cannot_change_a_colleagues_draft(client):
    reporter = make_user("reporter")
    other = draft(created_by=make_user("reporter"), title="Của người khác")
    client.force_login(reporter)
    response = client.post(change_url(other), form_data(other, title="Sửa trộm"))
    assert response.status_code in {302, 403, 404}
    other.refresh_from_db()
    assert other.title == "Của người khác"


def test_reporter_sees_but_cannot_change_own_article_in_review(client):
    reporter = make_user("reporter")
    article = ArticleFactory(status="review", published_at=None, created_by=reporter, title="Gửi")
    client.force_login(reporter)
    page = client.get(change_url(article))
    assert page.status_code == 200
    assert not page.context["has_change_permission"]
    response = client.post(change_url(article), form_data(article, title="Sửa sau khi gửi"))
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.title == "Gửi"


def test_reporter_writes_and_submits_a_draft(client):
    reporter = make_user("reporter")
    category = CategoryFactory()
    client.force_login(reporter)
    data = form_data(
        Article(title="Bắt đối tượng trộm cắp", slug="", status="draft", category=category),
        slug="bat-doi-tuong-trom-cap",
    )
    response = client.post(ADD, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get()
    assert (article.status, article.created_by) == ("draft", reporter)
    response = client.post(change_url(article), form_data(article, _workflow_step="submit"))
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.status, article.submitted_by) == ("review", reporter)
    assert article.submitted_at is not None
    assert list(article.transitions.values_list("to_status", "by")) == [("review", reporter.pk)]


def test_editor_publishes_with_empty_time_now_and_future_time_scheduled(client):
    editor = make_user("editor")
    client.force_login(editor)
    now_article = ArticleFactory(status="review", published_at=None)
    before = timezone.now()
    response = client.post(
        change_url(now_article), form_data(now_article, _workflow_step="publish")
    )
    assert response.status_code == 302
    now_article.refresh_from_db()
    assert now_article.status == "published"
    assert before <= now_article.published_at <= timezone.now()
    assert now_article.approved_by == editor

    later = timezone.localtime() + datetime.timedelta(days=2)
    scheduled = ArticleFactory(status="review", published_at=None)
    data = form_data(
        scheduled,
        _workflow_step="schedule",
        published_at_0=f"{later:%d/%m/%Y}",
        published_at_1=f"{later:%H:%M:%S}",
    )
    assert client.post(change_url(scheduled), data).status_code == 302
    scheduled.refresh_from_db()
    assert scheduled.published_at > timezone.now()
    assert not Article.objects.published().filter(pk=scheduled.pk).exists()
    listing = client.get(CHANGELIST, {"trang_thai": "scheduled"})
    assert list(listing.context["cl"].result_list) == [scheduled]
    assert "Đã lên lịch" in listing.content.decode()


def test_expiry_before_publication_is_a_form_error(client):
    client.force_login(make_user("editor"))
    article = ArticleFactory(status="review", published_at=None)
    data = form_data(
        article,
        _workflow_step="publish",
        published_at_0="02/01/2024",
        published_at_1="10:00:00",
        expires_at_0="01/01/2024",
        expires_at_1="10:00:00",
    )
    response = client.post(change_url(article), data)
    assert "expires_at" in response.context["adminform"].form.errors
    assert Article.objects.get(pk=article.pk).status == "review"


def test_change_page_shows_who_submitted_and_approved_and_links_the_preview(client):
    reporter, editor = make_user("reporter"), make_user("editor")
    editor.first_name, editor.last_name = "Thái", "Hồng"
    editor.save()
    article = draft(created_by=reporter)
    from articles.services import workflow

    workflow.transition(article, "review", reporter)
    workflow.transition(article, "published", editor)
    client.force_login(editor)
    page = client.get(change_url(article)).content.decode()
    assert reporter.username in page
    assert "Hồng Thái" in page  # family name first, as written
    assert "Chờ duyệt → Đã xuất bản" in page
    assert reverse("articles:preview", args=[article.pk]) in page


def test_publisher_fields_are_read_only_for_reporters(client):
    reporter = make_user("reporter")
    client.force_login(reporter)
    form = client.get(ADD).context["adminform"].form
    for name in ("published_at", "expires_at", "is_featured", "is_pinned"):
        assert name not in form.fields
    client.force_login(make_user("editor"))
    form = client.get(ADD).context["adminform"].form
    for name in ("published_at", "expires_at", "is_featured", "featured_order", "is_pinned"):
        assert name in form.fields


def test_related_articles_use_autocomplete(client):
    client.force_login(make_user("editor"))
    widget = client.get(ADD).context["adminform"].form.fields["related_articles"].widget
    assert type(widget.widget).__name__ == "AutocompleteSelectMultiple"


def test_admin_reads_dates_day_first(client):
    client.force_login(make_user("editor"))
    article = ArticleFactory(status="review", published_at=None)
    data = form_data(
        article, _workflow_step="publish", published_at_0="05/07/2021", published_at_1="09:57"
    )
    assert client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    local = timezone.localtime(article.published_at)
    assert (local.day, local.month, local.year, local.hour, local.minute) == (5, 7, 2021, 9, 57)


def test_clearing_the_time_of_a_published_article_is_a_form_error(client):
    client.force_login(make_user("editor"))
    article = ArticleFactory(status="published")
    data = form_data(article, published_at_0="", published_at_1="")
    response = client.post(change_url(article), data)
    assert "published_at" in response.context["adminform"].form.errors
    assert Article.objects.get(pk=article.pk).published_at == article.published_at
