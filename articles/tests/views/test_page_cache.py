"""The anonymous readers' page cache: keyed by the portal's last-modified moment, so it is
never stale; editors, previews, drafts and non-200 answers never go through it; a hit still
counts the article view and the visit."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.tests.factories import ArticleFactory

# Transactional: a write moves the page cache's generation when it commits (on_commit), as in
# production; inside a test-wide transaction nothing would ever commit.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("page_cache")]


@pytest.fixture
def frozen(monkeypatch):
    moment = {"now": timezone.now()}
    monkeypatch.setattr(timezone, "now", lambda: moment["now"])
    return moment


def cached_state(response) -> str | None:
    return response.headers.get("X-Page-Cache")


def test_second_anonymous_request_is_a_hit_without_any_query(client, django_assert_num_queries):
    ArticleFactory(title="Tin trang chủ")
    url = reverse("articles:home")
    first = client.get(url)
    assert cached_state(first) == "miss"
    with django_assert_num_queries(0):  # the portal clock is in the cache too
        second = client.get(url)
    assert cached_state(second) == "hit"
    assert second.status_code == 200
    assert "Tin trang chủ" in second.content.decode()
    assert second.headers["ETag"] == first.headers["ETag"]


def test_query_string_order_does_not_matter_but_its_values_do(client):
    for number in range(25):
        ArticleFactory(title=f"Bài {number}")
    url = reverse("articles:home")
    assert cached_state(client.get(url + "?page=2&a=1")) == "miss"
    assert cached_state(client.get(url + "?a=1&page=2")) == "hit"
    assert cached_state(client.get(url + "?a=1&page=3")) == "miss"


def test_scheduled_article_appears_at_its_minute_through_the_cache(client, frozen):
    now = frozen["now"]
    ArticleFactory(title="Tin đã có", published_at=now - datetime.timedelta(days=1))
    ArticleFactory(title="Tin hẹn giờ đăng", published_at=now + datetime.timedelta(hours=1))
    url = reverse("articles:home")
    assert "Tin hẹn giờ đăng" not in client.get(url).content.decode()
    frozen["now"] = now + datetime.timedelta(minutes=30)
    still = client.get(url)
    assert cached_state(still) == "hit"
    assert "Tin hẹn giờ đăng" not in still.content.decode()
    frozen["now"] = now + datetime.timedelta(hours=1, minutes=1)
    live = client.get(url)
    assert cached_state(live) == "miss"
    assert "Tin hẹn giờ đăng" in live.content.decode()


def test_publishing_editing_and_unpublishing_show_at_once(client):
    article = ArticleFactory(title="Bản nháp chưa đăng", status=Article.Status.DRAFT)
    ArticleFactory(title="Tin khác")
    url = reverse("articles:home")
    assert "Bản nháp chưa đăng" not in client.get(url).content.decode()
    assert cached_state(client.get(url)) == "hit"

    article.status = Article.Status.PUBLISHED
    article.save()
    assert "Bản nháp chưa đăng" in client.get(url).content.decode()

    article.title = "Tiêu đề đã sửa"
    article.save()
    page = client.get(article.get_absolute_url())
    assert cached_state(page) == "miss"
    assert "Tiêu đề đã sửa" in client.get(url).content.decode()

    article.status = Article.Status.ARCHIVED
    article.save()
    assert "Tiêu đề đã sửa" not in client.get(url).content.decode()
    assert client.get(article.get_absolute_url()).status_code == 404


def test_drafts_and_previews_are_never_cached(client, admin_client):
    draft = ArticleFactory(title="Bản nháp bí mật", status=Article.Status.DRAFT)
    preview = reverse("articles:preview", kwargs={"pk": draft.pk})
    assert client.get(draft.get_absolute_url()).status_code == 404
    shown = admin_client.get(preview)
    assert shown.status_code == 200
    assert cached_state(shown) is None
    assert cached_state(admin_client.get(preview)) is None
    # Nothing anonymous readers could be served holds the draft.
    assert client.get(preview).status_code == 404
    for url in (reverse("articles:home"), draft.get_absolute_url()):
        assert "Bản nháp bí mật" not in client.get(url).content.decode()
        assert "Bản nháp bí mật" not in client.get(url).content.decode()


def test_editors_bypass_the_cache(client, admin_client):
    ArticleFactory()
    url = reverse("articles:home")
    client.get(url)
    assert cached_state(client.get(url)) == "hit"
    assert cached_state(admin_client.get(url)) is None
    assert cached_state(admin_client.get(url)) is None


def test_not_found_and_posts_are_not_cached(client):
    article = ArticleFactory()
    missing = reverse("articles:detail", kwargs={"slug": "khong-co-bai-nay"})
    assert client.get(missing).status_code == 404
    assert client.get(missing).status_code == 404
    rate = reverse("articles:rate", kwargs={"slug": article.slug})
    client.post(rate, {"diem": "5"})
    # locmem: no page was stored (the portal clock and its generation may be)
    assert not [key for key in caches["pages"]._cache if "page-meta" in key or "page-body" in key]


def test_a_hit_still_counts_the_view_and_the_visit(client, django_user_model):
    from django.test import Client

    article = ArticleFactory()
    url = article.get_absolute_url()
    assert cached_state(client.get(url)) == "miss"
    other = Client()
    hit = other.get(url)
    assert cached_state(hit) == "hit"
    article.refresh_from_db()
    assert article.view_count == 2
    # The reader's session cookie remembers the article: a reload does not count again.
    other.get(url)
    article.refresh_from_db()
    assert article.view_count == 2
    from newsroom import visitors

    visitors.flush()
    assert visitors.stats()["today"] == 2


def test_each_reader_gets_their_own_csrf_token_and_fresh_statistics(client):
    from django.test import Client

    article = ArticleFactory()
    url = article.get_absolute_url()
    client.get(url)
    other = Client()
    hit = other.get(url)
    assert cached_state(hit) == "hit"
    html = hit.content.decode()
    assert "\x00" not in html
    assert "Thống kê truy cập" in html
    assert 'name="csrfmiddlewaretoken"' in html
    # The token in the cached copy works for this reader: rating goes through CSRF.
    token = html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    other_csrf = Client(enforce_csrf_checks=True)
    other_csrf.cookies = other.cookies
    answer = other_csrf.post(
        reverse("articles:rate", kwargs={"slug": article.slug}),
        {"diem": "4", "csrfmiddlewaretoken": token},
    )
    assert answer.status_code == 302


def test_a_reader_with_a_message_waiting_is_not_served_a_cached_page(client):
    article = ArticleFactory()
    url = article.get_absolute_url()
    client.get(url)
    client.post(reverse("articles:rate", kwargs={"slug": article.slug}), {"diem": "5"})
    page = client.get(url)
    assert cached_state(page) is None
    assert "Cảm ơn bạn đã đánh giá" in page.content.decode()
