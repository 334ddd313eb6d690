"""Values every public template needs: the portal's name and the category menu."""

from django.conf import settings


def portal(request):
    from articles.models import Category

    return {
        "portal_name": settings.PORTAL_NAME,
        "portal_tagline": settings.PORTAL_TAGLINE,
        "menu_categories": Category.objects.menu,
    }
