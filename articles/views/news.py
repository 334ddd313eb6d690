"""Public news pages. Every view decides its joins once, so query counts stay fixed.

Every public view is wrapped by `articles.views.caching.public_page_view` (conditional GET with
Last-Modified; the README explains the choice). Lists are paginated by Django's Paginator
through ListView, which answers 404 to a page number out of range or not a number.
"""

from __future__ import annotations

import datetime
import json

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import Http404, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import DetailView, ListView
from taggit.models import Tag, TaggedItem

from articles import selectors
from articles.models import (
    Article,
    ArticleAuthor,
    Caption,
    Event,
    OfficialMention,
    UnitMention,
)
from newsroom.context_processors import portal_settings
from newsroom.pages import CanonicalMixin, CappedPaginator

from .caching import public_page_view
from .readers import CountViewMixin


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
        return Article.objects.published().filter(old_slugs__slug=slug).only("pk", "slug").first()


class CappedListMixin:
    """Lists of articles paginated by `CappedPaginator` (newsroom/pages.py): at most 50 pages,
    a bounded count; the last page of a capped list links to the date archive of its oldest
    article ("Tin cũ hơn"), the route to everything older."""

    paginator_class = CappedPaginator

    def older_url(self, oldest: Article) -> str:
        day = timezone.localtime(oldest.published_at)
        return reverse("articles:archive_month", kwargs={"year": day.year, "month": day.month})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context.get("page_obj")
        if page is not None and page.paginator.capped and not page.has_next():
            articles = list(page.object_list)
            if articles and articles[-1].published_at:
                context["older_url"] = self.older_url(articles[-1])
        return context


class PinnedFirst:
    """A category's list as the paginator reads it: the articles pinned to the category
    first (a few, in the editors' order, at most MAX_PINNED), then the rest newest first.

    One ORDER BY with `CASE WHEN pinned here` sorted all of a category's ~12,000 published
    articles on every page (0.1–0.2 s at 100,000 articles, page 1 as page 50). Here the
    pinned ones are one small query (a partial index on pinned articles) and a page of the
    rest is a walk of the (category, status, published_at) index that stops at the page.
    """

    MAX_PINNED = 20
    ordered = True  # for Paginator's check

    def __init__(self, pinned, rest):
        self.pinned_articles = pinned
        self.rest = rest

    @cached_property
    def pinned(self) -> list[Article]:
        return list(self.pinned_articles[: self.MAX_PINNED])

    def capped_count(self, most: int) -> int:
        """How many, counting at most `most` (CappedPaginator)."""
        rest = self.rest.order_by()[: max(0, most - len(self.pinned))].count()
        return min(most, len(self.pinned) + rest)

    def count(self) -> int:
        return len(self.pinned) + self.rest.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop = index.start or 0, index.stop
        head = self.pinned[start:stop]
        skip = max(0, start - len(self.pinned))
        if stop is None:
            return head + list(self.rest[skip:])
        end = max(skip, stop - len(self.pinned))
        return head + (list(self.rest[skip:end]) if end > skip else [])


class PublishedArticlesMixin(CappedListMixin, CanonicalMixin):
    """Limits a view to what readers may see, with the joins a listing card needs."""

    paginate_by = 20

    def published_articles(self):
        return Article.objects.published().for_listing()


@public_page_view
class HomeView(PublishedArticlesMixin, ListView):
    """Featured story, latest news, a block per main category, most read, events, leaders."""

    template_name = "articles/home.html"
    context_object_name = "articles"
    paginate_by = 10

    def get_queryset(self):
        # Editors order the headlines (featured_order); the first one leads the home page.
        self.featured = self.published_articles().featured().first()
        articles = self.published_articles()
        if self.featured is not None:
            articles = articles.exclude(pk=self.featured.pk)
        return articles

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        featured = None
        if context["page_obj"].number == 1:
            featured = self.featured
            if featured is None and context["articles"]:
                # No story marked as featured: the newest leads the page.
                featured, *rest = context["articles"]
                context["articles"] = rest
        tree = selectors.CategoryTree.load()
        upcoming, recent = selectors.upcoming_and_recent_events()
        portal = portal_settings(self.request)
        context.update(
            featured=featured,
            category_blocks=selectors.category_blocks(tree),
            most_read=Article.objects.published()
            .only("title", "slug", "view_count")
            .order_by("-view_count", "-published_at")[:5],
            upcoming_events=upcoming,
            recent_events=recent,
            leaders=selectors.unit_leaders(portal.leadership_unit_id),
        )
        return context


