"""Article views counted in Redis and written to the database in one statement per flush.

A first view in a reading session (articles.views.readers.count_article_view) is one HINCRBY
on a hash of pending views, field = article id; a page-cache hit does it inside its own script
(`VIEW_LUA`, run by articles.views.caching), so an article hit stays one round trip. At most
once a minute the visitor statistics' flush (newsroom.visitors, which also runs
`manage.py flush_visitor_stats`) calls `flush()`:

1. one script claims the pending hash by RENAME to a batch key of its own, and any batch whose
   lease has passed (left by a flush that crashed), recording for each batch the claim's token
   and lease in Redis;
2. one `UPDATE ... FROM (VALUES ...)` adds the claimed counts (per 5,000 articles), in a
   transaction;
3. before the commit, a second script deletes the batches, but only if this flush still holds
   every claim (a flush slower than the lease has lost them to another one: it rolls back and
   the other one writes them). Redis down at that step rolls back too; the batch waits for the
   next flush.

So two flushes at once never write the same batch twice, and a batch is only ever lost if the
database fails to commit after Redis has let it go. The update is raw SQL on a counter column:
it sends no signal and does not move the page cache's generation (newsroom.pageclock), as
readers' counters never do.

Without Redis (the file cache, tests' local memory) or when Redis does not answer, the
buffer is a narrow table instead (articles.models.PendingViews): a view is one upsert of
`views + 1` on a two-column row, and the same flush adds those rows to the articles and deletes
them in one transaction. The article row itself is never written per view: it is wide, indexed
on view_count and carries stored search columns, so an `UPDATE ... view_count + 1` on it costs
~15 ms on PostgreSQL at 100,000 articles against well under 1 ms for the upsert. What readers
and editors see may lag by up to a flush interval (a minute) either way.
"""

from __future__ import annotations

import time
import uuid

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import connections, router, transaction

from articles.models import Article, PendingViews
from newsroom import fastredis
from newsroom.failopen import CACHE_ERRORS, warn_once

PENDING_KEY = "article-views:pending"
LEASES_KEY = "article-views:leases"  # sorted set: batch key -> lease end (unix time)
OWNERS_KEY = "article-views:owners"  # hash: batch key -> token of the flush holding it
BATCH_PREFIX = "article-views:batch:"
LEASE_SECONDS = 300  # a flush takes milliseconds; one this late is taken for crashed
CHUNK = 5000  # articles per UPDATE (10,000 parameters)

# One view of article `view_id` when `count_view`; KEYS[o+1] is the pending hash. The page cache
# runs these lines inside its hit script, with its own `view_id` and `count_view`.
VIEW_LUA = """
if count_view then redis.call('HINCRBY', KEYS[o+1], view_id, 1) end
"""
_VIEW_SCRIPT = "local o, view_id, count_view = 0, ARGV[1], true\n" + VIEW_LUA

# KEYS: pending, leases, owners, the new batch key. ARGV: now, lease end, token.
_CLAIM_SCRIPT = """
local claimed = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1])
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('RENAME', KEYS[1], KEYS[4])
  table.insert(claimed, KEYS[4])
end
local out = {}
for _, key in ipairs(claimed) do
  redis.call('ZADD', KEYS[2], ARGV[2], key)
  redis.call('HSET', KEYS[3], key, ARGV[3])
  table.insert(out, key)
  table.insert(out, redis.call('HGETALL', key))
end
return out
"""

# KEYS: leases, owners, then the batches. ARGV: token. 1 if all were still ours (now deleted).
_RELEASE_SCRIPT = """
for i = 3, #KEYS do
  if redis.call('HGET', KEYS[2], KEYS[i]) ~= ARGV[1] then return 0 end
end
for i = 3, #KEYS do
  redis.call('DEL', KEYS[i])
  redis.call('ZREM', KEYS[1], KEYS[i])
  redis.call('HDEL', KEYS[2], KEYS[i])
end
return 1
"""


class ClaimLost(Exception):
    """Another flush took this flush's batches over (its lease ran out): it writes them."""


def buffered() -> bool:
    """True when views are buffered: the default cache is Redis (False when the cache cannot
    even be opened, e.g. an unusable CACHE_DIR)."""
    try:
        return isinstance(caches["default"], RedisCache)
    except CACHE_ERRORS:
        return False


def pending_key() -> str:
    """The pending hash's key as Redis knows it (with the cache's prefix and version)."""
    return caches["default"].make_key(PENDING_KEY)


