"""Form rendering with `<input>` and `<select>` widgets written in Python (FORM_RENDERER).

The article's edit page renders ~170 widgets, most of them `<input>`s (the inlines' ids,
parents, positions, texts, delete boxes) and `<select>`s (the autocomplete boxes). Django
renders each through three templates (text.html, which includes input.html, which includes
attrs.html); here they are one function with the same output, checked byte for byte against
Django's templates by newsroom/tests/test_form_rendering.py. So are empty error lists (one
per field) and the admin's links around a related-object box (related_widget_wrapper.html).
Every other template (textareas, labels, the admin's pages) is Django's.
"""

from __future__ import annotations

import html

from django.forms.renderers import DjangoTemplates
from django.template import Context
from django.template.base import render_value_in_context
from django.templatetags.static import static
from django.utils.functional import Promise
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

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
RELATED_WRAPPER_TEMPLATE = "admin/widgets/related_widget_wrapper.html"
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


def _static(path: str) -> str:
    return _text(static(path))  # `{% static %}` under autoescape


def _title(message: str, model: str) -> str:
    # `{% blocktranslate %}… {{ model }}{% endblocktranslate %}`: the value escaped, not the text.
    return gettext(message) % {"model": model}


def _called(value):
    # The template engine calls what it is given, as `{% if %}` does.
    if callable(value) and not getattr(value, "do_not_call_in_templates", False):
        return value()
    return value


def related_wrapper_html(context: dict) -> str:
    """What the admin's related_widget_wrapper.html renders: the widget and its links
    (change, add, delete, view the related object), the links as `{% spaceless %}` leaves them."""
    name, model = _shown(context["name"]), _shown(context["model"])
    links = []
    if not context["is_hidden"]:
        if context["can_change_related"]:
            href = (
                f"{_shown(context['change_related_template_url'])}?{_shown(context['url_params'])}"
            )
            links.append(
                f'<a class="related-widget-wrapper-link change-related" id="change_id_{name}"\n'
                f'            data-href-template="{href}"\n'
                '            data-popup="yes"\n'
                f'            title="{_title("Change selected %(model)s", model)}">'
                f'<img src="{_static("admin/img/icon-changelink.svg")}" alt="" width="24" '
                'height="24"></a>'
            )
        if context["can_add_related"]:
            href = f"{_shown(context['add_related_url'])}?{_shown(context['url_params'])}"
            links.append(
                f'<a class="related-widget-wrapper-link add-related" id="add_id_{name}"\n'
                '            data-popup="yes"\n'
                f'            href="{href}"\n'
                f'            title="{_title("Add another %(model)s", model)}">'
                f'<img src="{_static("admin/img/icon-addlink.svg")}" alt="" width="24" '
                'height="24"></a>'
            )
        if context["can_delete_related"]:
            href = (
                f"{_shown(context['delete_related_template_url'])}?{_shown(context['url_params'])}"
            )
            links.append(
                f'<a class="related-widget-wrapper-link delete-related" id="delete_id_{name}"\n'
                f'            data-href-template="{href}"\n'
                '            data-popup="yes"\n'
                f'            title="{_title("Delete selected %(model)s", model)}">'
                f'<img src="{_static("admin/img/icon-deletelink.svg")}" alt="" width="24" '
                'height="24"></a>'
            )
        if context["can_view_related"]:
            href = (
                f"{_shown(context['change_related_template_url'])}"
                f"?{_shown(context['view_related_url_params'])}"
            )
            links.append(
                f'<a class="related-widget-wrapper-link view-related" id="view_id_{name}"\n'
                f'             data-href-template="{href}"\n'
                f'             title="{_title("View selected %(model)s", model)}">'
                f'<img src="{_static("admin/img/icon-viewlink.svg")}" alt="" width="24" '
                'height="24"></a>'
            )
    model_ref = (
        ""
        if _called(context["model_has_limit_choices_to"])
        else f'data-model-ref="{_shown(context["model_name"])}"'
    )
    return (
        f'<div class="related-widget-wrapper" {model_ref}>\n'
        f"    {_shown(context['rendered_widget'])}\n"
        f"    \n        {''.join(links)}\n    \n</div>"
    )


class InputFastPathRenderer(DjangoTemplates):
    """Django's default form renderer, with the `<input>` widgets rendered by input_html."""

    def render(self, template_name, context, request=None):
        if template_name in INPUT_TEMPLATES:
            return mark_safe(input_html(context["widget"]))  # (stripped, as Django does)
        if template_name == SELECT_TEMPLATE:
            html = select_html(context["widget"])
            if html is not None:
                return mark_safe(html)
        if template_name == RELATED_WRAPPER_TEMPLATE:
            return mark_safe(related_wrapper_html(context))
        if template_name in EMPTY_WHEN_NO_ERRORS and not context.get("errors"):
            return mark_safe("")  # every field's error list is rendered, most are empty
        return super().render(template_name, context, request)
