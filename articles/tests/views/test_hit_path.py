"""Page-cache hits answered in front of Django's handler (articles/views/hitpath.py), through
the WSGI application as gunicorn calls it: never a stale page, editors and unknown hosts go to
Django, views and visits counted as on a miss, the forms' CSRF token accepted.

Uses the Redis database of TEST_REDIS_URL (default redis://127.0.0.1:6379/15), which it empties;
skipped without a Redis on 127.0.0.1:6379."""

from __future__ import annotations

import io
import re
import sys
import time
from http.cookies import SimpleCookie

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from articles.models import Article
from articles.tests.factories import ArticleFactory
from articles.tests.views.redis_support import redis_running
from articles.views import hitpath

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not redis_running(), reason="no Redis on 127.0.0.1:6379"),
]


class Site:
    """The WSGI application with the hit path in front, and a count of the requests that
    reached Django's handler."""

    def __init__(self):
        self.django = WSGIHandler()
        self.app = hitpath.HitPathApp(self._counted)
        self.reached_django = 0

    def _counted(self, environ, start_response):
        self.reached_django += 1
        return self.django(environ, start_response)

    def get(self, path, **options):
        environ = self.environ(path, **options)
        answer = {}

        def start_response(status, headers, exc_info=None):
            answer.update(status=int(status.split()[0]), headers=headers)

        iterable = self.app(environ, start_response)
        body = b"".join(iterable)
        if hasattr(iterable, "close"):  # as a WSGI server does once the body is written
            iterable.close()
        return Answer(answer["status"], answer["headers"], body)

    @staticmethod
    def environ(path, *, method="GET", host="testserver", cookies="", **headers) -> dict:
        return {
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "HTTP_HOST": host,
            "HTTP_USER_AGENT": "Mozilla/5.0 (test)",
            "HTTP_COOKIE": cookies,
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(b""),
            "wsgi.errors": sys.stderr,
            **headers,
        }


class Answer:
    def __init__(self, status, headers, body):
        self.status, self.header_list, self.body = status, headers, body
        self.headers = {name: value for name, value in headers if name != "Set-Cookie"}
        self.cookies = SimpleCookie()
        for name, value in headers:
            if name == "Set-Cookie":
                self.cookies.load(value)

    @property
    def state(self):
        return self.headers.get("X-Page-Cache")

    def cookie_header(self) -> str:
        return "; ".join(f"{name}={morsel.coded_value}" for name, morsel in self.cookies.items())


@pytest.fixture
def site(redis_caches):
    return Site()


def test_a_hit_never_reaches_django_and_queries_nothing(site, django_assert_num_queries):
    ArticleFactory(title="Tin trước Django")
    url = reverse("articles:home")
    miss = site.get(url)
    assert (miss.status, miss.state) == (200, "miss")
    assert site.reached_django == 1
    with django_assert_num_queries(0):
        hit = site.get(url)
    assert (hit.status, hit.state) == (200, "hit")
    assert site.reached_django == 1
    assert "Tin trước Django" in hit.body.decode()
    assert b"\x00" not in hit.body
    assert int(hit.headers["Content-Length"]) == len(hit.body)
    # The headers the stack gave the page (security headers, validators, CSP) come with it.
    for name, value in miss.headers.items():
        if name not in ("Content-Length", "X-Page-Cache"):
            assert hit.headers[name] == value, name
    assert "Content-Security-Policy" in hit.headers and "X-Frame-Options" in hit.headers


def test_a_publish_is_never_served_stale(site):
    draft = ArticleFactory(title="Tin vừa đăng", status=Article.Status.DRAFT)
    ArticleFactory()
    url = reverse("articles:home")
    site.get(url)
    assert site.get(url).state == "hit"
    assert "Tin vừa đăng" not in site.get(url).body.decode()  # a draft shows nowhere
    draft.status = Article.Status.PUBLISHED
    draft.save()
    fresh = site.get(url)
    assert fresh.state == "miss"
    assert "Tin vừa đăng" in fresh.body.decode()
    assert site.get(url).state == "hit"


