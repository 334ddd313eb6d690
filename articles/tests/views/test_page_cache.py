"""The anonymous readers' page cache: keyed by the portal's last-modified moment, so it is
never stale; editors, previews, drafts and non-200 answers never go through it; a hit still
counts the article view and the visit."""

from __future__ import annotations

import datetime
import re

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
    # Without Redis the views wait in the database's buffer, not on the article row.
    from articles.services import view_counts

    assert view_counts.pending() == {article.pk: 2}
    article.refresh_from_db()
    assert article.view_count == 0
    # The reader's session cookie remembers the article: a reload does not count again.
    other.get(url)
    from newsroom import visitors

    visitors.flush()  # ... and the visitor statistics' flush adds them to the article
    article.refresh_from_db()
    assert article.view_count == 2
    assert view_counts.pending() == {}
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


# --- The cache answers first, with the response the whole stack gave -----------------------

_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
_STATS = re.compile(r"<!--thong-ke-truy-cap-->.*?<!--/thong-ke-truy-cap-->", re.S)


def _without_per_reader_parts(html: str) -> str:
    return _STATS.sub("", _TOKEN.sub("", html))


def test_a_hit_answers_what_the_miss_answered(client):
    from django.test import Client

    article = ArticleFactory(title="Tin so sánh")
    url = article.get_absolute_url()
    miss = client.get(url)
    hit = Client().get(url)
    assert (cached_state(miss), cached_state(hit)) == ("miss", "hit")
    ignored = {"X-Page-Cache", "Content-Length"}
    miss_headers = {k: v for k, v in miss.headers.items() if k not in ignored}
    hit_headers = {k: v for k, v in hit.headers.items() if k not in ignored}
    assert hit_headers == miss_headers
    for header in ("Content-Security-Policy", "ETag", "Last-Modified", "Cache-Control", "Vary"):
        assert header in hit_headers
    assert int(hit.headers["Content-Length"]) == len(hit.content)
    assert _without_per_reader_parts(hit.content.decode()) == _without_per_reader_parts(
        miss.content.decode()
    )
    # The same cookies, each reader with their own values.
    assert set(hit.cookies) == set(miss.cookies) == {"csrftoken", "doc_gia", "phien_doc"}
    assert hit.cookies["doc_gia"].value != miss.cookies["doc_gia"].value


def test_a_hit_runs_no_view_and_no_middleware_after_the_cache(client, monkeypatch):
    from django.contrib.sessions.middleware import SessionMiddleware

    ArticleFactory()
    url = reverse("articles:home")
    client.get(url)
    calls = []
    original = SessionMiddleware.process_request
    monkeypatch.setattr(
        SessionMiddleware,
        "process_request",
        lambda self, request: calls.append(request.path) or original(self, request),
    )
    assert cached_state(client.get(url)) == "hit"
    assert calls == []


def test_conditional_get_on_a_cached_page_is_a_304_without_reading_the_page(client, monkeypatch):
    from articles.views import caching

    ArticleFactory()
    url = reverse("articles:home")
    first = client.get(url)
    read_bodies = []
    original = caching._load_body
    monkeypatch.setattr(caching, "_load_body", lambda d: read_bodies.append(d) or original(d))
    again = client.get(url, HTTP_IF_NONE_MATCH=first.headers["ETag"])
    assert again.status_code == 304
    assert again.headers["ETag"] == first.headers["ETag"]
    assert cached_state(again) == "hit"
    since = client.get(url, HTTP_IF_MODIFIED_SINCE=first.headers["Last-Modified"])
    assert since.status_code == 304
    assert read_bodies == []
    # A validator that no longer matches gets the page.
    changed = client.get(url, HTTP_IF_NONE_MATCH='"portal-1.000000"')
    assert changed.status_code == 200
    assert cached_state(changed) == "hit"


def test_a_hit_runs_no_query_but_the_view_count_of_a_new_session(client, django_assert_num_queries):
    from django.test import Client

    article = ArticleFactory()
    url = article.get_absolute_url()
    client.get(url)
    with django_assert_num_queries(1):  # the pending views' upsert for this new session
        assert cached_state(Client().get(url)) == "hit"
    with django_assert_num_queries(0):  # the same session again: nothing to count
        assert cached_state(client.get(url)) == "hit"


# --- Never stale: the portal clock ---------------------------------------------------------


def test_the_clock_holds_until_the_next_scheduled_publication(
    client, frozen, settings, django_assert_num_queries
):
    from articles.views.caching import CLOCK_KEY

    settings.PAGE_CLOCK_MAX_SECONDS = 3600
    now = frozen["now"]
    scheduled_at = now + datetime.timedelta(minutes=10)
    ArticleFactory(title="Tin hẹn mười phút", published_at=scheduled_at)
    url = reverse("articles:home")
    client.get(url)
    assert caches["pages"].get(CLOCK_KEY)["valid_until"] <= scheduled_at
    frozen["now"] = scheduled_at - datetime.timedelta(seconds=1)
    with django_assert_num_queries(0):
        assert cached_state(client.get(url)) == "hit"
    frozen["now"] = scheduled_at
    live = client.get(url)
    assert cached_state(live) == "miss"
    assert "Tin hẹn mười phút" in live.content.decode()


def test_an_expired_article_leaves_at_its_minute(client, frozen):
    now = frozen["now"]
    ArticleFactory(title="Tin còn hạn", expires_at=now + datetime.timedelta(minutes=5))
    url = reverse("articles:home")
    assert "Tin còn hạn" in client.get(url).content.decode()
    frozen["now"] = now + datetime.timedelta(minutes=4)
    assert cached_state(client.get(url)) == "hit"
    frozen["now"] = now + datetime.timedelta(minutes=5, seconds=1)
    assert "Tin còn hạn" not in client.get(url).content.decode()


