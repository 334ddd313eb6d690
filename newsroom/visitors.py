"""Visitor statistics (online now, today, this month, total), counted in the cache.

A page view costs a few cache operations and no database query. The counts are approximate,
by design and as on the portals that show them:

- **Online now**: distinct reading sessions seen in the current five-minute window, plus the
  previous window's count weighted by how much of it still lies within the last five minutes
  (the usual sliding-window estimate). A reader active across both windows may count twice
  for up to five minutes.
- **Visits** (today, this month, total): a visit is a new reading session (the browser-session
  cookie of `newsroom.readers`). New visits are added to a per-day counter in the cache; at
  most once a minute a request moves the pending counts into `VisitorCount` rows (one UPDATE
  with F() per day) and reloads the database totals into the cache. The figures shown are
  the database totals plus what is pending. If the cache is wiped (without Redis, a cleared
  cache directory), up to a minute of visits is lost and the totals reappear at the next flush.
- Clients that announce themselves as robots are not counted; clients without cookies count
  as a new visit on each page, which the throttled admin and robots rules keep rare.

Without a working cache (Redis down, unwritable CACHE_DIR) nothing is counted and the block
says so; pages are served as usual (newsroom.failopen).

The flush a request finds due runs after its response has been sent (`flush_after_response`,
on `request_finished`, which the WSGI server sends once it has written the body): the reader
whose visit falls on the minute does not wait for the writes.

`manage.py flush_visitor_stats` runs the same flush (for a cron job, or before a deploy).
The flush also sends `counters_flushing`, so that other counters buffered in the cache are
written at the same pace (articles.signals connects the article views' flush).
"""

from __future__ import annotations

import datetime
import threading
import time

from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.core.signals import request_finished
from django.db import transaction
from django.db.models import F, Q, Sum
from django.dispatch import Signal
from django.utils import timezone

from . import fastredis
from .failopen import fail_open

ONLINE_WINDOW = 300  # seconds
FLUSH_EVERY = 60  # seconds
_KEEP = 3 * 24 * 3600  # pending day counters survive a quiet weekend without a flush

FLUSHED_AT = "visitors:flushed-at"
FLUSH_LOCK = "visitors:flush-lock"
BASELINE = "visitors:baseline"

# Sent by every flush (keyword `now`); a receiver returns a line for the flush command, or None.
counters_flushing = Signal()


def _pending_key(day: datetime.date) -> str:
    return f"visitors:pending:{day.isoformat()}"


def _incr(key: str, timeout: int, delta: int = 1) -> None:
    if not cache.add(key, delta, timeout=timeout):
        try:
            cache.incr(key, delta)
        except ValueError:  # expired in between
            cache.set(key, delta, timeout=timeout)


# A page view on Redis in one round trip: the session seen in this window (and if it is new
# there, one more online), and one more pending visit for a new session. Counters get their
# expiry when they are created, as `_incr` does. KEYS[o+1..o+3] and ARGV[a+1..a+3] are those
# of `record_keys_and_args`; the page cache runs the same lines inside its own script.
RECORD_LUA = """
if redis.call('SET', KEYS[o+1], 1, 'NX', 'EX', ARGV[a+1]) then
  if redis.call('INCR', KEYS[o+2]) == 1 then redis.call('EXPIRE', KEYS[o+2], ARGV[a+1]) end
end
if ARGV[a+2] == '1' then
  if redis.call('INCR', KEYS[o+3]) == 1 then redis.call('EXPIRE', KEYS[o+3], ARGV[a+3]) end
end
"""
_RECORD_SCRIPT = "local o, a = 0, 0\n" + RECORD_LUA


