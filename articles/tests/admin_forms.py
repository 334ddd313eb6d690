"""Build the POST data of an admin change form from the page the admin rendered.

Posting what the editor would post (every field of the form and of each inline formset, with
the management forms) keeps the tests honest about the admin's real save path.
"""

from __future__ import annotations

from django import forms


def _form_data(form, data: dict) -> None:
    for name, field in form.fields.items():
        bound = form[name]
        widget = field.widget
        while hasattr(widget, "widget") and not isinstance(widget, forms.MultiWidget):
            widget = widget.widget  # admin's RelatedFieldWidgetWrapper
        value = bound.value()
        if isinstance(widget, forms.FileInput):
            continue  # files are not posted back
        if isinstance(widget, forms.CheckboxInput):
            if value:
                data[bound.html_name] = "on"
            continue
        if isinstance(widget, forms.MultiWidget):
            parts = value if isinstance(value, list) else widget.decompress(value)
            for index, (sub, part) in enumerate(zip(widget.widgets, parts, strict=False)):
                data[f"{bound.html_name}_{index}"] = sub.format_value(part) or ""
            continue
        if isinstance(widget, forms.SelectMultiple):
            data[bound.html_name] = [str(v) for v in (value or [])]
            continue
        if value is None:
            data[bound.html_name] = ""
        elif isinstance(value, (list, tuple)) or not isinstance(value, (str, int, float)):
            data[bound.html_name] = widget.format_value(value) or ""
        else:
            data[bound.html_name] = value


def change_form_data(response) -> dict:
    """The data the admin change (or add) form would post, as rendered in `response`."""
    data: dict = {}
    _form_data(response.context["adminform"].form, data)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management[name].html_name] = management[name].value()
        for form in formset.forms:
            _form_data(form, data)
    return {key: value for key, value in data.items() if value is not None}
