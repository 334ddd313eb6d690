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
from functools import cache

from django.db import connection, models
from django.db.models.fields import NOT_PROVIDED
from django.utils import timezone
from psycopg import sql
from psycopg.types.array import ListDumper
from simple_history.utils import get_change_reason_from_object

from articles.models import Article, ArticleSlugHistory, Event
from articles.models.mentions import VisibilityCopy, copy_visibility_onto, visibility_of
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


class NewRow:
    """A new row nothing points to (a mention, a sighting, an event link), as its model and
    field values (by name, as the model's constructor takes them): a page brings about 30
    of them, and building each as a model instance cost a quarter of the writer's time.
    `instance()` is the model instance where one is needed (bulk_create)."""

    __slots__ = ("model", "values")

    def __init__(self, model, **values) -> None:
        self.model = model
        self.values = values

    def instance(self):
        return self.model(**self.values)


def instances(rows) -> list:
    """`rows` as model instances (NewRow or instances already)."""
    return [row.instance() if isinstance(row, NewRow) else row for row in rows]


# Fields whose Python value psycopg writes as is: no Django conversion needed.
_PLAIN_FIELDS = (
    models.AutoField,
    models.BigAutoField,
    models.BigIntegerField,
    models.BooleanField,
    models.CharField,
    models.DateField,
    models.DateTimeField,
    models.DecimalField,
    models.FloatField,
    models.IntegerField,
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
    models.SlugField,
    models.SmallIntegerField,
    models.TextField,
)


