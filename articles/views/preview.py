"""Preview: the author or an editor sees an unpublished article exactly as readers will.

The view is the public article page (same view class, same template) over every article
instead of the published ones, with a "Bản nháp" banner. Anyone else gets a 404, as if the
article did not exist, so that a preview address reveals nothing.
"""

from __future__ import annotations

from django.http import Http404

from articles.models import Article
from articles.services import workflow

from .news import ArticleDetailView


class ArticlePreviewView(ArticleDetailView):
    count_views = False  # an editor checking a draft is not a reader

    def get_queryset(self):
        # The public view's joins do not matter for the result; only the published filter
        # must go, so the page renders from the same template with the same context.
        return Article.objects.select_related("category", "source")

    def get_object(self, queryset=None):
        article = super().get_object(queryset)
        if not workflow.can_preview(self.request.user, article):
            raise Http404("Không có bài viết này.")
        return article

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_preview"] = True
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Cache-Control"] = "private, no-store"
        return response