def test_the_clock_turns_at_local_midnight(client, frozen, settings):
    settings.PAGE_CLOCK_MAX_SECONDS = 24 * 3600
    local = timezone.localtime(frozen["now"])
    before_midnight = local.replace(hour=23, minute=59, second=0, microsecond=0)
    frozen["now"] = before_midnight
    ArticleFactory(published_at=before_midnight - datetime.timedelta(days=2))
    url = reverse("articles:home")
    first = client.get(url)
    assert cached_state(client.get(url)) == "hit"
    frozen["now"] = before_midnight + datetime.timedelta(minutes=1, seconds=1)
    after = client.get(url)
    assert cached_state(after) == "miss"
    assert after.headers["ETag"] != first.headers["ETag"]


def test_queryset_update_shows_on_the_next_request(client):
    article = ArticleFactory(title="Tiêu đề cũ")
    url = reverse("articles:home")
    client.get(url)
    assert cached_state(client.get(url)) == "hit"
    Article.objects.filter(pk=article.pk).update(
        title="Tiêu đề mới qua update", updated_at=timezone.now()
    )
    page = client.get(url)
    assert cached_state(page) == "miss"
    assert "Tiêu đề mới qua update" in page.content.decode()
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)
    assert "Tiêu đề mới qua update" not in client.get(url).content.decode()


def test_a_view_count_does_not_make_the_clock_recompute(client, django_assert_num_queries):
    from articles.services.readers import count_view

    article = ArticleFactory()
    url = reverse("articles:home")
    client.get(url)
    count_view(article.pk)
    with django_assert_num_queries(0):
        assert cached_state(client.get(url)) == "hit"


def test_a_draft_saved_recomputes_the_clock_but_keeps_the_pages(client):
    ArticleFactory(title="Tin công khai")
    draft = ArticleFactory(title="Bản nháp", status=Article.Status.DRAFT)
    url = reverse("articles:home")
    client.get(url)
    draft.title = "Bản nháp đã sửa"
    draft.save()
    # The generation moved, the moment did not (drafts are not public): still a hit.
    page = client.get(url)
    assert cached_state(page) == "hit"
    assert "Bản nháp" not in page.content.decode()


def test_a_tag_added_shows_on_the_next_request(client):
    article = ArticleFactory()
    url = article.get_absolute_url()
    client.get(url)
    assert cached_state(client.get(url)) == "hit"
    article.tags.add("Phòng chống ma túy")
    page = client.get(url)
    assert cached_state(page) == "miss"
    assert "Phòng chống ma túy" in page.content.decode()


def test_an_official_named_shows_on_the_next_request(client):
    from articles.models import OfficialMention
    from people.tests.factories import OfficialFactory

    article = ArticleFactory()
    official = OfficialFactory(name="Nguyễn Văn Kiểm Tra")
    url = article.get_absolute_url()
    client.get(url)
    assert cached_state(client.get(url)) == "hit"
    OfficialMention.objects.create(article=article, official=official, confirmed=True)
    page = client.get(url)
    assert cached_state(page) == "miss"
    assert "Nguyễn Văn Kiểm Tra" in page.content.decode()


def test_an_admin_save_shows_on_the_next_request(client, admin_client):
    from articles.tests.admin_forms import change_form_data

    article = ArticleFactory(title="Tin trước khi sửa")
    url = article.get_absolute_url()
    client.get(url)
    assert cached_state(client.get(url)) == "hit"
    change = reverse("admin:articles_article_change", args=[article.pk])
    data = change_form_data(admin_client.get(change))
    data["title"] = "Tin sửa trong trang quản trị"
    assert admin_client.post(change, data).status_code == 302
    page = client.get(url)
    assert "Tin sửa trong trang quản trị" in page.content.decode()


def test_a_write_that_bypasses_django_shows_within_the_clock_max_age(client, frozen, settings):
    from django.db import connection

    settings.PAGE_CLOCK_MAX_SECONDS = 60
    article = ArticleFactory(title="Tin trước SQL")
    url = reverse("articles:home")
    client.get(url)
    later = frozen["now"] + datetime.timedelta(seconds=1)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE articles_article SET title = %s, updated_at = %s WHERE id = %s",
            ["Tin sửa bằng SQL", later, article.pk],
        )
    frozen["now"] = later + datetime.timedelta(seconds=30)
    assert "Tin trước SQL" in client.get(url).content.decode()  # unseen, within the bound
    frozen["now"] = later + datetime.timedelta(seconds=61)
    assert "Tin sửa bằng SQL" in client.get(url).content.decode()


def test_a_clock_computed_under_an_old_generation_is_not_trusted(client, monkeypatch):
    """The race: a reader reads the generation, a write commits and moves it, the reader's
    clock (from the database before the write) is stored under the old generation."""
    from articles.views import caching
    from newsroom import pageclock

    ArticleFactory(title="Tin đầu")
    url = reverse("articles:home")
    client.get(url)
    compute = caching._compute_last_modified

    def write_right_after_the_generation_was_read(now=None):
        moment = compute(now)  # the database as it was before the write
        ArticleFactory(title="Tin viết chen giữa")  # commits: the generation moves
        return moment

    caches["pages"].delete(caching.CLOCK_KEY)
    monkeypatch.setattr(
        caching, "_compute_last_modified", write_right_after_the_generation_was_read
    )
    client.get(url + "?lan=2")
    monkeypatch.setattr(caching, "_compute_last_modified", compute)
    stored = caches["pages"].get(caching.CLOCK_KEY)
    assert stored["generation"] != pageclock.current()
    assert "Tin viết chen giữa" in client.get(url).content.decode()
