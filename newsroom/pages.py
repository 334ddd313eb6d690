"""What every public page view shares, for both apps (articles and people)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.urls import reverse
from django.utils.functional import cached_property


class CanonicalMixin:
    """Adds `canonical_url`: the page's own address, with ?page=N beyond the first page.

    The query string is otherwise dropped, and the path is rebuilt from the resolved URL
    arguments, so ?page=1, tracking parameters, zero-padded numbers and the like all point
    search engines at one address.
    """

    def canonical_url(self, context) -> str:
        page = context.get("page_obj")
        match = self.request.resolver_match
        # Reversed from the resolved arguments: /luu-tru/02021/5/ names /luu-tru/2021/5/.
        path = reverse(match.view_name, kwargs=match.kwargs) if match else self.request.path
        if page is not None and page.number > 1:
            path = f"{path}?page={page.number}"
        return self.request.build_absolute_uri(path)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["canonical_url"] = self.canonical_url(context)
        return context


class CappedPaginator(Paginator):
    """A paginator that never counts or skips more than `max_pages` pages of rows.

    Django's Paginator runs an exact `COUNT(*)` of the whole list on every page and serves
    page N with `OFFSET (N-1)*per_page`: at 100,000 articles both grow with the archive (a
    category's count reads ~10,000 rows on each request, page 300 skips 6,000). Here the count
    reads at most `max_pages * per_page + 1` rows (`SELECT COUNT(*) FROM (… LIMIT n)`), so the
    deepest OFFSET is bounded too, and `capped` says that there is more than the pages show.
    Older items are reached through the date archive (/luu-tru/<year>/<month>/), whose month
    pages are small; the pager links to it from the last page (includes/pagination.html).
    ?page=N keeps answering for every N within the cap; beyond it the page is 404, like any
    page number out of range.
    """

    max_pages = 50

    def __init__(self, *args, max_pages: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if max_pages is not None:
            self.max_pages = max_pages
        self.capped = False

    @cached_property
    def count(self) -> int:
        limit = self.max_pages * self.per_page
        if isinstance(self.object_list, (list, tuple)):
            counted = len(self.object_list[: limit + 1])
        elif hasattr(self.object_list, "capped_count"):
            counted = self.object_list.capped_count(limit + 1)
        else:
            # Without the ORDER BY: counting needs no order, and without it PostgreSQL may
            # start from the smaller side (an author's 3,000 links, not a walk of the whole
            # publication index until 1,001 of them turn up).
            counted = self.object_list.order_by()[: limit + 1].count()
        # A list may know it leaves out older rows (search's ranked candidates).
        self.capped = counted > limit or getattr(self.object_list, "more_than_listed", False)
        return min(counted, limit)
