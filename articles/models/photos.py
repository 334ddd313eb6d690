"""The media library: a photo uploaded once, with its alt text, caption and credit, in the
sizes the pages need, and reused by any number of articles (in their body and as covers).

Files go through `default_storage` (the disk, or S3 with django-storages), never file paths:
the original under `thu-vien/<token>/`, and one JPEG per width beside it, made on upload
(articles/images.py). The token, a random folder name, also marks the photo in an article's
body HTML, so the body needs no markup of its own to say which library photo it shows.
"""

from __future__ import annotations

import logging
import re
import uuid
from html import unescape
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from newsroom.pageclock import GenerationQuerySet
from newsroom.text import fold, normalize_text, slugify_vi

from ..images import library_renditions, validate_image_upload

logger = logging.getLogger(__name__)

LIBRARY_FOLDER = "thu-vien"
# A library photo's address, wherever the storage serves it from: …/thu-vien/<token>/…
TOKEN_IN_URL = re.compile(rf"/{LIBRARY_FOLDER}/([0-9a-f]{{32}})/")

# Widths shown in the body and on cards, as "sizes" tells the browser (the portal's columns:
# one column up to 760 px, the main column about two thirds of a 1140 px page beyond).
BODY_SIZES = "(max-width: 760px) 100vw, 760px"
CARD_SIZES = "(max-width: 600px) 100vw, (max-width: 960px) 50vw, 360px"
BIG_CARD_SIZES = "(max-width: 760px) 100vw, 760px"


def new_token() -> str:
    return uuid.uuid4().hex


def original_path(photo: Photo, filename: str) -> str:
    name = PurePosixPath(filename)
    stem = slugify_vi(name.stem, max_length=60) or "anh"
    return f"{LIBRARY_FOLDER}/{photo.token}/{stem}{name.suffix.lower()}"


class PhotoQuerySet(GenerationQuerySet):
    def matching(self, words: str):
        """Photos whose alt text, caption or credit contain the words, with or without
        diacritics ("le ra quan" finds "Lễ ra quân")."""
        photos = self
        for word in fold(words).split():
            photos = photos.filter(search_key__contains=word)
        return photos

    def from_tokens(self, tokens):
        return self.filter(token__in=set(tokens))


