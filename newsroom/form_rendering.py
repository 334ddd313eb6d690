"""Form rendering with `<input>` and `<select>` widgets written in Python (FORM_RENDERER).

The article's edit page renders ~170 widgets, most of them `<input>`s (the inlines' ids,
parents, positions, texts, delete boxes) and `<select>`s (the autocomplete boxes). Django
renders each through three templates (text.html, which includes input.html, which includes
attrs.html); here they are one function with the same output, checked byte for byte against
Django's templates by newsroom/tests/test_form_rendering.py. So are empty error lists (one
per field). Every other template (textareas, labels, the admin's own) is Django's.
"""

from __future__ import annotations

import html

from django.forms.renderers import DjangoTemplates
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.functional import Promise
from django.utils.safestring import mark_safe

# Django's widget templates that are exactly `{% include "django/forms/widgets/input.html" %}`
# and a line break (the test fails if one of them changes).
INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{kind}.html"
    for kind in [
        "checkbox",
        "color",
        "date",
        "datetime",
        "email",
        "file",
        "hidden",
        "number",
        "password",
        "search",
        "tel",
        "text",
        "time",
        "url",
    ]
)

SELECT_TEMPLATE = "django/forms/widgets/select.html"
SELECT_OPTION_TEMPLATE = "django/forms/widgets/select_option.html"
_AUTOESCAPE = Context(autoescape=True)

# Error list templates wrapped in `{% if errors %}`: nothing to render for no errors.
EMPTY_WHEN_NO_ERRORS = frozenset(
    [
        "django/forms/errors/dict/ul.html",
        "django/forms/errors/list/default.html",  # (includes list/ul.html)
        "django/forms/errors/list/ul.html",
    ]
)


def _text(value) -> str:
    # The templates' `{{ value|stringformat:'s' }}` under autoescape: Django's
    # conditional_escape without its lazy-argument wrapper (7,000 calls a page).
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(value if isinstance(value, str) else str(value))


def _attrs(attrs: dict) -> str:
    """What attrs.html renders."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {_text(name)}" if value is True else f' {_text(name)}="{_text(value)}"')
    return "".join(parts)


def _shown(value) -> str:
    # A plain `{{ value }}`: localized and escaped as the template engine does.
    return render_value_in_context(value, _AUTOESCAPE)


def input_html(widget: dict) -> str:
    """What input.html (and attrs.html) render for a widget's context."""
    value = "" if widget["value"] is None else f' value="{_text(widget["value"])}"'
    return (
        f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"'
        f"{value}{_attrs(widget['attrs'])}>"
    )


def select_html(widget: dict) -> str | None:
    """What select.html and select_option.html render, or None for other option templates."""
    parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_shown(group_name)}">')
        for option in group_choices:
            if option["template_name"] != SELECT_OPTION_TEMPLATE:
                return None
            parts.append(
                f'\n  <option value="{_text(option["value"])}"{_attrs(option["attrs"])}>'
                f"{_shown(option['label'])}</option>\n"  # (the option template's line break)
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


class InputFastPathRenderer(DjangoTemplates):
    """Django's default form renderer, with the `<input>` widgets rendered by input_html."""

    def render(self, template_name, context, request=None):
        if template_name in INPUT_TEMPLATES:
            return mark_safe(input_html(context["widget"]))  # (stripped, as Django does)
        if template_name == SELECT_TEMPLATE:
            html = select_html(context["widget"])
            if html is not None:
                return mark_safe(html)
        if template_name in EMPTY_WHEN_NO_ERRORS and not context.get("errors"):
            return mark_safe("")  # every field's error list is rendered, most are empty
        return super().render(template_name, context, request)
