"""Public pages for officials and units."""

from __future__ import annotations

from django.apps import apps
from django.db.models import Prefetch
from django.views.generic import DetailView

from .models import Official, Position, Unit


def published_articles():
    # people never imports articles; the article model is looked up by name at run time.
    return apps.get_model("articles", "Article").objects.published().for_listing()


class OfficialDetailView(DetailView):
    template_name = "people/official_detail.html"
    context_object_name = "official"

    def get_queryset(self):
        return Official.objects.select_related("unit").prefetch_related(
            Prefetch("positions", queryset=Position.objects.select_related("unit"))
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["articles"] = published_articles().filter(officials=self.object).distinct()[:20]
        return context


class UnitDetailView(DetailView):
    template_name = "people/unit_detail.html"
    context_object_name = "unit"

    def get_queryset(self):
        return Unit.objects.select_related("parent").prefetch_related(
            "children", Prefetch("positions", queryset=Position.objects.select_related("official"))
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["articles"] = published_articles().filter(units=self.object).distinct()[:20]
        return context