class Photo(models.Model):
    """A photo of the media library, with the text readers and screen readers get."""

    token = models.CharField(
        _("mã thư mục"), max_length=32, unique=True, default=new_token, editable=False
    )
    image = models.ImageField(
        _("tệp ảnh"),
        upload_to=original_path,
        validators=[validate_image_upload],
        help_text=_(
            "JPEG, PNG, WebP hoặc GIF. Các cỡ cho điện thoại và máy tính được tạo khi tải lên."
        ),
    )
    alt_text = models.CharField(
        _("mô tả ảnh (alt)"),
        max_length=300,
        help_text=_("Ảnh cho thấy gì, cho người đọc không xem được ảnh."),
    )
    caption = models.TextField(_("chú thích"), blank=True)
    credit = models.CharField(_("nguồn ảnh"), max_length=200, blank=True)
    width = models.PositiveIntegerField(_("rộng"), null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(_("cao"), null=True, blank=True, editable=False)
    # [{"width", "height", "name", "bytes"}], narrowest first; made once, on upload.
    renditions = models.JSONField(_("các cỡ ảnh"), default=list, blank=True, editable=False)
    search_key = models.TextField(_("khóa tìm kiếm"), blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    objects = PhotoQuerySet.as_manager()

    class Meta:
        verbose_name = _("ảnh (thư viện)")
        verbose_name_plural = _("thư viện ảnh")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.alt_text[:80] or self.image.name

    def save(self, *args, **kwargs):
        self.alt_text = normalize_text(self.alt_text).strip()
        self.caption = normalize_text(self.caption).strip()
        self.credit = normalize_text(self.credit).strip()
        self.search_key = fold(" ".join([self.alt_text, self.caption, self.credit]))
        new_upload = bool(self.image) and not getattr(self.image, "_committed", True)
        super().save(*args, **kwargs)
        if new_upload or (self.image and not self.renditions):
            self.make_renditions()

    def get_absolute_url(self) -> str:
        return reverse("admin:articles_photo_change", args=[self.pk])

    def make_renditions(self) -> None:
        """Write the JPEG sizes next to the original and remember them (one UPDATE)."""
        try:
            made = library_renditions(self.image, settings.PHOTO_WIDTHS)
        except (OSError, ValueError) as err:  # the stored original is missing or unreadable
            logger.warning("Không tạo được các cỡ ảnh cho %s: %s", self.image.name, err)
            return
        storage = self.image.storage
        renditions = []
        for width, height, content in made:
            name = storage.save(f"{LIBRARY_FOLDER}/{self.token}/{width}.jpg", content)
            renditions.append(
                {"width": width, "height": height, "name": name, "bytes": content.size}
            )
        self.renditions = renditions
        self.width, self.height = renditions[-1]["width"], renditions[-1]["height"]
        Photo.objects.filter(pk=self.pk).update(
            renditions=renditions, width=self.width, height=self.height
        )

    # --- what the pages print ---------------------------------------------------------

    def rendition(self, width: int) -> dict | None:
        """The narrowest size at least `width` wide, else the widest there is."""
        if not self.renditions:
            return None
        for item in self.renditions:
            if item["width"] >= width:
                return item
        return self.renditions[-1]

    def url_of(self, item: dict) -> str:
        return self.image.storage.url(item["name"])

    @property
    def srcset(self) -> str:
        return ", ".join(f"{self.url_of(item)} {item['width']}w" for item in self.renditions)

    def img_attrs(self, width: int) -> dict | None:
        """src (the size nearest `width`), srcset, width and height of that size."""
        item = self.rendition(width)
        if item is None:
            return None
        return {
            "src": self.url_of(item),
            "srcset": self.srcset,
            "width": item["width"],
            "height": item["height"],
        }

    @property
    def card(self) -> dict | None:
        """A card's photo: 640 wide by default (a phone at 2x), srcset for the rest."""
        attrs = self.img_attrs(640)
        return attrs and {**attrs, "sizes": CARD_SIZES}

    @property
    def card_big(self) -> dict | None:
        attrs = self.img_attrs(1024)
        return attrs and {**attrs, "sizes": BIG_CARD_SIZES}

    @property
    def share(self) -> dict | None:
        """The size for Open Graph and RSS enclosures (at least 1024 wide when there is one)."""
        item = self.rendition(1024)
        if item is None:
            return None
        return {**item, "url": self.url_of(item), "type": "image/jpeg"}

    def img_html(self, *, alt: str | None = None, sizes: str = BODY_SIZES) -> str:
        attrs = self.img_attrs(1024)
        if attrs is None:
            return ""
        return format_html(
            '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" loading="lazy">',
            attrs["src"],
            attrs["srcset"],
            sizes,
            attrs["width"],
            attrs["height"],
            self.alt_text if alt is None else alt,
        )

    def figure_html(self) -> str:
        """The body snippet the article form inserts: the photo with its caption and credit."""
        text = self.caption
        if self.credit:
            text = f"{text} (Ảnh: {self.credit})" if text else f"Ảnh: {self.credit}"
        if not text:
            return format_html("<figure>{}</figure>", self.img_html())
        return format_html("<figure>{}<figcaption>{}</figcaption></figure>", self.img_html(), text)


_IMG_TAG = re.compile(r"<img\b[^>]*>", re.I)
_ATTR = re.compile(r'\s([a-z-]+)="([^"]*)"', re.I)


def link_library_photos(html: str) -> tuple[str, Photo | None]:
    """(body, its first library photo): each <img> of a library photo gets the photo's sizes
    (srcset, sizes, width, height, lazy loading), whatever the editor kept of them.

    Takes sanitised HTML (attributes double-quoted). The body editor keeps an image's src
    and alt but not srcset, so this runs on every save; one query when the body shows
    library photos, none otherwise. An image whose photo was deleted is left as it is.
    """
    found = []
    for tag in _IMG_TAG.findall(html or ""):
        attrs = dict(_ATTR.findall(tag))
        match = TOKEN_IN_URL.search(attrs.get("src", ""))
        if match:
            found.append((tag, attrs, match.group(1)))
    if not found:
        return html, None
    photos = {p.token: p for p in Photo.objects.from_tokens(token for _, _, token in found)}
    first = None
    for tag, attrs, token in found:
        photo = photos.get(token)
        if photo is None or not photo.renditions:
            continue
        first = first or photo
        alt = unescape(attrs.get("alt", "")) or photo.alt_text
        html = html.replace(tag, photo.img_html(alt=alt), 1)
    return html, first
