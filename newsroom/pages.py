"""What every public page view shares, for both apps (articles and people)."""

from __future__ import annotations


class CanonicalMixin:
    """Adds `canonical_url`: the page's own address, with ?page=N beyond the first page.

    The query string is otherwise dropped, so ?page=1, tracking parameters and the like all
    point search engines at one address.
    """

    def canonical_url(self, context) -> str:
        page = context.get("page_obj")
        path = self.request.path
        if page is not None and page.number > 1:
            path = f"{path}?page={page.number}"
        return self.request.build_absolute_uri(path)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["canonical_url"] = self.canonical_url(context)
        return context