@public_page_view
class CategoryView(PublishedArticlesMixin, ListView):
    """A category's articles, its sub-categories' included."""

    template_name = "articles/category.html"
    context_object_name = "articles"

    def get_queryset(self):
        tree = selectors.CategoryTree.load()
        self.category = next((c for c in tree.categories if c.slug == self.kwargs["slug"]), None)
        if self.category is None:
            raise Http404("Không có chuyên mục này.")
        self.ancestors = tree.ancestors(self.category)
        self.subcategories = tree.children.get(self.category.pk, [])
        # Articles pinned to this very category come first, in the editors' order.
        articles = self.published_articles().filter(
            category_id__in=tree.descendant_ids(self.category)
        )
        here = Q(is_pinned=True, category_id=self.category.pk)
        return PinnedFirst(
            articles.filter(here).order_by("pinned_order", "-published_at", "-pk"),
            articles.exclude(here),
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            category=self.category,
            ancestors=self.ancestors,
            subcategories=self.subcategories,
            **kwargs,
        )


@public_page_view
class TagView(PublishedArticlesMixin, ListView):
    """Articles carrying a tag; a tag only unpublished articles carry does not exist here."""

    template_name = "articles/tag.html"
    context_object_name = "articles"
    allow_empty = False

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        # EXISTS with the content type's id written in, not a join on taggit's table: the
        # join compares object_id::bigint with the key, which no index serves, and hashes
        # all of a common tag's links first (ArticleQuerySet.related_to does the same).
        tagged = TaggedItem.objects.filter(
            content_type_id=ContentType.objects.get_for_model(Article).pk,
            object_id=OuterRef("pk"),
            tag_id=self.tag.pk,
        )
        return self.published_articles().filter(Exists(tagged))

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


# Years an archive address may name; outside them there is nothing to list (and no overflow).
ARCHIVE_YEARS = (1900, 2999)


