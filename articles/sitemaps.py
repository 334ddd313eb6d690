"""sitemap.xml sections (django.contrib.sitemaps): articles, categories, officials, units, events.

Only what readers can open is listed: published articles whose time has come and that have not
expired; officials, units and events named in at least one such article; every category.
"""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, OuterRef, Subquery

from people.models import Official, Unit

from .models import Article, Category, Event, OfficialMention, UnitMention
from .selectors import any_published

# URLs per sitemap page. The protocol allows 50,000; rendering costs ~0.1 ms per URL, so a
# page of 1,000 answers in a bounded time and the index lists one page per 1,000 articles.
ARTICLES_PER_SITEMAP = 1000


class ArticleSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8
    limit = ARTICLES_PER_SITEMAP

    def items(self):
        return (
            Article.objects.published()
            .only("slug", "published_at", "updated_at")
            .order_by("-published_at", "-pk")
        )

    def lastmod(self, item):
        return max(item.updated_at, item.published_at)

    def get_latest_lastmod(self):
        # For the index: one aggregate instead of Django's default loop over every article.
        latest = Article.objects.published().aggregate(
            updated=Max("updated_at"), published=Max("published_at")
        )
        return max(filter(None, latest.values()), default=None)


class CategorySitemap(Sitemap):
    changefreq = "daily"
    priority = 0.6

    def items(self):
        latest = (
            Article.objects.published()
            .filter(category=OuterRef("pk"))
            .order_by("-published_at")
            .values("published_at")[:1]
        )
        return Category.objects.annotate(last_published=Subquery(latest)).order_by("order", "name")

    def lastmod(self, item):
        return item.last_published


class OfficialSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        named = OfficialMention.objects.filter(official_id=OuterRef("pk"))
        return (
            Official.objects.filter(any_published(named, "official_id")).only("slug").order_by("pk")
        )


class UnitSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        named = UnitMention.objects.filter(unit_id=OuterRef("pk"))
        return Unit.objects.filter(any_published(named, "unit_id")).only("slug").order_by("pk")


class EventSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5
    limit = ARTICLES_PER_SITEMAP

    def items(self):
        covered = Event.articles.through.objects.filter(event_id=OuterRef("pk"))
        return (
            Event.objects.filter(any_published(covered, "event_id"))
            .only("slug")
            .order_by("-date", "pk")
        )


SITEMAPS = {
    "tin-tuc": ArticleSitemap,
    "chuyen-muc": CategorySitemap,
    "can-bo": OfficialSitemap,
    "don-vi": UnitSitemap,
    "su-kien": EventSitemap,
}
