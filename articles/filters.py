"""The search page's filters (django-filter): words, category, tag, official, unit, event, dates.

Parameters carry ASCII slugs, never database ids, so that search addresses are readable and
stable ("/tim-kiem/?q=huynh+viet+hoa&can_bo=huynh-viet-hoa"). Every value is validated by the
form: an unknown slug, a malformed date or an over-long query is a form error shown to the
reader (the page answers 400), never a server error.
"""

from __future__ import annotations

import copy
import datetime
import functools
import re

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db.models import Q
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from taggit.models import Tag

from people.models import Official, Unit

from . import search, selectors
from .models import Article, Category, Event

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]
_SLUG = re.compile(r"^[-\w]{1,200}$")  # taggit's slugs may be Unicode


def _attrs(attrs: dict) -> str:
    return mark_safe(
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
            for name, value in attrs.items()
            if value is not False
        )
    )


class PlainHTML:
    """A widget written out in Python, as Django's own templates would write it
    (django/forms/widgets/input.html, select.html, select_option.html, attrs.html): through
    the template engine, the search form's widgets were a sixth of the search page's Python
    (each option of a select is a template of its own)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        if "optgroups" in widget:
            return self._select(widget)
        html = format_html('<input type="{}" name="{}"', widget["type"], widget["name"])
        if widget["value"] is not None:
            html += format_html(' value="{}"', widget["value"])
        return mark_safe(html + _attrs(widget["attrs"]) + ">")

    @staticmethod
    def _select(widget) -> str:
        html = [format_html('<select name="{}"{}>', widget["name"], _attrs(widget["attrs"]))]
        for group_name, options, _ in widget["optgroups"]:
            if group_name:
                html.append(format_html('<optgroup label="{}">', group_name))
            for option in options:
                html.append(
                    format_html(
                        '<option value="{}"{}>{}</option>',
                        option["value"],
                        _attrs(option["attrs"]),
                        option["label"],
                    )
                )
            if group_name:
                html.append("</optgroup>")
        html.append("</select>")
        return mark_safe("\n".join(html))


class PlainSelect(PlainHTML, forms.Select):
    pass


class PlainTextInput(PlainHTML, forms.TextInput):
    pass


class PlainHiddenInput(PlainHTML, forms.HiddenInput):
    pass


class CategoryChoiceIterator(forms.models.ModelChoiceIterator):
    """The choices read in one plain query: Django's iterator reads them with `iterator()`,
    a server-side cursor on PostgreSQL (DECLARE, FETCH, CLOSE: three round trips for eight
    categories)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for category in self.queryset:
            yield self.choice(category)


class CategoryChoiceField(django_filters.fields.ModelChoiceField):
    iterator = CategoryChoiceIterator


class CategoryFilter(django_filters.ModelChoiceFilter):
    field_class = CategoryChoiceField


