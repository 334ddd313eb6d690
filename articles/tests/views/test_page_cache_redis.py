"""The page cache on Redis, as in production: a hit is one round trip (one script reads the
page and counts the visit) and no query; views and visits are counted as on a miss.

Uses the Redis database of TEST_REDIS_URL (default redis://127.0.0.1:6379/15), which it empties;
skipped without a Redis on 127.0.0.1:6379."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from articles.tests.factories import ArticleFactory
from articles.tests.views.redis_support import redis_running

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not redis_running(), reason="no Redis on 127.0.0.1:6379"),
]


def test_a_hit_is_one_round_trip_and_no_query(
    redis_caches, redis_commands, django_assert_num_queries
):
    ArticleFactory(title="Tin trên Redis")
    url = reverse("articles:home")
    assert Client().get(url).headers["X-Page-Cache"] == "miss"
    redis_commands.clear()
    with django_assert_num_queries(0):
        hit = Client().get(url)
    assert hit.headers["X-Page-Cache"] == "hit"
    assert "Tin trên Redis" in hit.content.decode()
    assert "\x00" not in hit.content.decode()
    assert redis_commands == ["EVALSHA"]  # one round trip: read the page, count the visit


def test_views_and_visits_are_counted_on_redis_hits(redis_caches):
    from newsroom import visitors

    article = ArticleFactory()
    url = article.get_absolute_url()
    assert Client().get(url).headers["X-Page-Cache"] == "miss"
    reader = Client()
    assert reader.get(url).headers["X-Page-Cache"] == "hit"
    assert reader.get(url).headers["X-Page-Cache"] == "hit"  # a reload: not counted again
    article.refresh_from_db()
    assert article.view_count == 0  # buffered in Redis until the flush
    visitors.flush()
    article.refresh_from_db()
    assert article.view_count == 2
    figures = visitors.stats()
    assert figures["today"] == 2
    assert figures["online"] == 2
    # The block a hit draws shows the figures read in the same MGET.
    page = Client().get(url).content.decode()
    assert "Hôm nay: <strong>2</strong>" in page


def test_a_publish_on_redis_shows_on_the_next_request(redis_caches):
    from articles.models import Article

    draft = ArticleFactory(title="Tin chờ đăng trên Redis", status=Article.Status.DRAFT)
    ArticleFactory()
    url = reverse("articles:home")
    Client().get(url)
    assert Client().get(url).headers["X-Page-Cache"] == "hit"
    draft.status = Article.Status.PUBLISHED
    draft.save()
    page = Client().get(url)
    assert page.headers["X-Page-Cache"] == "miss"
    assert "Tin chờ đăng trên Redis" in page.content.decode()


def test_a_rejected_entry_counts_the_visit_once(redis_caches, monkeypatch):
    """The script counts the visit when it finds the page; if the page is then not served
    (rendered under an older moment), the view's answer must not count it again."""
    from articles.models import Article
    from newsroom import visitors

    ArticleFactory()
    draft = ArticleFactory(status=Article.Status.DRAFT)
    url = reverse("articles:home")
    Client().get(url)  # visit 1 (a miss)
    draft.status = Article.Status.PUBLISHED
    draft.save()
    assert Client().get(url).headers["X-Page-Cache"] == "miss"  # visit 2, page found but stale
    visitors.flush()
    assert visitors.stats()["today"] == 2
