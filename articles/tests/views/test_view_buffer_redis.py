"""Article views buffered in Redis (articles.services.view_counts): a view on a page-cache hit
or a rendered page is one HINCRBY, written to the database by the flush, once, whoever flushes.

Uses the Redis database of TEST_REDIS_URL (default redis://127.0.0.1:6379/15), which it empties;
skipped without a Redis on 127.0.0.1:6379."""

from __future__ import annotations

import io
import threading

import pytest
import redis
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from articles.models import Article, PendingViews
from articles.services import view_counts
from articles.tests.factories import ArticleFactory
from articles.tests.views.redis_support import REDIS_URL, redis_cache, redis_running
from newsroom import pageclock, visitors
from newsroom.failopen import CACHE_ERRORS

CLOSED_PORT = "redis://127.0.0.1:1/0"


pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not redis_running(), reason="no Redis on 127.0.0.1:6379"),
]


def views(article) -> int:
    return Article.objects.values_list("view_count", flat=True).get(pk=article.pk)


def test_a_view_on_a_miss_and_on_a_hit_is_buffered_then_flushed(
    redis_caches, redis_commands, django_assert_num_queries
):
    article = ArticleFactory(view_count=10)
    url = article.get_absolute_url()
    assert Client().get(url).headers["X-Page-Cache"] == "miss"
    assert view_counts.pending() == {article.pk: 1}
    reader = Client()
    redis_commands.clear()
    with django_assert_num_queries(0):
        assert reader.get(url).headers["X-Page-Cache"] == "hit"
    assert redis_commands == ["EVALSHA"]  # the page, the visit and the view: one round trip
    assert reader.get(url).headers["X-Page-Cache"] == "hit"  # a reload: not counted again
    assert view_counts.pending() == {article.pk: 2}
    assert views(article) == 10  # nothing written yet
    assert view_counts.flush() == 2
    assert views(article) == 12
    assert view_counts.pending() == {}
    assert view_counts.flush() == 0  # nothing is written twice
    assert views(article) == 12


def test_a_hit_counts_the_view_once_per_reading_session(redis_caches):
    first, second = ArticleFactory(view_count=0), ArticleFactory(view_count=0)
    for article in (first, second):
        Client().get(article.get_absolute_url())  # store both pages (a view each)
    reader = Client()
    for article in (first, second, first, second):
        assert reader.get(article.get_absolute_url()).headers["X-Page-Cache"] == "hit"
    assert view_counts.pending() == {first.pk: 2, second.pk: 2}


def test_one_flush_writes_many_articles_in_one_statement(redis_caches):
    articles = [ArticleFactory(view_count=5) for _ in range(3)]
    for number, article in enumerate(articles, start=1):
        for _ in range(number):
            view_counts.count_view(article.pk)
    with CaptureQueriesContext(connection) as queries:
        assert view_counts.flush() == 6
    updates = [query["sql"] for query in queries if "UPDATE" in query["sql"]]
    assert len(updates) == 1
    assert [views(article) for article in articles] == [6, 7, 8]


def test_a_second_flush_during_the_first_finds_nothing_to_write(redis_caches, monkeypatch):
    article = ArticleFactory(view_count=0)
    for _ in range(3):
        view_counts.count_view(article.pk)
    original = view_counts._write
    during = []

    def write_with_a_second_flush(counts):
        during.append(view_counts.flush())  # another process, while this one writes
        original(counts)

    monkeypatch.setattr(view_counts, "_write", write_with_a_second_flush)
    assert view_counts.flush() == 3
    assert during == [0]
    assert views(article) == 3