class SlugChoiceField(forms.ModelChoiceField):
    """A row chosen by its slug; a value that cannot be a slug is refused before any query.

    The rows it may be are `rows()`, asked for only when a value comes: the field is hidden
    (never lists its choices), and building the four public-row querysets for every search
    cost more Python than the search's SQL."""

    default_error_messages = {
        "invalid_choice": "Không tìm thấy mục đã chọn (có thể đã bị xóa hoặc đổi tên).",
    }

    def __init__(self, *args, rows, **kwargs):
        self.rows = rows
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not isinstance(value, str) or not _SLUG.match(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        self.queryset = self.rows()  # "public" is decided at each request
        return super().to_python(value)


class SlugChoiceFilter(django_filters.ModelChoiceFilter):
    """A filter by a public row's slug: `model`, among `rows()` (see SlugChoiceField)."""

    field_class = SlugChoiceField

    def __init__(self, *args, model, rows, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("widget", PlainHiddenInput)
        super().__init__(*args, queryset=model.objects.none(), rows=rows, **kwargs)


class IsoDateInput(PlainHTML, forms.DateInput):
    """`<input type="date">`: shows an accepted date as ISO, and nothing for an invalid one."""

    input_type = "date"

    def format_value(self, value):
        if isinstance(value, str):
            for pattern in DATE_INPUT_FORMATS:
                try:
                    return datetime.datetime.strptime(value, pattern).date().isoformat()
                except ValueError:
                    continue
            return None
        return super().format_value(value)


class SearchForm(forms.Form):
    """Cross-field checks of the search form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            for validator in field.validators:
                if isinstance(validator, ProhibitNullCharactersValidator):
                    validator.message = "Từ khóa có ký tự không hợp lệ."

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("tu_ngay"), cleaned.get("den_ngay")
        if start and end and start > end:
            raise ValidationError("“Từ ngày” phải trước hoặc bằng “Đến ngày”.")
        return cleaned


def _start_of(day: datetime.date) -> datetime.datetime | None:
    """Local midnight of `day` in UTC, or None past the calendar's ends (0001-01-01, 9999-12-31)."""
    try:
        local = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
        return local.astimezone(datetime.UTC)
    except (OverflowError, ValueError):
        return None


class ShallowCopiedFilters(dict):
    """A FilterSet's `base_filters` that each FilterSet copies shallowly: a filter's state
    for a request is its `model` and `parent`, which django-filter sets on the copy; the
    deep copy it makes instead (of each filter's field, widget, choices and querysets) was
    a tenth of the search page's Python."""

    def __deepcopy__(self, memo):
        copies = {}
        for name, filter_ in self.items():
            copies[name] = copied = copy.copy(filter_)
            if filter_.method is not None:
                copied.method = filter_.method  # its own FilterMethod, calling its parent
        return copies


class ArticleSearchFilter(django_filters.FilterSet):
    """What readers can narrow a search by. Expects a queryset of published articles."""

    class Sort:
        RELEVANCE = "lien-quan"
        NEWEST = "moi-nhat"
        OLDEST = "cu-nhat"
        CHOICES = [(RELEVANCE, "Liên quan nhất"), (NEWEST, "Mới nhất"), (OLDEST, "Cũ nhất")]

    # The words are searched in filter_queryset, after every other filter (see there).
    q = django_filters.CharFilter(
        label="Từ khóa",
        method="filter_nothing",
        max_length=search.MAX_QUERY_LENGTH,
        widget=PlainTextInput(attrs={"type": "search", "placeholder": "Nhập từ cần tìm"}),
    )
    chuyen_muc = CategoryFilter(
        label="Chuyên mục",
        field_name="category",
        queryset=Category.objects.order_by("order", "name"),
        to_field_name="slug",
        empty_label="Tất cả chuyên mục",
        method="filter_category",
        widget=PlainSelect,
    )
    # Only public records are choices. A tag, official, unit or event only hidden articles
    # know is refused like an unknown slug: same message, same status, so the answer tells
    # nothing about it.
    tu_khoa = SlugChoiceFilter(
        label="Từ khóa (tag)", field_name="tags", model=Tag, rows=selectors.public_tags
    )
    can_bo = SlugChoiceFilter(
        label="Cán bộ", field_name="officials", model=Official, rows=selectors.public_officials
    )
    don_vi = SlugChoiceFilter(
        label="Đơn vị", field_name="units", model=Unit, rows=selectors.public_units
    )
    su_kien = SlugChoiceFilter(
        label="Sự kiện", field_name="events", model=Event, rows=selectors.public_events
    )
    tu_ngay = django_filters.DateFilter(
        label="Từ ngày",
        method="filter_from",
        input_formats=DATE_INPUT_FORMATS,
        widget=IsoDateInput(format="%Y-%m-%d"),
    )
    den_ngay = django_filters.DateFilter(
        label="Đến ngày",
        method="filter_to",
        input_formats=DATE_INPUT_FORMATS,
        widget=IsoDateInput(format="%Y-%m-%d"),
    )
    sap_xep = django_filters.ChoiceFilter(
        label="Sắp xếp",
        choices=Sort.CHOICES,
        empty_label=None,
        method="filter_nothing",
        widget=PlainSelect,
    )

    class Meta:
        model = Article
        fields: list[str] = []
        form = SearchForm

    @classmethod
    @functools.cache
    def _form_class(cls):
        # The fields hold no per-request state (the slug filters ask for their rows when
        # validating; the category queryset is copied by each form), so the form class is
        # built once, not for every search as django-filter does.
        fields = {name: filter_.field for name, filter_ in cls.base_filters.items()}
        return type(f"{cls.__name__}Form", (cls._meta.form,), fields)

    def get_form_class(self):
        return self._form_class()

    # Each filter is a method so that its SQL is decided here, in one place.
    def filter_category(self, queryset, name, value):
        # A section includes its sub-sections, as on the portals' menus.
        return queryset.filter(Q(category=value) | Q(category__parent=value))

    # A bound past the calendar's ends bounds nothing: every article is inside it.
    def filter_from(self, queryset, name, value):
        start = _start_of(value)
        return queryset if start is None else queryset.filter(published_at__gte=start)

    def filter_to(self, queryset, name, value):
        end = None if value == datetime.date.max else _start_of(value + datetime.timedelta(days=1))
        return queryset if end is None else queryset.filter(published_at__lt=end)

    def filter_nothing(self, queryset, name, value):
        return queryset  # words and ordering are applied after every filter, in filter_queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        words = data.get("q") or ""
        sort = data.get("sap_xep") or self.Sort.RELEVANCE
        if not search.folded_words(words):
            if sort == self.Sort.OLDEST:
                return queryset.order_by("published_at", "pk")
            return queryset.order_by("-published_at", "-pk")
        # After every filter, so the bounded candidate set is the newest matches of them all;
        # these search the words themselves (on PostgreSQL, window by window).
        if sort == self.Sort.RELEVANCE:
            return search.ranked(queryset, words)
        if sort == self.Sort.OLDEST:
            return search.oldest_first(queryset, words)
        return search.newest_first(queryset, words)

    @property
    def has_criteria(self) -> bool:
        """True when the reader asked for something (words or a filter), not just a sort."""
        data = self.form.cleaned_data
        if search.folded_words(data.get("q") or ""):
            return True
        return any(data.get(name) for name in self.filters if name not in ("q", "sap_xep"))


ArticleSearchFilter.base_filters = ShallowCopiedFilters(ArticleSearchFilter.base_filters)
