"""Admin of the background import: start one (ZIP or server folder), follow it, cancel it.

Who may import is who may add articles (the import page's rule); editors and administrators
see every job, a reporter only their own. The pages refresh themselves (a meta refresh, no
script, so the strict Content-Security-Policy holds) while a job is queued or running.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from articles.ingestion import archive as archive_service
from articles.models import Article, Category, ImportJob
from articles.services import workflow

FILES_PER_PAGE = 100

NEEDS_REDIS = (
    "Nhập chạy nền cần Redis: quản trị hệ thống đặt biến môi trường REDIS_URL (hoặc "
    "IMPORT_QUEUE_URL) và chạy tiến trình “manage.py rqworker imports”."
)


class ArchiveImportForm(forms.Form):
    archive = forms.FileField(
        label="Tệp ZIP",
        required=False,
        help_text="Một tệp .zip chứa các trang đã lưu (.txt, .html, .htm); tệp khác được bỏ qua.",
    )
    folder = forms.ChoiceField(label="Hoặc thư mục trên máy chủ", required=False)
    status = forms.ChoiceField(
        label="Trạng thái bài mới",
        choices=[(Article.Status.DRAFT, "Bản nháp"), (Article.Status.REVIEW, "Chờ duyệt")],
        initial=Article.Status.DRAFT,
    )
    category = forms.ModelChoiceField(
        label="Chuyên mục", queryset=Category.objects.all(), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = workflow.allowed_categories(user)
        folders = [str(folder) for folder in archive_service.server_folders()]
        if folders:
            self.fields["folder"].choices = [("", "—"), *[(f, f) for f in folders]]
        else:
            del self.fields["folder"]

    def clean(self):
        data = super().clean()
        upload, folder = data.get("archive"), data.get("folder")
        if bool(upload) == bool(folder):
            raise forms.ValidationError("Chọn một tệp ZIP hoặc một thư mục trên máy chủ.")
        try:
            if upload:
                data["read"] = archive_service.read_zip(upload)
                data["kind"], data["source_name"] = ImportJob.Kind.ZIP, upload.name
            else:
                data["read"] = archive_service.read_folder(folder)
                data["kind"], data["source_name"] = ImportJob.Kind.FOLDER, folder
        except archive_service.ArchiveError as err:
            raise forms.ValidationError(str(err)) from err
        return data


def may_import(request) -> bool:
    return request.user.is_active and request.user.has_perm("articles.add_article")


def start_job(request, *, read, kind, source_name, status, category):
    """Create and queue a job from an accepted archive; the response to send.

    ArchiveError, with nothing written, when a member of the ZIP cannot be read.
    """
    job = archive_service.create_job(
        archive=read,
        kind=kind,
        source_name=source_name,
        user=request.user,
        article_status=status,
        category=category,
    )
    messages.success(
        request,
        f"Đã nhận {job.total} trang từ “{job.source_name}”; lượt nhập chạy nền, "
        "theo dõi tiến độ dưới đây.",
    )
    if read.left_out:
        messages.warning(request, read.notice())
    return redirect(job.get_absolute_url())


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["source_name", "created_by", "created_at", "status", "progress", "results"]
    list_filter = ["status"]
    list_select_related = ["created_by"]
    list_per_page = 50
    change_list_template = "admin/articles/importjob/change_list.html"

    # Permissions: importing is adding articles; a job is never edited, only cancelled.
    def has_module_permission(self, request):
        return may_import(request)

    def has_view_permission(self, request, obj=None):
        return may_import(request) and (obj is None or self._visible(request, obj))

    def has_add_permission(self, request):
        return may_import(request)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and (obj is None or obj.is_final)

    def _visible(self, request, job) -> bool:
        return ImportJob.objects.visible_to(request.user).filter(pk=job.pk).exists()

    def get_queryset(self, request):
        return ImportJob.objects.visible_to(request.user).select_related("created_by")

    @admin.display(description="Tiến độ")
    def progress(self, job):
        return format_html(
            '<progress value="{}" max="{}">{}%</progress> {}/{}',
            job.processed,
            job.total or 1,
            job.percent,
            job.processed,
            job.total,
        )

    @admin.display(description="Kết quả")
    def results(self, job):
        return format_html(
            "{} mới, {} cập nhật, {} không đổi, {} lỗi",
            job.created,
            job.updated,
            job.unchanged + job.skipped,
            job.failed,
        )

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/huy/", wrap(self.cancel_view), name="articles_importjob_cancel"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "refresh": self.get_queryset(request).unfinished().exists(),
            "needs_redis": "" if archive_service.background_available() else NEEDS_REDIS,
        }
        return super().changelist_view(request, extra_context)

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Nhập lưu trữ chạy nền",
        }
        if not archive_service.background_available():
            context["needs_redis"] = NEEDS_REDIS
            return TemplateResponse(request, "admin/articles/importjob/add.html", context)
        form = ArchiveImportForm(request.POST or None, request.FILES or None, user=request.user)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                return start_job(
                    request,
                    read=data["read"],
                    kind=data["kind"],
                    source_name=data["source_name"],
                    status=data["status"],
                    category=data["category"],
                )
            except archive_service.ArchiveError as err:  # a member unreadable: nothing written
                form.add_error(None, str(err))
        context["form"] = form
        status = 400 if request.method == "POST" else 200
        return TemplateResponse(
            request, "admin/articles/importjob/add.html", context, status=status
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        job = get_object_or_404(self.get_queryset(request), pk=object_id)
        files = job.files.select_related("article").defer("data").order_by("position")
        shown = request.GET.get("loc", "")
        if shown == "loi":
            files = files.filter(action="failed")
        page = Paginator(files, FILES_PER_PAGE).get_page(request.GET.get("trang"))
        labels = archive_service.ACTION_LABELS
        rows = [
            {
                "file": row,
                "label": labels.get(row.action, "") if row.status == "done" else "Đang chờ",
            }
            for row in page.object_list
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Lượt nhập “{job.source_name}”",
            "job": job,
            "page": page,
            "rows": rows,
            "shown": shown,
            "may_cancel": not job.is_final and not job.cancel_requested,
            "refresh": not job.is_final,
            "may_see_articles": request.user.has_perm("articles.view_article"),
        }
        return TemplateResponse(request, "admin/articles/importjob/detail.html", context)

    def cancel_view(self, request, pk):
        job = get_object_or_404(self.get_queryset(request), pk=pk)
        if request.method != "POST":
            return redirect(job.get_absolute_url())
        if archive_service.request_cancel(job):
            messages.success(request, "Đã yêu cầu hủy: lượt nhập dừng trước tệp kế tiếp.")
        else:
            messages.warning(request, "Lượt nhập đã kết thúc, không còn gì để hủy.")
        return redirect(reverse("admin:articles_importjob_change", args=[job.pk]))
