"""Old addresses of published articles keep working: a 301 to the current one.

An own small table (ArticleSlugHistory) rather than django.contrib.redirects: a row points at
the article, not at a fixed path, so one rename after another still lands on today's address
in a single hop; the rows go when the article is deleted; and no `sites` framework or
catch-all middleware is needed. The detail view consults it only when a slug finds no
article, so a live article always wins over an old address.
"""

from __future__ import annotations

from django.apps import apps
from django.http import Http404, HttpResponsePermanentRedirect


def record_slug_change(article) -> None:
    """Called by Article.save(): keep the old slug if readers could have seen it."""
    SlugHistory = apps.get_model("articles", "ArticleSlugHistory")
    stored_slug = getattr(article, "_stored_slug", None)
    if stored_slug != article.slug:
        # The slug is this article's now: it is nobody's old address any more.
        SlugHistory.objects.filter(slug=article.slug).delete()
        if stored_slug and getattr(article, "_stored_status", None) == "published":
            SlugHistory.objects.update_or_create(slug=stored_slug, defaults={"article": article})
    article._stored_slug = article.slug
    article._stored_status = article.status


class OldSlugRedirectMixin:
    """For the article detail view: an unknown slug that was a public article's redirects."""

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            target = self.moved_article(kwargs.get("slug", ""))
            if target is None:
                raise
            return HttpResponsePermanentRedirect(target.get_absolute_url())

    def moved_article(self, slug: str):
        Article = apps.get_model("articles", "Article")
        return Article.objects.published().filter(old_slugs__slug=slug).only("pk", "slug").first()
