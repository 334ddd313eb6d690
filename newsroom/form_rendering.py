"""Form rendering with the `<input>` widgets written in Python (settings.FORM_RENDERER).

The article's edit page renders ~170 widgets, most of them `<input>`s (the inlines' ids,
parents, positions, texts, delete boxes). Django renders each through three templates
(text.html, which includes input.html, which includes attrs.html); here they are one
function with the same output, checked byte for byte against Django's templates by
newsroom/tests/test_form_rendering.py. Every other widget (selects, textareas, the admin's
own) keeps its template.
"""

from __future__ import annotations

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
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

# Error list templates wrapped in `{% if errors %}`: nothing to render for no errors.
EMPTY_WHEN_NO_ERRORS = frozenset(
    [
        "django/forms/errors/dict/ul.html",
        "django/forms/errors/list/default.html",  # (includes list/ul.html)
        "django/forms/errors/list/ul.html",
    ]
)


def _text(value) -> str:
    # The templates' `{{ value|stringformat:'s' }}` under autoescape.
    return conditional_escape(value if isinstance(value, str) else str(value))


def input_html(widget: dict) -> str:
    """What input.html (and attrs.html) render for a widget's context."""
    parts = [f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"']
    if widget["value"] is not None:
        parts.append(f' value="{_text(widget["value"])}"')
    for name, value in widget["attrs"].items():
        if value is False:
            continue
        parts.append(f" {_text(name)}" if value is True else f' {_text(name)}="{_text(value)}"')
    parts.append(">")
    return "".join(parts)


class InputFastPathRenderer(DjangoTemplates):
    """Django's default form renderer, with the `<input>` widgets rendered by input_html."""

    def render(self, template_name, context, request=None):
        if template_name in INPUT_TEMPLATES:
            return mark_safe(input_html(context["widget"]))  # (stripped, as Django does)
        if template_name in EMPTY_WHEN_NO_ERRORS and not context.get("errors"):
            return mark_safe("")  # every field's error list is rendered, most are empty
        return super().render(template_name, context, request)
