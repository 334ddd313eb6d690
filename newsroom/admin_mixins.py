"""Admin helpers shared by the apps."""

from django.contrib.admin.widgets import AutocompleteSelect
from django.forms.models import BaseInlineFormSet

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


class KnownLabelsAutocompleteSelect(AutocompleteSelect):
    """An autocomplete box that shows its selected object's name from `known_labels` (set by
    BoundedInlineMixin's formset from the rows it read) instead of a query per box."""

    known_labels: dict[str, str] | None = None

    def optgroups(self, name, value, attr=None):
        selected = [str(v) for v in value if str(v) not in self.choices.field.empty_values]
        known = self.known_labels
        if known is None or any(v not in known for v in selected):
            return super().optgroups(name, value, attr)
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        for v in selected[:1]:
            options.append(self.create_option(name, v, known[v], {v}, len(options)))
        return [(None, options, 0)]


class BoundedInlineFormSet(BaseInlineFormSet):
    """Rows that know their parent, autocomplete boxes that know their selected names."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if self.instance.pk is not None and form.instance.pk is not None:
            # The row's __str__ names the parent: the page's object, not one query per row.
            setattr(form.instance, self.fk.name, self.instance)
        for name, field in form.fields.items():
            widget = getattr(field.widget, "widget", field.widget)
            if isinstance(widget, KnownLabelsAutocompleteSelect):
                widget.known_labels = self._known_labels(name, field)
        return form

    def _known_labels(self, name: str, field) -> dict[str, str]:
        cache = self.__dict__.setdefault("_known_labels_cache", {})
        if name not in cache:
            model_field = self.model._meta.get_field(name)
            cache[name] = {
                str(getattr(row, model_field.attname)): field.label_from_instance(
                    getattr(row, name)
                )
                for row in self.get_queryset()
                if getattr(row, model_field.attname) is not None and model_field.is_cached(row)
            }
        return cache[name]


class NewestRowsFormSet(BoundedInlineFormSet):
    """The inline's first `max_rows` rows in its order, as forms; the others are not read.

    An official is named in up to ~40,000 articles: one form each made the page run for
    minutes. The parent's admin links to the full list (articles/admin/mentions.py).
    """

    max_rows = 20

    def get_queryset(self):
        if not hasattr(self, "_newest_rows"):
            rows = super().get_queryset()
            # The pks first: the formset filters the rows again, which a slice forbids.
            pks = list(rows.values_list("pk", flat=True)[: self.max_rows])
            self._newest_rows = rows.filter(pk__in=pks)
        return self._newest_rows


class BoundedInlineMixin:
    """An inline whose rows cost a fixed number of queries, however many there are.

    The rows are read with their `autocomplete_fields` joined (select_related), each row's
    parent is the page's object, and each autocomplete box shows its selected name from those
    rows. Django's inline would run three queries per row: the parent and the related
    object for the row's title, and the selected option of each autocomplete box.
    """

    formset = BoundedInlineFormSet

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        fields = self.get_autocomplete_fields(request)
        # (select_related() with no name would join every foreign key)
        return queryset.select_related(*fields) if fields else queryset

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request) and "widget" not in kwargs:
            kwargs["widget"] = KnownLabelsAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