def test_a_batch_left_by_a_crashed_flush_is_written_by_a_later_flush(redis_caches, monkeypatch):
    article = ArticleFactory(view_count=0)
    for _ in range(4):
        view_counts.count_view(article.pk)

    def crash(counts):
        raise RuntimeError("the process died")

    with monkeypatch.context() as patch:
        patch.setattr(view_counts, "_write", crash)
        with pytest.raises(RuntimeError):
            view_counts.flush(now=1_000_000)
    view_counts.count_view(article.pk)  # a view after the crash
    # While the crashed flush's lease runs, its batch is left alone (it might still be running).
    assert view_counts.flush(now=1_000_001) == 1
    assert views(article) == 1
    later = 1_000_000 + view_counts.LEASE_SECONDS + 1
    assert view_counts.flush(now=later) == 4
    assert views(article) == 5
    assert view_counts.flush(now=later + 1) == 0


def test_a_flush_that_lost_its_batch_writes_nothing(redis_caches, monkeypatch):
    """A flush slower than its lease: another flush took the batch over, so the slow one
    rolls its UPDATE back and the other one writes the views, once."""
    article = ArticleFactory(view_count=0)
    for _ in range(2):
        view_counts.count_view(article.pk)
    original = view_counts._write

    def slow_write(counts):
        original(counts)
        # Meanwhile the lease ran out and another flush claimed the batch.
        client = redis.Redis.from_url(REDIS_URL)
        owners = caches["default"].make_key(view_counts.OWNERS_KEY)
        for batch in client.hkeys(owners):
            client.hset(owners, batch, "another-flush")

    with monkeypatch.context() as patch:
        patch.setattr(view_counts, "_write", slow_write)
        with pytest.raises(view_counts.ClaimLost):
            view_counts.flush(now=2_000_000)
    assert views(article) == 0  # rolled back
    assert view_counts.flush(now=2_000_000 + view_counts.LEASE_SECONDS + 1) == 2
    assert views(article) == 2


def test_concurrent_flushes_count_each_view_once(redis_caches):
    if connection.vendor != "postgresql":
        pytest.skip("threads writing at once need PostgreSQL (SQLite locks the whole file)")
    article = ArticleFactory(view_count=0)
    errors = []

    def flusher():
        try:
            for _ in range(20):
                view_counts.flush()
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=flusher) for _ in range(3)]
    for thread in threads:
        thread.start()
    for _ in range(200):
        view_counts.count_view(article.pk)
    for thread in threads:
        thread.join()
    view_counts.flush()
    assert errors == []
    assert views(article) == 200


def test_the_flush_command_writes_the_views(redis_caches):
    article = ArticleFactory(view_count=1)
    Client().get(article.get_absolute_url())
    Client().get(article.get_absolute_url())
    out = io.StringIO()
    call_command("flush_visitor_stats", stdout=out)
    assert views(article) == 3
    assert "2 lượt xem bài viết đã ghi vào cơ sở dữ liệu." in out.getvalue()


def test_the_minute_flush_writes_the_views(redis_caches):
    article = ArticleFactory(view_count=0)
    view_counts.count_view(article.pk)
    visitors.maybe_flush(now=100.0)  # a fresh cache starts the clock
    assert views(article) == 0
    assert visitors.maybe_flush(now=100.0 + visitors.FLUSH_EVERY) is True
    assert views(article) == 1


def test_a_flush_does_not_move_the_page_cache_generation(redis_caches):
    article = ArticleFactory(view_count=0)
    url = article.get_absolute_url()
    Client().get(url)
    Client().get(url)
    generation = pageclock.current()
    assert generation is not None
    visitors.flush()
    assert views(article) == 2
    assert pageclock.current() == generation
    assert Client().get(url).headers["X-Page-Cache"] == "hit"


def test_redis_down_buffers_views_in_the_database(settings):
    settings.CACHES = {"default": redis_cache(CLOSED_PORT), "pages": redis_cache(CLOSED_PORT)}
    settings.PAGE_CACHE_ENABLED = True
    article = ArticleFactory(view_count=0)
    Client().get(article.get_absolute_url())
    view_counts.count_view(article.pk)
    assert PendingViews.objects.get(article=article).views == 2
    assert views(article) == 0
    with pytest.raises(CACHE_ERRORS):  # Redis's part of the flush cannot run ...
        view_counts.flush()
    assert views(article) == 2  # ... the database's part was written all the same
    assert not PendingViews.objects.exists()
