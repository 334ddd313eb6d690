"""Admin helpers shared by the apps."""

from newsroom.text import fold


class FoldedSearchMixin:
    """Admin search that ignores diacritics, case and tone placement.

    `search_fields` must name columns that hold folded text (see newsroom.text.fold); the
    term typed by the editor is folded the same way before Django's usual search runs.
    """

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, fold(search_term))


class ServerSlugMixin:
    """Slugs made on the server when the editor leaves the field empty.

    The models fill an empty slug with newsroom.text.slugify_vi ("Đồng Văn Thanh" ->
    "dong-van-thanh"); Django's prepopulate script would write "djong-van-thanh" and drop
    some letters, so it is not used.
    """

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        field = form.base_fields.get("slug")
        if field is not None:
            field.required = False
            field.help_text = "Để trống để tạo tự động từ tên (chữ không dấu, đ → d)."
        return form
