"""Accent-insensitive article search, on PostgreSQL and on SQLite.

Both databases search the same column, `Article.search_text`: the article's title, lead,
body (without HTML), byline and author unit, folded by `newsroom.text.fold` (no diacritics,
đ → d, lower case, tone-mark placement irrelevant) and reduced to words separated by single
spaces. The reader's query is folded the same way, so "cong an hau giang", "CÔNG AN HẬU GIANG"
and "Công an Hậu Giang" are the same query, and "Hoà" finds "Hòa".

- PostgreSQL: a real full-text search. `to_tsvector('simple', search_text)` is stored in a
  generated column with a GIN index (migration 0004), the query is `plainto_tsquery('simple',
  …)` on the folded words (every word must appear); the distinct words alone are kept in the
  row too (`search_words`, migration 0014). `ranked()` ranks a bounded candidate set, the
  newest RANK_CANDIDATES matches: exact phrase first, then `ts_rank` blended with recency;
  `newest_first()` lists the newest NEWEST_LISTED. Both find them as newest_matches() does:
  one query that searches publication-date windows newest first and stops when it has them
  (the newest window by walking the publication index and testing each row's words, the
  older ones through the GIN index), and the page's cards in a second query (SearchResults).
  The 'simple' configuration is the right one: PostgreSQL has no Vietnamese
  dictionary or stemmer (Vietnamese words do not inflect anyway), and the text is already
  folded, so `unaccent` is not needed either.
- SQLite: every folded word must appear as a whole word (an AND of LIKE conditions on the
  padded column). There is no ranking: "relevance" falls back to the newest first.

The vendor is decided at run time from the connection, so one code base serves both.
"""

from __future__ import annotations

import datetime
import itertools
import re
from collections.abc import Sequence

from django.core.exceptions import EmptyResultSet
from django.db import connection, connections
from django.db.models import F, FloatField, Func, QuerySet, TextField, Value
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.html import strip_tags

from newsroom.text import fold

# Longest query a reader may type; the form rejects longer ones with a message.
MAX_QUERY_LENGTH = 200
# Words used from a query (more would only make the SQL longer, not the results better).
MAX_QUERY_WORDS = 20

_WORD = re.compile(r"\w+")


def folded_words(text: str) -> list[str]:
    """The folded words of `text`: "Công an TP. Hồ Chí Minh" -> ["cong", "an", "tp", "ho", …]."""
    return _WORD.findall(fold(text))


def search_document(
    *, title="", lead="", body="", byline="", author_unit="", body_words: str | None = None
) -> str:
    """The folded text stored in `Article.search_text` for these fields.

    `body_words`: `search_document(body=body)` when the caller made it already (the importer
    makes it in a worker); the folded words of a space-joined text are those of its parts.
    """
    if body_words is not None:
        head = search_document(title=title, lead=lead)
        tail = search_document(byline=byline, author_unit=author_unit)
        return " ".join(part for part in (head, body_words, tail) if part)
    parts = [title, lead, strip_tags(body or ""), byline, author_unit]
    return " ".join(folded_words(" ".join(part for part in parts if part)))


def uses_full_text() -> bool:
    """True where the database has the full-text index (PostgreSQL)."""
    return connection.vendor == "postgresql"


def search(queryset: QuerySet, query: str) -> QuerySet:
    """Articles of `queryset` that contain every word of `query`, annotated with `rank`.

    An empty query (or one with no word in it) returns the queryset unchanged, with rank 0.
    """
    words = folded_words(query)[:MAX_QUERY_WORDS]
    if not words:
        return queryset.annotate(rank=Value(0.0, output_field=FloatField()))
    if uses_full_text():
        return _postgresql(queryset, words)
    return _sqlite(queryset, words)


# Relevance ranking reads at most this many matches (10 pages of results): the newest ones
# (newest_matches), and ranks only those. Ranking every match of "cong an" (~90,000 articles)
# took 30 s; this is bounded whatever the query. Each candidate's vector is read from TOAST
# twice (phrase check, ts_rank): 500 candidates cost 40-75 ms on a busy 2-core machine, 200
# a third of that; older matches are one click away ("Mới nhất", the date archive).
RANK_CANDIDATES = 200
# Recency blend: a match published today gets RECENCY_WEIGHT added to its ts_rank, one
# RECENCY_DAYS old half of it, a ten-year-old one almost nothing. ts_rank of a short query
# is ~0.03-0.1, so recency decides between matches of similar text, not over the text.
RECENCY_WEIGHT = 0.05
RECENCY_DAYS = 180


