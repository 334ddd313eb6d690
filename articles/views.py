"""Public news pages. Every view decides its joins once, so query counts stay fixed."""

from __future__ import annotations

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from people.models import Official

from .models import (
    Article,
    ArticleAuthor,
    Author,
    Caption,
    Category,
    Event,
    OfficialMention,
    UnitMention,
)
from .slug_redirects import OldSlugRedirectMixin


class PublishedArticlesMixin:
    """Limits a view to what readers may see, with the joins a listing card needs."""

    paginate_by = 20

    def published_articles(self):
        return Article.objects.published().for_listing()


class HomeView(PublishedArticlesMixin, ListView):
    template_name = "articles/home.html"
    context_object_name = "articles"

    def get_queryset(self):
        return self.published_articles()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        if page.number == 1:
            articles = list(context["articles"])
            context["featured"] = articles[0] if articles else None
            context["articles"] = articles[1:]
        context["most_read"] = self.published_articles().order_by("-view_count", "-pk")[:5]
        return context


class CategoryView(PublishedArticlesMixin, ListView):
    template_name = "articles/category.html"
    context_object_name = "articles"

    def get_queryset(self):
        self.category = get_object_or_404(Category, slug=self.kwargs["slug"])
        return self.published_articles().in_category(self.category)

    def get_context_data(self, **kwargs):
        return super().get_context_data(category=self.category, **kwargs)


class ArticleDetailView(OldSlugRedirectMixin, DetailView):
    template_name = "articles/detail.html"
    context_object_name = "article"

    def get_queryset(self):
        mentions = OfficialMention.objects.select_related("official", "unit").order_by("pk")
        return (
            Article.objects.published()
            .select_related("category", "source")
            .prefetch_related(
                "tags",
                Prefetch("captions", queryset=Caption.objects.order_by("position")),
                Prefetch("official_mentions", queryset=mentions),
                Prefetch("unit_mentions", queryset=UnitMention.objects.select_related("unit")),
                "events",
                Prefetch(
                    "article_authors",
                    queryset=ArticleAuthor.objects.select_related("author").order_by("position"),
                ),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        context["related"] = Article.objects.published().for_listing().related_to(article)[:6]
        units = [link.author.unit_or_agency for link in article.article_authors.all()]
        context["byline_units"] = list(dict.fromkeys(unit for unit in units if unit))
        return context


class AuthorView(PublishedArticlesMixin, ListView):
    """An author's published articles, newest first."""

    template_name = "articles/author.html"
    context_object_name = "articles"

    def get_queryset(self):
        self.author = get_object_or_404(Author, slug=self.kwargs["slug"])
        return self.published_articles().filter(article_authors__author=self.author)

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)


class EventDetailView(DetailView):
    template_name = "articles/event_detail.html"
    context_object_name = "event"

    def get_queryset(self):
        return Event.objects.select_related("host_unit", "lead_official").prefetch_related(
            Prefetch("articles", queryset=Article.objects.published().for_listing()),
            Prefetch("officials", queryset=Official.objects.order_by("name")),
            "units",
        )
