"""Admin for the directory of units and officials."""

from django.contrib import admin

from newsroom.admin_mixins import FoldedSearchMixin, ServerSlugMixin

from .admin_merge import merge_action
from .models import Official, OfficialAlias, Position, Unit, UnitAlias
from .services import merge_officials, merge_units


class UnitAliasInline(admin.TabularInline):
    model = UnitAlias
    extra = 1


class OfficialAliasInline(admin.TabularInline):
    model = OfficialAlias
    extra = 0
    fields = ["name"]


class PositionInline(admin.TabularInline):
    model = Position
    extra = 0
    autocomplete_fields = ["unit", "official"]
    fields = ["title", "unit", "rank", "first_seen", "last_seen"]


@admin.register(Unit)
class UnitAdmin(ServerSlugMixin, FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "province"]
    list_filter = ["kind", "province"]
    list_select_related = ["parent"]
    search_fields = ["name_key", "aliases__key"]
    autocomplete_fields = ["parent", "contact_officials"]
    inlines = [UnitAliasInline]
    actions = [merge_action(merge_units, label="Gộp các đơn vị trùng đã chọn")]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "parent", "province"]}),
        (
            "Thông tin công khai (Nghị định 42/2022)",
            {
                "fields": [
                    "functions",
                    "address",
                    "phone",
                    "email",
                    "website",
                    "contact_officials",
                ]
            },
        ),
    ]


@admin.register(Official)
class OfficialAdmin(ServerSlugMixin, FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["name", "current_rank", "current_title", "unit"]
    list_filter = ["current_rank"]
    list_select_related = ["unit"]
    search_fields = ["search_key"]
    autocomplete_fields = ["unit"]
    inlines = [OfficialAliasInline, PositionInline]
    actions = [merge_action(merge_officials, label="Gộp các cán bộ trùng đã chọn")]


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
