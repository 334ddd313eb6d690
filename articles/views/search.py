"""The search results page (/tim-kiem/)."""

from __future__ import annotations

from django.views.generic import ListView

from articles.filters import ArticleSearchFilter
from articles.models import Article
from newsroom.pages import CappedPaginator


class SearchView(ListView):
    """Published articles matching the reader's words and filters, 20 a page.

    Queries: the category menu, the category choices, one per slug filter given (validation),
    then the count and the page (on PostgreSQL with words: the newest matches, ranked, whose
    length is the count, then the page's cards): fixed, whatever the number of articles. A
    form error answers 400 with the form and its messages, and runs no search.
    """

    template_name = "articles/search.html"
    context_object_name = "articles"
    paginate_by = 20
    # 50 pages of 20: the count reads at most 1,001 rows, and relevance ranks at most
    # search.RANK_CANDIDATES (200) matches, 10 pages ("hơn 200 bài viết" when there are
    # more); older ones by sorting by date or the archive.
    paginator_class = CappedPaginator

    def get(self, request, *args, **kwargs):
        self.filterset = ArticleSearchFilter(
            request.GET or None, queryset=Article.objects.published().for_listing()
        )
        if self.filterset.is_bound and not self.filterset.is_valid():
            self.object_list = Article.objects.none()
            context = self.get_context_data(invalid=True)
            return self.render_to_response(context, status=400)
        return super().get(request, *args, **kwargs)

    def searched(self) -> bool:
        return self.filterset.is_bound and self.filterset.has_criteria

    def get_queryset(self):
        if not self.searched():
            return Article.objects.none()
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = self.filterset.form
        context.update(
            filterset=self.filterset,
            form=form,
            searched=not kwargs.get("invalid") and self.searched(),
            chosen=self._chosen() if self.filterset.is_bound and not form.errors else [],
            query=form.data.get("q", "") if self.filterset.is_bound else "",
        )
        return context

    def _chosen(self):
        """The slug filters the reader came with, with their names, to show and to remove."""
        chosen = []
        for name in ("tu_khoa", "can_bo", "don_vi", "su_kien"):
            value = self.filterset.form.cleaned_data.get(name)
            if value is not None:
                rest = self.request.GET.copy()
                rest.pop(name, None)
                rest.pop("page", None)
                chosen.append(
                    {
                        "param": name,
                        "slug": self.request.GET[name],
                        "label": self.filterset.filters[name].label,
                        "name": str(value),
                        "remove_url": "?" + rest.urlencode(),
                    }
                )
        return chosen
