"""With the cache unreachable (Redis stopped, an unusable CACHE_DIR) every page still answers:
visitor counts, rate limits and the page cache fail open, and counting resumes afterwards."""

from __future__ import annotations

import runpy
import socket
from pathlib import Path

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import newsroom.settings as settings_module
from articles.models import PendingViews
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
    # The view waits in the database's buffer (articles.services.view_counts), not in Redis.
    assert PendingViews.objects.get(article=article).views == 1
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


# --- every public page, with the caches the settings module builds from the environment -----


def caches_from_environment(monkeypatch, **environ) -> dict:
    """CACHES exactly as newsroom/settings.py builds it for this environment (REDIS_URL,
    CACHE_DIR), so the test runs the production configuration, timeouts included."""
    for name in ("REDIS_URL", "CACHE_DIR"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("DEBUG", "1")
    module = runpy.run_path(str(Path(settings_module.__file__)))
    return module["CACHES"]


def every_public_page(portal) -> dict[str, str]:
    """One real address for each public URL pattern (the fuzz test's list of them)."""
    from articles.selectors import public_authors

    article = portal.articles[0]
    day = timezone.localdate(article.published_at)
    author = public_authors().first()
    pages = {
        "articles:home": reverse("articles:home"),
        "articles:detail": article.get_absolute_url(),
        "articles:print": reverse("articles:print", kwargs={"slug": article.slug}),
        "articles:category": reverse("articles:category", kwargs={"slug": portal.root.slug}),
        "articles:tag": reverse("articles:tag", kwargs={"slug": article.tags.first().slug}),
        "articles:archive_year": reverse("articles:archive_year", args=[day.year]),
        "articles:archive_month": reverse("articles:archive_month", args=[day.year, day.month]),
        "articles:archive_day": reverse(
            "articles:archive_day", args=[day.year, day.month, day.day]
        ),
        "articles:events": reverse("articles:events"),
        "articles:events_month": reverse("articles:events_month", args=[day.year, day.month]),
        "articles:event": reverse("articles:event", kwargs={"slug": portal.event.slug}),
        "articles:search": reverse("articles:search") + "?q=cong+an&can_bo=" + portal.director.slug,
        "articles:report-error": reverse("articles:report-error", kwargs={"slug": article.slug}),
        "articles:rss": reverse("articles:rss"),
        "articles:rss-category": reverse("articles:rss-category", args=[portal.root.slug]),
        "people:officials": reverse("people:officials"),
        "people:official": reverse("people:official", kwargs={"slug": portal.director.slug}),
        "people:units": reverse("people:units"),
        "people:unit": reverse("people:unit", kwargs={"slug": portal.province.slug}),
        "robots": reverse("robots"),
        "sitemap": reverse("sitemap"),
        "sitemap-section": reverse("sitemap-section", kwargs={"section": "tin-tuc"}),
        "sitemap-articles": reverse(
            "sitemap-articles", kwargs={"year": day.year, "month": f"{day.month:02d}"}
        ),
        "sitemap-events": reverse("sitemap-events", kwargs={"year": portal.event.date.year}),
    }
    if author is not None:
        pages["articles:author"] = reverse("articles:author", kwargs={"slug": author.slug})
    return pages


# Not pages a reader gets 200 from whatever the cache: the load balancer's probe reports the
# cache's failure on purpose (500), a preview is for staff, rating answers a POST, /luu-tru/
# redirects to the latest year (whose page is in the list).
NOT_READER_GETS = {
    "health",
    "articles:preview",
    "articles:rate",
    "articles:author",
    "articles:archive",
}


def assert_every_public_page_answers(client_factory):
    from articles.tests.portal_data import build_portal
    from newsroom.tests.test_public_fuzz import public_routes

    portal = build_portal(3)
    pages = every_public_page(portal)
    routed = {name for name, _ in public_routes()}
    assert routed - NOT_READER_GETS <= set(pages), "a public page is missing from this test"
    article = portal.articles[0]
    for _ in range(2):  # the second round would be served by the page cache, if it answered
        client = client_factory()
        statuses = {name: client.get(url).status_code for name, url in pages.items()}
        assert statuses == dict.fromkeys(pages, 200)
        rate = client.post(reverse("articles:rate", kwargs={"slug": article.slug}), {"diem": "4"})
        assert rate.status_code == 302
        report = client.post(
            reverse("articles:report-error", kwargs={"slug": article.slug}),
            {"noi_dung": "Sai tên đơn vị ở đoạn thứ hai."},
        )
        assert report.status_code in (200, 302)


def test_every_public_page_answers_with_redis_url_at_a_closed_port(settings, monkeypatch):
    settings.CACHES = caches_from_environment(monkeypatch, REDIS_URL=CLOSED_PORT)
    assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
    settings.PAGE_CACHE_ENABLED = True
    failopen.warn_once.cache_clear()
    assert_every_public_page_answers(Client)


def test_every_public_page_answers_with_an_unusable_cache_dir(settings, monkeypatch, tmp_path):
    # A file where the directory should be: unusable even for root (permissions are not).
    blocker = tmp_path / "khong-phai-thu-muc"
    blocker.write_text("một tệp ở chỗ thư mục bộ nhớ đệm")
    settings.CACHES = caches_from_environment(monkeypatch, CACHE_DIR=str(blocker / "django"))
    assert settings.CACHES["default"]["BACKEND"].endswith("FileBasedCache")
    settings.PAGE_CACHE_ENABLED = True
    assert_every_public_page_answers(Client)
