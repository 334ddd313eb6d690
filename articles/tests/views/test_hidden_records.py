"""Records known only from hidden articles (drafts, review, scheduled, archived, expired)
have no public page and are no search filter: they answer as if they did not exist."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleAuthor, Author, OfficialMention, UnitMention
from articles.tests.factories import ArticleFactory, EventFactory
from articles.tests.workflow_helpers import make_user
from people.tests.factories import OfficialFactory, UnitFactory

pytestmark = pytest.mark.django_db

SECRET = "THÔNG BÁO KHẨN Giám đốc bị đình chỉ"


def hidden_article(kind: str) -> Article:
    now = timezone.now()
    return {
        "draft": lambda: ArticleFactory(status=Article.Status.DRAFT, published_at=None),
        "review": lambda: ArticleFactory(status=Article.Status.REVIEW, published_at=None),
        "archived": lambda: ArticleFactory(status=Article.Status.ARCHIVED),
        "scheduled": lambda: ArticleFactory(published_at=now + datetime.timedelta(hours=2)),
        "expired": lambda: ArticleFactory(expires_at=now - datetime.timedelta(minutes=1)),
    }[kind]()


HIDDEN_KINDS = ["draft", "review", "archived", "scheduled", "expired"]


# --- author pages (defect 2) ----------------------------------------------------------


def test_an_author_a_reporter_just_created_has_no_page(client):
    reporter = make_user("reporter")
    client.force_login(reporter)
    response = client.post(reverse("admin:articles_author_add"), {"name": SECRET})
    assert response.status_code == 302
    author = Author.objects.get()
    client.logout()
    response = client.get(reverse("articles:author", args=[author.slug]))
    assert response.status_code == 404
    assert SECRET not in response.content.decode()


@pytest.mark.parametrize("kind", HIDDEN_KINDS)
def test_authors_of_hidden_articles_only_have_no_page(client, kind):
    author = Author.objects.create(name=SECRET)
    ArticleAuthor.objects.create(article=hidden_article(kind), author=author, position=0)
    response = client.get(author.get_absolute_url())
    assert response.status_code == 404
    assert SECRET not in response.content.decode()


def test_an_author_page_appears_with_the_first_published_article(client):
    author = Author.objects.create(name="Minh Khoa")
    article = hidden_article("draft")
    ArticleAuthor.objects.create(article=article, author=author, position=0)
    ArticleAuthor.objects.create(article=hidden_article("archived"), author=author, position=0)
    assert client.get(author.get_absolute_url()).status_code == 404
    Article.objects.filter(pk=article.pk).update(
        status=Article.Status.PUBLISHED, published_at=timezone.now()
    )
    response = client.get(author.get_absolute_url())
    assert response.status_code == 200
    assert [a.pk for a in response.context["articles"]] == [article.pk]


# --- search filters (defect 3) --------------------------------------------------------


def _record(param: str, article: Article):
    """A record for the search filter `param`, named only by `article` (found in it, as
    resolution makes it: `from_articles`)."""
    if param == "can_bo":
        official = OfficialFactory(name="Trần Bí Mật", from_articles=True)
        OfficialMention.objects.create(article=article, official=official)
        return official.slug, official.name
    if param == "don_vi":
        unit = UnitFactory(name="Phòng Bí Mật", from_articles=True)
        UnitMention.objects.create(article=article, unit=unit)
        return unit.slug, unit.name
    if param == "su_kien":
        event = EventFactory(title="Hội nghị Bí Mật", from_articles=True)
        article.events.add(event)
        return event.slug, event.title
    article.tags.add("Chuyên án Bí Mật")
    tag = article.tags.get()
    return tag.slug, tag.name


def _search(client, param, slug):
    response = client.get(reverse("articles:search"), {param: slug})
    return response.status_code, response.content.decode().replace(slug, "SLUG")


PARAMS = ["can_bo", "don_vi", "su_kien", "tu_khoa"]


@pytest.mark.parametrize("kind", HIDDEN_KINDS)
@pytest.mark.parametrize("param", PARAMS)
def test_a_hidden_record_is_answered_like_a_nonexistent_one(client, param, kind):
    ArticleFactory(title="Tin công khai")
    slug, name = _record(param, hidden_article(kind))
    status, page = _search(client, param, slug)
    assert name not in page
    assert (status, page) == _search(client, param, "khong-co-muc-nay")


@pytest.mark.parametrize("param", PARAMS)
def test_a_record_a_published_article_names_is_a_filter(client, param):
    article = ArticleFactory(title="Tin công khai có tên")
    slug, name = _record(param, article)
    response = client.get(reverse("articles:search"), {param: slug})
    assert response.status_code == 200
    content = response.content.decode()
    assert name in content and article.title in content
