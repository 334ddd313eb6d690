"""Preview: the author or an editor sees a draft as readers will; everybody else gets 404."""

import re

import pytest
from django.urls import reverse

from articles.tests.factories import ArticleFactory, CategoryFactory
from articles.tests.workflow_helpers import make_user

pytestmark = pytest.mark.django_db


def preview_url(article):
    return reverse("articles:preview", args=[article.pk])


@pytest.fixture
def author_and_draft():
    author = make_user("reporter")
    draft = ArticleFactory(
        status="draft",
        published_at=None,
        created_by=author,
        title="Bản tin chưa đăng về phòng cháy",
        lead="Sapo của bài nháp.",
        body="<p>Đoạn đầu.</p>",
    )
    return author, draft


@pytest.mark.parametrize("who", ["author", "editor", "admin"])
def test_author_and_editors_see_the_draft_with_a_banner(client, author_and_draft, who):
    author, draft = author_and_draft
    client.force_login(author if who == "author" else make_user(who))
    response = client.get(preview_url(draft))
    assert response.status_code == 200
    assert response.templates[0].name == "articles/detail.html"
    page = response.content.decode()
    assert "Bản nháp" in page and 'class="preview-banner"' in page
    for text in ("Bản tin chưa đăng về phòng cháy", "Sapo của bài nháp.", "<p>Đoạn đầu.</p>"):
        assert text in page
    assert response["X-Robots-Tag"] == "noindex, nofollow"


@pytest.mark.parametrize("who", ["anonymous", "other_reporter", "nogroup", "editor_elsewhere"])
def test_everybody_else_gets_404(client, author_and_draft, who):
    _author, draft = author_and_draft
    if who == "editor_elsewhere":
        draft.category = CategoryFactory()
        draft.save()
        client.force_login(make_user("editor", categories=[CategoryFactory()]))
    elif who != "anonymous":
        client.force_login(make_user("reporter" if who == "other_reporter" else "nogroup"))
    assert client.get(preview_url(draft)).status_code == 404


def test_unknown_article_is_404(client):
    client.force_login(make_user("editor"))
    assert client.get(reverse("articles:preview", args=[999999])).status_code == 404


def without_csrf_tokens(html: str) -> str:
    """The page without what changes on every render: CSRF tokens, visitor counters and the
    view count (the public page counts its reader's view, the preview does not)."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken"', html)
    html = re.sub(r"Lượt xem: [\d.]+", "Lượt xem: N", html)
    return re.sub(r"<strong>\d+</strong>", "<strong>N</strong>", html)


def test_preview_does_not_count_a_view(client):
    article = ArticleFactory(view_count=7)
    client.force_login(make_user("editor"))
    client.get(preview_url(article))
    article.refresh_from_db()
    assert article.view_count == 7


def test_preview_renders_like_the_public_page_apart_from_the_banner(client):
    article = ArticleFactory(title="Bài đã đăng để so sánh")
    client.force_login(make_user("editor"))
    public = without_csrf_tokens(client.get(article.get_absolute_url()).content.decode())
    preview = without_csrf_tokens(client.get(preview_url(article)).content.decode())
    start = preview.index('<div class="preview-banner"')
    end = preview.index("</div>", start) + len("</div>")
    assert preview[:start] + preview[end:] == public
    assert 'class="preview-banner"' not in public


def test_public_page_still_hides_the_draft(client, author_and_draft):
    author, draft = author_and_draft
    client.force_login(author)
    assert client.get(reverse("articles:detail", kwargs={"slug": draft.slug})).status_code == 404


def test_admin_change_page_links_to_the_preview(client, author_and_draft):
    author, draft = author_and_draft
    client.force_login(author)
    page = client.get(reverse("admin:articles_article_change", args=[draft.pk])).content.decode()
    assert f'href="{preview_url(draft)}"' in page