class StoredSearchVector(Func):
    """The article's stored `search_vector` column (PostgreSQL; articles migration 0004).

    The column is outside the model state, so it is reached through `search_text`'s column
    reference, which carries the right table alias in joins and sub-selects.
    """

    column = "search_vector"

    def __init__(self):
        from django.contrib.postgres.search import SearchVectorField

        super().__init__(F("search_text"), output_field=SearchVectorField())

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        column = connection.ops.quote_name("search_text")
        if not sql.endswith(column):
            raise ValueError(f"Unexpected search_text column SQL: {sql}")
        return sql[: -len(column)] + connection.ops.quote_name(self.column), params


def _postgresql(queryset: QuerySet, words: list[str]) -> QuerySet:
    from django.contrib.postgres.search import SearchQuery

    every_word = SearchQuery(" ".join(words), search_type="plain", config="simple")
    return (
        queryset.alias(document=StoredSearchVector())
        .filter(document=every_word)
        .annotate(rank=Value(0.0, output_field=FloatField()))
    )


# Where the newest matches are looked for, newest first: published in the last
# WINDOW_DAYS[0] days, then back to WINDOW_DAYS[1] days, then the rest. At 100,000 articles
# over five years (55 a day): 4,900, 15,000 and 80,000 articles. See newest_matches().
WINDOW_DAYS = (90, 365)
# "Cũ nhất" looks for the oldest matches the same way from the other end: the oldest
# 5,000 published articles (walked), then up to the 20,000th, then the rest.
OLDEST_WINDOW_ARTICLES = (5_000, 20_000)


class StoredSearchWords(StoredSearchVector):
    """The article's stored `search_words` column (PostgreSQL; articles migration 0014): the
    distinct words of its `search_text`, without positions, kept in the row (not in TOAST)
    and not indexed. Queried with the reader's folded words as they are ('cong' & 'an'), as
    SQLite's search does, not through the text-search parser."""

    column = "search_words"


# True when every word of the query is among the lexemes that ANALYZE found most common in
# `search_words` (pg_stats; the 1,000 most common with the default statistics target, or
# every word of a small vocabulary), or when there are no statistics yet. A word outside
# them is rare or found nowhere: its GIN list is short, so the first window is searched
# through the GIN index with the second, where its walk would test each of its 4,900 rows
# for nothing (~8-10 ms for a word found nowhere). A hint for the plan only: both ways
# find the same articles. Read once per query (a materialized CTE); ~0.4 ms of planning.
_ALL_WORDS_COMMON = (
    "COALESCE((SELECT %s::text[] <@ most_common_elems::text::text[] FROM pg_stats "
    "WHERE schemaname = current_schema() AND tablename = %s AND attname = 'search_words'), "
    "true)"
)


