"""The page cache's generation counter: one number that every write to public data moves.

The page cache (articles/views/caching.py) keeps a "portal clock" in the cache: the portal's
last-modified moment, computed by one query, with the generation it was computed under and
the moment until which it stays right by itself. A clock is trusted only while the generation
has not moved, so every write through Django that can change a public page calls
`bump_on_commit()`: the model signals of our apps (articles.signals), the QuerySet of every
model a public page shows (`GenerationQuerySet`: update, bulk_create, bulk_update) and the
raw-SQL bulk writers (the importer, generate_corpus). The counter moves when the transaction
commits, never before: a reader that read the old generation and then the database before the
commit stores a clock under the old generation, which the bump then makes worthless.

Writes that bypass Django (raw SQL, psql, another program) move no counter: the clock then
stays until it expires (PAGE_CLOCK_MAX_SECONDS, 60 by default), which bounds how long such a
write can go unseen.
"""

from __future__ import annotations

import time

from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction

from . import fastredis
from .failopen import fail_open

PAGE_CACHE = "pages"  # the cache alias (settings.CACHES)
GENERATION_KEY = "page-generation"


def _first_generation() -> int:
    # A counter that vanished (evicted, Redis restarted) starts again above every value it
    # could have held before, so an old clock can never match it by chance.
    return time.time_ns() // 1000


@fail_open("page cache (generation)")
def bump() -> None:
    """Move the generation now: every stored clock becomes worthless."""
    cache = caches[PAGE_CACHE]
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no counter yet (or it expired): a fresh, larger one
        if not cache.add(GENERATION_KEY, _first_generation(), timeout=None):
            cache.incr(GENERATION_KEY)
    # This process's hits do not wait for Redis's message about it (newsroom.fastredis).
    fastredis.forget_tracked()


def bump_on_commit(using: str = DEFAULT_DB_ALIAS) -> None:
    """Move the generation when the current transaction commits (at once outside one).

    Registered once per transaction however many rows it writes (an import batch saves
    thousands); a callback of a rolled-back savepoint is dropped by Django, so the next
    write registers again."""
    connection = connections[using]
    if connection.in_atomic_block and any(entry[1] is bump for entry in connection.run_on_commit):
        return
    transaction.on_commit(bump, using=using, robust=True)


@fail_open("page cache (generation)")
def current() -> int | None:
    return caches[PAGE_CACHE].get(GENERATION_KEY)


class GenerationQuerySet(models.QuerySet):
    """The QuerySet of every model a public page shows: its bulk writes move the generation.

    Django sends no signal for `update()`, `bulk_create()` or `bulk_update()`, so the model
    signals (articles.signals) miss them: an admin action confirming mentions or a merge moving
    events to another official would stay unseen until the clock expires. Writes of only
    `counter_fields` (the readers' counters, shown on pages whose age PAGE_CACHE_SECONDS bounds
    anyway) leave the generation where it is. A test holds every public model to this class.
    """

    counter_fields: frozenset[str] = frozenset()

    def update(self, **kwargs):
        if not self.counter_fields.issuperset(kwargs):
            bump_on_commit(self.db)
        return super().update(**kwargs)

    def bulk_create(self, objs, *args, **kwargs):
        objs = super().bulk_create(objs, *args, **kwargs)
        if objs:
            bump_on_commit(self.db)
        return objs

    def bulk_update(self, objs, fields, *args, **kwargs):
        if objs and not self.counter_fields.issuperset(fields):
            bump_on_commit(self.db)
        return super().bulk_update(objs, fields, *args, **kwargs)
