"""The admin's "import files" page: upload, see the parse, confirm; the ingestion service saves.

Uploaded files wait on disk between the preview and the confirmation (import_previews.py: a
directory per user, an expiry, a per-user cap); the session keeps only the preview's token. So
nothing touches the articles until the editor confirms, and several workers can serve the two
steps. The preview says which files duplicate an article already in the newsroom (with a link
only when the user may see it), which have no date or no category, and every warning the
parser had; a category can be chosen for the batch and for each file.
"""

from __future__ import annotations

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
from articles.ingestion.service import (
    ACTION_LABELS,
    Action,
    Importer,
    content_fingerprint,
    import_warnings,
)
from articles.models import Article, Category
from articles.services import workflow

from . import import_previews

SESSION_KEY = import_previews.SESSION_KEY
MAX_FILES = 50
EXPIRED = "Phiên xem trước đã hết hạn hoặc không thuộc về bạn; hãy tải tệp lên lại."


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
        label="Chuyên mục cho cả lô",
        queryset=Category.objects.all(),
        required=False,
        help_text="Có thể chọn riêng cho từng tệp ở bước xem trước.",
    )


class ConfirmForm(forms.Form):
    """The preview's form: the batch's category and, per file, a category of its own."""

    category = forms.ModelChoiceField(
        label="Chuyên mục cho cả lô",
        queryset=Category.objects.none(),
        required=False,
        empty_label="(chưa chọn)",
    )

    def __init__(self, *args, user, preview: import_previews.Preview, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = workflow.allowed_categories(user)
        self.fields["category"].queryset = allowed
        self.fields["category"].initial = preview.category
        for index, _ in enumerate(preview.files):
            self.fields[f"category_{index}"] = forms.ModelChoiceField(
                label="Chuyên mục riêng",
                queryset=allowed,
                required=False,
                empty_label="(theo cả lô)",
            )

    def category_for(self, index: int) -> Category | None:
        return self.cleaned_data.get(f"category_{index}") or self.cleaned_data.get("category")


def _parse(name: str, data: bytes) -> dict:
    row = {"name": name, "size": len(data), "error": "", "page": None, "fingerprint": ""}
    if len(data) > settings.IMPORT_MAX_BYTES:
        row["error"] = f"Tệp quá lớn (giới hạn {settings.IMPORT_MAX_BYTES:,} byte).".replace(
            ",", "."
        )
        return row
    try:
        row["page"] = parse_bytes(data, filename=name)
    except IngestionError as err:
        row["error"] = str(err)
    else:
        row["fingerprint"] = content_fingerprint(row["page"])
        # The parser's warnings, then what the import will add (no date, provisional title…).
        extra = import_warnings(row["page"])
        row["warnings"] = [
            *row["page"].warnings,
            *(w for w in extra if w not in row["page"].warnings),
        ]
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


def _mark_duplicates(rows: list[dict], user) -> None:
    """Each parsed row learns whether it repeats an article (one query for the batch) or an
    earlier file of the batch. Details of an article only when the user may see it."""
    prints = {row["fingerprint"] for row in rows if row["fingerprint"]}
    existing = dict(Article.objects.filter(fingerprint__in=prints).values_list("fingerprint", "pk"))
    visible = {
        article.pk: article
        for article in workflow.visible_articles(
            user, Article.objects.filter(pk__in=existing.values())
        ).only("pk", "title", "status")
    }
    seen: dict[str, str] = {}
    for row in rows:
        fingerprint = row["fingerprint"]
        row["duplicate"] = None
        row["hidden_duplicate"] = False
        row["repeats"] = seen.get(fingerprint, "") if fingerprint else ""
        if fingerprint:
            seen.setdefault(fingerprint, row["name"])
        if fingerprint in existing:
            row["duplicate"] = visible.get(existing[fingerprint])
            row["hidden_duplicate"] = row["duplicate"] is None


def _preview_response(request, context, preview, form, *, rows=None, status=200):
    """The preview page. `rows`: the upload's parse (refused files included), else the staged
    files are parsed again (a confirmation sent back for a correction)."""
    if rows is None:
        rows = [_parse(staged.name, staged.read()) for staged in preview.files]
    _mark_duplicates(rows, request.user)
    staged = iter(range(len(preview.files)))
    for row in rows:
        row["category_field"] = None if row["error"] else form[f"category_{next(staged)}"]
    context.update(
        rows=rows,
        token=preview.token,
        form=form,
        expires_minutes=settings.IMPORT_PREVIEW_SECONDS // 60,
        status_label=dict(ImportUploadForm.base_fields["status"].choices).get(preview.status),
    )
    return TemplateResponse(request, "admin/articles/import_preview.html", context, status=status)


def _upload(request, context, form):
    """Step 1: parse every file; keep the good ones as a preview; show what was read."""
    rows, good = [], []
    for upload in form.cleaned_data["files"]:
        data = upload.read(settings.IMPORT_MAX_BYTES + 1)
        row = _parse(upload.name, data)
        rows.append(row)
        if not row["error"]:
            good.append((upload.name, data))
    if not good:
        context.update(rows=rows, token="")
        return TemplateResponse(request, "admin/articles/import_preview.html", context)
    category = form.cleaned_data["category"]
    try:
        token = import_previews.create(
            request,
            files=good,
            status=form.cleaned_data["status"],
            category=category.pk if category else None,
        )
    except import_previews.PreviewError as err:
        form.add_error(None, str(err))
        context["form"] = form
        # Over the user's cap: their request (400); an unusable directory: ours (503).
        status = 400 if isinstance(err, import_previews.PreviewLimitError) else 503
        return TemplateResponse(
            request, "admin/articles/import_upload.html", context, status=status
        )
    preview = import_previews.load(request, token)
    form = ConfirmForm(user=request.user, preview=preview)
    return _preview_response(request, context, preview, form, rows=rows)


def _confirm(request, context, preview):
    """Step 2: import the previewed files, each with its chosen category."""
    form = ConfirmForm(request.POST, user=request.user, preview=preview)
    if not form.is_valid():
        return _preview_response(request, context, preview, form, status=400)
    importer = Importer(status=preview.status, user=request.user)
    outcomes = []
    for index, staged in enumerate(preview.files):
        importer.category = form.category_for(index)
        outcomes.append(importer.import_page(data=staged.read(), file_name=staged.name))
    import_previews.discard(request, preview.token)
    landed = sum(o.action != Action.FAILED for o in outcomes)
    messages.info(
        request,
        ngettext("Đã xử lý %(n)d tệp.", "Đã xử lý %(n)d tệp.", landed) % {"n": landed},
    )
    visible = set(
        workflow.visible_articles(
            request.user, Article.objects.filter(pk__in=[o.article_id for o in outcomes])
        ).values_list("pk", flat=True)
    )
    context["results"] = [
        {
            "outcome": o,
            "label": ACTION_LABELS[o.action],
            "link": o.article_id in visible,
        }
        for o in outcomes
    ]
    return TemplateResponse(request, "admin/articles/import_result.html", context)


def import_view(model_admin, request):
    """Upload and preview; then confirm (POST with the token) or cancel (POST "huy")."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": "Nhập bài từ tệp",
    }
    if request.method == "POST" and "token" in request.POST:
        preview = import_previews.load(request, request.POST["token"])
        if preview is None:
            messages.error(request, EXPIRED)
            return redirect("admin:articles_article_import")
        if "huy" in request.POST:
            import_previews.discard(request, preview.token)
            messages.info(request, "Đã hủy bản xem trước; không có bài nào được lưu.")
            return redirect("admin:articles_article_import")
        return _confirm(request, context, preview)

    form = ImportUploadForm(request.POST or None, request.FILES or None)
    form.fields["category"].queryset = workflow.allowed_categories(request.user)
    if request.method == "POST" and form.is_valid():
        if background := _to_background(request, form):
            return background
        if form.is_valid():
            return _upload(request, context, form)
    context["form"] = form
    return TemplateResponse(request, "admin/articles/import_upload.html", context)
