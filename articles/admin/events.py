"""Events: what happened, where and when, and who led it."""

from django.contrib import admin

from articles.models import Event
from newsroom.admin_mixins import FoldedSearchMixin, ServerSlugMixin


@admin.register(Event)
class EventAdmin(ServerSlugMixin, FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["title", "kind", "date", "location", "lead_official", "host_unit"]
    list_filter = ["kind"]
    list_select_related = ["lead_official", "host_unit"]
    search_fields = ["search_key"]
    autocomplete_fields = ["host_unit", "lead_official", "officials", "units", "articles"]
    date_hierarchy = "date"