def test_a_worker_serves_its_own_copy_while_current_and_a_new_one_after_a_write(site, monkeypatch):
    from newsroom import fastredis

    bodies_sent = []  # what the hit script returned as the body: None when not sent
    run_script = fastredis.run_script

    def spy(backend, script, **kwargs):
        found = run_script(backend, script, **kwargs)
        if script is hitpath._HIT_SCRIPT and found is not None:
            bodies_sent.append(found[1])
        return found

    monkeypatch.setattr(fastredis, "run_script", spy)
    first = ArticleFactory(title="Tin đầu tiên")
    url = reverse("articles:home")
    miss = site.get(url)
    hits = [site.get(url) for _ in range(3)]
    assert [hit.state for hit in hits] == ["hit"] * 3
    # The first hit asked Redis, which sent the body; the next ones were answered from this
    # worker's copies (the body, and the tracked clock and head), without the script.
    assert len(bodies_sent) == 1 and bodies_sent[0] is not None
    assert {len(hit.body) for hit in hits} == {len(miss.body)}
    assert "Tin đầu tiên" in hits[-1].body.decode()
    first.title = "Tin đã sửa tiêu đề"
    first.save()
    assert site.get(url).state == "miss"  # rendered again under a new moment
    fresh = site.get(url)
    assert fresh.state == "hit" and len(bodies_sent) == 2  # the held copy was old:
    assert bodies_sent[-1] is not None  # the script sent the new one
    assert "Tin đã sửa tiêu đề" in fresh.body.decode()
    assert "Tin đầu tiên" not in fresh.body.decode()


def test_a_hit_on_the_minute_flushes_once_the_server_has_sent_it(site):
    from django.core.cache import cache

    from newsroom import visitors
    from newsroom.models import VisitorCount

    ArticleFactory()
    url = reverse("articles:home")
    site.get(url)
    assert site.get(url).state == "hit"
    cache.set(visitors.FLUSHED_AT, 0, timeout=None)  # long ago: the next hit finds it due
    environ = site.environ(url)
    body = site.app(environ, lambda status, headers, exc_info=None: None)
    assert b"".join(body) and site.reached_django == 1  # a hit, written out
    assert not VisitorCount.objects.exists()  # nothing written before the body was sent
    body.close()  # the server is done with it
    assert VisitorCount.objects.get().visits == 3


def test_an_expired_clock_goes_to_django(site, monkeypatch):
    ArticleFactory()
    url = reverse("articles:home")
    site.get(url)
    assert site.get(url).state == "hit"
    later = time.time() + 3600  # past the clock's valid_until (at most PAGE_CLOCK_MAX_SECONDS)
    monkeypatch.setattr(hitpath.time, "time", lambda: later)
    reached = site.reached_django
    site.get(url)
    assert site.reached_django == reached + 1


def test_a_page_of_another_moment_is_not_served(site):
    """The clock moved (a write through Django) and a new clock was stored, but this page
    was rendered before: it must be rendered again, not served."""
    from articles.views import caching

    ArticleFactory()
    url = reverse("articles:home")
    site.get(url)
    other = Client().get(reverse("articles:events"))  # stores the current clock, not the page
    assert other.status_code == 200
    ArticleFactory(title="Tin sau cùng")  # moves the generation
    Client().get(reverse("articles:events"))  # a new clock, a new moment; home not rendered
    assert caching.portal_clock()["moment"]  # the clock is there
    reached = site.reached_django
    page = site.get(url)
    assert site.reached_django == reached + 1
    assert "Tin sau cùng" in page.body.decode()


def test_editors_and_readers_with_a_message_go_to_django(site, settings):
    ArticleFactory()
    url = reverse("articles:home")
    site.get(url)
    assert site.get(url).state == "hit"
    for cookie in (f"{settings.SESSION_COOKIE_NAME}=abc", "messages=xyz"):
        reached = site.reached_django
        answer = site.get(url, cookies=cookie)
        assert site.reached_django == reached + 1
        assert answer.state != "hit"


def test_an_unknown_host_goes_to_django_which_refuses_it(site):
    ArticleFactory()
    url = reverse("articles:home")
    site.get(url)
    assert site.get(url).state == "hit"
    answer = site.get(url, host="ke-gia-mao.example")
    assert answer.status == 400
    assert answer.state is None


def test_head_and_conditional_requests(site):
    ArticleFactory()
    url = reverse("articles:home")
    site.get(url)
    page = site.get(url)
    head = site.get(url, method="HEAD")
    assert (head.status, head.state, head.body) == (200, "hit", b"")
    assert head.headers["Content-Length"] == str(len(page.body))
    reached = site.reached_django
    not_modified = site.get(url, HTTP_IF_NONE_MATCH=page.headers["ETag"])
    assert not_modified.status == 304  # answered by the middleware, behind the hit path
    assert site.reached_django == reached + 1


def test_views_and_visits_are_counted_through_the_hit_path(site):
    from newsroom import visitors

    article = ArticleFactory()
    url = article.get_absolute_url()
    assert site.get(url).state == "miss"  # a reader: one visit, one view
    second = site.get(url)  # another reader (no cookies)
    assert second.state == "hit"
    again = site.get(url, cookies=second.cookie_header())  # the same reader reloads
    assert again.state == "hit"
    robot = site.get(url, HTTP_USER_AGENT="Googlebot/2.1")
    assert robot.state == "hit"
    visitors.flush()
    article.refresh_from_db()
    assert article.view_count == 2
    assert visitors.stats()["today"] == 2
    page = site.get(url, cookies=second.cookie_header()).body.decode()
    assert "Hôm nay: <strong>2</strong>" in page  # drawn from the counters read with the page