def _windows(
    queryset: QuerySet, words: list[str], limit: int, *, oldest_first: bool = False
) -> tuple[str, list]:
    """The SQL of the newest `limit` matches of `queryset` (filtered, not yet searched) for
    `words`, newest first, (id, published_at) rows, and its parameters; with `oldest_first`
    the oldest, oldest first, the windows cut by count from the oldest article (see
    OLDEST_WINDOW_ARTICLES). See newest_matches().

    The filtered queryset is compiled once, as a sub-select PostgreSQL flattens into each
    window (its joins and conditions, then the window's): building each window with the ORM
    cost more Python than the windows cost SQL.
    """
    base = (
        queryset.order_by()
        .annotate(found_words=StoredSearchWords(), found_vector=StoredSearchVector())
        .values_list("id", "published_at", "found_words", "found_vector")
    )
    base_sql, base_params = base.query.sql_with_params()
    table = connection.ops.quote_name(queryset.model._meta.db_table)
    every_word = " & ".join(f"'{word}'" for word in words)  # \w+: nothing to quote
    text = " ".join(words)
    direction = "ASC" if oldest_first else "DESC"
    if oldest_first:
        # Edges by count, not by date: the archive's first days are sparse (a few articles
        # imported from years before the rest), so 90 days from the oldest article held 3
        # of them and "cong an" fell through to the GIN windows (400 ms). The date of the
        # Nth oldest article is read from the publication-date index (an index-only scan);
        # past the end of a small archive, no edge. At most N articles of `queryset` are
        # older than the first edge: the walk takes the oldest N (an edge unknown when
        # planning made PostgreSQL read the whole table instead of walking the index).
        edge = (
            f"COALESCE((SELECT published_at FROM {table} WHERE published_at IS NOT NULL "
            "ORDER BY published_at OFFSET %s LIMIT 1), 'infinity')"
        )
        edges = [(edge, [count]) for count in OLDEST_WINDOW_ARTICLES]
        walked = (
            f"(SELECT * FROM ({base_sql}) AS w ORDER BY w.published_at ASC LIMIT %s)",
            [*base_params, OLDEST_WINDOW_ARTICLES[0]],
        )
        # A row not yet reached is at or after a window's first edge, inside it before its
        # last one.
        reached, inside = ">=", "<"
    else:
        now = timezone.now()
        edges = [("%s", [now - datetime.timedelta(days=days)]) for days in WINDOW_DAYS]
        reached, inside = "<", ">="
        walked = (f"({base_sql})", base_params)

    def part(conditions, values, order, source=(f"({base_sql})", base_params)):
        return (
            f"(SELECT b.id, b.published_at FROM {source[0]} AS b "
            f"WHERE {' AND '.join(conditions)} ORDER BY {order} {direction}, b.id {direction} "
            "LIMIT %s)",
            [*source[1], *values, limit],
        )

    gin = "b.found_vector @@ plainto_tsquery('simple'::regconfig, %s)"
    # The GIN windows bound and sort by an expression no index provides (a public article
    # always has a date), so that no index walks (the planner's bet when its estimate is
    # high: "dak nong", two common words never together, walked 70,000 rows in 2 s), and no
    # bitmap of the window's dates is built: 19,000 entries, 8 ms, where a rare word's GIN
    # list has a few.
    dated = "COALESCE(b.published_at, '-infinity')"
    common = "(SELECT common FROM gate)"
    parts = []
    for nearer, farther in itertools.pairwise([None, *edges, None]):
        if nearer is None:
            # The first window walks the publication index from its start (newest first, or
            # oldest first), testing each row's words (in the row: ~2 µs), and stops at
            # `limit` matches: ~220 rows for "cong an", ~3,400 for "can cuoc cong dan" (6% of
            # the articles), the window's 4,900 at most. The GIN index cannot serve this
            # window (no index on search_words), so the planner cannot bet on it: its lists
            # span the whole archive, 20-60 ms for words in a quarter of the articles, where
            # this walk costs 1-8 ms. Not for a rare word (see _ALL_WORDS_COMMON).
            conditions = [common, "b.found_words @@ %s::tsquery"]
            conditions.append(f"b.published_at {inside} {farther[0]}")
            values = [every_word, *farther[1]]
            parts.append(part(conditions, values, "b.published_at", walked))
            continue
        # Further windows: the GIN index. Only words rarer than 1 in 25 articles come this
        # far; for a rare word the second window takes the first one's rows too.
        edge = nearer[0]
        if len(parts) == 1:
            edge = f"CASE WHEN {common} THEN {edge} ELSE '{'-' * oldest_first}infinity' END"
        conditions, values = [f"{dated} {reached} {edge}", gin], [*nearer[1], text]
        if farther is not None:
            conditions.append(f"{dated} {inside} {farther[0]}")
            values += farther[1]
        parts.append(part(conditions, values, dated))
    # UNION ALL under a LIMIT: PostgreSQL runs the parts in order and stops as soon as it
    # has `limit` rows, so a common word costs one window and only a rare one reaches them
    # all; the gate is read once.
    sql = (
        f"WITH gate AS MATERIALIZED (SELECT {_ALL_WORDS_COMMON} AS common) "
        f"SELECT * FROM ({' UNION ALL '.join(sql for sql, _ in parts)}) AS windows LIMIT %s"
    )
    params = [list(dict.fromkeys(words)), queryset.model._meta.db_table]
    for _, values in parts:
        params += values
    return sql, [*params, limit]


