"""The "merge duplicates" admin action, with a confirmation page listing what moves."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils.translation import ngettext


def related_counts(obj) -> list[tuple[str, int]]:
    """How many rows of each kind point at `obj` (mentions, positions, events…), any app."""
    counts = []
    for relation in obj._meta.related_objects:
        accessor = relation.get_accessor_name()
        if relation.one_to_one or not accessor:
            continue
        manager = getattr(obj, accessor, None)
        if manager is None:
            continue
        count = manager.count()
        if count:
            counts.append((str(relation.related_model._meta.verbose_name_plural), count))
    return counts


def suggested_target(rows):
    """The record to keep, pre-selected: the one most rows point at, else the oldest.

    An empty record made yesterday by a spelling variant is the one to fold away, not the one
    that carries the mentions and positions.
    """
    item, _counts = max(rows, key=lambda row: (sum(n for _, n in row[1]), -row[0].pk))
    return item


def merge_action(merge_service, *, label: str):
    """Build an admin action that merges the selected rows into one chosen by the editor."""

    @admin.action(description=label, permissions=["change", "delete"])
    def merge(modeladmin, request, queryset):
        items = list(queryset)
        if len(items) < 2:
            modeladmin.message_user(request, "Chọn ít nhất hai bản ghi để gộp.", messages.WARNING)
            return None
        if request.POST.get("confirm") == "yes":
            target = next(
                (item for item in items if str(item.pk) == request.POST.get("target")), None
            )
            if target is None:
                raise PermissionDenied("Bản ghi giữ lại phải nằm trong số đã chọn.")
            with transaction.atomic():
                for item in items:
                    if item.pk != target.pk:
                        merge_service(source=item, target=target)
            merged = len(items) - 1
            modeladmin.message_user(
                request,
                ngettext(
                    "Đã gộp %(n)d bản ghi vào «%(target)s».",
                    "Đã gộp %(n)d bản ghi vào «%(target)s».",
                    merged,
                )
                % {"n": merged, "target": target},
                messages.SUCCESS,
            )
            return None
        rows = [(item, related_counts(item)) for item in items]
        context = {
            **modeladmin.admin_site.each_context(request),
            "title": label,
            "opts": modeladmin.model._meta,
            "rows": rows,
            "suggested_pk": suggested_target(rows).pk,
            "action": request.POST.get("action"),
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/people/merge_confirm.html", context)

    return merge