def archive_latest(request):
    """The footer's "Lưu trữ": the archive of the latest year readers have articles in.

    A redirect (one query, on this address only) rather than a year in every page's footer,
    which would cost each page a query, and which would point at an empty year in January.
    """
    latest = (
        Article.objects.published()
        .order_by("-published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    year = timezone.localtime(latest).year if latest else timezone.localtime().year
    return HttpResponseRedirect(reverse("articles:archive_year", args=[year]))


@public_page_view
class ArchiveView(PublishedArticlesMixin, ListView):
    """Articles published in a year, a month or a day (local time); impossible dates are 404."""

    template_name = "articles/archive.html"
    context_object_name = "articles"

    def get_queryset(self):
        year = self.kwargs["year"]
        month = self.kwargs.get("month")
        day = self.kwargs.get("day")
        if not ARCHIVE_YEARS[0] <= year <= ARCHIVE_YEARS[1]:
            raise Http404("Năm không hợp lệ.")
        try:
            self.start = datetime.date(
                year, 1 if month is None else month, 1 if day is None else day
            )
        except (ValueError, OverflowError) as err:  # a month of 2**31 overflows a C int
            raise Http404("Ngày không hợp lệ.") from err
        if day is not None:
            end = self.start + datetime.timedelta(days=1)
        elif month is not None:
            end = datetime.date(year + month // 12, month % 12 + 1, 1)
        else:
            end = datetime.date(year + 1, 1, 1)
        self.level = "day" if day is not None else "month" if month is not None else "year"
        return selectors.published_between(self.start, end).for_listing()

    def older_url(self, oldest: Article) -> str:
        """A year's or a month's capped list goes on with the oldest article's month or day."""
        day = timezone.localtime(oldest.published_at).date()
        if self.level == "day":
            return ""  # a day's list is short; never capped in practice
        if self.level == "year":
            return reverse("articles:archive_month", kwargs={"year": day.year, "month": day.month})
        return reverse(
            "articles:archive_day", kwargs={"year": day.year, "month": day.month, "day": day.day}
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(start=self.start, level=self.level, **kwargs)
        if self.level == "year":
            # One probe per month of the year, not a DISTINCT over its ~19,000 articles.
            year = selectors.published_between(self.start, datetime.date(self.start.year + 1, 1, 1))
            context["months"] = selectors.periods_with_rows(
                year, "published_at", "month", newest_first=False
            )
        return context


@public_page_view
class ArticleDetailView(CountViewMixin, OldSlugRedirectMixin, CanonicalMixin, DetailView):
    """An article, what it names, the event it reports and the related articles."""

    template_name = "articles/detail.html"
    context_object_name = "article"
    print_view = False

    def get_template_names(self):
        return ["articles/print.html"] if self.print_view else [self.template_name]

    def get_queryset(self):
        mentions = OfficialMention.objects.select_related("official", "unit").order_by("pk")
        return (
            Article.objects.published()
            .select_related("category", "category__parent", "source", "card_photo", "social_image")
            .prefetch_related(
                "tags",
                Prefetch("captions", queryset=Caption.objects.order_by("position")),
                Prefetch("official_mentions", queryset=mentions),
                Prefetch("unit_mentions", queryset=UnitMention.objects.select_related("unit")),
                Prefetch(
                    "article_authors",
                    queryset=ArticleAuthor.objects.select_related("author").order_by("position"),
                ),
                "events",
            )
        )

    def canonical_url(self, context) -> str:
        return self.request.build_absolute_uri(self.object.get_absolute_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        if not self.print_view:
            context["related"] = selectors.related_articles(article)
        share = article.share_photo.share if article.share_photo else None
        context["json_ld"] = json_ld(
            article,
            context["canonical_url"],
            publisher=portal_settings(self.request).name,
            image=self.request.build_absolute_uri(share["url"]) if share else None,
        )
        units = [link.author.unit_or_agency for link in article.article_authors.all()]
        context["byline_units"] = list(dict.fromkeys(unit for unit in units if unit))
        return context


def json_ld(article: Article, url: str, *, publisher: str, image: str | None = None) -> str:
    """schema.org NewsArticle, escaped for a <script> element."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title[:110],
        "description": article.description_text[:300],
        "datePublished": article.published_at,
        # A preview of a draft has no publish time yet.
        "dateModified": max(d for d in (article.updated_at, article.published_at) if d),
        "mainEntityOfPage": url,
        "inLanguage": "vi",
        "keywords": [tag.name for tag in article.tags.all()],
        "publisher": {"@type": "Organization", "name": publisher},
    }
    if image:
        data["image"] = [image]
    if article.byline:
        data["author"] = {"@type": "Person", "name": article.byline}
    if article.source:
        data["sourceOrganization"] = {"@type": "Organization", "name": article.source.name}
    if article.category:
        data["articleSection"] = article.category.name
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@public_page_view
class EventListView(CanonicalMixin, ListView):
    """Events newest first, or those of one month; months with events to navigate.

    A bounded amount of work whatever the number of events: the list is paged by
    `CappedPaginator` (at most 10 pages counted; the last one links to the month of its
    oldest event, the route to everything older) and the months come from one probe each
    (`selectors.periods_with_rows`). Counting every public event, then the events of every
    month, checked the coverage of each (~60 ms for the 5,000 events of a 100,000-article
    archive); the months are listed without their counts for that reason.
    """

    template_name = "articles/event_list.html"
    context_object_name = "events"
    paginate_by = 20

    def get_paginator(self, *args, **kwargs):
        # Ten pages: each counted event costs a probe of its coverage; older events are
        # reached month by month.
        return CappedPaginator(*args, max_pages=10, **kwargs)

    def get_queryset(self):
        events = selectors.public_events()
        self.month = None
        if "year" in self.kwargs:
            try:
                self.month = datetime.date(self.kwargs["year"], self.kwargs["month"], 1)
            except (ValueError, OverflowError) as err:
                raise Http404("Tháng không hợp lệ.") from err
            events = events.filter(date__year=self.month.year, date__month=self.month.month)
        # One index probe per listed event (selectors.any_published), not a hashed subplan.
        links = Event.articles.through.objects.filter(event_id=OuterRef("pk"))
        return (
            events.select_related("host_unit", "lead_official")
            .annotate(has_articles=selectors.any_published(links, "event_id"))
            .order_by("-date", "title")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        selectors.public_leads(context["events"])
        page = context["page_obj"]
        if page.paginator.capped and not page.has_next():
            oldest = next((e.date for e in reversed(context["events"]) if e.date), None)
            if oldest is not None:
                context["older_url"] = reverse(
                    "articles:events_month", args=[oldest.year, oldest.month]
                )
                context["older_label"] = "Sự kiện cũ hơn"
        months = selectors.periods_with_rows(selectors.public_events(), "date", "month")
        context.update(month=self.month, months=months)
        return context


@public_page_view
class EventDetailView(PublishedArticlesMixin, ListView):
    """An event: who took part, which units, every published article that covered it."""

    template_name = "articles/event_detail.html"
    context_object_name = "articles"

    def get_queryset(self):
        self.event = get_object_or_404(
            selectors.with_public_leads(
                selectors.public_events().select_related("host_unit", "lead_official")
            ).annotate(**selectors.public_facts("lead_official_id", prefix="lead_")),
            slug=self.kwargs["slug"],
        )
        selectors.public_leads([self.event])
        if self.event.lead_official is not None:
            selectors.copy_facts(lambda e: e.lead_official, [self.event], prefix="lead_")
        return self.published_articles().filter(events=self.event)

    def get_context_data(self, **kwargs):
        officials, units = selectors.event_participants(self.event)
        return super().get_context_data(
            event=self.event, participants=officials, participant_units=units, **kwargs
        )


@public_page_view
class AuthorView(PublishedArticlesMixin, ListView):
    """An author's published articles, newest first."""

    template_name = "articles/author.html"
    context_object_name = "articles"

    def get_queryset(self):
        # An author record has a page only once a published article carries its name.
        self.author = get_object_or_404(selectors.public_authors(), slug=self.kwargs["slug"])
        return self.published_articles().filter(article_authors__author=self.author)

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)
