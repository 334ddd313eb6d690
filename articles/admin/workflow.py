"""The article admin's editorial workflow: who sees what, what the form allows, bulk actions.

Everything is enforced on the server through articles.workflow: the changelist's queryset,
object permissions, the status field's choices (a crafted POST with another status is a form
error), the category choices, and every action checks each article again.
"""

from __future__ import annotations

from collections import Counter

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import ngettext

from articles.models import Article, CategoryPermission
from articles.services import workflow
from newsroom.users import full_name

from .desk import returned_to_writer

Status = Article.Status

# Fields only those who may publish can set: the time, the expiry, the home page and the pins.
PUBLISHER_FIELDS = [
    "published_at",
    "expires_at",
    "is_featured",
    "featured_order",
    "is_pinned",
    "pinned_order",
]
WORKFLOW_READONLY = [
    "created_by",
    "submitted_by",
    "submitted_at",
    "approved_by",
    "approved_at",
    "workflow_history",
]


def local_time(value) -> str:
    return f"{timezone.localtime(value):%d/%m/%Y %H:%M}" if value else ""


class ArticleWorkflowForm(forms.ModelForm):
    """The article form. It has no status field: the workflow buttons (steps.py) change the
    status, each checked by articles.services.workflow; a posted "status" is ignored."""

    workflow_user = None  # set per request by WorkflowArticleAdmin.get_form

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user, article = self.workflow_user, self.instance
        self.adding = article.pk is None
        if self.adding and article.created_by_id is None and user is not None:
            article.created_by = user
        self.initial_status = article.status
        if "category" in self.fields:
            self.fields["category"].queryset = workflow.allowed_categories(user)

    def clean(self):
        cleaned = super().clean()
        published_at = cleaned.get("published_at", self.instance.published_at)
        if self.initial_status == Status.PUBLISHED and not published_at:
            self.add_error("published_at", "Bài đã xuất bản phải có thời điểm xuất bản.")
        expires_at = cleaned.get("expires_at", self.instance.expires_at)
        if expires_at and published_at and expires_at <= published_at:
            self.add_error("expires_at", "Thời điểm hết hạn phải sau thời điểm xuất bản.")
        return cleaned


