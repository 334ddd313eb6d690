"""Admin for articles and what surrounds them."""

from django.contrib import admin
from django.urls import path

from newsroom.admin_mixins import FoldedSearchMixin

from .admin_import import import_view
from .admin_workflow import (
    AllowedCategoryFilter,
    CategoryPermissionInline,
    CategoryRightsAutocompleteMixin,
    WorkflowArticleAdmin,
    WorkflowStatusFilter,
)
from .models import (
    Article,
    Caption,
    Category,
    Event,
    OfficialMention,
    Provenance,
    Source,
    UnitMention,
)


class CaptionInline(admin.TabularInline):
    model = Caption
    extra = 0
    fields = ["position", "text", "credit"]


class OfficialMentionInline(admin.TabularInline):
    model = OfficialMention
    extra = 0
    autocomplete_fields = ["official", "unit"]
    fields = ["official", "name_as_printed", "rank", "titles", "unit", "confidence", "confirmed"]


class UnitMentionInline(admin.TabularInline):
    model = UnitMention
    extra = 0
    autocomplete_fields = ["unit"]
    fields = ["unit", "name_as_printed", "confidence"]


class ProvenanceInline(admin.StackedInline):
    model = Provenance
    extra = 0
    can_delete = False
    fields = ["file_name", "content_hash", "parser_version", "imported_at", "warnings", "manifest"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Article)
class ArticleAdmin(FoldedSearchMixin, WorkflowArticleAdmin):
    list_display = [
        "title",
        "status_display",
        "category",
        "published_display",
        "byline",
        "created_by",
        "view_count",
        "is_featured",
    ]
    list_filter = [
        WorkflowStatusFilter,
        ("category", AllowedCategoryFilter),
        "source",
        "tags",
        "created_by",
        "is_featured",
        "is_pinned",
        "title_is_provisional",
    ]
    list_select_related = ["category", "source", "created_by"]
    list_per_page = 50
    search_fields = ["search_text"]
    autocomplete_fields = ["category", "source", "related_articles"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published_at"
    inlines = [CaptionInline, OfficialMentionInline, UnitMentionInline, ProvenanceInline]

    def get_urls(self):
        view = self.admin_site.admin_view(lambda request: import_view(self, request))
        return [path("nhap-tep/", view, name="articles_article_import"), *super().get_urls()]

    fieldsets = [
        (None, {"fields": ["title", "title_is_provisional", "slug", "lead", "body"]}),
        (
            "Xuất bản",
            {
                "fields": [
                    "status",
                    "published_at",
                    "publish_time_known",
                    "expires_at",
                    "category",
                    "tags",
                    "is_featured",
                    "featured_order",
                    "is_pinned",
                    "pinned_order",
                    "related_articles",
                ]
            },
        ),
        (
            "Duyệt bài",
            {
                "fields": [
                    "created_by",
                    "submitted_by",
                    "submitted_at",
                    "approved_by",
                    "approved_at",
                    "workflow_history",
                ]
            },
        ),
        (
            "Tác giả và nguồn",
            {"fields": ["byline", "author_unit", "source", "source_url"]},
        ),
        ("Số liệu", {"fields": ["view_count", "rating_score", "rating_votes"]}),
    ]


@admin.register(Category)
class CategoryAdmin(CategoryRightsAutocompleteMixin, admin.ModelAdmin):
    list_display = ["name", "parent", "order", "in_menu"]
    list_editable = ["order", "in_menu"]
    list_select_related = ["parent"]
    search_fields = ["name"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [CategoryPermissionInline]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "url"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "date", "location", "lead_official", "host_unit"]
    list_filter = ["kind"]
    list_select_related = ["lead_official", "host_unit"]
    search_fields = ["title", "location", "summary"]
    autocomplete_fields = ["host_unit", "lead_official", "officials", "units", "articles"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "date"


@admin.register(Provenance)
class ProvenanceAdmin(admin.ModelAdmin):
    list_display = ["file_name", "article", "parser_version", "imported_at"]
    list_select_related = ["article"]
    search_fields = ["file_name", "content_hash", "article__title"]
    readonly_fields = [
        "article",
        "file_name",
        "content_hash",
        "parser_version",
        "imported_at",
        "warnings",
        "manifest",
        "parsed",
        "raw_text",
    ]
    date_hierarchy = "imported_at"

    def has_add_permission(self, request):
        return False


@admin.register(OfficialMention)
class OfficialMentionAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["official", "article", "rank", "unit", "confidence", "confirmed"]
    list_filter = ["confirmed", "rank"]
    list_select_related = ["official", "article", "unit"]
    search_fields = ["official__search_key", "article__search_text"]
    autocomplete_fields = ["official", "article", "unit"]


@admin.register(UnitMention)
class UnitMentionAdmin(admin.ModelAdmin):
    list_display = ["unit", "article", "name_as_printed", "confidence"]
    list_select_related = ["unit", "article"]
    search_fields = ["unit__name", "name_as_printed", "article__title"]
    autocomplete_fields = ["unit", "article"]
