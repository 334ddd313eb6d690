"""The rows of an import batch, inserted in bulk when the batch ends.

While `Importer` writes a batch at once (service.py), a new article, and every new official,
position and event its page brings, is built in memory and kept here; the rows hanging off
them (mentions, sightings, captions, authors, provenance, event links…) too. `write()` then
inserts them table by table, parents first, a handful of statements for the whole batch,
inside the batch's transaction: if it fails, nothing of the batch is written and the
importer writes it again page by page.

Each insert does what the model's `save()` would have done: slugs numbered as one save after
another would number them (`newsroom.slugs.unique_slugs`), derived fields, history rows, and
the signal receivers' touches (see articles.signals), which the resolution code calls itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection
from psycopg.types.array import ListDumper

from articles.models import Article, ArticleSlugHistory, Event
from newsroom.slugs import unique_slugs
from newsroom.text import fold, name_key
from people.models import Official, Position, Unit


class _ReplaceEscape:
    """What psycopg's `ListDumper._re_esc.sub` does to an array element (a backslash before
    each double quote and backslash), with two `bytes.replace` instead of a regular
    expression whose template is expanded at every match."""

    @staticmethod
    def sub(_template: bytes, item: bytes) -> bytes:
        return item.replace(b"\\", b"\\\\").replace(b'"', b'\\"')


class FastListDumper(ListDumper):
    """psycopg's text-array dumper, same bytes, faster escaping.

    Django 5.2 inserts a bulk_create on PostgreSQL as `UNNEST` of one array per column, and
    psycopg escapes each element with a regular expression: a page's JSON (its provenance,
    its import snapshot) has thousands of quotes, and escaping them cost about 1 ms per
    5 kB, more than everything else the batch's insert does.
    """

    _re_esc = _ReplaceEscape()


def use_fast_array_dumper() -> None:
    """Register FastListDumper on the database connection (PostgreSQL only; idempotent)."""
    if connection.vendor != "postgresql":
        return
    connection.ensure_connection()
    adapters = connection.connection.adapters
    if adapters.get_dumper(list, "t") is not FastListDumper:
        adapters.register_dumper(list, FastListDumper)


@dataclass
class PendingRows:
    """What a batch has built and not yet inserted; `user` signs the history rows."""

    user: object = None
    on_written: Callable[[], None] | None = None  # called after each write()
    units: list[Unit] = field(default_factory=list)
    officials: list[Official] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    # Events already in the database whose lead, host or place a page of the batch set.
    changed_events: dict[int, Event] = field(default_factory=dict)
    rows: dict[type, list] = field(default_factory=dict)
    # Rows that may already exist (event links, sightings): inserted ignoring conflicts.
    links: dict[type, list] = field(default_factory=dict)
    # Outcomes that name an article not yet inserted: they get its id when it is.
    outcomes: list = field(default_factory=list)

    def insert(self, rows, *, ignore_conflicts: bool = False) -> None:
        """Keep `rows` (of any model) for the end of the batch."""
        target = self.links if ignore_conflicts else self.rows
        for row in rows:
            if row is not None:
                target.setdefault(type(row), []).append(row)

    def holds_article(self, fingerprint: str) -> bool:
        return any(article.fingerprint == fingerprint for article in self.articles)

    def write(self) -> None:
        """Insert everything held so far, parents before the rows that point to them."""
        use_fast_array_dumper()
        if self.units:
            self._write_units()
        if self.officials:
            slugs = unique_slugs(Official, [official.name for official in self.officials])
            for official, slug in zip(self.officials, slugs, strict=True):
                official.name_key = name_key(official.name)
                official.search_key = fold(official.name)
                official.slug = slug
            Official.objects.bulk_create(self.officials)
        if self.positions:
            Position.objects.bulk_create(self.positions)
        if self.articles:
            self._write_articles()
        if self.events:
            slugs = unique_slugs(Event, [event.slug_label for event in self.events])
            for event, slug in zip(self.events, slugs, strict=True):
                event.slug = slug
                event.search_key = fold(f"{event.title} {event.location} {event.summary}")
            Event.objects.bulk_create(self.events)
        for event in self.changed_events.values():
            event.save()
        for model, rows in self.rows.items():
            model.objects.bulk_create(rows)
        for model, rows in self.links.items():
            model.objects.bulk_create(rows, ignore_conflicts=True)
        for outcome, article in self.outcomes:
            outcome.article_id = article.pk
        self.__init__(user=self.user, on_written=self.on_written)
        if self.on_written is not None:
            self.on_written()

    def _write_units(self) -> None:
        slugs = unique_slugs(Unit, [unit.name for unit in self.units])
        for unit, slug in zip(self.units, slugs, strict=True):
            unit.slug = slug
        # A parent before its children: a level at a time (a parent is never new after
        # its child, but a new child may have a new parent).
        waiting = self.units
        while waiting:
            ready = [u for u in waiting if u.parent is None or u.parent.pk is not None]
            if not ready:
                raise ValueError("new units whose parents are never inserted")
            Unit.objects.bulk_create(ready)
            waiting = [u for u in waiting if u.pk is None]

    def _write_articles(self) -> None:
        articles = self.articles
        slugs = unique_slugs(Article, [article.title for article in articles])
        for article, slug in zip(articles, slugs, strict=True):
            article.slug = article.slug or slug
            # The importer's body is `body_html()`'s, sanitised already (in a worker).
            article.derive_stored_fields(sanitised=True)
        Article.objects.bulk_create(articles)
        # A new article's slug is nobody's old address any more (as `Article.save()` does).
        ArticleSlugHistory.objects.filter(slug__in=[a.slug for a in articles]).delete()
        for article in articles:
            article.mark_stored()
        Article.history.bulk_history_create(articles, default_user=self.user)
