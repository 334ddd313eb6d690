"""Admin for articles and what surrounds them."""

from django.contrib import admin
from django.db.models import Count
from django.urls import path
from django.utils.html import format_html

from newsroom.admin_mixins import FoldedSearchMixin

from . import admin_mentions  # noqa: F401  (registers the mention admins and review list)
from .admin_editor import EditorTranslationsMixin
from .admin_import import import_view
from .admin_revisions import ArticleRevisionsAdminMixin
from .admin_workflow import (
    AllowedCategoryFilter,
    CategoryPermissionInline,
    CategoryRightsAutocompleteMixin,
    WorkflowArticleAdmin,
    WorkflowStatusFilter,
)
from .models import (
    Article,
    ArticleAuthor,
    ArticleSlugHistory,
    Author,
    Caption,
    Category,
    Event,
    OfficialMention,
    PortalSettings,
    Provenance,
    Source,
    UnitMention,
)


class CaptionInline(admin.TabularInline):
    """Imported captions and uploaded photos in one place: a row is a photo and its caption."""

    model = Caption
    extra = 0
    verbose_name_plural = "Chú thích ảnh và ảnh"
    fields = ["position", "image_preview", "image", "alt_text", "text", "credit"]
    readonly_fields = ["image_preview"]

    @admin.display(description="xem trước")
    def image_preview(self, caption):
        if not caption.image_thumb:
            return "—"
        return format_html(
            '<img src="{}" alt="" width="120" style="height:auto">', caption.image_thumb.url
        )


class ArticleAuthorInline(admin.TabularInline):
    """The article's authors (records), in byline order, picked by folded search."""

    model = ArticleAuthor
    extra = 0
    autocomplete_fields = ["author"]
    fields = ["position", "author"]
    verbose_name_plural = "Tác giả (hồ sơ, theo thứ tự ký tên)"


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


class OldSlugInline(admin.TabularInline):
    """Old addresses that redirect here; deleting one ends its redirect."""

    model = ArticleSlugHistory
    extra = 0
    fields = ["slug", "created_at"]
    readonly_fields = fields
    verbose_name_plural = "Đường dẫn cũ (chuyển hướng 301 về bài này)"

    def has_add_permission(self, request, obj=None):
        return False


class ProvenanceInline(admin.StackedInline):
    model = Provenance
    extra = 0
    can_delete = False
    fields = ["file_name", "content_hash", "parser_version", "imported_at", "warnings", "manifest"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Article)
class ArticleAdmin(
    EditorTranslationsMixin, ArticleRevisionsAdminMixin, FoldedSearchMixin, WorkflowArticleAdmin
):
    list_display = [
        "title",
        "status_display",
        "category",
        "published_at",
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
        "authors",
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
    inlines = [
        ArticleAuthorInline,
        CaptionInline,
        OfficialMentionInline,
        UnitMentionInline,
        OldSlugInline,
        ProvenanceInline,
    ]

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


@admin.register(Author)
class AuthorAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["name", "unit_or_agency", "article_count"]
    search_fields = ["search_key"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "unit_or_agency", "slug"]

    def get_queryset(self, request):
        articles = Count("articles")
        return super().get_queryset(request).annotate(num_articles=articles).order_by("name", "pk")

    @admin.display(description="số bài", ordering="num_articles")
    def article_count(self, author):
        return author.num_articles


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
class EventAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["title", "kind", "date", "location", "lead_official", "host_unit"]
    list_filter = ["kind"]
    list_select_related = ["lead_official", "host_unit"]
    search_fields = ["search_key"]
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


@admin.register(PortalSettings)
class PortalSettingsAdmin(admin.ModelAdmin):
    """One row only: no adding a second, no deleting; the pages read it through
    newsroom.context_processors (one query per request)."""

    autocomplete_fields = ["leadership_unit"]
    fieldsets = [
        (None, {"fields": ["name", "tagline", "footer_text"]}),
        ("Liên hệ", {"fields": ["hotline", "phone", "email", "address"]}),
        ("Trang chủ", {"fields": ["leadership_unit"]}),
    ]

    def has_add_permission(self, request):
        return not PortalSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
