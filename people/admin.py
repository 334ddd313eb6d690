"""Admin for the directory of units and officials."""

from django.contrib import admin

from newsroom.admin_mixins import FoldedSearchMixin

from .models import Official, Position, Unit, UnitAlias


class UnitAliasInline(admin.TabularInline):
    model = UnitAlias
    extra = 1


class PositionInline(admin.TabularInline):
    model = Position
    extra = 0
    autocomplete_fields = ["unit", "official"]
    fields = ["title", "unit", "rank", "first_seen", "last_seen"]


@admin.register(Unit)
class UnitAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "province"]
    list_filter = ["kind", "province"]
    list_select_related = ["parent"]
    search_fields = ["name_key", "aliases__key"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [UnitAliasInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "parent", "province"]}),
        ("Thông tin công khai", {"fields": ["functions", "address", "phone", "email", "website"]}),
    ]


@admin.register(Official)
class OfficialAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["name", "current_rank", "current_title", "unit"]
    list_filter = ["current_rank"]
    list_select_related = ["unit"]
    search_fields = ["search_key"]
    autocomplete_fields = ["unit"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PositionInline]


@admin.register(Position)
class PositionAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["official", "title", "unit", "rank", "first_seen", "last_seen"]
    list_filter = ["rank"]
    list_select_related = ["official", "unit"]
    search_fields = ["official__search_key", "unit__name_key"]
    autocomplete_fields = ["official", "unit"]
    date_hierarchy = "last_seen"


@admin.register(UnitAlias)
class UnitAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "unit"]
    list_select_related = ["unit"]
    search_fields = ["name", "key", "unit__name"]
    autocomplete_fields = ["unit"]