def record_keys_and_args(reader, now: float) -> tuple[list[str], list]:
    """The Redis keys (made) and arguments of RECORD_LUA for one page view by `reader`."""
    backend = caches["default"]
    window = int(now // ONLINE_WINDOW)
    fixed = _window_keys.get((window, backend))
    if fixed is None:
        # The portal's day never changes inside a window: time zones are whole quarters of an
        # hour from UTC, and a window is five minutes from the epoch's start.
        fixed = (
            backend.make_key(f"visitors:online:{window}"),
            backend.make_key(_pending_key(_local_date(now))),
        )
        if len(_window_keys) > 8:
            _window_keys.clear()
        _window_keys[(window, backend)] = fixed
    keys = [backend.make_key(f"visitors:seen:{window}:{reader.session_key}"), *fixed]
    return keys, [2 * ONLINE_WINDOW + 10, "1" if reader.new_session else "0", _KEEP]


_window_keys: dict[tuple, tuple[str, str]] = {}


@fail_open("visitor counting")
def record(
    reader,
    *,
    now: float | None = None,
    prefetched: dict | None = None,
    counted: bool = False,
    in_request: bool = False,
) -> None:
    """Count one page view by `reader` (a `newsroom.readers.Reader`).

    `prefetched`: the values of `stats_keys(now)` already read (the page cache reads them
    with the page, in the same round trip); on Redis the view is then counted in one more
    round trip, or in none when `counted` (the page cache's script counted it with the read),
    and the flush is only looked at when its minute has passed. `in_request`: a due flush
    waits until the response has been sent (flush_after_response)."""
    now = time.time() if now is None else now
    flush = flush_after_response if in_request else maybe_flush
    if prefetched is not None and isinstance(caches["default"], RedisCache):
        if not counted:
            _record_on_redis(reader, now=now)
        flushed_at = prefetched.get(FLUSHED_AT)
        if flushed_at is None or now - flushed_at >= FLUSH_EVERY:
            flush(now=now)
        return
    window = int(now // ONLINE_WINDOW)
    keep = 2 * ONLINE_WINDOW + 10
    if cache.add(f"visitors:seen:{window}:{reader.session_key}", 1, timeout=keep):
        _incr(f"visitors:online:{window}", keep)
    if reader.new_session:
        _incr(_pending_key(_local_date(now)), _KEEP)
    flush(now=now)


_due = threading.local()


def flush_after_response(*, now: float) -> None:
    """maybe_flush(now), once this thread's response has been sent (request_finished)."""
    _due.now = now


@fail_open("visitor statistics (flush)")
def _flush_if_due(**kwargs) -> None:
    now = getattr(_due, "now", None)
    if now is not None:
        _due.now = None
        maybe_flush(now=now)


request_finished.connect(_flush_if_due, dispatch_uid="visitors-flush-after-response")


def _record_on_redis(reader, *, now: float) -> None:
    from .fastredis import run_script

    keys, args = record_keys_and_args(reader, now)
    run_script(caches["default"], _RECORD_SCRIPT, keys=keys, args=args)


def _local_date(now: float) -> datetime.date:
    # The portal's own day (TIME_ZONE), whatever time zone a request may have activated.
    return datetime.datetime.fromtimestamp(now, tz=timezone.get_default_timezone()).date()


def online(*, now: float | None = None) -> int:
    now = time.time() if now is None else now
    window = int(now // ONLINE_WINDOW)
    return _online_from(
        cache.get_many([f"visitors:online:{window}", f"visitors:online:{window - 1}"]), now
    )


def _online_from(values: dict, now: float) -> int:
    window = int(now // ONLINE_WINDOW)
    keys = [f"visitors:online:{window}", f"visitors:online:{window - 1}"]
    current, previous = (values.get(key) or 0 for key in keys)
    elapsed = (now % ONLINE_WINDOW) / ONLINE_WINDOW
    return current + round(previous * (1 - elapsed))


def maybe_flush(*, now: float) -> bool:
    """Flush when the last flush is over a minute old; True if this call flushed."""
    flushed_at = cache.get(FLUSHED_AT)
    if flushed_at is None:
        # A fresh cache: start the clock, do not touch the database in this request.
        cache.add(FLUSHED_AT, now, timeout=None)
        return False
    if now - flushed_at < FLUSH_EVERY or not cache.add(FLUSH_LOCK, 1, timeout=30):
        return False
    try:
        flush(now=now)
    finally:
        cache.delete(FLUSH_LOCK)
    return True


def flush(*, now: float | None = None, reports: list[str] | None = None) -> dict:
    """Move pending visits into the database and reload the totals into the cache; then let
    the other buffered counters flush (their lines are appended to `reports`)."""
    from .models import VisitorCount

    fastredis.send_batches()  # the page-cache hits' counts gathered in this process
    now = time.time() if now is None else now
    today = _local_date(now)
    for day in (today - datetime.timedelta(days=2), today - datetime.timedelta(days=1), today):
        key = _pending_key(day)
        pending = cache.get(key) or 0
        if not pending:
            continue
        with transaction.atomic():
            updated = VisitorCount.objects.filter(day=day).update(visits=F("visits") + pending)
            if not updated:
                VisitorCount.objects.create(day=day, visits=pending)
        _incr(key, _KEEP, delta=-pending)
    baseline = _baseline_from_database(today)
    cache.set(BASELINE, baseline, timeout=None)
    cache.set(FLUSHED_AT, now, timeout=None)
    for _, line in counters_flushing.send(sender=None, now=now):
        if line is not None and reports is not None:
            reports.append(line)
    fastredis.forget_tracked()  # the hits' copies of the counters are now old
    return baseline


def _baseline_from_database(today: datetime.date) -> dict:
    from .models import VisitorCount

    rows = VisitorCount.objects.aggregate(
        total=Sum("visits"),
        month=Sum("visits", filter=Q(day__gte=today.replace(day=1), day__lte=today)),
        today=Sum("visits", filter=Q(day=today)),
    )
    return {
        "day": today.isoformat(),
        "today": rows["today"] or 0,
        "month": rows["month"] or 0,
        "total": rows["total"] or 0,
    }


def stats_keys(now: float) -> list[str]:
    """The cache keys `stats` and `record` read, for a caller that reads them in one go."""
    today = _local_date(now)
    window = int(now // ONLINE_WINDOW)
    return [
        BASELINE,
        _pending_key(today),
        _pending_key(today - datetime.timedelta(days=1)),
        f"visitors:online:{window}",
        f"visitors:online:{window - 1}",
        FLUSHED_AT,
    ]


@fail_open("visitor statistics")
def stats(*, now: float | None = None, prefetched: dict | None = None) -> dict | None:
    """What the block shows: online, today, month, total (cache reads only); None when the
    cache does not answer (the block then says the figures are being updated). With
    `prefetched` (the values of `stats_keys(now)`), no cache read at all."""
    now = time.time() if now is None else now
    today = _local_date(now)
    yesterday = today - datetime.timedelta(days=1)
    if prefetched is not None:
        values = prefetched
        online_now = _online_from(values, now)
    else:
        fastredis.send_batches()
        values = cache.get_many([BASELINE, _pending_key(today), _pending_key(yesterday)])
        online_now = online(now=now)
    pending_today = values.get(_pending_key(today), 0)
    pending_yesterday = values.get(_pending_key(yesterday), 0)
    base = values.get(BASELINE) or {"day": "", "today": 0, "month": 0, "total": 0}
    base_day = datetime.date.fromisoformat(base["day"]) if base["day"] else None
    base_today = base["today"] if base_day == today else 0
    same_month_as_base = base_day is not None and base_day.replace(day=1) == today.replace(day=1)
    base_month = base["month"] if same_month_as_base else 0
    same_month = yesterday.month == today.month
    return {
        # The reader looking at the block is online too (it is drawn before the view is counted).
        "online": max(online_now, 1),
        "today": base_today + pending_today,
        "month": base_month + pending_today + (pending_yesterday if same_month else 0),
        "total": base["total"] + pending_today + pending_yesterday,
    }
