"""Conditional GET for the public pages: Last-Modified from one cheap query.

Why conditional GET and not a per-page cache: a scheduled article appears when its publish
time passes and an expiring one disappears when its time passes, with no save and therefore
no signal to invalidate a cache with. Here the "last modified" moment is computed on every
request from the data itself, so it moves forward at exactly those moments:

* the latest `updated_at` of articles, categories, events, units, officials and the portal
  settings (any edit, publish, unpublish or delete-by-status bumps one of them; mentions,
  captions, positions, tags and event links touch their article or official through
  `articles.signals`);
* the latest `published_at` that is already in the past (a scheduled article going live);
* the latest `expires_at` that is already in the past (an article expiring);
* today's local midnight (the home page's "upcoming events" change with the date).

The browser (or a proxy) keeps the page and asks again with If-None-Match / If-Modified-Since;
the answer is a 304 after that one query, or the page. `Cache-Control: no-cache` makes it
always ask. The ETag carries the same moment to the microsecond (Last-Modified has whole
seconds only).
"""

from __future__ import annotations

import datetime

from django.db.models import Max, Q, Value
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition

from articles.models import Article, Category, Event
from newsroom.models import PortalSettings
from people.models import Official, Unit

# Models whose latest `updated_at` bounds what any public page shows (besides Article).
TOUCHED_MODELS = [Category, Event, PortalSettings, Unit, Official]


def _max_query(model, field: str, condition_q: Q | None = None):
    queryset = model._default_manager.order_by()
    if condition_q is not None:
        queryset = queryset.filter(condition_q)
    # A constant "group" turns the aggregate into a one-row queryset that UNION accepts.
    return queryset.annotate(group=Value(1)).values("group").annotate(moment=Max(field))


def _compute_last_modified() -> datetime.datetime:
    now = timezone.now()
    parts = [
        _max_query(Article, "updated_at"),
        _max_query(Article, "published_at", Q(published_at__lte=now)),
        _max_query(Article, "expires_at", Q(expires_at__lte=now)),
    ]
    parts += [_max_query(model, "updated_at") for model in TOUCHED_MODELS]
    union = parts[0].union(*parts[1:], all=True)
    moments = [row["moment"] for row in union if row["moment"] is not None]
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


public_page = [
    condition(etag_func=portal_etag, last_modified_func=portal_last_modified),
    cache_control(no_cache=True),
]


def public_page_view(view_class):
    """Class decorator for the public views: conditional GET on every request."""
    for decorator in public_page:
        view_class = method_decorator(decorator, name="dispatch")(view_class)
    return view_class
