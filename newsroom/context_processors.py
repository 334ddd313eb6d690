"""Values every template needs from the core: the portal's settings (name, tagline, contacts).

The category menu comes from articles.context_processors."""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject

from .models import PortalSettings


def portal_settings(request):
    """The portal settings row, read once per request (one query) and kept on the request."""
    cached = getattr(request, "_portal_settings", None)
    if cached is None:
        cached = request._portal_settings = PortalSettings.load()
    return cached


def portal(request):
    settings_row = SimpleLazyObject(lambda: portal_settings(request))
    return {
        "portal": settings_row,
        "portal_name": SimpleLazyObject(lambda: settings_row.name),
        "portal_tagline": SimpleLazyObject(lambda: settings_row.tagline),
    }
