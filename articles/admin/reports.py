"""Admin queue of readers' error reports (imported by articles.admin).

Editors need the model permissions "view" and "change" on "báo lỗi của bạn đọc" (give them to
the "Biên tập viên" group); the action to mark reports handled requires "change".
"""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import ngettext

from articles.models import ErrorReport
from articles.services import readers as reader_services


@admin.register(ErrorReport)
class ErrorReportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "article_link", "short_message", "name", "email", "status"]
    list_filter = ["status", "created_at"]
    list_select_related = ["article", "handled_by"]
    search_fields = ["message", "name", "email", "article__title"]
    date_hierarchy = "created_at"
    actions = ["mark_handled"]
    fields = [
        "article",
        "message",
        "name",
        "email",
        "created_at",
        "status",
        "handled_at",
        "handled_by",
        "note",
    ]
    readonly_fields = [
        "article",
        "message",
        "name",
        "email",
        "created_at",
        "handled_at",
        "handled_by",
    ]

    def has_add_permission(self, request):
        return False  # reports come from readers only

    @admin.display(description="bài viết", ordering="article__title")
    def article_link(self, report):
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            report.article.get_absolute_url(),
            Truncator(report.article.title).chars(60),
        )

    @admin.display(description="nội dung")
    def short_message(self, report):
        return Truncator(report.message).chars(100)

    @admin.action(description="Đánh dấu đã xử lý", permissions=["change"])
    def mark_handled(self, request, queryset):
        count = reader_services.mark_handled(queryset, user=request.user)
        self.message_user(
            request,
            ngettext(
                "Đã đánh dấu %(count)d báo lỗi là đã xử lý.",
                "Đã đánh dấu %(count)d báo lỗi là đã xử lý.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data:
            handled = obj.status == ErrorReport.Status.HANDLED
            obj.handled_by = request.user if handled else None
            obj.handled_at = timezone.now() if handled else None
        super().save_model(request, obj, form, change)
