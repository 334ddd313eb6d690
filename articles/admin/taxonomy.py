"""Categories (with the users' rights in each) and sources."""

from django.contrib import admin

from articles.models import Category, Source
from newsroom.admin_fields import LineListAdminMixin
from newsroom.admin_mixins import FoldedNameSearchMixin, ServerSlugMixin

from .workflow import CategoryPermissionInline, CategoryRightsAutocompleteMixin


@admin.register(Category)
class CategoryAdmin(
    ServerSlugMixin, CategoryRightsAutocompleteMixin, FoldedNameSearchMixin, admin.ModelAdmin
):
    list_display = ["name", "parent", "order", "in_menu"]
    list_editable = ["order", "in_menu"]
    list_select_related = ["parent"]
    search_fields = ["name"]
    autocomplete_fields = ["parent"]
    inlines = [CategoryPermissionInline]


@admin.register(Source)
class SourceAdmin(ServerSlugMixin, LineListAdminMixin, FoldedNameSearchMixin, admin.ModelAdmin):
    line_list_fields = ("aliases",)
    list_display = ["name", "short_name", "url"]
    search_fields = ["name", "short_name"]
    folded_search_attributes = ("name", "short_name", "aliases")
