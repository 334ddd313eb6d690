"""Values every public template needs: the portal's settings and the category menu."""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject


def portal_settings(request):
    """The portal settings row, read once per request (one query) and kept on the request."""
    from articles.models import PortalSettings

    cached = getattr(request, "_portal_settings", None)
    if cached is None:
        cached = request._portal_settings = PortalSettings.load()
    return cached


def portal(request):
    from articles.models import Category

    settings_row = SimpleLazyObject(lambda: portal_settings(request))
    return {
        "portal": settings_row,
        "portal_name": SimpleLazyObject(lambda: settings_row.name),
        "portal_tagline": SimpleLazyObject(lambda: settings_row.tagline),
        "menu_categories": Category.objects.menu,
    }
