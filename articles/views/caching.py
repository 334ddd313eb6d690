"""Conditional GET for the public pages: Last-Modified from one cheap query.

Why conditional GET and not a per-page cache: a scheduled article appears when its publish
time passes and an expiring one disappears when its time passes, with no save and therefore
no signal to invalidate a cache with. Here the "last modified" moment is computed on every
request from the data itself, so it moves forward at exactly those moments:

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
the answer is a 304 after that one query, or the page. `Cache-Control: no-cache` makes it
always ask. The ETag carries the same moment to the microsecond (Last-Modified has whole
seconds only).

The page cache (`cached_dispatch`) uses that same moment as its key: an anonymous reader's
page is stored under (moment, scheme, host, path, sorted query), so when anything public
changes the moment moves, the next request misses and renders afresh; old entries are never
read again and expire (PAGE_CACHE_SECONDS). No invalidation job, nothing to forget. What
differs per reader is punched out of the stored copy and filled in on every hit: the CSRF
token of the rating and error-report forms and the visitor-statistics block. A reader with
Django messages waiting, anyone with a Django session (editors: the admin, previews) and
every method but GET bypass the cache; only 200 responses that set no cookie are stored.
A hit still counts the article view (`count_article_view`, the same step the view runs) and
the visit (ReaderMiddleware counts every 200 HTML page, from the cache or not).
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import re
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.db import connections, router
from django.db.models import Max, Q, Value
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.decorators import method_decorator
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition

from articles import selectors
from articles.models import Article, ArticleStatus, Category
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


def _compute_last_modified() -> datetime.datetime:
    now = timezone.now()
    alias = router.db_for_read(Article)
    connection = connections[alias]
    sql, params = _last_modified_sql(alias)
    # SQLite's parameters are already adapted (text); PostgreSQL's are datetimes.
    markers = {_NOW_MARKER, connection.ops.adapt_datetimefield_value(_NOW_MARKER)}
    adapted_now = connection.ops.adapt_datetimefield_value(now)
    values = [adapted_now if value in markers else value for value in params]
    with connection.cursor() as cursor:
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


def portal_last_modified(request=None, *args, **kwargs) -> datetime.datetime:
    """The moment the public portal last changed, from a single UNION query per request."""
    if request is None:
        return _compute_last_modified()
    if not hasattr(request, "_portal_last_modified"):
        request._portal_last_modified = _compute_last_modified()
    return request._portal_last_modified


def portal_etag(request, *args, **kwargs) -> str:
    """The same moment to the microsecond: Last-Modified alone has one-second precision, so
    an edit in the same second as a reader's previous visit would go unseen."""
    return f"portal-{portal_last_modified(request).timestamp():.6f}"


PAGE_CACHE = "pages"  # the cache alias (settings.CACHES)
_CSRF_FIELD = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
_CSRF_HOLE = "\x00csrf-token\x00"
_STATS_BLOCK = re.compile(re.escape(STATS_START) + r".*?" + re.escape(STATS_END), re.S)
_STATS_HOLE = "\x00visitor-stats\x00"


def page_cache_key(request) -> str:
    query = urlencode(
        sorted((key, value) for key in request.GET for value in request.GET.getlist(key))
    )
    address = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"page:{portal_etag(request)}:{digest}"


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


def _storable(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "")
    if "private" in cache_control or "no-store" in cache_control:
        return False
    storage = getattr(request, "_messages", None)
    return not getattr(storage, "_queued_messages", None)


@fail_open("page cache (read)")
def _load(key):
    return caches[PAGE_CACHE].get(key)


@fail_open("page cache (write)")
def _store(key, entry) -> None:
    caches[PAGE_CACHE].set(key, entry, timeout=settings.PAGE_CACHE_SECONDS)


def _punch_holes(content: str) -> str:
    content = _CSRF_FIELD.sub(lambda m: m.group(1) + _CSRF_HOLE + m.group(2), content)
    return _STATS_BLOCK.sub(_STATS_HOLE, content)


def _fill_holes(request, content: str) -> str:
    if _CSRF_HOLE in content:
        # get_token also has CsrfViewMiddleware send this reader's CSRF cookie.
        content = content.replace(_CSRF_HOLE, get_token(request))
    if _STATS_HOLE in content:
        content = content.replace(_STATS_HOLE, render_visitor_stats())
    return content


def cached_dispatch(dispatch):
    """Wraps a view's dispatch with the page cache (see the module's docstring)."""

    @functools.wraps(dispatch)
    def wrapper(self, request, *args, **kwargs):
        if not page_cache_applies(self, request):
            return dispatch(self, request, *args, **kwargs)
        key = page_cache_key(request)
        entry = _load(key)
        if entry is not None:
            if entry["article"] is not None:
                from .readers import count_article_view

                count_article_view(request, entry["article"])
            content = _fill_holes(request, entry["content"])
            response = HttpResponse(content, content_type=entry["content_type"])
            response["X-Page-Cache"] = "hit"
            return response
        response = dispatch(self, request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response.render()
        if _storable(request, response):
            charset = response.charset
            entry = {
                "content": _punch_holes(response.content.decode(charset)),
                "content_type": response["Content-Type"],
                "article": getattr(self, "counted_article_id", None),
            }
            _store(key, entry)
            response["X-Page-Cache"] = "miss"
        return response

    return wrapper


public_page = [
    condition(etag_func=portal_etag, last_modified_func=portal_last_modified),
    cache_control(no_cache=True),
]


def public_page_view(view_class):
    """Class decorator for the public views: the page cache inside conditional GET."""
    view_class.dispatch = cached_dispatch(view_class.dispatch)
    for decorator in public_page:
        view_class = method_decorator(decorator, name="dispatch")(view_class)
    return view_class
