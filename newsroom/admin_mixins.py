"""Admin helpers shared by the apps."""

from newsroom.text import fold


class FoldedSearchMixin:
    """Admin search that ignores diacritics, case and tone placement.

    `search_fields` must name columns that hold folded text (see newsroom.text.fold); the
    term typed by the editor is folded the same way before Django's usual search runs.
    """

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, fold(search_term))
