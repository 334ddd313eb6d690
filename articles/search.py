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


def search_document(*, title="", lead="", body="", byline="", author_unit="") -> str:
    """The folded text stored in `Article.search_text` for these fields."""
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
# Before every publication date: the sort key of an article without one (none is public).
_BEGINNING = datetime.datetime(1, 1, 1, tzinfo=datetime.UTC)


class StoredSearchWords(StoredSearchVector):
    """The article's stored `search_words` column (PostgreSQL; articles migration 0014): the
    distinct words of its `search_text`, without positions, kept in the row (not in TOAST)
    and not indexed. Queried with the reader's folded words as they are ('cong' & 'an'), as
    SQLite's search does, not through the text-search parser."""

    column = "search_words"


def _windows(queryset: QuerySet, words: list[str], limit: int) -> tuple[str, list]:
    """The SQL of the newest `limit` matches of `queryset` (filtered, not yet searched) for
    `words`, newest first, (id, published_at) rows, and its parameters. See newest_matches().

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
    text = " ".join(words)
    now = timezone.now()
    edges = [now - datetime.timedelta(days=days) for days in WINDOW_DAYS]
    parts, params = [], []
    for newer, older in itertools.pairwise([None, *edges, None]):
        conditions, values = [], []
        if newer is None:
            # The newest window walks the publication index, newest first, testing each row's
            # words (in the row: ~2 µs), and stops at `limit` matches: ~220 rows for "cong
            # an", ~3,400 for "can cuoc cong dan" (6% of the articles), the window's 4,900 at
            # most. The GIN index cannot serve this window (no index on search_words), so the
            # planner cannot bet on it: its lists span the whole archive, 20-60 ms for words in
            # a quarter of the articles, where this walk costs 1-8 ms.
            conditions.append("b.found_words @@ %s::tsquery")
            values.append(" & ".join(f"'{word}'" for word in words))  # \w+: nothing to quote
            order = "b.published_at DESC"
        else:
            conditions.append("b.published_at < %s")
            values.append(newer)
            # Older windows: the GIN index intersected with the publication-date index, sorted
            # by an expression no index provides so that none walks (the planner's bet when
            # its estimate is high: "dak nong", two common words never together, walked 70,000
            # rows in 2 s). Only words rarer than 1 in 25 articles come this far.
            conditions.append("b.found_vector @@ plainto_tsquery('simple'::regconfig, %s)")
            values.append(text)
            order = "COALESCE(b.published_at, %s) DESC"
        if older is not None:
            conditions.append("b.published_at >= %s")
            values.append(older)
        if newer is not None:
            values.append(_BEGINNING)
        parts.append(
            f"(SELECT b.id, b.published_at FROM ({base_sql}) AS b "
            f"WHERE {' AND '.join(conditions)} ORDER BY {order}, b.id DESC LIMIT %s)"
        )
        params += [*base_params, *values, limit]
    # UNION ALL under a LIMIT: PostgreSQL runs the windows in order and stops as soon as it
    # has `limit` rows, so a common word costs one window and only a rare one reaches them all.
    return f"SELECT * FROM ({' UNION ALL '.join(parts)}) AS windows LIMIT %s", [*params, limit]


def _fetch(queryset: QuerySet, sql: str, params: list) -> list[tuple]:
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def newest_matches(queryset: QuerySet, query: str, limit: int) -> list[int]:
    """The primary keys of the `limit` newest articles of `queryset` (filtered, not yet
    searched) that have every word of `query`, newest first (PostgreSQL), in one query that
    reads a bounded number of rows whatever the words.

    Asked in one go ("ORDER BY published_at DESC LIMIT 200"), PostgreSQL either walks the
    publication index reading each row's search vector from TOAST, or reads every match
    from the GIN index (lists of the whole archive: 91,000 entries for "cong an") and
    fetches each one's row for its date, and its estimate for several words that go together
    ("phong chay chua chay": 300 rows expected, 10,000 found) makes it choose wrong. Here the
    archive is cut by publication date into windows (WINDOW_DAYS), each searched on its own,
    newest first: the newest by walking the publication index and testing each row's words,
    kept in the row (search_words); the older ones through the GIN index (see _windows()).
    """
    words = folded_words(query)[:MAX_QUERY_WORDS]
    if not words:
        return []
    try:
        sql, params = _windows(queryset, words, limit)
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
    sql = (
        f"WITH found AS ({found_sql}) "
        "SELECT a.id, a.published_at, "
        "CASE WHEN a.search_vector @@ phraseto_tsquery('simple'::regconfig, %s) "
        "THEN 1.0 ELSE 0.0 END "
        "+ ts_rank(a.search_vector, "
        "replace(plainto_tsquery('simple'::regconfig, %s)::text, '&', '|')::tsquery) "
        "+ %s / (1.0 + GREATEST(EXTRACT(EPOCH FROM STATEMENT_TIMESTAMP() - a.published_at) "
        "/ 86400.0, 0.0) / %s) "
        f"FROM found JOIN {table} AS a ON a.id = found.id"
    )
    rows = _fetch(queryset, sql, [*found_params, text, text, RECENCY_WEIGHT, RECENCY_DAYS])
    rows = list({row[0]: row for row in rows}.values())  # one row an article, whatever joins
    more = len(rows) > candidates
    if more:  # the oldest one only said that there are more
        rows.remove(min(rows, key=lambda row: (row[1], row[0])))
    rows.sort(key=lambda row: (row[2], row[1], row[0]), reverse=True)
    ranks = {pk: float(rank) for pk, _, rank in rows}
    return SearchResults(queryset, [pk for pk, _, _ in rows], ranks=ranks, more=more)


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


def _cards(model, ids: list[int]) -> QuerySet:
    """These articles for the results' cards: with the listing's joins, without the long
    texts a card never shows (body and search text: ~5 kB a row read from TOAST)."""
    return (
        model._default_manager.filter(pk__in=ids)
        .select_related("category", "source", "card_photo")
        .defer("body", "search_text", "import_snapshot")
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
