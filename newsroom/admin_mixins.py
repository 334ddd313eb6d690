"""Admin helpers shared by the apps."""

from newsroom.text import fold


class FoldedSearchMixin:
    """Admin search that ignores diacritics, case and tone placement.

    `search_fields` must name columns that hold folded text (see newsroom.text.fold); the
    term typed by the editor is folded the same way before Django's usual search runs.
    """

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, fold(search_term))


class FoldedNameSearchMixin:
    """Search by folded words for small tables without a folded column (categories, sources).

    "an toan giao" finds "An toàn giao thông": each folded word typed must appear in the
    folded text of one of `folded_search_attributes` (lists are searched item by item). The
    table is read once per search, so this is only for tables of a few hundred rows.
    """

    folded_search_attributes: tuple[str, ...] = ("name",)

    def _folded_texts(self, obj) -> list[str]:
        texts = []
        for name in self.folded_search_attributes:
            value = getattr(obj, name, None) or ""
            texts.extend(value if isinstance(value, list) else [value])
        return [fold(str(text)) for text in texts if text]

    def get_search_results(self, request, queryset, search_term):
        words = fold(search_term).split()
        if not words:
            return queryset, False
        fields = ["pk", *self.folded_search_attributes]
        ids = [
            obj.pk
            for obj in queryset.only(*fields)
            if any(all(word in text for word in words) for text in self._folded_texts(obj))
        ]
        return queryset.filter(pk__in=ids), False


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