def test_the_forms_token_from_a_hit_is_accepted(site):
    article = ArticleFactory()
    url = article.get_absolute_url()
    site.get(url)
    hit = site.get(url)
    assert hit.state == "hit"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', hit.body.decode())[1]
    client = Client(enforce_csrf_checks=True)
    for name, morsel in hit.cookies.items():
        client.cookies[name] = morsel.value
    rate = reverse("articles:rate", kwargs={"slug": article.slug})
    response = client.post(rate, {"diem": "4", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.rating_votes == 1
    # A reader who has the CSRF cookie keeps it; each page masks it afresh.
    again = site.get(url, cookies=hit.cookie_header())
    assert again.cookies["csrftoken"].value == hit.cookies["csrftoken"].value
    second = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', again.body.decode())[1]
    assert second != token


@pytest.mark.parametrize(
    "value, options",
    [
        ("abc:def", {"max_age": 365 * 24 * 3600, "httponly": True, "samesite": "Lax"}),
        ("tok:1,5,7:sig", {"httponly": True, "samesite": "Lax", "secure": True}),
        ("x", {"max_age": 60, "domain": ".example.vn", "path": "/tin-tuc/"}),
    ],
)
def test_set_cookie_headers_as_django_writes_them(value, options):
    response = HttpResponse()
    response.set_cookie("banh", value, **options)
    django = response.cookies["banh"].output(header="").strip()
    ours = hitpath._cookie_header("banh", value, **options)
    strip_expires = re.compile(r"expires=[^;]*; ")
    assert strip_expires.sub("", ours) == strip_expires.sub("", django)
    assert ("expires=" in ours) == ("expires=" in django)


def test_redis_down_leaves_the_page_to_django(site):
    from django.test import override_settings

    from articles.tests.views.redis_support import redis_cache

    ArticleFactory(title="Tin khi Redis ngừng")
    url = reverse("articles:home")
    site.get(url)
    assert site.get(url).state == "hit"
    down = {
        "default": redis_cache("redis://127.0.0.1:1/0"),
        "pages": redis_cache("redis://127.0.0.1:1/0", KEY_PREFIX="pages"),
    }
    with override_settings(CACHES=down):
        answer = site.get(url)
    assert answer.status == 200
    assert "Tin khi Redis ngừng" in answer.body.decode()


def _hits_served_here(monkeypatch) -> list:
    """Counts the hits answered without the hit script (from the worker's own copies)."""
    served = []
    original = hitpath._served_here

    def spy(*args):
        head = original(*args)
        served.append(head is not None)
        return head

    monkeypatch.setattr(hitpath, "_served_here", spy)
    return served


def test_a_write_by_another_process_reaches_the_worker_s_copies(site, monkeypatch):
    """Another process's write (here a plain Redis client: nothing in this process knows of
    it) makes Redis push a message to the worker, which then asks Redis again."""
    import redis
    from django.core.cache import caches

    ArticleFactory()
    url = reverse("articles:home")
    site.get(url)
    assert site.get(url).state == "hit"
    served = _hits_served_here(monkeypatch)
    assert site.get(url).state == "hit" and served == [True]
    pages = caches["pages"]
    clock_key = pages.make_key(hitpath.CLOCK_KEY)
    other = redis.Redis.from_url(pages._servers[0])
    generation, valid_until, moment = other.get(clock_key).split(b" ")
    # Another worker stored a clock of a later moment (its write moved the generation too).
    other.set(clock_key, b" ".join([generation, valid_until, moment + b"1"]))
    tracking = fastredis_tracking(pages)
    assert tracking.connection.can_read(timeout=2)  # Redis's message has arrived
    reached = site.reached_django
    site.get(url)
    assert served[-1] is False  # the copy of the clock was dropped: Redis was asked
    assert site.reached_django == reached + 1  # the page is not of the clock's moment


def fastredis_tracking(pages):
    from newsroom import fastredis

    return fastredis._local_of(pages).tracking


def test_a_lost_tracking_connection_drops_the_copies(site, monkeypatch):
    import redis
    from django.core.cache import caches

    ArticleFactory()
    url = reverse("articles:home")
    site.get(url)
    site.get(url)
    served = _hits_served_here(monkeypatch)
    assert site.get(url).state == "hit" and served == [True]
    pages = caches["pages"]
    tracking = fastredis_tracking(pages)
    tracking.connection.send_command("CLIENT", "ID")
    client_id = tracking.connection.read_response()
    redis.Redis.from_url(pages._servers[0]).client_kill_filter(_id=client_id)
    answer = site.get(url)  # the closed connection is seen: Django answers, fail-open
    assert answer.status == 200 and "Tin" in answer.body.decode()
    assert [site.get(url).state for _ in range(2)] == ["hit", "hit"]  # connected again
    assert served[-1] is True


def test_hits_served_by_the_worker_count_views_and_visits(site, monkeypatch):
    from newsroom import visitors

    article = ArticleFactory()
    url = article.get_absolute_url()
    assert site.get(url).state == "miss"  # a reader: one visit, one view
    assert site.get(url).state == "hit"  # a second reader, through the script
    served = _hits_served_here(monkeypatch)
    readers = [site.get(url) for _ in range(3)]  # three more readers, served here
    assert [answer.state for answer in readers] == ["hit"] * 3 and served == [True] * 3
    site.get(url, cookies=readers[0].cookie_header())  # a reload counts nothing
    visitors.flush()
    article.refresh_from_db()
    assert article.view_count == 5
    assert visitors.stats()["today"] == 5
    page = site.get(url, cookies=readers[0].cookie_header()).body.decode()
    assert served[-1] is True
    assert "Hôm nay: <strong>5</strong>" in page  # the flush made the worker read them again


def test_a_server_that_cannot_track_keys_leaves_every_hit_to_the_script(site, monkeypatch):
    """Redis before 6 has no RESP3 or CLIENT TRACKING: each hit then asks Redis, as before."""
    from django.core.cache import caches
    from redis.exceptions import ResponseError

    from newsroom import fastredis

    def refuse(self, connection):
        raise ResponseError("unknown command 'HELLO'")

    monkeypatch.setattr(fastredis._Tracking, "_on_connect", refuse)
    monkeypatch.delattr(caches["pages"], "_newsroom_local", raising=False)
    ArticleFactory()
    url = reverse("articles:home")
    site.get(url)
    served = _hits_served_here(monkeypatch)
    assert [site.get(url).state for _ in range(4)] == ["hit"] * 4  # all through the script
    assert served and True not in served  # asked, and never served from copies
    assert caches["pages"]._newsroom_untrackable is True  # and not tried again


@pytest.mark.parametrize(
    "cookie",
    [
        "a" * 32,  # a secret
        "Zx9" * 10 + "Q1",
        "abc123" * 10 + "abcd",  # 64: a masked secret (Django before 4.1)
        "short",
        "b" * 33,
        "é" * 32,
        "a" * 31 + "-",
        "",
    ],
)
def test_the_csrf_secret_is_read_from_the_cookie_as_django_reads_it(cookie):
    from django.http import HttpRequest
    from django.middleware.csrf import CsrfViewMiddleware
    from django.test import override_settings

    with override_settings(CSRF_USE_SESSIONS=False):
        request = HttpRequest()
        request.COOKIES["csrftoken"] = cookie
        CsrfViewMiddleware(lambda request: None).process_request(request)
        django = (
            None if "CSRF_COOKIE_NEEDS_UPDATE" in request.META else request.META.get("CSRF_COOKIE")
        )
        assert hitpath._csrf_secret(cookie) == django


def test_a_page_other_than_html_served_by_the_worker_counts_no_visit(site, monkeypatch):
    """As the hit script: only an HTML page counts a visit. (Every page the cache keeps is
    HTML today: the head's flag is set here by hand, as a stored feed would have it.)"""
    import redis
    from django.core.cache import caches

    from newsroom import visitors

    ArticleFactory()
    url = reverse("articles:home")
    site.get(url)  # a reader: one visit
    site.get(url)  # a second reader, through the script: the body is held
    site.get(url)  # a third, served by the worker: its copies are tracked
    visitors.flush()
    assert visitors.stats()["today"] == 3
    pages = caches["pages"]
    head_key = next(key for key in hitpath._bodies.entries)
    other = redis.Redis.from_url(pages._servers[0])
    first_line, rest = other.get(head_key).split(b"\n", 1)
    moment, article, _ = first_line.split(b" ")
    other.set(head_key, b" ".join([moment, article, b"0"]) + b"\n" + rest)
    assert fastredis_tracking(pages).connection.can_read(timeout=2)
    served = _hits_served_here(monkeypatch)
    assert [site.get(url).state for _ in range(3)] == ["hit"] * 3 and served == [True] * 3
    visitors.flush()
    assert visitors.stats()["today"] == 3
