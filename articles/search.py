"""Accent-insensitive article search, on PostgreSQL and on SQLite.

Both databases search the same column, `Article.search_text`: the article's title, lead,
body (without HTML), byline and author unit, folded by `newsroom.text.fold` (no diacritics,
đ → d, lower case, tone-mark placement irrelevant) and reduced to words separated by single
spaces. The reader's query is folded the same way, so "cong an hau giang", "CÔNG AN HẬU GIANG"
and "Công an Hậu Giang" are the same query, and "Hoà" finds "Hòa".

- PostgreSQL: a real full-text search. `to_tsvector('simple', search_text)` is stored in a
  generated column with a GIN index (migration 0003), the query is `plainto_tsquery('simple',
  …)` on the folded words (every word must appear). `ranked()` ranks a bounded candidate set,
  the newest RANK_CANDIDATES matches: exact phrase first, then `ts_rank` blended with recency;
  `newest_first()` lists the newest NEWEST_LISTED. Both find them with `newest_matches()`,
  one query that searches publication-date windows newest first and stops when it has them.
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

from django.db import connection
from django.db.models import (
    Case,
    DateTimeField,
    F,
    FloatField,
    Func,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat, Greatest, Now
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
    """The article's stored `search_vector` column (PostgreSQL; articles migration 0003).

    The column is outside the model state, so it is reached through `search_text`'s column
    reference, which carries the right table alias in joins and sub-selects.
    """

    def __init__(self):
        from django.contrib.postgres.search import SearchVectorField

        super().__init__(F("search_text"), output_field=SearchVectorField())

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        column = connection.ops.quote_name("search_text")
        if not sql.endswith(column):
            raise ValueError(f"Unexpected search_text column SQL: {sql}")
        return sql[: -len(column)] + connection.ops.quote_name("search_vector"), params


def _queries(words: list[str]):
    from django.contrib.postgres.search import SearchQuery

    text = " ".join(words)
    every_word = SearchQuery(text, search_type="plain", config="simple")
    phrase = SearchQuery(text, search_type="phrase", config="simple")
    return every_word, phrase


def _postgresql(queryset: QuerySet, words: list[str]) -> QuerySet:
    every_word, _ = _queries(words)
    return (
        queryset.alias(document=StoredSearchVector())
        .filter(document=every_word)
        .annotate(rank=Value(0.0, output_field=FloatField()))
    )


# Where the newest matches are looked for, newest first: published in the last
# WINDOW_DAYS[0] days, then back to WINDOW_DAYS[1] days, and so on, then the rest. At 100,000
# articles over five years (55 a day): 770, 4,200, 15,000 and 80,000 articles; a word in
# more than a third of the articles fills the 200 candidates from the first window. See
# newest_matches(). Days, not "the 1,000th newest article": finding that date walked 25,000
# index entries and their rows (140 ms) before the visibility map was set.
WINDOW_DAYS = (14, 90, 365)
# Before every publication date: the sort key of an article without one (none is public).
_BEGINNING = datetime.datetime(1, 1, 1, tzinfo=datetime.UTC)


def newest_matches(queryset: QuerySet, limit: int) -> list[int]:
    """The primary keys of the `limit` newest rows of `queryset` (searched and filtered),
    newest first, in one query that reads a bounded number of rows whatever the words.

    Asked in one go ("ORDER BY published_at DESC LIMIT 500"), PostgreSQL either walks the
    publication index testing each row's search vector (one TOAST read per row: fine when
    nearly every article matches, 25,000 reads for "trai giam kenh 5") or reads every match
    from the GIN index and fetches each one's row for its date (91,000 for "cong an"), and its
    estimate for several words that go together ("phong chay chua chay": 300 rows expected,
    10,000 found) makes it choose wrong. Here the archive is cut by publication date into
    windows (WINDOW_DAYS), each searched on its own, newest first, in one UNION ALL under the
    LIMIT: PostgreSQL runs the windows in order and stops as soon as `limit` rows came, so a
    common word costs one small window, a mid-frequency phrase two or three, and only a rare
    word (few matches anywhere, so a cheap GIN scan) reaches the whole archive.
    """
    now = timezone.now()
    edges = [now - datetime.timedelta(days=days) for days in WINDOW_DAYS]
    bounds = [None, *edges, None]
    # The first window may walk the publication index testing each row's vector, and stop at
    # `limit` matches: ~220 rows for "cong an", cheaper than the GIN index's 100,000-entry
    # lists, and never more than the window's 770 rows. The others are sorted by an
    # expression no index provides, so that none walks (the planner's bet when its estimate
    # is high: "dak nong", two common words never together, walked 70,000 rows in 2 s): each
    # intersects the GIN index with the publication-date index and sorts what it found.
    by_date = Coalesce("published_at", Value(_BEGINNING, output_field=DateTimeField()))
    windows = []
    for newer, older in itertools.pairwise(bounds):
        if newer is None:
            window = queryset.order_by("-published_at", "-pk")
        else:
            window = queryset.order_by(by_date.desc(), "-pk")
        if newer is not None:
            window = window.filter(published_at__lt=newer)
        if older is not None:
            window = window.filter(published_at__gte=older)
        windows.append(window.values_list("pk", flat=True)[:limit])
    first, *rest = windows
    return list(first.union(*rest, all=True)[:limit])


def ranked(queryset: QuerySet, query: str, *, candidates: int | None = None) -> QuerySet:
    """`queryset` (already searched and filtered) by relevance: on PostgreSQL the newest
    `candidates` matches, those with the exact phrase first, then by `ts_rank` blended with
    recency (`candidates` by default RANK_CANDIDATES); annotated with `rank` (phrase bonus
    1.0 included), with `capped_count()` and `more_than_listed` for CappedPaginator.
    Elsewhere, newest first.

    At most `candidates` rows are ranked, whatever the query, so a common word costs what a
    rare one does; older matches are reached by sorting by date ("Mới nhất"/"Cũ nhất"). The
    result is a plain filter on those primary keys, with the listing's joins.
    """
    words = folded_words(query)[:MAX_QUERY_WORDS]
    if not words or not uses_full_text():
        return queryset.order_by("-published_at", "-pk")
    from django.contrib.postgres.search import SearchRank

    every_word, phrase = _queries(words)
    candidates = candidates or RANK_CANDIDATES
    # One more than ranked: whether older matches exist beyond the candidates.
    found = newest_matches(queryset, candidates + 1)
    newest = found[:candidates]
    vector = StoredSearchVector()
    age_days = Func(
        Now() - F("published_at"),
        template="EXTRACT(EPOCH FROM %(expressions)s) / 86400.0",
        output_field=FloatField(),
    )
    recency = Value(RECENCY_WEIGHT) / (Value(1.0) + Greatest(age_days, Value(0.0)) / RECENCY_DAYS)
    is_phrase = Case(When(document=phrase, then=Value(1.0)), default=Value(0.0))
    ranked_rows = (
        _cards(queryset, newest)
        .alias(document=vector)
        .annotate(rank=is_phrase + SearchRank(vector, every_word) + recency)
        .order_by("-rank", "-published_at", "-pk")
    )
    # The count is the number of candidates: no COUNT query ranking 200 rows inside it.
    return _with_count(ranked_rows, found, candidates)


# "Mới nhất" lists at most this many matches (10 pages), like relevance: 1,000 read 3,900
# rows' vectors for "cong an" (190 ms). Older ones: the date filters narrow the search.
NEWEST_LISTED = 200


def newest_first(queryset: QuerySet, *, most: int | None = None) -> QuerySet:
    """`queryset` (already searched and filtered) newest first. On PostgreSQL its newest
    `most` (NEWEST_LISTED) rows are found by newest_matches(), with `capped_count()` and
    `more_than_listed` for CappedPaginator: the plain ORDER BY … LIMIT, or the paginator's
    count of 1,001 rows, walked the index testing vectors (580 ms for "can cuoc cong dan")."""
    ordered = queryset.order_by("-published_at", "-pk")
    if not uses_full_text():
        return ordered
    most = most or NEWEST_LISTED
    newest = newest_matches(queryset, most + 1)
    listed = _cards(queryset, newest[:most]).order_by("-published_at", "-pk")
    return _with_count(listed, newest, most)


def _cards(queryset: QuerySet, ids: list[int]) -> QuerySet:
    """These articles for the results' cards: with the listing's joins, without the long
    texts a card never shows (body and search text: ~5 kB a row read from TOAST)."""
    return (
        queryset.model._default_manager.filter(pk__in=ids)
        .select_related("category", "source", "card_photo")
        .defer("body", "search_text", "import_snapshot")
    )


def _with_count(rows: QuerySet, found: list[int], shown: int) -> QuerySet:
    """`rows` with the count CappedPaginator asks for, known from `found` (no COUNT query),
    and whether more matched than the `shown` listed ("hơn … bài viết")."""
    listed = min(len(found), shown)
    rows.capped_count = lambda most: min(most, listed)
    rows.more_than_listed = len(found) > shown
    return rows


def _sqlite(queryset: QuerySet, words: list[str]) -> QuerySet:
    padded = queryset.annotate(
        padded_search_text=Concat(
            Value(" "), F("search_text"), Value(" "), output_field=TextField()
        )
    )
    for word in dict.fromkeys(words):
        padded = padded.filter(padded_search_text__contains=f" {word} ")
    return padded.annotate(rank=Value(0.0, output_field=FloatField()))
