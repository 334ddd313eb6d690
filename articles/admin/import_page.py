"""The admin's "import files" page: upload, see the parse, confirm; the ingestion service saves.

Uploaded bytes wait in the editor's session between the preview and the confirmation, so
nothing touches the articles until the editor confirms, and several workers can serve the
two steps.
"""

from __future__ import annotations

import base64
import secrets

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import ngettext

from articles.ingestion import archive
from articles.ingestion.decode import IngestionError
from articles.ingestion.parser import parse_bytes
from articles.ingestion.service import Action, Importer
from articles.models import Article, Category
from articles.services import workflow

SESSION_KEY = "article_import_staging"
MAX_FILES = 50


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        files = [f for f in files if f]
        if not files:
            raise forms.ValidationError("Chọn ít nhất một tệp.")
        # More than MAX_FILES (or a ZIP) goes to the background import (import_view).
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class ImportUploadForm(forms.Form):
    files = MultipleFileField(
        label="Tệp trang (.txt, .html)", help_text="Có thể chọn nhiều tệp cùng lúc."
    )
    status = forms.ChoiceField(
        label="Trạng thái bài mới",
        choices=[
            (Article.Status.DRAFT, "Bản nháp"),
            (Article.Status.REVIEW, "Chờ duyệt"),
        ],
        initial=Article.Status.DRAFT,
    )
    category = forms.ModelChoiceField(
        label="Chuyên mục", queryset=Category.objects.all(), required=False
    )


def _preview(name: str, data: bytes) -> dict:
    row = {"name": name, "size": len(data), "error": "", "page": None}
    if len(data) > settings.IMPORT_MAX_BYTES:
        row["error"] = f"Tệp quá lớn (giới hạn {settings.IMPORT_MAX_BYTES:,} byte).".replace(
            ",", "."
        )
        return row
    try:
        row["page"] = parse_bytes(data, filename=name)
    except IngestionError as err:
        row["error"] = str(err)
    return row


def _to_background(request, form):
    """A batch over MAX_FILES, or a ZIP, becomes a background import job (admin/imports.py)."""
    files = form.cleaned_data["files"]
    zips = [f for f in files if f.name.lower().endswith(".zip")]
    if len(files) <= MAX_FILES and not zips:
        return None
    from articles.admin import imports

    if not archive.background_available():
        form.add_error("files", f"Tối đa {MAX_FILES} tệp mỗi lần. {imports.NEEDS_REDIS}")
        return None
    try:
        if len(files) == 1:
            read, name = archive.read_zip(files[0]), files[0].name
        elif zips:
            raise archive.ArchiveError("Chỉ tải lên một tệp ZIP, không kèm tệp khác.")
        else:
            read, name = archive.read_uploads(files), f"{len(files)} tệp tải lên"
        return imports.start_job(
            request,
            read=read,
            kind="zip",
            source_name=name,
            status=form.cleaned_data["status"],
            category=form.cleaned_data["category"],
        )
    except archive.ArchiveError as err:
        form.add_error("files", str(err))
        return None


def import_view(model_admin, request):
    """Step 1: upload and preview. Step 2 (POST with a token): confirm and import."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": "Nhập bài từ tệp",
    }
    staging = request.session.get(SESSION_KEY, {})

    if request.method == "POST" and "token" in request.POST:
        batch = staging.pop(request.POST["token"], None)
        request.session[SESSION_KEY] = staging
        if batch is None:
            messages.error(request, "Phiên xem trước đã hết hạn; hãy tải tệp lên lại.")
            return redirect("admin:articles_article_import")
        category = Category.objects.filter(pk=batch["category"]).first()
        importer = Importer(status=batch["status"], category=category, user=request.user)
        outcomes = [
            importer.import_page(data=base64.b64decode(item["data"]), file_name=item["name"])
            for item in batch["files"]
        ]
        landed = sum(o.action != Action.FAILED for o in outcomes)
        messages.info(
            request,
            ngettext("Đã xử lý %(n)d tệp.", "Đã xử lý %(n)d tệp.", landed) % {"n": landed},
        )
        context["outcomes"] = outcomes
        return TemplateResponse(request, "admin/articles/import_result.html", context)

    form = ImportUploadForm(request.POST or None, request.FILES or None)
    form.fields["category"].queryset = workflow.allowed_categories(request.user)
    posted = request.method == "POST" and form.is_valid()
    if posted and (background := _to_background(request, form)):
        return background
    if posted and form.is_valid():
        rows, batch_files = [], []
        for upload in form.cleaned_data["files"]:
            data = upload.read(settings.IMPORT_MAX_BYTES + 1)
            row = _preview(upload.name, data)
            rows.append(row)
            if not row["error"]:
                batch_files.append(
                    {"name": upload.name, "data": base64.b64encode(data).decode("ascii")}
                )
        token = secrets.token_urlsafe(16)
        if batch_files:
            category = form.cleaned_data["category"]
            staging[token] = {
                "files": batch_files,
                "status": form.cleaned_data["status"],
                "category": category.pk if category else None,
            }
            request.session[SESSION_KEY] = staging
        context.update(rows=rows, token=token if batch_files else "")
        return TemplateResponse(request, "admin/articles/import_preview.html", context)

    context["form"] = form
    return TemplateResponse(request, "admin/articles/import_upload.html", context)
