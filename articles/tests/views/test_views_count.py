"""Views are counted once per reading session, with no write on reloads."""

import pytest
from django.test import Client

from articles.models import Article, Caption
from articles.services import view_counts
from articles.tests.factories import ArticleFactory, CategoryFactory
from newsroom.readers import MAX_VIEWED, SESSION_COOKIE

pytestmark = pytest.mark.django_db


def views(article) -> int:
    """The article's count once the buffered views are written (the flush adds each once)."""
    view_counts.flush()
    return Article.objects.values_list("view_count", flat=True).get(pk=article.pk)


def test_reloading_in_one_session_counts_once(client):
    article = ArticleFactory(view_count=10)
    for _ in range(4):
        assert client.get(article.get_absolute_url()).status_code == 200
    assert views(article) == 11


def test_two_sessions_count_twice():
    article = ArticleFactory(view_count=0)
    Client().get(article.get_absolute_url())
    Client().get(article.get_absolute_url())
    assert views(article) == 2


def test_a_new_browser_session_counts_again(client):
    article = ArticleFactory(view_count=0)
    client.get(article.get_absolute_url())
    del client.cookies[SESSION_COOKIE]  # the browser was closed: session cookies are gone
    client.get(article.get_absolute_url())
    assert views(article) == 2


def test_each_article_counts_once_per_session(client):
    first, second = ArticleFactory(view_count=0), ArticleFactory(view_count=0)
    for article in (first, second, first, second):
        client.get(article.get_absolute_url())
    assert (views(first), views(second)) == (1, 1)


def test_the_page_shows_the_count_including_this_view(client):
    article = ArticleFactory(view_count=1999)
    assert "Lượt xem: 2.000" in client.get(article.get_absolute_url()).content.decode()
    # A reload shows the stored count: the view waits in the buffer until the flush (a minute).
    assert "Lượt xem: 1.999" in client.get(article.get_absolute_url()).content.decode()
    view_counts.flush()
    assert "Lượt xem: 2.000" in client.get(article.get_absolute_url()).content.decode()


def test_a_forged_session_cookie_is_ignored(client):
    article = ArticleFactory(view_count=0)
    client.cookies[SESSION_COOKIE] = f"abcdefghijklmnopqrstuv:{article.pk}"  # unsigned
    client.get(article.get_absolute_url())
    assert views(article) == 1


def test_robots_and_unpublished_articles_are_not_counted(client):
    article = ArticleFactory(view_count=0)
    client.get(article.get_absolute_url(), headers={"User-Agent": "Googlebot/2.1"})
    assert views(article) == 0
    draft = ArticleFactory(status=Article.Status.DRAFT, view_count=0)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert views(draft) == 0


def test_the_session_remembers_a_bounded_number_of_articles(client):
    articles = ArticleFactory.create_batch(MAX_VIEWED + 5, view_count=0)
    for article in articles:
        client.get(article.get_absolute_url())
    cookie = client.cookies[SESSION_COOKIE].value
    assert len(cookie) < 4096
    assert all(views(article) == 1 for article in articles)
    client.get(articles[-1].get_absolute_url())  # still remembered
    assert views(articles[-1]) == 1


def test_query_count_first_view_adds_one_update_reload_adds_none(client, django_assert_num_queries):
    category = CategoryFactory()
    article = ArticleFactory(category=category)
    ArticleFactory.create_batch(3, category=category)
    with django_assert_num_queries(12):  # the page's 11 + the pending views' upsert
        client.get(article.get_absolute_url())
    with django_assert_num_queries(11):
        client.get(article.get_absolute_url())
    ArticleFactory.create_batch(30, category=category)
    for index in range(5):
        Caption.objects.create(article=article, position=index, text=f"Ảnh {index}")
    with django_assert_num_queries(11):
        client.get(article.get_absolute_url())
    with django_assert_num_queries(12):
        Client().get(article.get_absolute_url())
