"""Admin list tools whose cost does not grow with the archive.

- `CappedCountPaginator`: counts at most CAP rows (`SELECT COUNT(*) FROM (... LIMIT CAP+1)`)
  instead of every row; past the cap the list shows the first CAP rows' pages and says there
  are more (narrow it with a filter or a search). Used with `show_full_result_count = False`,
  which drops the second count Django makes of the unfiltered table.
- `SearchCountPaginator`: the same for a searched list, with a lower cap (a search with more
  than a thousand results is narrowed, not paged through) and, on PostgreSQL, the count read
  from the full-text index (see its docstring).
- `TextListFilter`: a filter with a text box instead of one link per row (authors, creators,
  tags grow with the data; a list of every name would too). Chosen over
  django-admin-autocomplete-filter, which is unmaintained; a typed name needs no JavaScript.
"""

from __future__ import annotations

from django.contrib import admin
from django.core.paginator import Paginator
from django.db import connections, transaction
from django.utils.functional import cached_property


class CappedCountPaginator(Paginator):
    CAP = 10_000

    @cached_property
    def count(self):
        object_list = self.object_list
        if hasattr(object_list, "order_by"):
            return self._count(object_list.order_by()[: self.CAP + 1])
        return min(len(object_list), self.CAP + 1)

    def _count(self, queryset) -> int:
        return queryset.count()

    @property
    def capped(self) -> bool:
        return self.count > self.CAP

    @cached_property
    def num_pages(self):
        # Past the cap the count is CAP + 1 (the row that shows there are more): the pages
        # stop at the CAP rows, without a last page holding that one extra row.
        if self.capped:
            return max(1, -(-self.CAP // self.per_page))
        return super().num_pages


class SearchCountPaginator(CappedCountPaginator):
    """The capped count of a searched list.

    PostgreSQL's planner sees `search_vector @@ query` as cheap per row and counts the first
    rows of a common word ("hau giang", in most articles) by reading the table, which
    de-TOASTs every row's vector: 10,000 rows cost ~68,000 buffers and most of a second. The
    GIN index answers the same count from its posting lists (~2,000 buffers), so for this one
    query sequential scans are switched off (SET LOCAL, back to the default at once).
    """

    CAP = 1_000

    def _count(self, queryset) -> int:
        connection = connections[queryset.db]
        if connection.vendor != "postgresql":
            return queryset.count()
        with transaction.atomic(using=queryset.db), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            try:
                return queryset.count()
            finally:
                # Within an outer transaction (tests) SET LOCAL would last until its end.
                cursor.execute("SET LOCAL enable_seqscan = DEFAULT")


class TextListFilter(admin.SimpleListFilter):
    """A list filter with one text box; subclasses say how the typed text filters."""

    template = "admin/text_list_filter.html"

    def lookups(self, request, model_admin):
        return [("", "")]  # never shown: the template draws a text box

    def has_output(self):
        return True

    def choices(self, changelist):
        # The other parameters (filters, search, ordering), kept as hidden fields; not the page.
        hidden = []
        for key, values in changelist.params.items():
            if key in (self.parameter_name, "p"):
                continue
            for item in values if isinstance(values, list) else [values]:
                hidden.append((key, item))
        yield {
            "value": self.value() or "",
            "parameter_name": self.parameter_name,
            "params": hidden,
            "clear_url": changelist.get_query_string(remove=[self.parameter_name]),
        }

    def queryset(self, request, queryset):
        value = (self.value() or "").strip()
        if not value:
            return queryset
        return self.filter_text(queryset, value[:200])

    def filter_text(self, queryset, value):  # pragma: no cover - abstract
        raise NotImplementedError
