"""Conditional GET and the page cache of the public pages, both driven by one moment.

**The moment.** The portal's "last modified" moment is computed from the data itself by one
nine-part UNION query, so it moves forward exactly when a reader could see something new:

* the latest `updated_at` of published articles, categories, the portal settings, and the
  events, units and officials a reader may see (selectors.public_*): any edit or publish bumps
  one of them; mentions, captions, positions, tags and event links touch their article or
  official through `articles.signals`. Drafts, articles in review, scheduled and archived
  ones are left out, so the validators never tell outsiders when editors work;
* the latest `hidden_at`: the moment a save took a public article off the pages (unpublish,
  archive, reschedule), which its `updated_at` no longer shows once it is hidden;
* the latest `published_at` of a published article that is already in the past (a scheduled
  article going live);
* the latest `expires_at` of a published article that is already in the past (expiry);
* today's local midnight (the home page's "upcoming events" change with the date).

The browser (or a proxy) keeps the page and asks again with If-None-Match / If-Modified-Since;
the answer is a 304 or the page. `Cache-Control: no-cache` makes it always ask. The ETag
carries the moment to the microsecond (Last-Modified has whole seconds only).

**The portal clock.** With the page cache on, the moment is not queried on every request: it
is kept in the page cache as a clock, {moment, generation, valid_until}:

* `generation` is a counter in the cache that every write through Django that can change a
  public page moves when its transaction commits (newsroom/pageclock.py: model signals of
  articles, people, newsroom and taggit; `ArticleQuerySet.update` except the readers'
  counters; the importer and generate_corpus). A reader that recomputes the clock reads the
  generation first, then the database, and stores the clock under the generation it read: a
  write committed in between moves the counter past it, so that clock is never trusted;
* `valid_until` is the next moment the portal changes by itself, with no write at all: the
  next `published_at` of a published article still in the future, the next `expires_at`,
  the next local midnight (two indexed probes and a date), and at most PAGE_CLOCK_MAX_SECONDS
  (60) away. A clock is trusted while its generation is the current one and `valid_until` has
  not passed; otherwise the next request recomputes it.

Writes that bypass Django (raw SQL, psql, another program) move no generation: they show when
the clock expires, within PAGE_CLOCK_MAX_SECONDS. Where the cache cannot count atomically (the
file cache, without REDIS_URL) the clock is not kept and the moment is queried on every request,
as before. With the page cache off the moment is always queried (the query-count tests measure
that).

**The page cache** (`PageCacheMiddleware`, first in MIDDLEWARE). An anonymous reader's GET or
HEAD of a public path (no Django session cookie, no messages cookie) is looked up before any
other middleware runs. On Redis, one round trip: a script (`_HIT_SCRIPT`, EVALSHA) reads the
generation, the clock, the stored page for (scheme, host, path, sorted query) and the visitor
counters the hit draws, counts the visit when the page is a stored HTML page
(newsroom/fastredis.py: one redis-py client per process, not one per command as Django's
backend builds), and counts the article's view when the page is an article this reading
session has not viewed yet (an HINCRBY in the buffer of articles.services.view_counts, written
to the database by the next flush). No database query. Other caches: `get_many`, then the
usual counting (a direct `UPDATE` per first view without Redis). The stored page is the final
response as the whole stack produced it (status 200, headers: Content-Type, ETag,
Last-Modified, Cache-Control, Vary, CSP, X-Frame-Options and the other security headers), with
two holes punched in the body: the CSRF token of the rating and error-report forms and the
visitor-statistics block. It is served when the clock is valid and the page was rendered under
the clock's moment; when anything public changes, the moment moves and the page is rendered
afresh, old entries are never read again and expire (PAGE_CACHE_SECONDS, which also bounds the
age of the counters drawn into a page: views, ratings, "Tin xem nhiều"). No invalidation job.

A hit runs, for this reader only, what the stack would have: CsrfViewMiddleware's own
process_request/process_response around the token (the CSRF cookie is set as on a miss), the
reader cookies and the visit count (newsroom.readers), the article view count once per reading
session (`count_article_view`) and the visitor-statistics block. A conditional request is
answered 304 from the clock and the page's small header record, without reading the page.

In production (gunicorn, the caches on Redis) most hits never get here: `hitpath.HitPathApp`
answers them in front of Django's handler from a plain copy of the same page and clock
(written by `_store` and `_store_clock`), with the same checks and counting; this middleware
answers what it leaves (conditional requests, the file cache, the test client) and stores.

A page is stored only when the view allows it (previews do not), the reader is anonymous, no
message is waiting, the answer is a 200 that sets no cookie but the CSRF and reader ones, and
it is not private or no-store. Editors (a Django session), readers with a message waiting and
every method but GET and HEAD go through the whole stack. If the cache does not answer
(Redis down), every page is rendered as without a cache (newsroom.failopen).
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import re
import time
import weakref
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import SuspiciousOperation
from django.db import connections, router
from django.db.models import Max, Q, Value
from django.http import HttpResponse, HttpResponseNotModified
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.dateparse import parse_datetime
from django.utils.decorators import method_decorator
from django.utils.http import parse_http_date_safe
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition

from articles import selectors
from articles.models import Article, ArticleStatus, Category
from articles.services import view_counts
from newsroom import fastredis, pageclock, readers, routers, visitors
from newsroom.failopen import fail_open
from newsroom.models import PortalSettings
from newsroom.templatetags.readers import STATS_END, STATS_START, render_visitor_stats


def _max_query(queryset, field: str, condition_q: Q | None = None):
    queryset = queryset.order_by()
    if condition_q is not None:
        queryset = queryset.filter(condition_q)
    # A constant "group" turns the aggregate into a one-row queryset that UNION accepts.
    return queryset.annotate(group=Value(1)).values("group").annotate(moment=Max(field))


def _last_modified_union(now: datetime.datetime):
    published = Article.objects.filter(status=ArticleStatus.PUBLISHED)
    parts = [
        _max_query(Article.objects.published(at=now), "updated_at"),
        _max_query(Article.objects.all(), "hidden_at"),
        _max_query(published, "published_at", Q(published_at__lte=now)),
        _max_query(published, "expires_at", Q(expires_at__lte=now)),
        _max_query(Category.objects.all(), "updated_at"),
        _max_query(PortalSettings.objects.all(), "updated_at"),
        _max_query(selectors.public_events(), "updated_at"),
        _max_query(selectors.public_units(), "updated_at"),
        _max_query(selectors.public_officials(), "updated_at"),
    ]
    return parts[0].union(*parts[1:], all=True)


# A moment no row holds: the SQL is compiled once per process and database with this in the
# place of "now", which each request then fills in. Building the nine-part UNION through the
# ORM cost more than running it (~7 ms of Python a request, ~35 ms on a loaded machine), and
# it runs on every public request, page-cache hits included.
_NOW_MARKER = datetime.datetime(1901, 1, 1, 0, 0, 7, tzinfo=datetime.UTC)


@functools.cache
def _last_modified_sql(alias: str) -> tuple[str, tuple]:
    union = _last_modified_union(_NOW_MARKER)
    sql, params = union.query.get_compiler(alias).as_sql()
    return sql, tuple(params)


# PostgreSQL plans the nine-part UNION in 6–8 ms and runs it in 0.3 ms (EXPLAIN ANALYZE, 10,000
# articles), on every page the cache does not answer. So there it is a prepared statement,
# planned once per connection (connections live CONN_MAX_AGE) with "now" as its parameter.
_PREPARED_NAME = "newsroom_portal_last_modified"
_prepared_on: weakref.WeakSet = weakref.WeakSet()  # the psycopg connections that have it


def _execute_prepared(cursor, connection, sql: str, values: list, now) -> None:
    raw = connection.connection
    if raw not in _prepared_on:
        client = cursor.cursor  # psycopg's own cursor: the one-off PREPARE is not a page query
        # The statement with every value written in but "now", which becomes $1.
        literal = client.mogrify(sql, [_NOW_MARKER if value is now else value for value in values])
        marker = client.mogrify("%s", [_NOW_MARKER])
        statement = literal.replace(marker, "$1")
        client.execute(f"PREPARE {_PREPARED_NAME}(timestamptz) AS {statement}")
        _prepared_on.add(raw)
    cursor.execute(f"EXECUTE {_PREPARED_NAME}(%s)", [now])


def _compute_last_modified(now: datetime.datetime | None = None) -> datetime.datetime:
    now = timezone.now() if now is None else now
    alias = router.db_for_read(Article)
    connection = connections[alias]
    sql, params = _last_modified_sql(alias)
    # SQLite's parameters are already adapted (text); PostgreSQL's are datetimes.
    markers = {_NOW_MARKER, connection.ops.adapt_datetimefield_value(_NOW_MARKER)}
    adapted_now = connection.ops.adapt_datetimefield_value(now)
    values = [adapted_now if value in markers else value for value in params]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _execute_prepared(cursor, connection, sql, values, adapted_now)
        else:
            cursor.execute(sql, values)
        rows = cursor.fetchall()
    moments = []
    for _, moment in rows:
        if isinstance(moment, str):  # SQLite
            moment = parse_datetime(moment)
        if moment is None:
            continue
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment, datetime.UTC)
        moments.append(moment)
    local_midnight = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return max([local_midnight, *moments])


# --- The portal clock (see the module's docstring) ------------------------------------------

PAGE_CACHE = pageclock.PAGE_CACHE  # the cache alias (settings.CACHES)
CLOCK_KEY = "page-clock"


def _next_change(now: datetime.datetime) -> datetime.datetime:
    """The next moment the public portal changes with no write: a scheduled article's
    publication, an expiry, local midnight; at most PAGE_CLOCK_MAX_SECONDS away."""
    local_midnight = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    moments = [
        now + datetime.timedelta(seconds=settings.PAGE_CLOCK_MAX_SECONDS),
        local_midnight + datetime.timedelta(days=1),
    ]
    published = Article.objects.filter(status=ArticleStatus.PUBLISHED)
    for field in ("published_at", "expires_at"):
        upcoming = (
            published.filter(**{f"{field}__gt": now})
            .order_by(field)
            .values_list(field, flat=True)
            .first()
        )
        if upcoming is not None:
            moments.append(upcoming)
    return min(moments)


@fail_open("page cache (clock)", default=False)
def _keeps_clock() -> bool:
    # The generation must be counted atomically, or two writers could move it once for two.
    return isinstance(caches[PAGE_CACHE], RedisCache | LocMemCache)


def _trusted(clock, generation, now: datetime.datetime) -> bool:
    return (
        clock is not None
        and generation is not None
        and clock["generation"] == generation
        and now < clock["valid_until"]
    )


@fail_open("page cache (clock)", default=(None, None))
def _read_clock() -> tuple:
    values = caches[PAGE_CACHE].get_many([pageclock.GENERATION_KEY, CLOCK_KEY])
    return values.get(pageclock.GENERATION_KEY), values.get(CLOCK_KEY)


@fail_open("page cache (clock)")
def _start_generation():
    cache = caches[PAGE_CACHE]
    cache.add(pageclock.GENERATION_KEY, pageclock._first_generation(), timeout=None)
    return cache.get(pageclock.GENERATION_KEY)


@fail_open("page cache (clock)")
def _store_clock(clock: dict) -> None:
    from . import hitpath

    timeout = settings.PAGE_CLOCK_MAX_SECONDS + 60
    caches[PAGE_CACHE].set(CLOCK_KEY, clock, timeout=timeout)
    hitpath.store_clock(clock, timeout)  # the same clock for the hit path in front of Django


def _current_clock(request) -> dict:
    now = timezone.now()
    if (
        not settings.PAGE_CACHE_ENABLED
        or getattr(request, "_page_cache_down", False)
        or not _keeps_clock()
    ):
        return {"moment": _compute_last_modified(now), "generation": None, "valid_until": now}
    looked_up = getattr(request, "_page_lookup", None)
    # The generation is read before the database: see newsroom/pageclock.py.
    generation, clock = looked_up if looked_up is not None else _read_clock()
    if _trusted(clock, generation, now):
        return clock
    if generation is None:
        generation = _start_generation()
    clock = {
        "moment": _compute_last_modified(now),
        "generation": generation,
        "valid_until": _next_change(now),
    }
    if generation is not None:
        _store_clock(clock)
    return clock


def portal_clock(request=None) -> dict:
    """{moment, generation, valid_until}: from the cache while it holds, else recomputed."""
    if request is None:
        return _current_clock(None)
    if not hasattr(request, "_portal_clock"):
        request._portal_clock = _current_clock(request)
    return request._portal_clock


def portal_last_modified(request=None, *args, **kwargs) -> datetime.datetime:
    """The moment the public portal last changed (the portal clock's moment)."""
    if request is None:
        return _compute_last_modified()
    return portal_clock(request)["moment"]


def portal_etag(request, *args, **kwargs) -> str:
    """The same moment to the microsecond: Last-Modified alone has one-second precision, so
    an edit in the same second as a reader's previous visit would go unseen."""
    return f"portal-{portal_last_modified(request).timestamp():.6f}"


# --- The page cache -------------------------------------------------------------------------

_CSRF_FIELD = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
CSRF_HOLE = "\x00csrf-token\x00"
_STATS_BLOCK = re.compile(re.escape(STATS_START) + r".*?" + re.escape(STATS_END), re.S)
STATS_HOLE = "\x00visitor-stats\x00"
# Headers a hit sets itself: the length changes when the holes are filled.
_UNSTORED_HEADERS = frozenset({"content-length", "x-page-cache"})


def page_cache_key(request) -> str:
    """The page's address (scheme, host, path, sorted query) as a digest. Raises
    SuspiciousOperation for a host not in ALLOWED_HOSTS or too many query fields."""
    query = urlencode(
        sorted((key, value) for key in request.GET for value in request.GET.getlist(key))
    )
    address = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    return hashlib.sha256(address.encode()).hexdigest()


def _meta_key(digest: str) -> str:
    return f"page-meta:{digest}"


def _body_key(digest: str) -> str:
    return f"page-body:{digest}"


def _html_key(digest: str) -> str:
    # Present for an HTML page; its value is the article a hit counts a view of (0: none).
    return f"page-counts:{digest}"


def page_cache_applies(view, request) -> bool:
    """Anonymous GETs without messages waiting, on views that allow it (previews do not)."""
    return (
        settings.PAGE_CACHE_ENABLED
        and getattr(view, "page_cache", True)
        and request.method == "GET"
        # Editors and anyone else with a Django session (previews, the admin's "view on site").
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.user.is_authenticated
        # A reader who just rated or reported an error has a message to see.
        and CookieStorage.cookie_name not in request.COOKIES
    )


def _request_qualifies(request) -> bool:
    """What the middleware can tell before any other one runs (the view checks the rest)."""
    cookies = request.COOKIES
    return (
        settings.PAGE_CACHE_ENABLED
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in cookies
        and CookieStorage.cookie_name not in cookies
        and readers.is_public_path(request.path)
    )


def _storable(request, response) -> bool:
    """What the view sees: a 200 that sets no cookie of its own, with no message queued."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "")
    if "private" in cache_control or "no-store" in cache_control:
        return False
    storage = getattr(request, "_messages", None)
    return not getattr(storage, "_queued_messages", None)


def _storable_final(response) -> bool:
    """What the whole stack returned: still a 200, and no cookie but the per-reader ones (the
    CSRF cookie and the reader cookies, which a hit sets for its own reader)."""
    if response.status_code != 200 or response.streaming:
        return False
    per_reader = {settings.CSRF_COOKIE_NAME, readers.READER_COOKIE, readers.SESSION_COOKIE}
    if not per_reader.issuperset(response.cookies):
        return False
    cache_control = response.get("Cache-Control", "")
    return "private" not in cache_control and "no-store" not in cache_control


# A hit on Redis in one round trip: the page cache's keys and the visitor counters in one MGET
# and, when the page is a stored HTML page and the request one that ReaderMiddleware would
# count (a GET by a reader, not a robot), the visit counted as visitors.record counts it.
# ARGV: the number of keys to read, "1" to count, the index of the page's HTML marker, then
# the arguments of visitors.RECORD_LUA and the session's viewed articles; the keys of RECORD_LUA
# and the pending views' hash (articles.services.view_counts) follow the keys to read. The
# marker's value is the article the page counts: its view is counted there too, once per
# reading session as count_article_view does.
_HIT_SCRIPT = (
    "local n = tonumber(ARGV[1])\n"
    "local values = redis.call('MGET', unpack(KEYS, 1, n))\n"
    "local view_id = values[tonumber(ARGV[3])]\n"
    "if ARGV[2] == '1' and view_id then\n"
    "local o, a = n, 3\n" + visitors.RECORD_LUA + "o = n + 3\n"
    # The article's view, unless this reading session's cookie lists it (ARGV[7]: ",1,5,").
    "local count_view = view_id ~= '0' and not string.find(ARGV[7], ','..view_id..',', 1, true)\n"
    + view_counts.VIEW_LUA
    + "end\n"
    "return values\n"
)


@fail_open("page cache (read)")
def _lookup(request, digest: str, *, with_body: bool) -> tuple:
    """Generation, clock, the page's header record and (unless asked not to) its body. On
    Redis, one round trip that also reads the visitor counters a hit draws (kept in
    `request._visitor_prefetch`) and counts the visit (`request._visit_counted`)."""
    keys = [pageclock.GENERATION_KEY, CLOCK_KEY, _meta_key(digest)]
    if with_body:
        keys.append(_body_key(digest))
    pages, default = caches[PAGE_CACHE], caches["default"]
    if not fastredis.same_server(pages, default):
        found = pages.get_many(keys)
        return (*(found.get(key) for key in keys), *((None,) if not with_body else ()))
    now = time.time()
    counters = visitors.stats_keys(now)
    read = [pages.make_key(key) for key in [*keys, _html_key(digest)]]
    read += [default.make_key(key) for key in counters]
    request.reader = readers.Reader.from_request(request)
    count = with_body and request.method == "GET" and not readers.is_bot(request)
    record_keys, record_args = visitors.record_keys_and_args(request.reader, now)
    viewed = "," + ",".join(map(str, request.reader.viewed)) + ","
    raw = fastredis.run_script(
        pages,
        _HIT_SCRIPT,
        keys=[*read, *record_keys, view_counts.pending_key()],
        args=[len(read), "1" if count else "0", len(keys) + 1, *record_args, viewed],
    )
    values = fastredis.loads(pages, raw)
    marker = values[len(keys)]
    request._visit_counted = count and marker is not None
    if request._visit_counted and marker and not request.reader.has_viewed(marker):
        request.reader.mark_viewed(marker)  # the script counted it: count_article_view skips
    request._visitor_prefetch = {  # as get_many would: only the keys found
        key: value
        for key, value in zip(counters, values[len(keys) + 1 :], strict=True)
        if value is not None
    }
    return (*values[: len(keys)], *((None,) if not with_body else ()))


@fail_open("page cache (read)")
def _load_body(digest: str):
    return caches[PAGE_CACHE].get(_body_key(digest))


@fail_open("page cache (write)")
def _store(digest: str, meta: dict, body: tuple, *, html: bool) -> None:
    from . import hitpath

    entries = {_meta_key(digest): meta, _body_key(digest): body}
    if html:  # a hit on this page counts a visit and the article's view (see _HIT_SCRIPT)
        entries[_html_key(digest)] = meta["article"] or 0
    caches[PAGE_CACHE].set_many(entries, timeout=settings.PAGE_CACHE_SECONDS)
    hitpath.store_page(digest, meta, body[1], html=html)  # the copy the hit path serves


def _punch_holes(content: str) -> str:
    content = _CSRF_FIELD.sub(lambda m: m.group(1) + CSRF_HOLE + m.group(2), content)
    return _STATS_BLOCK.sub(STATS_HOLE, content)


class PageCacheMiddleware:
    """Serves anonymous readers' pages from the cache before the rest of the stack runs, and
    stores the final response of a cacheable page (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response
        # Django's own CSRF steps around the token drawn into a cached page.
        self.csrf = CsrfViewMiddleware(get_response)

    def __call__(self, request):
        if not _request_qualifies(request):
            return self.get_response(request)
        try:
            digest = page_cache_key(request)
        except SuspiciousOperation:  # the stack answers it (400)
            return self.get_response(request)
        conditional = "If-None-Match" in request.headers or "If-Modified-Since" in request.headers
        found = _lookup(request, digest, with_body=not conditional)
        if found is None:  # the cache does not answer: render as without one
            request._page_cache_down = True
            return self.get_response(request)
        generation, clock, meta, body = found
        request._page_lookup = (generation, clock)
        if meta is not None:
            response = self._answer_from_cache(request, digest, meta, body, conditional)
            if response is not None:
                return response
        response = self.get_response(request)
        self._store(request, response, digest)
        return response

    def _answer_from_cache(self, request, digest, meta, body, conditional):
        with routers.reads_for(request):  # a clock to recompute reads where the view would
            clock = portal_clock(request)
        if meta["moment"] != clock["moment"]:
            return None
        if conditional:
            response = self._not_modified(request, meta)
            if response is not None:
                return response
            body = _load_body(digest)
        if body is None or body[0] != meta["moment"]:
            return None
        return self._hit(request, meta, body[1])

    def _not_modified(self, request, meta):
        page = HttpResponse()  # the stored headers, for get_conditional_response to copy
        for name, value in meta["headers"]:
            page.headers[name] = value
        response = get_conditional_response(
            request,
            etag=page.get("ETag"),
            last_modified=parse_http_date_safe(page.get("Last-Modified", "")),
            response=page,
        )
        if not isinstance(response, HttpResponseNotModified):
            return None
        for name, value in meta["headers"]:
            if name.lower() != "content-type" and name not in response.headers:
                response.headers[name] = value
        response.headers["X-Page-Cache"] = "hit"
        if getattr(request, "reader", None) is None:
            request.reader = readers.Reader.from_request(request)
        readers.finish_response(request, response)
        return response

    def _hit(self, request, meta, body: bytes):
        from .readers import count_article_view

        if getattr(request, "reader", None) is None:  # read by _lookup on Redis
            request.reader = readers.Reader.from_request(request)
        if meta["article"] is not None:
            count_article_view(request, meta["article"])
        charset = meta["charset"]
        if CSRF_HOLE.encode() in body:
            self.csrf.process_request(request)
            body = body.replace(CSRF_HOLE.encode(), get_token(request).encode(charset))
        if STATS_HOLE.encode() in body:
            block = render_visitor_stats(getattr(request, "_visitor_prefetch", None))
            body = body.replace(STATS_HOLE.encode(), block.encode(charset))
        response = HttpResponse(body)
        for name, value in meta["headers"]:
            response.headers[name] = value
        if meta["sized"]:
            response.headers["Content-Length"] = str(len(body))
        response.headers["X-Page-Cache"] = "hit"
        self.csrf.process_response(request, response)
        readers.finish_response(request, response)
        return response

    def _store(self, request, response, digest: str) -> None:
        view_allows = getattr(request, "_page_cache_allowed", False)
        if not (view_allows and request.method == "GET" and _storable_final(response)):
            return
        moment = portal_last_modified(request)  # the moment the page was rendered under
        charset = response.charset
        meta = {
            "moment": moment,
            "headers": [
                (name, value)
                for name, value in response.items()
                if name.lower() not in _UNSTORED_HEADERS
            ],
            "charset": charset,
            "sized": response.has_header("Content-Length"),
            "article": request._page_cache_article,
        }
        content = _punch_holes(response.content.decode(charset)).encode(charset)
        html = response.get("Content-Type", "").startswith("text/html")
        _store(digest, meta, (moment, content), html=html)
        response.headers["X-Page-Cache"] = "miss"


def cached_dispatch(dispatch):
    """Marks a view's cacheable answers for PageCacheMiddleware (see the module's docstring)."""

    @functools.wraps(dispatch)
    def wrapper(self, request, *args, **kwargs):
        response = dispatch(self, request, *args, **kwargs)
        if not page_cache_applies(self, request):
            return response
        if hasattr(response, "render") and callable(response.render):
            response.render()
        if _storable(request, response):
            request._page_cache_allowed = True
            # A hit counts this article's view, as the view does.
            request._page_cache_article = getattr(self, "counted_article_id", None)
        return response

    return wrapper


public_page = [
    condition(etag_func=portal_etag, last_modified_func=portal_last_modified),
    cache_control(no_cache=True),
]


def public_page_view(view_class):
    """Class decorator for the public views: conditional GET, and pages the cache may keep."""
    view_class.dispatch = cached_dispatch(view_class.dispatch)
    for decorator in public_page:
        view_class = method_decorator(decorator, name="dispatch")(view_class)
    return view_class