@cache
def _copy_columns(model) -> tuple[list, list]:
    """The columns a COPY of `model`'s new rows fills, and how each value is read: the
    attribute itself for a plain field, the related row's pk for a foreign key not set by
    id, `pre_save` for auto_now fields, Django's conversion for anything else (JSON…)."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    readers = []
    for f in fields:
        if f.is_relation:
            readers.append(("fk", f))
        elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            readers.append(("pre_save", f))
        elif type(f) in _PLAIN_FIELDS:
            readers.append(("plain", f))
        else:
            readers.append(("convert", f))
    return [f.column for f in fields], readers


_EACH_ROW = object()  # a default worked out again for each row


def _constant_default(how: str, f):
    """The value a COPY writes for `f` when a NewRow does not give it, when it is the same
    for every row (a plain default, "", None): worked out once a COPY, not once a row."""
    if how == "pre_save" or callable(f.default) or f.db_default is not NOT_PROVIDED:
        return _EACH_ROW
    value = f.get_default()
    return f.get_db_prep_save(value, connection) if how == "convert" else value


def _new_row_value(values: dict, how: str, f, default=_EACH_ROW):
    """`_copy_value` for a NewRow: a field not given takes its default."""
    if f.name in values:
        value = values[f.name]
        if how == "fk" and value is not None:
            pk = value.pk
            if pk is None:
                raise ValueError(f"{f.name} of a new {f.model.__name__} is not saved yet")
            return pk
    elif f.attname in values:
        value = values[f.attname]
    elif default is not _EACH_ROW:
        return default
    elif how == "pre_save":
        return f.pre_save(f.model(), add=True)
    else:
        value = f.get_default()
    return f.get_db_prep_save(value, connection) if how == "convert" else value


def _copy_value(obj, how: str, f):
    if how == "plain":
        return getattr(obj, f.attname)
    if how == "fk":
        value = getattr(obj, f.attname)
        if value is None and f.is_cached(obj):
            related = f.get_cached_value(obj)
            if related is not None:
                if related.pk is None:
                    raise ValueError(f"{f.name} of a {type(obj).__name__} is not saved yet")
                value = related.pk
                setattr(obj, f.attname, value)
        return value
    if how == "pre_save":
        return f.pre_save(obj, add=True)
    return f.get_db_prep_save(f.pre_save(obj, add=True), connection)


def copy_rows(model, rows: list, *, ignore_conflicts: bool = False, with_ids: bool = False) -> None:
    """Insert new rows of `model` with PostgreSQL's COPY: what `bulk_create` would insert,
    without the ORM's cost per field of each row (about half of the writer's CPU time on
    the rows of a batch).

    `ignore_conflicts`: through a temporary table, then `INSERT … ON CONFLICT DO NOTHING`.
    `with_ids`: the rows (model instances) get their ids from the table's sequence first,
    and are then marked saved, as bulk_create leaves them; otherwise no id is read back
    (nothing points to these rows).
    """
    if issubclass(model, VisibilityCopy):  # what its queryset's bulk_create does
        for row in rows:
            if isinstance(row, NewRow):
                row.values.update(visibility_of(row.values["article"]))
            else:
                copy_visibility_onto([row])
    columns, readers = _copy_columns(model)
    table = sql.Identifier(model._meta.db_table)
    target = sql.Identifier(f"_copy_{model._meta.db_table}") if ignore_conflicts else table
    # Django's cursor: its statements count where queries are counted (the COPY itself is
    # psycopg's, which Django's wrappers do not see).
    with connection.cursor() as cursor:
        if with_ids:
            pk = model._meta.pk
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [model._meta.db_table, pk.column, len(rows)],
            )
            for obj, (new_id,) in zip(rows, cursor.fetchall(), strict=True):
                obj.pk = new_id
            columns, readers = [pk.column, *columns], [("plain", pk), *readers]
        names = sql.SQL(", ").join(map(sql.Identifier, columns))
        if ignore_conflicts:
            cursor.execute(
                sql.SQL(
                    "CREATE TEMP TABLE {} ON COMMIT DROP AS SELECT {} FROM {} WITH NO DATA"
                ).format(target, names, table)
            )
        new_row_readers = [(how, f, _constant_default(how, f)) for how, f in readers]
        with cursor.copy(sql.SQL("COPY {} ({}) FROM STDIN").format(target, names)) as copy:
            for obj in rows:
                if isinstance(obj, NewRow):
                    values = obj.values
                    copy.write_row([_new_row_value(values, *how) for how in new_row_readers])
                else:
                    copy.write_row([_copy_value(obj, how, f) for how, f in readers])
        if ignore_conflicts:
            cursor.execute(
                sql.SQL(
                    "INSERT INTO {} ({}) SELECT {} FROM {} ON CONFLICT DO NOTHING; DROP TABLE {}"
                ).format(table, names, names, target, target)
            )
    if with_ids:
        for obj in rows:
            obj._state.adding, obj._state.db = False, connection.alias


def history_rows(articles: list, user) -> list[NewRow]:
    """The "created" history rows of new articles, as django-simple-history's
    `bulk_history_create(articles, default_user=user)` builds them (it sends no signal)."""
    history = Article.history.model
    tracked = [f.attname for f in history.tracked_fields]
    return [
        NewRow(
            history,
            history_date=getattr(article, "_history_date", None) or timezone.now(),
            history_user=getattr(
                article, "_history_user", user or history.get_default_history_user(article)
            ),
            history_change_reason=get_change_reason_from_object(article) or "",
            history_type="+",
            **{name: getattr(article, name) for name in tracked},
        )
        for article in articles
    ]


@dataclass
class PendingRows:
    """What a batch has built and not yet inserted; `user` signs the history rows."""

    user: object = None
    on_written: Callable[[], None] | None = None  # called after each write()
    units: list[Unit] = field(default_factory=list)
    officials: list[Official] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    # The folded words of a new article's body made in its worker, by id() of the article.
    body_words: dict[int, str] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    # Events already in the database whose lead, host or place a page of the batch set.
    changed_events: dict[int, Event] = field(default_factory=dict)
    rows: dict[type, list] = field(default_factory=dict)
    # Rows that may already exist (event links, sightings): inserted ignoring conflicts.
    links: dict[type, list] = field(default_factory=dict)
    # Outcomes that name an article not yet inserted: they get its id when it is.
    outcomes: list = field(default_factory=list)

    def insert(self, rows, *, ignore_conflicts: bool = False) -> None:
        """Keep `rows` (instances of any model, or NewRow) for the end of the batch."""
        target = self.links if ignore_conflicts else self.rows
        for row in rows:
            if row is not None:
                model = row.model if isinstance(row, NewRow) else type(row)
                target.setdefault(model, []).append(row)

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
            self._insert_parents(Official, self.officials)
        if self.positions:
            self._insert_parents(Position, self.positions)
        if self.articles:
            self._write_articles()
        if self.events:
            slugs = unique_slugs(Event, [event.slug_label for event in self.events])
            for event, slug in zip(self.events, slugs, strict=True):
                event.slug = slug
                event.search_key = fold(f"{event.title} {event.location} {event.summary}")
            self._insert_parents(Event, self.events)
        for event in self.changed_events.values():
            event.save()
        for model, rows in self.rows.items():
            self._insert_leaves(model, rows)
        for model, rows in self.links.items():
            self._insert_leaves(model, rows, ignore_conflicts=True)
        for outcome, article in self.outcomes:
            outcome.article_id = article.pk
        self.__init__(user=self.user, on_written=self.on_written)
        if self.on_written is not None:
            self.on_written()

    @staticmethod
    def _insert_parents(model, rows: list) -> None:
        """New rows others point to (model instances, given their ids): COPY on PostgreSQL,
        bulk_create elsewhere. Either way the page cache's generation moves on commit (the
        importer's pages bump it)."""
        if connection.vendor == "postgresql":
            copy_rows(model, rows, with_ids=True)
        else:
            model.objects.bulk_create(rows)

    @staticmethod
    def _insert_leaves(model, rows: list, *, ignore_conflicts: bool = False) -> None:
        """Rows nothing points to: COPY on PostgreSQL, bulk_create elsewhere."""
        if connection.vendor == "postgresql":
            copy_rows(model, rows, ignore_conflicts=ignore_conflicts)
        else:
            model.objects.bulk_create(instances(rows), ignore_conflicts=ignore_conflicts)

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
            self._insert_parents(Unit, ready)
            waiting = [u for u in waiting if u.pk is None]

    def _write_articles(self) -> None:
        articles = self.articles
        slugs = unique_slugs(Article, [article.title for article in articles])
        for article, slug in zip(articles, slugs, strict=True):
            article.slug = article.slug or slug
            # The importer's body is `body_html()`'s, sanitised already (in a worker).
            article.derive_stored_fields(
                sanitised=True, body_words=self.body_words.get(id(article))
            )
        self._insert_parents(Article, articles)
        # A new article's slug is nobody's old address any more (as `Article.save()` does).
        ArticleSlugHistory.objects.filter(slug__in=[a.slug for a in articles]).delete()
        for article in articles:
            article.mark_stored()
        if connection.vendor == "postgresql":
            copy_rows(Article.history.model, history_rows(articles, self.user))
        else:
            Article.history.bulk_history_create(articles, default_user=self.user)
