"""What every public page view shares, for both apps (articles and people)."""

from __future__ import annotations

from django.urls import reverse


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
