"""The article list at archive scale: its search box and its date drill-down.

- `ArticleSearchMixin`: the search box runs the portal's search (articles.search: the
  folded `search_text`, the GIN-indexed search vector on PostgreSQL), so "hau giang" and
  "Hậu Giang" find the same articles; a number or a slug also finds that article exactly.
- `IndexedOrderChangeList`: the list sorts only by the columns in `sortable_by`, each backed
  by an index in the list's order; a crafted `?o=` on another column is ignored (sorting
  100,000 rows by the category's name or the byline read the whole table, ~0.5-1 s).
- `bounded_date_hierarchy`: the drill-down by publication date with choices that cost no
  scan of the list: the years between the oldest and the newest article (two index seeks),
  then the twelve months, then the days of the month. Django's own runs `MIN`/`MAX` and a
  `DISTINCT` over the filtered, searched list on every page, which repeated the search.
"""

from __future__ import annotations

import calendar
import datetime
import re

from django.contrib.admin.templatetags.admin_list import date_hierarchy
from django.contrib.admin.views.main import ChangeList
from django.db.models import Max, Min
from django.utils import formats, timezone
from django.utils.text import capfirst

from articles.models import Article
from articles.search import MAX_QUERY_LENGTH, folded_words, search

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)+")


def exact_lookup(term: str) -> dict | None:
    """The lookup of the article `term` names by its number or its slug, if it looks like one."""
    if term.isdigit() and len(term) <= 18:
        return {"pk": int(term)}
    if _SLUG.fullmatch(term) and len(term) <= Article._meta.get_field("slug").max_length:
        return {"slug": term}
    return None


class ArticleSearchMixin:
    """The admin's search box: the portal's accent-insensitive search, plus the article whose
    number or slug was typed."""

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()[:MAX_QUERY_LENGTH]
        if not term:
            return queryset, False
        # A term without a word ("-", "%") finds nothing, not every article.
        matches = search(queryset, term) if folded_words(term) else queryset.none()
        lookup = exact_lookup(term)
        if lookup is not None:
            # One index probe first: the OR below is only added when it can change the list.
            exact = list(queryset.filter(**lookup).values_list("pk", flat=True)[:1])
            if exact:
                matches = matches | queryset.filter(pk__in=exact)
        return matches, False


class IndexedOrderChangeList(ChangeList):
    # Not shown in the list, and the largest columns (HTML, folded text, import values): the
    # page's rows are read without them. Only the list's page: actions reload full rows.
    DEFERRED = ["body", "lead", "search_text", "import_snapshot"]

    def get_results(self, request):
        self.queryset = self.queryset.defer(*self.DEFERRED)
        super().get_results(request)

    def get_ordering_field(self, field_name):
        if self.sortable_by is not None and field_name not in self.sortable_by:
            return None
        return super().get_ordering_field(field_name)


def _choice(cl, title, **params):
    return {"link": cl.get_query_string(params, ["published_at__"]), "title": title}


def _date(value: datetime.date, format_name: str) -> str:
    return capfirst(formats.date_format(value, format_name))


def bounded_date_hierarchy(cl) -> dict | None:
    """Django's date_hierarchy context for `cl`, with choices that read no row of the list."""
    field = cl.date_hierarchy
    if field != "published_at":
        return date_hierarchy(cl)
    try:
        year = int(cl.params.get(f"{field}__year") or 0)
        month = int(cl.params.get(f"{field}__month") or 0)
        day = int(cl.params.get(f"{field}__day") or 0)
    except (TypeError, ValueError):
        year = month = day = 0
    if year and month and day:
        return date_hierarchy(cl)  # one day: Django's back link and title, no query
    if year and 1 <= month <= 12:
        last_day = calendar.monthrange(year, month)[1]
        return {
            "show": True,
            "back": _choice(cl, str(year), published_at__year=year),
            "choices": [
                _choice(
                    cl,
                    _date(datetime.date(year, month, d), "MONTH_DAY_FORMAT"),
                    published_at__year=year,
                    published_at__month=month,
                    published_at__day=d,
                )
                for d in range(1, last_day + 1)
            ],
        }
    if year:
        return {
            "show": True,
            "back": {"link": cl.get_query_string({}, [f"{field}__"]), "title": "Mọi năm"},
            "choices": [
                _choice(
                    cl,
                    _date(datetime.date(year, m, 1), "YEAR_MONTH_FORMAT"),
                    published_at__year=year,
                    published_at__month=m,
                )
                for m in range(1, 13)
            ],
        }
    # The whole table's first and last publication: two seeks of the published_at index.
    bounds = Article.objects.aggregate(first=Min(field), last=Max(field))
    if not bounds["first"]:
        return {"show": False}
    first, last = (timezone.localtime(bounds[k]) for k in ("first", "last"))
    return {
        "show": True,
        "choices": [
            _choice(cl, str(y), published_at__year=y) for y in range(last.year, first.year - 1, -1)
        ],
    }
