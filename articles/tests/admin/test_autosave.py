"""Autosave of a draft's words: permission, CSRF, statuses, no revision, never a publication."""

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Article
from articles.tests.factories import ArticleFactory
from articles.tests.workflow_helpers import make_user

pytestmark = pytest.mark.django_db

WORDS = {"title": "Tiêu đề đang viết", "lead": "Sapo đang viết", "body": "<p>Đoạn một</p>"}


def url(article):
    return reverse("admin:articles_article_autosave", args=[article.pk])


def draft(**kwargs):
    return ArticleFactory(status="draft", published_at=None, **kwargs)


def test_autosave_keeps_the_words_of_a_draft_without_a_revision(client):
    reporter = make_user("reporter")
    article = draft(created_by=reporter)
    revisions = article.history.count()
    client.force_login(reporter)
    for n in range(3):
        response = client.post(url(article), {**WORDS, "body": f"<p>Đoạn {n}</p>"})
        assert response.status_code == 200, response.content
        assert "saved_at" in response.json()
    article.refresh_from_db()
    assert (article.title, article.lead, article.body) == (
        "Tiêu đề đang viết",
        "Sapo đang viết",
        "<p>Đoạn 2</p>",
    )
    assert article.status == "draft" and article.published_at is None
    assert article.history.count() == revisions
    assert "dang viet" in article.search_text


def test_autosave_cleans_the_body_and_stores_nfc(client):
    editor = make_user("editor")
    article = ArticleFactory(status="review", published_at=None)
    client.force_login(editor)
    decomposed = "Hoa\u0300 bi\u0300nh"  # "Hoà bình" with combining marks
    body = f"<p>{decomposed}</p><script>alert(1)</script>"
    response = client.post(url(article), {**WORDS, "title": decomposed, "body": body})
    assert response.status_code == 200
    article.refresh_from_db()
    assert article.title == "Hoà bình"
    assert "<script" not in article.body and "Hoà bình" in article.body
    assert article.status == "review"


@pytest.mark.parametrize("status", ["published", "archived"])
def test_autosave_never_touches_a_published_scheduled_or_archived_article(client, status):
    editor = make_user("editor")
    article = ArticleFactory(status=status)
    client.force_login(editor)
    response = client.post(url(article), WORDS)
    assert response.status_code in {403, 409}
    assert "error" in response.json()
    assert Article.objects.get(pk=article.pk).title == article.title


def test_autosave_refuses_a_colleagues_draft_and_strangers(client):
    article = draft(created_by=make_user("reporter"), title="Của người khác")
    client.force_login(make_user("reporter"))
    assert client.post(url(article), WORDS).status_code in {403, 404}
    client.logout()
    assert client.post(url(article), WORDS).status_code == 302  # to the login page
    assert Article.objects.get(pk=article.pk).title == "Của người khác"


def test_autosave_bad_input_is_a_clear_400_and_changes_nothing(client):
    reporter = make_user("reporter")
    article = draft(created_by=reporter, title="Giữ nguyên")
    client.force_login(reporter)
    for data in ({**WORDS, "title": "  "}, {**WORDS, "title": "x" * 501}):
        response = client.post(url(article), data)
        assert response.status_code == 400
        assert "tiêu đề" in response.json()["error"].lower()
    assert client.get(url(article)).status_code == 405
    missing = reverse("admin:articles_article_autosave", args=[999999])
    assert client.post(missing, WORDS).status_code == 404
    assert Article.objects.get(pk=article.pk).title == "Giữ nguyên"


def test_autosave_needs_the_csrf_token():
    reporter = make_user("reporter")
    article = draft(created_by=reporter, title="Giữ nguyên")
    client = Client(enforce_csrf_checks=True)
    client.force_login(reporter)
    assert client.post(url(article), WORDS).status_code == 403
    assert Article.objects.get(pk=article.pk).title == "Giữ nguyên"


def test_the_form_says_how_it_is_kept(client):
    reporter = make_user("reporter")
    client.force_login(reporter)
    add = client.get(reverse("admin:articles_article_add")).content.decode()
    assert 'data-mode="local"' in add and "newsroom/admin/autosave.js" in add
    page = client.get(
        reverse("admin:articles_article_change", args=[draft(created_by=reporter).pk])
    )
    assert 'data-mode="server"' in page.content.decode()
    client.force_login(make_user("editor"))
    page = client.get(reverse("admin:articles_article_change", args=[ArticleFactory().pk]))
    assert 'data-mode="warn"' in page.content.decode()