def _fetch(queryset: QuerySet, sql: str, params: list) -> list[tuple]:
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def newest_matches(
    queryset: QuerySet, query: str, limit: int, *, oldest_first: bool = False
) -> list[int]:
    """The primary keys of the `limit` newest articles of `queryset` (filtered, not yet
    searched) that have every word of `query`, newest first (PostgreSQL), in one query that
    reads a bounded number of rows whatever the words; with `oldest_first`, the oldest ones,
    oldest first, the same way from the other end of the archive.

    Asked in one go ("ORDER BY published_at DESC LIMIT 200"), PostgreSQL either walks the
    publication index reading each row's search vector from TOAST, or reads every match
    from the GIN index (lists of the whole archive: 91,000 entries for "cong an") and
    fetches each one's row for its date, and its estimate for several words that go together
    ("phong chay chua chay": 300 rows expected, 10,000 found) makes it choose wrong. Here the
    archive is cut by publication date into windows (WINDOW_DAYS), each searched on its own,
    newest first: the newest by walking the publication index and testing each row's words,
    kept in the row (search_words); the older ones through the GIN index (see _windows()).
    A query with a rare word skips the walk (see _ALL_WORDS_COMMON).
    """
    words = folded_words(query)[:MAX_QUERY_WORDS]
    if not words:
        return []
    try:
        sql, params = _windows(queryset, words, limit, oldest_first=oldest_first)
    except EmptyResultSet:
        return []
    return list(dict.fromkeys(pk for pk, _ in _fetch(queryset, sql, params)))


class SearchResults(Sequence):
    """The matches a search lists (PostgreSQL), in order, as primary keys; the paginator's
    slice reads its page's cards in one query. With `capped_count()` and `more_than_listed`
    for CappedPaginator: the count is the length of the list (no COUNT query), and "hơn …"
    shows when older matches were left out."""

    def __init__(self, queryset: QuerySet, ids: list[int], *, ranks=None, more=False):
        self.model = queryset.model
        self.ids = ids
        self.ranks = ranks or {}
        self.more_than_listed = more

    def __len__(self) -> int:
        return len(self.ids)

    def capped_count(self, most: int) -> int:
        return min(most, len(self.ids))

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self._cards(self.ids[index])
        return self._cards([self.ids[index]])[0]

    def __iter__(self):
        return iter(self._cards(self.ids))

    def _cards(self, ids: list[int]) -> list:
        by_pk = {article.pk: article for article in _cards(self.model, ids)}
        for pk, article in by_pk.items():
            article.rank = self.ranks.get(pk, 0.0)
        return [by_pk[pk] for pk in ids if pk in by_pk]


