"""Values every public template needs from articles: the category menu."""

from __future__ import annotations

from .models import Category


def menu(request):
    # A callable: the query runs only where a template shows the menu.
    return {"menu_categories": Category.objects.menu}
