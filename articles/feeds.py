"""RSS feeds (django.contrib.syndication): the latest articles, and per category."""

from __future__ import annotations

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Enclosure, Rss201rev2Feed
from django.utils.html import escape

from .models import Article, Category

FEED_SIZE = 30


class LatestArticlesFeed(Feed):
    """The newest published articles. Two queries, whatever the number of articles."""

    feed_type = Rss201rev2Feed
    language = "vi"

    def title(self, obj=None):
        return f"{settings.PORTAL_NAME}: tin mới"

    def link(self, obj=None):
        return reverse("articles:home")

    def description(self, obj=None):
        return f"Tin tức, hoạt động mới nhất của {settings.PORTAL_NAME}"

    def articles(self, obj=None):
        # The card photo rides in the same query: the enclosures cost nothing more.
        return Article.objects.published().select_related("category", "card_photo")

    def items(self, obj=None):
        return self.articles(obj).order_by("-published_at", "-pk")[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Feed readers take a description as HTML: escaped here (and once more as XML), a
        # lead's "<script>" reaches the reader as text, never as markup to run.
        return escape(item.lead)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.byline or None

    def item_enclosures(self, item):
        """The article's photo (the social image's or cover's share size), for feed readers."""
        share = item.card_photo.share if item.card_photo else None
        if share is None:
            return []
        return [Enclosure(share["url"], str(share["bytes"]), share["type"])]

    def get_feed(self, obj, request):
        """Enclosure addresses made absolute here, where the request is known (the feed
        object is shared by every request, so it keeps no request of its own)."""
        feed = super().get_feed(obj, request)
        for item in feed.items:
            for enclosure in item["enclosures"]:
                enclosure.url = request.build_absolute_uri(enclosure.url)
        return feed

    def item_categories(self, item):
        return [item.category.name] if item.category else []


class CategoryFeed(LatestArticlesFeed):
    """The newest articles of one category and its sub-categories."""

    def get_object(self, request, slug):
        return get_object_or_404(Category, slug=slug)

    def title(self, obj=None):
        return f"{settings.PORTAL_NAME}: {obj.name}"

    def link(self, obj=None):
        return obj.get_absolute_url()

    def description(self, obj=None):
        return obj.description or f"Tin mới chuyên mục {obj.name}"

    def articles(self, obj=None):
        return super().articles(obj).filter(Q(category=obj) | Q(category__parent=obj))