def ranked(queryset: QuerySet, query: str, *, candidates: int | None = None):
    """`queryset` (filtered, not yet searched) searched for `query` and ordered by
    relevance: on PostgreSQL the newest `candidates` matches (RANK_CANDIDATES), those with
    the exact phrase first, then by `ts_rank` blended with recency, as SearchResults whose
    cards carry `rank` (phrase bonus 1.0 included). Elsewhere, every match newest first.

    At most `candidates` rows are ranked, whatever the query, so a common word costs what a
    rare one does; older matches are reached by sorting by date ("Mới nhất"/"Cũ nhất"). One
    query finds and ranks them, reading each candidate's vector from TOAST; the page's cards
    are a second one. Every candidate has every word, so `ts_rank` weighs them as "any of
    the words" (how often each occurs): with "all the words" it scores the distance between
    every pair of their positions, twice the cost for 5 words (~20 ms of the page for
    "cong an tinh hau giang"), and the phrase bonus already rewards the words together.
    """
    words = folded_words(query)[:MAX_QUERY_WORDS]
    if not words or not uses_full_text():
        return search(queryset, query).order_by("-published_at", "-pk")
    candidates = candidates or RANK_CANDIDATES
    # One more than ranked: whether older matches exist beyond the candidates.
    try:
        found_sql, found_params = _windows(queryset, words, candidates + 1)
    except EmptyResultSet:
        return SearchResults(queryset, [])
    table = connection.ops.quote_name(queryset.model._meta.db_table)
    text = " ".join(words)
    # The order, and whether older matches were left out, are decided here too: only (id,
    # rank, more) rows come back, no dates for Python to parse and sort (201 of them).
    sql = (
        f"WITH found AS ({found_sql}), "
        "listed AS (SELECT DISTINCT id, published_at FROM found "  # one row an article
        "ORDER BY published_at DESC, id DESC LIMIT %s) "
        "SELECT a.id, (CASE WHEN a.search_vector @@ phraseto_tsquery('simple'::regconfig, %s) "
        "THEN 1.0 ELSE 0.0 END "
        "+ ts_rank(a.search_vector, "
        "replace(plainto_tsquery('simple'::regconfig, %s)::text, '&', '|')::tsquery) "
        "+ %s / (1.0 + GREATEST(EXTRACT(EPOCH FROM STATEMENT_TIMESTAMP() - a.published_at) "
        "/ 86400.0, 0.0) / %s))::float8 AS rank, "
        "(SELECT COUNT(DISTINCT id) FROM found) > %s "
        f"FROM listed JOIN {table} AS a ON a.id = listed.id "
        "ORDER BY rank DESC, a.published_at DESC, a.id DESC"
    )
    params = [*found_params, candidates, text, text, RECENCY_WEIGHT, RECENCY_DAYS]
    rows = _fetch(queryset, sql, [*params, candidates])
    ranks = {pk: rank for pk, rank, _ in rows}
    more = bool(rows) and rows[0][2]
    return SearchResults(queryset, list(ranks), ranks=ranks, more=more)


# "Mới nhất" lists at most this many matches (10 pages), like relevance: 1,000 read 3,900
# rows' vectors for "cong an" (190 ms). Older ones: the date filters narrow the search.
NEWEST_LISTED = 200


def newest_first(queryset: QuerySet, query: str, *, most: int | None = None):
    """`queryset` (filtered, not yet searched) searched for `query`, newest first. On
    PostgreSQL its newest `most` (NEWEST_LISTED) matches, found by newest_matches(), as
    SearchResults: the plain ORDER BY … LIMIT, or the paginator's count of 1,001 rows,
    walked the index testing vectors (580 ms for "can cuoc cong dan")."""
    if not uses_full_text() or not folded_words(query):
        return search(queryset, query).order_by("-published_at", "-pk")
    most = most or NEWEST_LISTED
    newest = newest_matches(queryset, query, most + 1)
    return SearchResults(queryset, newest[:most], more=len(newest) > most)


def oldest_first(queryset: QuerySet, query: str, *, most: int | None = None):
    """As newest_first(), from the other end: the oldest `most` (NEWEST_LISTED) matches,
    oldest first, found in windows from the oldest publication on (COUNT of 1,001 matches
    and an OFFSET before: 30 ms of SQL for "tin dung den")."""
    if not uses_full_text() or not folded_words(query):
        return search(queryset, query).order_by("published_at", "pk")
    most = most or NEWEST_LISTED
    oldest = newest_matches(queryset, query, most + 1, oldest_first=True)
    return SearchResults(queryset, oldest[:most], more=len(oldest) > most)


# What a card shows of the article itself (articles/templatetags/cards.py): its category
# and card photo come whole, in the same query. The other forty columns cost ~1.5 ms of
# Python a page to read and set for 20 cards.
CARD_FIELDS = ("title", "slug", "lead", "published_at", "publish_time_known")


def _cards(model, ids: list[int]) -> QuerySet:
    """These articles for the results' cards, with their category and card photo."""
    return (
        model._default_manager.filter(pk__in=ids)
        .select_related("category", "card_photo")
        .only(*CARD_FIELDS, "category", "card_photo")
    )


def _sqlite(queryset: QuerySet, words: list[str]) -> QuerySet:
    padded = queryset.annotate(
        padded_search_text=Concat(
            Value(" "), F("search_text"), Value(" "), output_field=TextField()
        )
    )
    for word in dict.fromkeys(words):
        padded = padded.filter(padded_search_text__contains=f" {word} ")
    return padded.annotate(rank=Value(0.0, output_field=FloatField()))