def buffer_in_database(article_id: int, count: int = 1) -> None:
    """One upsert on the pending views' row (a counter: the page cache's generation stays)."""
    table = PendingViews._meta.db_table
    with connections[router.db_for_write(PendingViews)].cursor() as cursor:
        # ON CONFLICT ... DO UPDATE: PostgreSQL, and SQLite since 3.24.
        cursor.execute(
            f'INSERT INTO "{table}" (article_id, views) VALUES (%s, %s) '
            f'ON CONFLICT (article_id) DO UPDATE SET views = "{table}".views + excluded.views',
            [article_id, count],
        )


def count_view(article_id: int) -> None:
    """One view: an HINCRBY on Redis, else (or if Redis does not answer) a database upsert."""
    if buffered():
        try:
            backend = caches["default"]
            fastredis.run_script(backend, _VIEW_SCRIPT, keys=[pending_key()], args=[article_id])
            return
        except CACHE_ERRORS as error:
            warn_once("article views (buffer)", type(error).__name__)
    buffer_in_database(article_id)


def pending() -> dict[int, int]:
    """Views counted but not yet written (Redis's pending hash and the database's buffer)."""
    counts = dict(PendingViews.objects.values_list("article_id", "views"))
    if buffered():
        client = fastredis.client_of(caches["default"])
        for key, value in client.hgetall(pending_key()).items():
            counts[int(key)] = counts.get(int(key), 0) + int(value)
    return counts


def _write(counts: dict[int, int]) -> None:
    table = Article._meta.db_table
    alias = router.db_for_write(Article)
    items = sorted(counts.items())
    with connections[alias].cursor() as cursor:
        for start in range(0, len(items), CHUNK):
            chunk = items[start : start + CHUNK]
            rows = ", ".join(["(%s, %s)"] * len(chunk))
            # A CTE names the VALUES columns the same way on PostgreSQL and SQLite (>= 3.33).
            cursor.execute(
                f"WITH v(id, n) AS (VALUES {rows}) "
                f'UPDATE "{table}" SET view_count = "{table}".view_count + v.n '
                f'FROM v WHERE "{table}".id = v.id',
                [value for pair in chunk for value in pair],
            )


def flush(*, now: float | None = None) -> int:
    """Write the pending views (the database's buffer, then Redis's and any batch a crashed
    flush left there); returns how many views.

    Raises a cache error when Redis does not answer (the database's buffer is written then,
    Redis's waits), and ClaimLost when another flush took Redis's batches over."""
    written = flush_database_buffer()
    if buffered():
        written += _flush_redis(now=time.time() if now is None else now)
    return written


def flush_database_buffer() -> int:
    """Add the pending views' rows to their articles and delete them, in one transaction.

    The DELETE takes the rows' locks: a view counted meanwhile waits for the commit, then
    finds its row gone and inserts a new one, so no view is lost or counted twice, and two
    flushes at once find the rows only once."""
    table = PendingViews._meta.db_table
    alias = router.db_for_write(PendingViews)
    with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
        cursor.execute(f'DELETE FROM "{table}" RETURNING article_id, views')
        counts = dict(cursor.fetchall())
        if counts:
            _write(counts)
    return sum(counts.values())


def _flush_redis(*, now: float) -> int:
    backend = caches["default"]
    token = uuid.uuid4().hex
    batch = backend.make_key(f"{BATCH_PREFIX}{token}")
    leases, owners = backend.make_key(LEASES_KEY), backend.make_key(OWNERS_KEY)
    reply = fastredis.run_script(
        backend,
        _CLAIM_SCRIPT,
        keys=[pending_key(), leases, owners, batch],
        args=[now, now + LEASE_SECONDS, token],
    )
    batches, counts = [], {}
    for key, fields in zip(reply[::2], reply[1::2], strict=True):
        batches.append(key)
        for article_id, views in zip(fields[::2], fields[1::2], strict=True):
            counts[int(article_id)] = counts.get(int(article_id), 0) + int(views)
    if not batches:
        return 0
    with transaction.atomic(using=router.db_for_write(Article)):
        _write(counts)
        # Let go of the batches before the commit: a failure here rolls the UPDATE back.
        released = fastredis.run_script(
            backend, _RELEASE_SCRIPT, keys=[leases, owners, *batches], args=[token]
        )
        if not released:
            raise ClaimLost(batches)
    return sum(counts.values())
