"""Authors' records (names as signed, with their unit or agency)."""

from django.contrib import admin
from django.db.models import Count

from articles.models import Author
from newsroom.admin_mixins import FoldedSearchMixin, ServerSlugMixin


@admin.register(Author)
class AuthorAdmin(ServerSlugMixin, FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["name", "unit_or_agency", "article_count"]
    search_fields = ["search_key"]
    fields = ["name", "unit_or_agency", "slug"]

    def get_queryset(self, request):
        articles = Count("articles")
        return super().get_queryset(request).annotate(num_articles=articles).order_by("name", "pk")

    @admin.display(description="số bài", ordering="num_articles")
    def article_count(self, author):
        return author.num_articles
