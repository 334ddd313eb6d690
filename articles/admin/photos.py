"""The media library in the admin, and what the article form gets from it.

- `PhotoAdmin`: the library (upload once, search without diacritics, see where a photo is
  used), with two small JSON views for the article form's picker: search the library, and
  upload a new photo into it. Reporters may upload and use photos; editors also edit and
  delete them (articles/services/roles.py).
- `ArticlePhotosAdminMixin`: the article form's own fieldsets, kept apart from the rest of
  the form: "Ảnh và chia sẻ" (cover, social image, meta description, the picker) and
  "Hỗ trợ viết" (word count, reading time, the sapo hint, the offer to update the address).
  Its scripts are static files (the admin's CSP allows scripts from 'self' only).
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import JsonResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_GET, require_POST

from articles.models import Article, Photo
from articles.services import writing
from newsroom.admin_mixins import FoldedSearchMixin
from newsroom.slugs import unique_slug

PICKER_PAGE = 24
USED_BY_SHOWN = 20


def photo_json(photo: Photo) -> dict:
    thumb = photo.rendition(320)
    return {
        "id": photo.pk,
        "label": str(photo),
        "thumb": photo.url_of(thumb) if thumb else "",
        "alt": photo.alt_text,
        "caption": photo.caption,
        "credit": photo.credit,
        "figure": photo.figure_html(),
    }


class PhotoUploadForm(forms.ModelForm):
    """A new library photo; the file is checked by the model field's validator
    (articles.images.validate_image_upload), the one place uploads are validated."""

    class Meta:
        model = Photo
        fields = ["image", "alt_text", "caption", "credit"]


@admin.register(Photo)
class PhotoAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["preview", "alt_text", "caption", "credit", "uploaded_by", "created_at"]
    list_display_links = ["preview", "alt_text"]
    list_select_related = ["uploaded_by"]
    list_per_page = 40
    search_fields = ["search_key"]
    search_help_text = "Tìm theo mô tả, chú thích hoặc nguồn ảnh, gõ có dấu hay không dấu."
    date_hierarchy = "created_at"
    fields = [
        "image",
        "preview",
        "alt_text",
        "caption",
        "credit",
        "sizes",
        "uploaded_by",
        "used_by",
    ]
    readonly_fields = ["preview", "sizes", "uploaded_by", "used_by"]

    def get_readonly_fields(self, request, obj=None):
        # The file of a photo in use stays: replacing it would change published articles.
        if obj is not None:
            return ["image", *self.readonly_fields]
        return self.readonly_fields

    @admin.display(description="ảnh")
    def preview(self, photo):
        item = photo.rendition(320)
        if item is None:
            return "—"
        return format_html(
            '<img src="{}" alt="" width="160" class="photo-thumb">', photo.url_of(item)
        )

    @admin.display(description="các cỡ đã tạo")
    def sizes(self, photo):
        return ", ".join(f"{i['width']}×{i['height']}" for i in photo.renditions) or "—"

    @admin.display(description="ảnh đại diện / chia sẻ của")
    def used_by(self, photo):
        """Articles showing the photo on their cards or when shared (one query, at most 20)."""
        if photo.pk is None:
            return "—"
        articles = (
            Article.objects.filter(Q(cover=photo) | Q(card_photo=photo) | Q(social_image=photo))
            .only("pk", "title")
            .order_by("-pk")[:USED_BY_SHOWN]
        )
        links = format_html_join(
            "",
            '<li><a href="{}">{}</a></li>',
            ((reverse("admin:articles_article_change", args=[a.pk]), a.title) for a in articles),
        )
        return format_html("<ul>{}</ul>", links) if links else "—"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    # --- the article form's picker ---------------------------------------------------------

    def get_urls(self):
        def wrap(view):
            return self.admin_site.admin_view(view)

        return [
            path("chon/", wrap(self.picker_search), name="articles_photo_picker"),
            path("tai-len/", wrap(self.picker_upload), name="articles_photo_upload"),
            *super().get_urls(),
        ]

    def picker_search(self, request):
        return require_GET(self._picker_search)(request)

    def _picker_search(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        words = request.GET.get("q", "")[:200]
        photos = Photo.objects.matching(words) if words.strip() else Photo.objects.all()
        page = Paginator(photos.order_by("-created_at", "-pk"), PICKER_PAGE).get_page(
            request.GET.get("trang")
        )
        return JsonResponse(
            {
                "results": [photo_json(photo) for photo in page.object_list],
                "next": page.next_page_number() if page.has_next() else None,
            }
        )

    def picker_upload(self, request):
        return require_POST(self._picker_upload)(request)

    def _picker_upload(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = PhotoUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            errors = {name: [str(m) for m in messages] for name, messages in form.errors.items()}
            return JsonResponse({"errors": errors}, status=400)
        photo = form.save(commit=False)
        photo.uploaded_by = request.user
        photo.save()
        if not photo.renditions:
            photo.delete()
            return JsonResponse(
                {"errors": {"image": ["Không đọc được ảnh để tạo các cỡ; hãy thử tệp khác."]}},
                status=400,
            )
        return JsonResponse({"photo": photo_json(photo)}, status=201)


# --- the article form ----------------------------------------------------------------------

PHOTO_FIELDS = ["photo_picker", "cover", "social_image", "meta_description"]
WRITING_FIELDS = ["writing_stats", "update_slug"]


def may_update_slug(article: Article | None) -> bool:
    """The address may follow a new title until readers could have seen it."""
    return article is not None and article.status != Article.Status.PUBLISHED


class ArticlePhotosAdminMixin:
    """Cover, social image, meta description, the library picker and the writing aids."""

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        writing = [f for f in WRITING_FIELDS if f != "update_slug" or may_update_slug(obj)]
        mine = [
            ("Hỗ trợ viết", {"fields": writing, "classes": ["writing-aids"]}),
            ("Ảnh và chia sẻ", {"fields": PHOTO_FIELDS, "classes": ["photo-fields"]}),
        ]
        return [*fieldsets[:1], *mine, *fieldsets[1:]]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "writing_stats", "photo_picker"]

    def get_autocomplete_fields(self, request):
        return [*super().get_autocomplete_fields(request), "cover", "social_image"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        # The fieldsets name update_slug, which is no model field: the form declares it.
        fields = kwargs.get("fields")
        if fields is None:
            fields = flatten_fieldsets(self.get_fieldsets(request, obj))
        kwargs["fields"] = [f for f in fields if f != "update_slug"]
        form = super().get_form(request, obj, change=change, **kwargs)
        if not may_update_slug(obj):
            return form
        field = forms.BooleanField(
            label="Đổi đường dẫn theo tiêu đề mới",
            required=False,
            help_text=(
                "Bài chưa xuất bản: đường dẫn có thể đổi theo tiêu đề. "
                "Bài đã xuất bản giữ đường dẫn cũ."
            ),
        )
        return type(form.__name__, (form,), {"update_slug": field})

    def save_model(self, request, obj, form, change):
        stored = Article.objects.filter(pk=obj.pk).values_list("status", flat=True).first()
        if (
            change
            and form.cleaned_data.get("update_slug")
            and stored is not None
            and stored != Article.Status.PUBLISHED
        ):
            obj.slug = unique_slug(Article, obj.title, instance_pk=obj.pk)
        super().save_model(request, obj, form, change)

    @admin.display(description="Độ dài")
    def writing_stats(self, obj):
        stats = writing.writing_stats(body=obj.body if obj else "", lead=obj.lead if obj else "")
        return format_html(
            '<span class="writing-stats" data-words-per-minute="{}" data-sapo-max-words="{}" '
            'data-empty="{}" data-summary="{}" data-sapo-hint="{}">'
            '<span class="writing-count" aria-live="polite">{}</span> '
            '<span class="writing-sapo-hint" role="status">{}</span></span>',
            writing.WORDS_PER_MINUTE,
            writing.SAPO_MAX_WORDS,
            writing.EMPTY,
            writing.SUMMARY,
            writing.SAPO_HINT,
            stats.summary,
            stats.sapo_hint,
        )

    @admin.display(description="Thư viện ảnh")
    def photo_picker(self, obj):
        return format_html(
            '<div class="photo-picker" data-search-url="{}" data-upload-url="{}" '
            'data-library-url="{}"><p class="help">Chèn ảnh từ thư viện vào nội dung, '
            "hoặc tải ảnh mới lên (ảnh vào thư viện để dùng lại).</p></div>",
            reverse("admin:articles_photo_picker"),
            reverse("admin:articles_photo_upload"),
            reverse("admin:articles_photo_changelist"),
        )

    @property
    def media(self):
        return super().media + forms.Media(
            js=["articles/admin/photos.js", "articles/admin/writing.js"],
            css={"all": ["articles/admin/photos.css"]},
        )
