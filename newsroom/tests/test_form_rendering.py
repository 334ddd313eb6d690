"""The Python <input> renderer writes what Django's widget templates write."""

import datetime
from pathlib import Path

import django
import pytest
from django import forms
from django.contrib.admin import widgets as admin_widgets
from django.forms.renderers import DjangoTemplates
from django.forms.utils import ErrorDict, ErrorList
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from newsroom.form_rendering import EMPTY_WHEN_NO_ERRORS, INPUT_TEMPLATES, InputFastPathRenderer

WIDGET_TEMPLATES = Path(django.__file__).parent / "forms/templates/django/forms/widgets"

WIDGETS = [
    forms.TextInput(),
    forms.TextInput(attrs={"class": "vTextField", "maxlength": 200, "placeholder": 'a "b" <c>'}),
    forms.NumberInput(attrs={"min": 0, "step": "any"}),
    forms.HiddenInput(),
    forms.CheckboxInput(),
    forms.CheckboxInput(attrs={"disabled": True, "data-x": False}),
    forms.EmailInput(),
    forms.URLInput(),
    forms.PasswordInput(render_value=True),
    forms.DateInput(),
    forms.DateTimeInput(),
    forms.TimeInput(),
    forms.FileInput(),
    forms.SearchInput(),
    forms.TelInput(),
    forms.ColorInput(),
    admin_widgets.AdminTextInputWidget(),
    admin_widgets.AdminIntegerFieldWidget(),
]

VALUES = [
    None,
    "",
    0,
    7,
    3.5,
    True,
    False,
    "Công an tỉnh \"Hậu Giang\" & <b>'đơn vị'</b>",
    mark_safe("<b>đã an toàn</b>"),
    datetime.date(2024, 5, 1),
    datetime.datetime(2024, 5, 1, 8, 30),
    datetime.time(8, 30),
]


def test_the_fast_templates_are_exactly_an_include_of_input_html():
    for name in INPUT_TEMPLATES:
        text = (WIDGET_TEMPLATES / name.removeprefix("django/forms/widgets/")).read_text()
        assert text == '{% include "django/forms/widgets/input.html" %}\n', name


@pytest.mark.parametrize("widget", WIDGETS, ids=lambda w: type(w).__name__)
def test_inputs_render_as_django_templates_do(widget):
    template_renderer, fast_renderer = DjangoTemplates(), InputFastPathRenderer()
    for value in VALUES:
        attrs = {"id": "id_x", "required": True, "aria-describedby": "id_x_helptext"}
        by_template = widget.render("muc-0-x", value, attrs, renderer=template_renderer)
        fast = widget.render("muc-0-x", value, attrs, renderer=fast_renderer)
        assert fast == by_template, (widget, value)
        assert widget.template_name in INPUT_TEMPLATES


class CustomOption(forms.Select):
    option_template_name = "django/forms/widgets/radio_option.html"


CHOICES = [
    ("", "---------"),
    ("1", "Một"),
    (2, 1234567),
    ("3", gettext_lazy("Thượng tá")),
    ("4", 'Tên "có" <b>thẻ</b> & dấu'),
    ("5", mark_safe("<i>an toàn</i>")),
    ("Nhóm <1>", [("6", "Sáu"), ("7", "Bảy")]),
    (datetime.date(2024, 5, 1), [("8", "Tám")]),
]


@pytest.mark.parametrize(
    "widget",
    [
        forms.Select(choices=CHOICES),
        forms.Select(
            choices=CHOICES, attrs={"class": "admin-autocomplete", "data-ajax--cache": True}
        ),
        forms.SelectMultiple(choices=CHOICES),
        forms.NullBooleanSelect(),
        forms.Select(choices=[]),
        CustomOption(choices=CHOICES),
        forms.RadioSelect(choices=CHOICES),
        forms.Textarea(),
    ],
    ids=lambda w: type(w).__name__,
)
@pytest.mark.parametrize("value", [None, "", "2", ["1", "7"], "8", "khác", True])
def test_selects_and_other_widgets_render_as_django_templates_do(widget, value):
    if isinstance(value, list) and not getattr(widget, "allow_multiple_selected", False):
        value = value[0]
    by_template = widget.render("muc-0-s", value, {"id": "id_s"}, renderer=DjangoTemplates())
    fast = widget.render("muc-0-s", value, {"id": "id_s"}, renderer=InputFastPathRenderer())
    assert fast == by_template


def test_a_bound_form_renders_the_same_with_either_renderer():
    class Form(forms.Form):
        title = forms.CharField(max_length=10, help_text="ngắn")
        count = forms.IntegerField()
        ok = forms.BooleanField(required=False)
        secret = forms.CharField(widget=forms.HiddenInput)

    data = {"title": "quá dài <so với> giới hạn", "count": "x", "ok": "on", "secret": '"s"'}
    by_template = Form(data, renderer=DjangoTemplates()).as_div()
    fast = Form(data, renderer=InputFastPathRenderer()).as_div()
    assert fast == by_template
    assert 'value="quá dài &lt;so với&gt; giới hạn"' in fast


@pytest.mark.parametrize("errors", [[], ["Trường này là bắt buộc.", "<b>sai</b>"]])
def test_error_lists_render_as_django_templates_do(errors):
    template_renderer, fast_renderer = DjangoTemplates(), InputFastPathRenderer()
    for make in [
        lambda r: ErrorList(errors, renderer=r, field_id="id_x").as_ul(),
        lambda r: str(ErrorList(errors, renderer=r)),
        lambda r: ErrorDict({"title": ErrorList(errors)} if errors else {}, renderer=r).as_ul(),
    ]:
        assert make(fast_renderer) == make(template_renderer)
    for name in EMPTY_WHEN_NO_ERRORS:
        text = (WIDGET_TEMPLATES.parent / name.removeprefix("django/forms/")).read_text()
        assert text.startswith("{% if errors %}") or text.startswith('{% include "'), name


@pytest.mark.parametrize("hidden", [False, True])
@pytest.mark.parametrize(
    "flags",
    [
        (True, True, True, True),
        (False, True, False, True),
        (True, False, True, False),
        (False, False, False, False),
    ],
)
def test_related_links_render_as_the_admin_template_does(flags, hidden):
    from django.contrib import admin

    from people.models import Official

    rel = Official._meta.get_field("unit").remote_field
    inner = (
        forms.HiddenInput()
        if hidden
        else forms.Select(choices=[("", "---"), ("7", 'Công an "tỉnh"')])
    )
    add, change, delete, view = flags
    widget = admin_widgets.RelatedFieldWidgetWrapper(
        inner,
        rel,
        admin.site,
        can_add_related=add,
        can_change_related=change,
        can_delete_related=delete,
        can_view_related=view,
    )
    for value in [None, "7"]:
        by_template = widget.render(
            "positions-0-unit", value, {"id": "id_u"}, renderer=DjangoTemplates()
        )
        fast = widget.render(
            "positions-0-unit", value, {"id": "id_u"}, renderer=InputFastPathRenderer()
        )
        assert fast == by_template
        assert ("related-widget-wrapper-link" in fast) == (any(flags) and not hidden)
