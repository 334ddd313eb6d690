"""Admin for the site-wide records: the portal's settings."""

from django.contrib import admin

from .models import PortalSettings


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
        # The model permission first: only administrators hold add_portalsettings.
        return super().has_add_permission(request) and not PortalSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
