"""With the cache unreachable (Redis stopped, an unusable CACHE_DIR) every page still answers:
visitor counts, rate limits and the page cache fail open, and counting resumes afterwards."""

from __future__ import annotations

import socket

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from articles.tests.factories import ArticleFactory
from newsroom import failopen, visitors

pytestmark = pytest.mark.django_db

CLOSED_PORT = "redis://127.0.0.1:1/0"


def redis_cache(location):
    return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": location}


def redis_running() -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", 6379)) == 0


def browse(client, article):
    """Every kind of request that touches the cache: pages (cached and not), a rating."""
    answers = [
        client.get(reverse("articles:home")),
        client.get(reverse("articles:home")),
        client.get(article.get_absolute_url()),
        client.get(reverse("articles:search") + "?q=cong+an"),
    ]
    rate = client.post(reverse("articles:rate", kwargs={"slug": article.slug}), {"diem": "5"})
    return [answer.status_code for answer in answers], rate.status_code


def test_redis_unreachable_every_page_answers_200(settings, caplog):
    settings.CACHES = {"default": redis_cache(CLOSED_PORT), "pages": redis_cache(CLOSED_PORT)}
    settings.PAGE_CACHE_ENABLED = True
    failopen.warn_once.cache_clear()
    article = ArticleFactory(title="Tin khi Redis ngừng")
    statuses, rate = browse(Client(), article)
    assert statuses == [200, 200, 200, 200]
    assert rate == 302  # rated: the throttle let it through
    home = Client().get(reverse("articles:home")).content.decode()
    assert "Tin khi Redis ngừng" in home
    assert "Số liệu truy cập đang được cập nhật" in home
    article.refresh_from_db()
    assert article.view_count == 1  # the view count lives in the database
    warnings = [r for r in caplog.records if r.name == "newsroom.cache"]
    # Logged once per kind of failure, not once per request.
    assert len(warnings) == len({r.getMessage() for r in warnings}) <= 5


def test_unusable_cache_directory_every_page_answers_200(settings, tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the cache directory should be")
    file_cache = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(blocker / "django"),
    }
    settings.CACHES = {"default": file_cache, "pages": file_cache}
    settings.PAGE_CACHE_ENABLED = True
    article = ArticleFactory()
    statuses, rate = browse(Client(), article)
    assert statuses == [200, 200, 200, 200]
    assert rate == 302


@pytest.mark.skipif(not redis_running(), reason="no Redis on 127.0.0.1:6379")
def test_counting_resumes_when_redis_is_back(settings):
    article = ArticleFactory()
    settings.CACHES = {"default": redis_cache(CLOSED_PORT), "pages": redis_cache(CLOSED_PORT)}
    assert Client().get(article.get_absolute_url()).status_code == 200
    assert visitors.stats() is None
    settings.CACHES = {
        "default": redis_cache("redis://127.0.0.1:6379/15"),
        "pages": redis_cache("redis://127.0.0.1:6379/15"),
    }
    caches["default"].clear()
    try:
        Client().get(article.get_absolute_url())
        Client().get(article.get_absolute_url())
        stats = visitors.stats()
        assert stats["today"] == 2
        assert stats["online"] == 2
    finally:
        caches["default"].clear()


@pytest.mark.skipif(not redis_running(), reason="no Redis on 127.0.0.1:6379")
def test_page_cache_on_redis(settings):
    settings.CACHES = {
        "default": redis_cache("redis://127.0.0.1:6379/15"),
        "pages": {**redis_cache("redis://127.0.0.1:6379/15"), "KEY_PREFIX": "pages"},
    }
    settings.PAGE_CACHE_ENABLED = True
    caches["pages"].clear()
    try:
        ArticleFactory(title="Tin trên Redis")
        url = reverse("articles:home")
        assert Client().get(url).headers["X-Page-Cache"] == "miss"
        hit = Client().get(url)
        assert hit.headers["X-Page-Cache"] == "hit"
        assert "Tin trên Redis" in hit.content.decode()
    finally:
        caches["pages"].clear()
