"""Accent-insensitive article search, on PostgreSQL and on SQLite.

Both databases search the same column, `Article.search_text`: the article's title, lead,
body (without HTML), byline and author unit, folded by `newsroom.text.fold` (no diacritics,
đ → d, lower case, tone-mark placement irrelevant) and reduced to words separated by single
spaces. The reader's query is folded the same way, so "cong an hau giang", "CÔNG AN HẬU GIANG"
and "Công an Hậu Giang" are the same query, and "Hoà" finds "Hòa".

- PostgreSQL: a real full-text search. The expression `to_tsvector('simple', search_text)`
  has a GIN index (migration 0003), the query is `plainto_tsquery('simple', …)` on the folded
  words (every word must appear), and results are ranked with `ts_rank`, with the exact phrase
  ranked higher. The 'simple' configuration is the right one: PostgreSQL has no Vietnamese
  dictionary or stemmer (Vietnamese words do not inflect anyway), and the text is already
  folded, so `unaccent` is not needed either.
- SQLite: every folded word must appear as a whole word (an AND of LIKE conditions on the
  padded column). There is no ranking: "relevance" falls back to the newest first.

The vendor is decided at run time from the connection, so one code base serves both.
"""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import F, FloatField, QuerySet, TextField, Value
from django.db.models.functions import Concat
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


def _postgresql(queryset: QuerySet, words: list[str]) -> QuerySet:
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    text = " ".join(words)
    # Must be the very expression of the GIN index (see the migration) for the index to serve.
    document = SearchVector("search_text", config="simple")
    every_word = SearchQuery(text, search_type="plain", config="simple")
    phrase = SearchQuery(text, search_type="phrase", config="simple")
    return queryset.annotate(
        document=document,
        rank=SearchRank(document, every_word) + SearchRank(document, phrase),
    ).filter(document=every_word)


def _sqlite(queryset: QuerySet, words: list[str]) -> QuerySet:
    padded = queryset.annotate(
        padded_search_text=Concat(
            Value(" "), F("search_text"), Value(" "), output_field=TextField()
        )
    )
    for word in dict.fromkeys(words):
        padded = padded.filter(padded_search_text__contains=f" {word} ")
    return padded.annotate(rank=Value(0.0, output_field=FloatField()))
