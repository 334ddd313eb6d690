"""Bylines to Author records: "Minh Anh - Văn Bình" of "Phòng Tham mưu" -> two authors.

The import service calls `authors_for_byline` with what the parser read (byline, author unit,
source) and `set_article_authors` to attach them in order. Matching is on the name with its
diacritics plus the folded unit (see Author), so importing a page again, or another page
signed the same way, reuses the record instead of making a second one.
"""

from __future__ import annotations

import re

from django.db import IntegrityError, transaction

from articles.models import Article, ArticleAuthor, Author
from newsroom.text import fold, name_key, normalize_text

# Between names in a byline: " - ", " – ", ",", ";", "&", " và ".
_SEPARATORS = re.compile(r"\s+[-–—]\s+|\s*[,;&]\s*|\s+và\s+", re.IGNORECASE)
# "Bài, ảnh:", "Tin và ảnh:" … as written before the names.
_PREFIX = re.compile(
    r"^(?:(?:bài|tin|ảnh|video)(?:\s*(?:,|và)\s*(?:bài|tin|ảnh|video))*\s*:\s*)", re.I
)
# Signatures that name a role, not a person: no record for them.
GENERIC_SIGNATURES = frozenset(
    {
        "pv",
        "ctv",
        "btv",
        "nhom pv",
        "nhom phong vien",
        "phong vien",
        "bien tap vien",
        "ban bien tap",
    }
)


def split_byline(byline: str) -> list[str]:
    """The names in a byline, in order, without duplicates or generic signatures."""
    text = _PREFIX.sub("", normalize_text(byline or "").strip().rstrip("."))
    names: list[str] = []
    seen: set[str] = set()
    for part in _SEPARATORS.split(text):
        name = " ".join(part.split()).strip(" .()")
        if not name or fold(name) in GENERIC_SIGNATURES or name_key(name) in seen:
            continue
        seen.add(name_key(name))
        names.append(name)
    return names


def resolve_author(name: str, unit: str = "") -> Author:
    """The Author for this name and unit, created the first time it is seen."""
    # Cut to the columns' sizes (the importer warns about a unit it had to shorten).
    name = normalize_text(name).strip()[: Author._meta.get_field("name").max_length]
    unit = normalize_text(unit or "").strip()[: Author._meta.get_field("unit_or_agency").max_length]
    existing = Author.objects.filter(name_key=name_key(name), unit_key=fold(unit)).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return Author.objects.create(name=name, unit_or_agency=unit)
    except IntegrityError:  # created meanwhile by a concurrent import
        return Author.objects.get(name_key=name_key(name), unit_key=fold(unit))


def authors_for_byline(byline: str, unit: str = "") -> list[Author]:
    """Authors for a printed byline; every name shares the unit printed with it."""
    return [resolve_author(name, unit) for name in split_byline(byline)]


def set_article_authors(article: Article, author_ids: list[int]) -> None:
    """Replace the article's authors with the authors `author_ids`, in that order."""
    ArticleAuthor.objects.filter(article=article).delete()
    add_article_authors(article, author_ids)


def add_article_authors(article: Article, author_ids: list[int]) -> None:
    """Give an article that has no authors yet (a new one) the authors `author_ids`."""
    ArticleAuthor.objects.bulk_create(article_authors(article, author_ids))


def article_authors(article: Article, author_ids: list[int]) -> list[ArticleAuthor]:
    """The (unsaved) rows giving `article` the authors `author_ids`, in that order."""
    return [
        ArticleAuthor(article=article, author_id=author_id, position=index)
        for index, author_id in enumerate(author_ids)
    ]


def article_author_ids(article: Article) -> list[int]:
    return list(
        ArticleAuthor.objects.filter(article=article)
        .order_by("position", "pk")
        .values_list("author_id", flat=True)
    )
