"""The article admin: its form, inlines (photos, authors, mentions, old addresses), provenance."""

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef
from django.urls import path, reverse
from django.utils.html import format_html
from taggit.models import Tag, TaggedItem

from articles.models import (
    Article,
    ArticleAuthor,
    ArticleSlugHistory,
    Author,
    Caption,
    OfficialMention,
    Provenance,
    UnitMention,
)
from newsroom.admin_fields import LineListAdminMixin
from newsroom.admin_filters import CappedCountPaginator, SearchCountPaginator, TextListFilter
from newsroom.admin_mixins import BoundedInlineMixin, ServerSlugMixin
from newsroom.text import fold

from .autosave import AutosaveAdminMixin
from .editor import EditorTranslationsMixin
from .import_page import import_view
from .listing import ArticleSearchMixin, IndexedOrderChangeList
from .photos import ArticlePhotosAdminMixin
from .recognition import RecognitionAdminMixin
from .revisions import ArticleRevisionsAdminMixin
from .steps import WorkflowStepsAdminMixin
from .workflow import (
    WORKFLOW_READONLY,
    AllowedCategoryFilter,
    WorkflowArticleAdmin,
    WorkflowStatusFilter,
)


class CaptionInline(BoundedInlineMixin, admin.TabularInline):
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


class ArticleAuthorInline(BoundedInlineMixin, admin.TabularInline):
    """The article's authors (records), in byline order, picked by folded search."""

    model = ArticleAuthor
    extra = 0
    autocomplete_fields = ["author"]
    fields = ["position", "author"]
    verbose_name_plural = "Tác giả (hồ sơ, theo thứ tự ký tên)"


class OfficialMentionInline(BoundedInlineMixin, LineListAdminMixin, admin.TabularInline):
    model = OfficialMention
    line_list_fields = ("titles",)
    extra = 0
    autocomplete_fields = ["official", "unit"]
    fields = ["official", "name_as_printed", "rank", "titles", "unit", "confidence", "confirmed"]


class UnitMentionInline(BoundedInlineMixin, admin.TabularInline):
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


class TagTextFilter(TextListFilter):
    title = "từ khóa"
    parameter_name = "tu_khoa"

    def filter_text(self, queryset, value):
        # The tag's ids first (a small table), then a semi-join walked in the list's order:
        # a join on taggit's table would hash all of a common tag's ~45,000 links first
        # (articles.models.article explains the object_id cast).
        tag_ids = list(Tag.objects.filter(name__iexact=value).values_list("pk", flat=True))
        tagged = TaggedItem.objects.filter(
            content_type_id=ContentType.objects.get_for_model(Article).pk,
            object_id=OuterRef("pk"),
            tag_id__in=tag_ids,
        )
        return queryset.filter(Exists(tagged))


class CreatorTextFilter(TextListFilter):
    title = "người tạo"
    parameter_name = "nguoi_tao"

    def filter_text(self, queryset, value):
        return queryset.filter(created_by__username__iexact=value)


class AuthorTextFilter(TextListFilter):
    """Authors whose folded name (or unit) contains the folded text: "Minh" finds "Mính"."""

    title = "tác giả"
    parameter_name = "tac_gia"

    def filter_text(self, queryset, value):
        # The author records first (a small table), then a semi-join: no DISTINCT over the
        # whole list, which made the capped count read every matching article's columns.
        author_ids = list(
            Author.objects.filter(search_key__contains=fold(value)).values_list("pk", flat=True)
        )
        wrote = ArticleAuthor.objects.filter(article=OuterRef("pk"), author_id__in=author_ids)
        return queryset.filter(Exists(wrote))


@admin.register(Article)
class ArticleAdmin(
    AutosaveAdminMixin,
    ArticlePhotosAdminMixin,
    ServerSlugMixin,
    EditorTranslationsMixin,
    ArticleRevisionsAdminMixin,
    ArticleSearchMixin,
    RecognitionAdminMixin,
    WorkflowStepsAdminMixin,
    WorkflowArticleAdmin,
):
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
        # Text boxes, not one link per tag, author or user: their number grows with the data.
        TagTextFilter,
        CreatorTextFilter,
        AuthorTextFilter,
        "is_featured",
        "is_pinned",
        "title_is_provisional",
    ]
    # Each sortable column has an index in its order (Article.Meta.indexes, "articles_admin_*");
    # the others are filters instead.
    sortable_by = ["title", "published_display", "view_count"]
    list_select_related = ["category", "source", "created_by"]
    list_per_page = 50
    # No COUNT(*) of the whole table on each list view (newsroom/admin_filters.py).
    show_full_result_count = False
    paginator = CappedCountPaginator
    # Shows the search box; the search itself is the portal's (listing.ArticleSearchMixin).
    search_fields = ["search_text"]
    autocomplete_fields = ["category", "source", "related_articles"]
    date_hierarchy = "published_at"
    inlines = [
        ArticleAuthorInline,
        CaptionInline,
        OfficialMentionInline,
        UnitMentionInline,
        OldSlugInline,
        ProvenanceInline,
    ]

    # Readers' counters are counted, never typed: shown in the form, never taken from a post.
    # The status is shown, never a dropdown: the workflow buttons (steps.py) change it.
    readonly_fields = ["status_display", "view_count", "rating_score", "rating_votes"]

    def get_changelist(self, request, **kwargs):
        return IndexedOrderChangeList

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        # "q": the list's search box; "term": the autocomplete of related articles.
        if (request.GET.get("q") or request.GET.get("term") or "").strip():
            return SearchCountPaginator(queryset, per_page, orphans, allow_empty_first_page)
        return super().get_paginator(request, queryset, per_page, orphans, allow_empty_first_page)

    def view_on_site(self, obj):
        """ "Xem trên trang web": the public page once readers can see it, else the preview."""
        if obj.is_public:
            return obj.get_absolute_url()
        return reverse("articles:preview", args=[obj.pk])

    def get_urls(self):
        view = self.admin_site.admin_view(lambda request: import_view(self, request))
        return [path("nhap-tep/", view, name="articles_article_import"), *super().get_urls()]

    fieldsets = [
        (None, {"fields": ["title", "title_is_provisional", "slug", "lead", "body"]}),
        (
            "Xuất bản",
            {
                "fields": [
                    "status_display",
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
            {"fields": WORKFLOW_READONLY},
        ),
        (
            "Tác giả và nguồn",
            {"fields": ["byline", "author_unit", "source", "source_url"]},
        ),
        ("Số liệu", {"fields": ["view_count", "rating_score", "rating_votes"]}),
    ]


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
