"""Reads for the public pages, each a fixed number of queries whatever the data size.

Everything a reader sees goes through `Article.objects.published()`: drafts, articles in
review, archived, scheduled and expired articles never reach a page, a list, a count or a
related list. Events, officials and units that only unpublished articles know about are
hidden too (`public_events`, `public_officials`, `public_units`), and so are authors and
tags that no published article carries (`public_authors`, `public_tags`).
"""

from __future__ import annotations

import datetime
import operator
from collections import defaultdict
from dataclasses import dataclass, field
from functools import reduce

from django.db import connections
from django.db.models import (
    Case,
    Count,
    DateTimeField,
    Exists,
    F,
    IntegerField,
    JSONField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, NullIf
from django.db.models.lookups import IsNull
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from people.models import Official, Position, Unit
from people.selectors import leader_sort_key, rank_order

from .models import (
    Article,
    ArticleAuthor,
    Author,
    Category,
    Event,
    OfficialMention,
    PositionSighting,
    UnitMention,
    published_q,
    visible_now_q,
)
from .models.article import LISTING_DEFERRED

# --- categories -------------------------------------------------------------------------


@dataclass
class CategoryTree:
    """All categories, loaded once; parents, children and descendants computed in Python."""

    categories: list[Category]
    by_pk: dict[int, Category] = field(init=False)
    children: dict[int | None, list[Category]] = field(init=False)

    def __post_init__(self):
        self.by_pk = {category.pk: category for category in self.categories}
        self.children = defaultdict(list)
        for category in self.categories:
            parent = category.parent_id if category.parent_id in self.by_pk else None
            self.children[parent].append(category)

    @classmethod
    def load(cls) -> CategoryTree:
        return cls(list(Category.objects.order_by("order", "name")))

    def descendant_ids(self, category: Category) -> list[int]:
        """The category and every category below it (safe against an editor's cycle)."""
        found, stack = [], [category.pk]
        while stack:
            pk = stack.pop()
            if pk in found:
                continue
            found.append(pk)
            stack.extend(child.pk for child in self.children.get(pk, []))
        return found

    def ancestors(self, category: Category) -> list[Category]:
        """From the top-level category down to the parent of `category`."""
        chain, seen, pk = [], {category.pk}, category.parent_id
        while pk in self.by_pk and pk not in seen:
            seen.add(pk)
            chain.append(self.by_pk[pk])
            pk = self.by_pk[pk].parent_id
        return list(reversed(chain))

    def menu(self) -> list[Category]:
        return [category for category in self.children.get(None, []) if category.in_menu]


def category_blocks(tree: CategoryTree, *, per_category: int = 4) -> list[tuple]:
    """[(top-level menu category, its latest articles including sub-categories')].

    One query for all blocks: `pk IN (the newest N of each block)`, each a top-N on the
    publication index that stops after N rows, where a ROW_NUMBER() window would number every
    article of every block first. Not an OR of `pk IN (…)`: PostgreSQL checks that OR
    against every published article (0.6 s at 100,000); see `_newest_per_block` for how the
    ids are selected there. SQLite (a development archive, small) gets the OR.
    """
    roots = tree.menu()
    if not roots:
        return []
    block_of: dict[int, int] = {}
    blocks = []
    for root in roots:
        ids = tree.descendant_ids(root)
        block_of.update((pk, root.pk) for pk in ids if pk not in block_of)
        blocks.append(ids)
    published = Article.objects.published()
    if connections[published.db].vendor == "postgresql":
        candidates = Q(pk__in=_newest_per_block(published, blocks, per_category))
    else:
        newest = published.order_by("-published_at", "-pk").values("pk")
        candidates = reduce(
            operator.or_,
            (Q(pk__in=newest.filter(category_id__in=ids)[:per_category]) for ids in blocks),
        )
    articles = defaultdict(list)
    for article in published.filter(candidates).for_listing():
        block = articles[block_of[article.category_id]]
        if len(block) < per_category:
            block.append(article)
    return [(root, articles[root.pk]) for root in roots if articles[root.pk]]


def _newest_per_block(published, blocks: list[list[int]], per_category: int) -> RawSQL:
    """PostgreSQL: the ids of the newest `per_category` rows of `published` in each block of
    category ids, as one LATERAL join over the blocks.

    It was a UNION of one ORM sub-select per block, which built and compiled the published
    condition once per block (8 blocks: ~10 ms of the home page's CPU). Here it is compiled
    once, from the queryset itself (`published_q` stays the one statement of visibility).
    """
    connection = connections[published.db]
    query = published.order_by().query
    where, params = query.get_compiler(connection=connection).compile(query.where)
    table = connection.ops.quote_name(Article._meta.db_table)
    values = ", ".join(["(%s::bigint[])"] * len(blocks))
    sql = f"""
        SELECT newest.id FROM (VALUES {values}) AS block(ids) CROSS JOIN LATERAL (
            SELECT {table}."id" FROM {table}
            WHERE {table}."category_id" = ANY(block.ids) AND {where}
            ORDER BY {table}."published_at" DESC, {table}."id" DESC LIMIT %s
        ) AS newest
    """
    return RawSQL(sql, [*blocks, *params, per_category])


# --- events -----------------------------------------------------------------------------


def public_events():
    """Events a reader may see: reported by a published article, or entered by an editor
    (an announced event). One resolution created that only unpublished articles report is
    hidden; an editor's event stays shown whatever a hidden article attached to it.
    """
    links = Event.articles.through.objects.filter(event_id=OuterRef("pk"))
    return Event.objects.filter(Q(from_articles=False) | any_published(links, "event_id"))


def _named_in_event(mention_model, fk: str, outer: str, event_ref):
    """Condition: no article of the event names the row (an editor added it), or a
    published one does: what only a hidden article of the event says stays hidden."""
    # From the event's few article links to the mention by (article, row): never through
    # the tens of thousands of mentions of a provincial director.
    related = "official_mentions" if mention_model is OfficialMention else "unit_mentions"
    links = Event.articles.through.objects.filter(
        event_id=event_ref, **{f"article__{related}__{fk}": OuterRef(outer)}
    ).order_by()
    return ~Exists(links) | Exists(links.filter(published_q("article__")))


def with_public_leads(events):
    """`events` annotated with `lead_is_public` and `host_is_public`: whether readers may
    see its lead official and host unit (an editor set them, or a published article of the
    event names them). `public_leads()` applies them."""
    return events.annotate(
        lead_is_public=_named_in_event(
            OfficialMention, "official_id", "lead_official_id", OuterRef("pk")
        ),
        host_is_public=_named_in_event(UnitMention, "unit_id", "host_unit_id", OuterRef("pk")),
    )


def public_leads(events):
    """Forget (in memory) a lead official or host unit that readers may not see. Reads the
    annotations of `with_public_leads`, or asks for them in one query on a page's events
    (annotating a whole list makes the planner hash every event's links)."""
    events = list(events)
    missing = [e.pk for e in events if not hasattr(e, "lead_is_public")]
    if missing:
        flags = {
            row["pk"]: row
            for row in with_public_leads(Event.objects.filter(pk__in=missing)).values(
                "pk", "lead_is_public", "host_is_public"
            )
        }
        for event in events:
            if event.pk in flags:
                event.lead_is_public = flags[event.pk]["lead_is_public"]
                event.host_is_public = flags[event.pk]["host_is_public"]
    for event in events:
        if not event.lead_is_public:
            event.lead_official = None
        if not event.host_is_public:
            event.host_unit = None
    return events


def event_participants(event: Event) -> tuple[list[Official], list[Unit]]:
    """The officials and units readers see taking part in `event` (two queries)."""
    officials = with_public_facts(
        public_officials().filter(
            _named_in_event(OfficialMention, "official_id", "pk", event.pk), events=event
        )
    ).order_by("name")
    units = public_units().filter(
        _named_in_event(UnitMention, "unit_id", "pk", event.pk), events=event
    )
    return list(officials), list(units.order_by("name"))


def upcoming_and_recent_events(*, limit: int = 4) -> tuple[list[Event], list[Event]]:
    today = timezone.localdate()
    # What the home page's lists show of an event (includes/event_list.html), nothing more.
    events = public_events().only("title", "slug", "date", "location")
    upcoming = list(events.filter(date__gte=today).order_by("date", "title")[:limit])
    recent = list(events.filter(date__lt=today).order_by("-date", "title")[:limit])
    return upcoming, recent


# --- related articles -------------------------------------------------------------------


def _count(queryset):
    counted = queryset.order_by().values("link").annotate(total=Count("*")).values("total")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def related_articles(article: Article, *, limit: int = 6) -> list[Article]:
    """Published articles sharing the article's event, officials or tags, then its category.

    One query. The candidates are a bounded set (`ArticleQuerySet.related_to`: those an
    editor picked and the newest 50 per shared official, tag, event and the category, at most
    a few hundred rows); only they are scored (picked by an editor 100, shared event 8, each
    shared official 4, each shared tag 2, same category 1) and the best `limit` kept. Reads
    the article's events, official mentions and tags from its prefetched relations.
    """
    event_ids = [event.pk for event in article.events.all()]
    official_ids = [mention.official_id for mention in article.official_mentions.all()]
    tag_ids = [tag.pk for tag in article.tags.all()]
    score = Case(When(picked=True, then=Value(100)), default=Value(0), output_field=IntegerField())
    if event_ids:
        links = Event.articles.through.objects.filter(
            article_id=OuterRef("pk"), event_id__in=event_ids
        ).annotate(link=F("article_id"))
        score = score + 8 * _count(links)
    if official_ids:
        mentions = OfficialMention.objects.filter(
            article_id=OuterRef("pk"), official_id__in=official_ids
        ).annotate(link=F("article_id"))
        score = score + 4 * _count(mentions)
    if tag_ids:
        tagged = TaggedItem.objects.filter(
            content_type__app_label="articles",
            content_type__model="article",
            object_id=OuterRef("pk"),
            tag_id__in=tag_ids,
        ).annotate(link=F("object_id"))
        score = score + 2 * _count(tagged)
    if article.category_id:
        score = score + Case(
            When(category_id=article.category_id, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    return list(
        Article.objects.published()
        .related_to(article)
        .annotate(score=Coalesce(score, Value(0), output_field=IntegerField()))
        .filter(score__gt=0)
        .select_related("category")
        .defer(*LISTING_DEFERRED)
        .order_by("-score", "-published_at", "-pk")[:limit]
    )


# --- dates ------------------------------------------------------------------------------


def local_day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def published_between(start: datetime.date, end: datetime.date | None):
    """Published articles whose local publication date is in [start, end)."""
    articles = Article.objects.published().filter(published_at__gte=local_day_start(start))
    if end is not None:
        articles = articles.filter(published_at__lt=local_day_start(end))
    return articles


def periods_with_rows(queryset, field: str, kind: str, *, newest_first: bool = True):
    """The first days of the local months or years (`kind`) in which `queryset` (rows of
    one table, filtered) has a row: one query, whatever the number of rows.

    PostgreSQL: the periods between the first and the last row (two probes of the field's
    index), each kept if an EXISTS finds one row in it, which stops at that row. The
    DISTINCT of `QuerySet.dates()` reads every row instead: all ~95,000 public articles
    for the sitemap index, a year's ~19,000 for the archive of a year. Other databases (a
    development SQLite, small) get `dates()`. The condition is the queryset's own, compiled
    by the ORM: `published_q` and the other visibility rules stay in one place.
    """
    order = "DESC" if newest_first else "ASC"
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return list(queryset.dates(field, kind, order=order))
    query = queryset.order_by().query
    where, params = query.get_compiler(connection=connection).compile(query.where)
    where = where or "TRUE"
    table = connection.ops.quote_name(queryset.model._meta.db_table)
    column = connection.ops.quote_name(queryset.model._meta.get_field(field).column)
    if isinstance(queryset.model._meta.get_field(field), DateTimeField):
        # Periods of the local calendar: the first and last moments in local time, the
        # bounds of each period back in UTC. MIN and MAX of the column itself, so that
        # each is one probe of its index.
        zone = [timezone.get_current_timezone_name()]
        local = "(({}) AT TIME ZONE %s)"
    else:
        zone = []
        local = "({})::timestamp"
    step = f"interval '1 {kind}'"

    def bound(expression: str) -> str:
        if zone:
            return f"(({expression}) AT TIME ZONE %s)"
        return f"({expression})::date"

    sql = f"""
        SELECT start::date FROM (
            SELECT date_trunc('{kind}', {local.format(f"MIN({column})")}) AS first,
                   date_trunc('{kind}', {local.format(f"MAX({column})")}) AS last
            FROM {table} WHERE {where}
        ) AS bounds, generate_series(bounds.first, bounds.last, {step}) AS start
        WHERE EXISTS (
            SELECT 1 FROM {table} WHERE {where}
            AND {column} >= {bound("start")} AND {column} < {bound(f"start + {step}")}
        )
        ORDER BY start {order}
    """
    values = [*zone, *zone, *params, *params, *zone, *zone]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        return [row[0] for row in cursor.fetchall()]


# --- officials and units ----------------------------------------------------------------


def visible(mention_model, fk: str, outer: str = "pk", flag: str = "from_articles"):
    """Condition: an editor saved the row (`flag` false: typed in the admin, loaded from the
    directory), or a published article names it. A row resolution created for a draft, a
    scheduled or an archived article stays hidden; an editor's row stays shown whatever a
    hidden article says of it. `outer` is the field of the filtered query that holds the
    row's key ("pk", or "official_id" from a position), `flag` the path to its flag."""
    mentions = mention_model.objects.filter(**{fk: OuterRef(outer)})
    return Q(**{flag: False}) | any_published(mentions, f"{fk}_id")


def any_published(links, fk: str) -> Q:
    """Condition on the outer row: one of `links` (mentions or event links, correlated to the
    row through their column `fk`) belongs to a published article.

    A correlated scalar subquery, `(SELECT fk … LIMIT 1) IS NOT NULL`: a probe of the row's
    index that stops at the first hit. `EXISTS (…)` says the same, but PostgreSQL plans an
    EXISTS inside an OR as a hashed subplan when it expects many outer rows: it then joins
    every link to every published article, a scan of the whole archive (0.2–0.4 s at 100,000
    articles) even where a page wants the newest four events. Selecting the key column itself
    lets the probe be an index-only scan of the (row, article) index.

    Newest link first (`-article_id`, the order of that index): without an order PostgreSQL
    may pick a sequential scan of every link, cheap while it expects a match among the first
    rows, but a scan of all 680,000 unit mentions for a unit that no article names (60 ms at
    100,000 articles: /sitemap-don-vi.xml). The newest article is also the likeliest public.
    """
    published = links.filter(published_q("article__")).order_by("-article_id").values(fk)[:1]
    return Q(IsNull(Subquery(published), False))


def unnamed_or_public(links, fk: str) -> Q:
    """Condition on the outer row: none of `links` exists, or one of a published article
    does (see `any_published`; the first probe stops at the first link)."""
    first = links.order_by().values(fk)[:1]
    return Q(IsNull(Subquery(first), True)) | any_published(links, fk)


def public_officials():
    return Official.objects.filter(visible(OfficialMention, "official"))


def public_units():
    """Units readers see; one resolution created as the parent of a unit a published article
    names (Công an tỉnh above its Phòng) is shown with it."""
    named_child = UnitMention.objects.filter(
        published_q("article__"), unit__parent_id=OuterRef("pk")
    )
    return Unit.objects.filter(visible(UnitMention, "unit") | Exists(named_child))


# --- authors and tags ------------------------------------------------------------------


def public_authors():
    """Authors who signed a published article: a record alone (typed by a reporter, or
    signed under drafts only) is no page and no name a reader sees."""
    signed = ArticleAuthor.objects.filter(author_id=OuterRef("pk")).filter(published_q("article__"))
    return Author.objects.filter(Exists(signed))


def public_tags():
    """Tags a published article carries."""
    return Tag.objects.filter(Exists(Article.objects.published().filter(tags__id=OuterRef("pk"))))


def unit_leaders(unit_id: int | None, *, limit: int = 8) -> list[Official]:
    """Public officials of the unit with a current title, the head first (one query)."""
    if unit_id is None:
        return []
    officials = (
        with_public_facts(public_officials())
        .filter(Q(unit_id=unit_id) | Q(unit__isnull=True, derived_unit_id=unit_id))
        .exclude(current_title="", derived_titles__isnull=True)
        .alias(rank_shown=shown_rank())
        .order_by(rank_order("rank_shown"), "name")[:50]
    )
    return sorted(officials, key=lambda o: leader_sort_key(o.shown_title, o.shown_rank, o.name))[
        :limit
    ]


# --- what readers see of officials and positions ----------------------------------------
#
# An official's rank, title and unit, and a position's first and last seen, as readers see
# them: what an editor typed on the record, else what the published articles say, read at
# request time from the mentions and sightings, which carry their article's visibility
# (visible_from, visible_until). A draft, a scheduled or an expired article changes nothing;
# publication, unpublication and expiry change it at once, with no job. Each fact is the
# latest public row of one official or position: a walk of the index (official or position,
# visible_from DESC) that stops at the first row that prints it.


def _public_mentions(outer: str):
    return OfficialMention.objects.filter(visible_now_q(), official_id=OuterRef(outer)).order_by(
        "-visible_from", "-pk"
    )


def public_facts(outer: str = "pk", prefix: str = "") -> dict:
    """Annotations: `derived_rank`, `derived_titles`, `derived_unit_id`, `derived_unit_name`,
    `derived_unit_slug` of the official whose key is in the field `outer`."""
    mentions = _public_mentions(outer)
    ranked = mentions.exclude(rank="")
    titled = mentions.exclude(titles=[])
    placed = mentions.filter(unit__isnull=False)
    return {
        f"{prefix}derived_rank": Subquery(ranked.values("rank")[:1]),
        f"{prefix}derived_titles": Subquery(titled.values("titles")[:1], output_field=JSONField()),
        f"{prefix}derived_unit_id": Subquery(placed.values("unit_id")[:1]),
        f"{prefix}derived_unit_name": Subquery(placed.values("unit__name")[:1]),
        f"{prefix}derived_unit_slug": Subquery(placed.values("unit__slug")[:1]),
    }


def with_public_facts(officials):
    """`officials` with what readers see of each (Official.shown_rank, shown_title,
    shown_unit read these annotations)."""
    return officials.annotate(**public_facts())


def shown_rank(prefix: str = ""):
    """Expression: the rank readers see (after `with_public_facts`), for ordering."""
    return Coalesce(
        NullIf(F(f"{prefix}current_rank"), Value("")), F(f"{prefix}derived_rank"), Value("")
    )


def copy_facts(officials_of, rows, prefix: str = "official_") -> None:
    """Put the facts annotated on `rows` with `prefix` onto the official each row holds."""
    names = [name.removeprefix(prefix) for name in public_facts(prefix=prefix)]
    for row in rows:
        official = officials_of(row)
        for name in names:
            setattr(official, name, getattr(row, prefix + name))


def public_positions(positions):
    """Positions readers see, with `seen_first`, `seen_last` and `seen_rank` from the
    published articles that show them: one an editor entered always; one found in
    articles only while a published article shows it."""
    sightings = PositionSighting.objects.filter(visible_now_q(), position_id=OuterRef("pk"))
    return positions.filter(Q(from_articles=False) | Exists(sightings)).annotate(
        seen_first=Subquery(sightings.order_by("visible_from").values("visible_from")[:1]),
        seen_last=Subquery(sightings.order_by("-visible_from").values("visible_from")[:1]),
        seen_rank=Subquery(sightings.exclude(rank="").order_by("-visible_from").values("rank")[:1]),
    )


def latest_first(positions) -> list[Position]:
    """Positions, the one seen last first (undated ones last), then by title."""
    return sorted(
        positions,
        key=lambda p: (
            p.shown_last_seen is None,
            -(p.shown_last_seen.toordinal() if p.shown_last_seen else 0),
            p.title,
        ),
    )