class WorkflowStatusFilter(admin.SimpleListFilter):
    """Status, plus what readers actually see: scheduled and expired articles apart."""

    title = "trạng thái"
    parameter_name = "trang_thai"

    def lookups(self, request, model_admin):
        return [
            *Status.choices,
            ("live", "Đang hiện với bạn đọc"),
            ("scheduled", "Đã lên lịch"),
            ("expired", "Hết hạn"),
            ("returned", "Bị trả lại người viết"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "live":
            return queryset.published()
        if value == "scheduled":
            return queryset.scheduled()
        if value == "expired":
            return queryset.expired()
        if value == "returned":
            return returned_to_writer(queryset)
        if value in Status.values:
            return queryset.filter(status=value)
        return queryset


class AllowedCategoryFilter(admin.RelatedFieldListFilter):
    """The category filter offers only the categories this user may work in."""

    def field_choices(self, field, request, model_admin):
        return [(c.pk, str(c)) for c in workflow.allowed_categories(request.user)]


class MoveCategoryForm(forms.Form):
    category = forms.ModelChoiceField(label="Chuyên mục mới", queryset=None)

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories


class WorkflowArticleAdmin(admin.ModelAdmin):
    """Base of ArticleAdmin: permissions, the workflow form, list columns and bulk actions."""

    form = ArticleWorkflowForm
    actions = [
        "submit_for_review",
        "publish",
        "unpublish",
        "archive",
        "feature",
        "unfeature",
        "move_to_category",
    ]

    # --- who sees and changes what ---------------------------------------------------------

    def get_queryset(self, request):
        return workflow.visible_articles(request.user, super().get_queryset(request))

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or workflow.can_view(request.user, obj))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or workflow.can_edit(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or workflow.can_edit(request.user, obj))

    def has_publish_permission(self, request):
        return request.user.has_perm(workflow.PUBLISH)

    def has_archive_permission(self, request):
        return request.user.has_perm(workflow.ARCHIVE)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"workflow_user": request.user})

    def get_readonly_fields(self, request, obj=None):
        fields = [*super().get_readonly_fields(request, obj), *WORKFLOW_READONLY]
        if not request.user.has_perm(workflow.PUBLISH):
            fields += PUBLISHER_FIELDS
        return fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "category":
            kwargs["queryset"] = workflow.allowed_categories(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        """Status changes go through the workflow service; the form has checked them."""
        target = obj.status
        if not change:
            obj.created_by = obj.created_by or request.user
            obj.status = Status.DRAFT
            workflow.prepare_initial_status(obj, target, request.user)
            obj.save()
            workflow.record_initial_status(obj, request.user, note="Tạo trong trang quản trị")
            return
        if target == form.initial_status:
            obj.save()
            return
        obj.status = form.initial_status
        workflow.transition(obj, target, request.user)

    # --- list columns ------------------------------------------------------------------------

    @admin.display(description="Trạng thái", ordering="status")
    def status_display(self, obj):
        now = timezone.now()
        if obj.status == Status.PUBLISHED:
            if obj.published_at and obj.published_at > now:
                return "Đã lên lịch"
            if obj.expires_at and obj.expires_at <= now:
                return "Hết hạn"
        return obj.get_status_display()

    @admin.display(description="Thời điểm xuất bản", ordering="published_at")
    def published_display(self, obj):
        return local_time(obj.published_at) or "—"

    @admin.display(description="Lịch sử duyệt")
    def workflow_history(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        rows = [
            (
                local_time(t.at),
                full_name(t.by) if t.by else "hệ thống",
                t.get_from_status_display() or "(mới)",
                t.get_to_status_display(),
                f" — lên trang {local_time(t.publish_at)}" if t.publish_at else "",
                f" — ghi chú: “{t.note}”" if t.note else "",
            )
            for t in obj.transitions.select_related("by")
        ]
        if not rows:
            return "Chưa chuyển trạng thái lần nào."
        items = format_html_join("", "<li>{}: {} chuyển {} → {}{}{}</li>", rows)
        return format_html("<ul>{}</ul>", items)

    # --- bulk actions ----------------------------------------------------------------------

    def _bulk_transition(self, request, queryset, target, done: str, *, only_from=None):
        changed, refused = 0, Counter()
        for article in queryset:
            if article.status == target:
                refused["đã ở trạng thái đó"] += 1
                continue
            if only_from and article.status not in only_from:
                refused[workflow.TransitionError.INVALID] += 1
                continue
            try:
                workflow.transition(article, target, request.user, note="Thao tác hàng loạt")
            except workflow.TransitionError as err:
                refused[err.reason] += 1
            else:
                changed += 1
        self._report(request, changed, refused, done)

    def _report(self, request, changed: int, refused: Counter, done: str) -> None:
        text = done % {"n": changed}
        unchanged = sum(refused.values())
        if unchanged:
            ordered = sorted(refused.items(), key=lambda item: (-item[1], item[0]))
            reasons = ", ".join(f"{count} {reason}" for reason, count in ordered)
            text += "; " + ngettext(
                "%(n)d bài không đổi: %(reasons)s",
                "%(n)d bài không đổi: %(reasons)s",
                unchanged,
            ) % {"n": unchanged, "reasons": reasons}
        level = messages.SUCCESS if changed and not unchanged else messages.WARNING
        self.message_user(request, text, level)

    @admin.action(description="Gửi duyệt các bài đã chọn", permissions=["change"])
    def submit_for_review(self, request, queryset):
        self._bulk_transition(request, queryset, Status.REVIEW, "%(n)d bài đã gửi duyệt")

    @admin.action(description="Xuất bản các bài đã chọn", permissions=["publish"])
    def publish(self, request, queryset):
        self._bulk_transition(request, queryset, Status.PUBLISHED, "%(n)d bài đã xuất bản")

    @admin.action(description="Gỡ xuống (về bản nháp)", permissions=["publish"])
    def unpublish(self, request, queryset):
        self._bulk_transition(
            request,
            queryset,
            Status.DRAFT,
            "%(n)d bài đã gỡ xuống",
            only_from={Status.PUBLISHED},
        )

    @admin.action(description="Lưu trữ các bài đã chọn", permissions=["archive"])
    def archive(self, request, queryset):
        self._bulk_transition(request, queryset, Status.ARCHIVED, "%(n)d bài đã lưu trữ")

    def _bulk_update(self, request, queryset, done: str, **values):
        changed, refused = 0, Counter()
        for article in queryset:
            if not workflow.can_edit(request.user, article):
                refused[workflow.TransitionError.FORBIDDEN] += 1
                continue
            if all(getattr(article, name) == value for name, value in values.items()):
                refused["đã như vậy"] += 1
                continue
            for name, value in values.items():
                setattr(article, name, value)
            article.save()
            changed += 1
        self._report(request, changed, refused, done)

    @admin.action(description="Đưa lên tin nổi bật trang chủ", permissions=["publish"])
    def feature(self, request, queryset):
        self._bulk_update(request, queryset, "%(n)d bài đã thành tin nổi bật", is_featured=True)

    @admin.action(description="Bỏ khỏi tin nổi bật", permissions=["publish"])
    def unfeature(self, request, queryset):
        self._bulk_update(request, queryset, "%(n)d bài đã bỏ nổi bật", is_featured=False)

    @admin.action(description="Chuyển sang chuyên mục khác…", permissions=["change"])
    def move_to_category(self, request, queryset):
        categories = workflow.allowed_categories(request.user)
        form = MoveCategoryForm(
            request.POST if "apply" in request.POST else None, categories=categories
        )
        if form.is_valid():
            category = form.cleaned_data["category"]
            self._bulk_update(
                request, queryset, f"%(n)d bài đã chuyển sang “{category}”", category=category
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Chuyển bài sang chuyên mục khác",
            "opts": self.model._meta,
            "articles": queryset,
            "form": form,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            "action": "move_to_category",
            "select_across": request.POST.get("select_across", "0"),
        }
        return TemplateResponse(request, "admin/articles/article/move_category.html", context)


class CategoryRightsAutocompleteMixin:
    """Category autocomplete from the article form offers only the user's categories."""

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if request.GET.get("model_name") == "article" and request.GET.get("field_name") in {
            "category",
        }:
            ids = workflow.allowed_category_ids(request.user)
            if ids is not None:
                queryset = queryset.filter(pk__in=ids)
        return queryset, may_have_duplicates


class CategoryPermissionInline(admin.TabularInline):
    model = CategoryPermission
    extra = 0
    autocomplete_fields = ["user"]
    verbose_name = "người được giới hạn trong chuyên mục này"
    verbose_name_plural = "người được giới hạn trong chuyên mục này"


@admin.register(CategoryPermission)
class CategoryPermissionAdmin(admin.ModelAdmin):
    list_display = ["user", "category"]
    list_filter = ["category"]
    list_select_related = ["user", "category"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "category__name"]
    autocomplete_fields = ["user", "category"]
