"""Form fields for the admin: lists edited as lines of text, never as JSON.

A mention's titles as printed ("Giám đốc Công an tỉnh", "Ủy viên Ban Thường vụ Tỉnh ủy") and a
source's other names are JSON lists in the database; an editor types one per line.
"""

from __future__ import annotations

import unicodedata

from django import forms
from django.core.exceptions import ValidationError


class LineListField(forms.Field):
    """A list of short texts, one per line: blank lines and repeats dropped, text NFC."""

    widget = forms.Textarea(attrs={"rows": 3, "cols": 40, "class": "vLineList"})
    max_item_length = 500

    def prepare_value(self, value):
        if isinstance(value, (list, tuple)):
            return "\n".join(str(item) for item in value)
        return value or ""

    def to_python(self, value):
        if isinstance(value, (list, tuple)):
            lines = [str(item) for item in value]
        else:
            lines = str(value or "").splitlines()
        items: list[str] = []
        for line in lines:
            item = " ".join(unicodedata.normalize("NFC", line).split())
            if item and item not in items:
                items.append(item)
        return items

    def validate(self, value):
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")
        for item in value:
            if len(item) > self.max_item_length:
                raise ValidationError(
                    f"Mỗi dòng tối đa {self.max_item_length} ký tự.", code="max_length"
                )

    def has_changed(self, initial, data):
        return self.to_python(initial) != self.to_python(data)


class LineListAdminMixin:
    """ModelAdmin / inline mixin: the JSON list fields named in `line_list_fields` are
    edited as lines, and shown as text with `lines_display`."""

    line_list_fields: tuple[str, ...] = ()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in self.line_list_fields:
            return LineListField(
                label=str(db_field.verbose_name).capitalize(),
                required=not db_field.blank,
                help_text=str(db_field.help_text or "") + " Mỗi dòng một mục.",
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


def lines_display(items) -> str:
    """A list as a reader would write it: items joined by semicolons, "—" when empty."""
    return "; ".join(str(item) for item in items or []) or "—"
