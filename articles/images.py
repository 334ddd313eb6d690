"""Article photos: validating an upload and making the sizes the public pages use.

Pillow (maintained, the standard imaging library for Python) does both; two fixed sizes do
not need a thumbnailing framework. The original is kept as uploaded; the pages use:

- the display size, at most IMAGE_DISPLAY_WIDTH pixels wide (never enlarged), JPEG;
- the card thumbnail, IMAGE_THUMB_SIZE cropped around the centre, JPEG.

Both are written when a caption's photo is saved (Caption.save), so no page resizes anything.
"""

from __future__ import annotations

import io
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


def _size_label(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")


def pixel_limit_label() -> str:
    """IMAGE_MAX_PIXELS for people: "24 triệu", "2,5 triệu", "10.000"."""
    limit = settings.IMAGE_MAX_PIXELS
    if limit >= 1_000_000:
        millions = f"{limit / 1_000_000:.1f}".removesuffix(".0").replace(".", ",")
        return f"{millions} triệu"
    return f"{limit:,}".replace(",", ".")


def validate_image_upload(value) -> None:
    """A new upload must be a whole JPEG, PNG, WebP or GIF image within the size limits.

    Errors are form errors (ValidationError), never a server error. Files already stored
    are not re-read on every save.
    """
    if not value or getattr(value, "_committed", False):
        return
    size = getattr(value, "size", 0) or 0
    if size > settings.IMAGE_MAX_BYTES:
        raise ValidationError(
            "Tệp ảnh quá lớn (%(size)s); giới hạn là %(limit)s.",
            code="image_too_large",
            params={"size": _size_label(size), "limit": _size_label(settings.IMAGE_MAX_BYTES)},
        )
    try:
        value.seek(0)
        with Image.open(value) as image:
            kind = image.format
            width, height = image.size
            if width * height > settings.IMAGE_MAX_PIXELS:
                # Decided from the header: the image is never decoded.
                raise ValidationError(
                    "Ảnh quá nhiều điểm ảnh (%(width)s × %(height)s); giới hạn là %(limit)s "
                    "điểm ảnh. Hãy thu nhỏ ảnh rồi tải lên lại.",
                    code="image_too_many_pixels",
                    params={"width": width, "height": height, "limit": pixel_limit_label()},
                )
            image.load()  # a truncated or corrupt file fails here, not later
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as err:
        raise ValidationError(
            "Tệp tải lên không phải là ảnh hợp lệ.", code="invalid_image"
        ) from err
    finally:
        value.seek(0)
    if kind not in ACCEPTED_FORMATS:
        raise ValidationError(
            "Chỉ nhận ảnh JPEG, PNG, WebP hoặc GIF (tệp này là %(kind)s).",
            code="image_format",
            params={"kind": kind},
        )


def _as_rgb(image: Image.Image) -> Image.Image:
    """JPEG has no transparency: flatten onto white. An RGB image is returned as it is."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image if image.mode == "RGB" else image.convert("RGB")


def _jpeg(image: Image.Image) -> ContentFile:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85, optimize=True, progressive=True)
    return ContentFile(buffer.getvalue())


def renditions(source) -> tuple[ContentFile, ContentFile, tuple[int, int]]:
    """(display file, thumbnail file, display size) for an image file.

    Memory stays near the decoded image's size: a JPEG is decoded at the smallest scale that
    still covers both renditions, the orientation is fixed in place, and no full-size copy is
    made beyond the one RGB conversion some modes need.
    """
    max_width = settings.IMAGE_DISPLAY_WIDTH
    source.open("rb")
    try:
        with Image.open(source) as original:
            side = max(max_width, *settings.IMAGE_THUMB_SIZE)  # either way up after EXIF
            original.draft("RGB", (side, side))
            original.load()
            ImageOps.exif_transpose(original, in_place=True)
            image = _as_rgb(original)
            display = image
            if display.width > max_width:
                height = round(display.height * max_width / display.width)
                display = display.resize((max_width, max(height, 1)), Image.Resampling.LANCZOS)
            thumb = ImageOps.fit(image, settings.IMAGE_THUMB_SIZE, Image.Resampling.LANCZOS)
            return _jpeg(display), _jpeg(thumb), display.size
    finally:
        source.close()


def rendition_name(original_name: str, suffix: str) -> str:
    return f"{PurePosixPath(original_name).stem}-{suffix}.jpg"


# --- the media library (articles.models.Photo) -------------------------------------------


def library_renditions(source, widths) -> list[tuple[int, int, ContentFile]]:
    """[(width, height, JPEG file)] for each of `widths` narrower than the image, and one at
    the image's own width when it is narrower than the widest: never enlarged.

    Phones take the 320/640 files, tablets and laptops the wider ones (the pages' srcset).
    """
    largest = max(widths)
    source.open("rb")
    try:
        with Image.open(source) as original:
            # Decoded once, turned upright in place; every size is made while the file is open
            # (an RGB image is not copied by _as_rgb).
            original.draft("RGB", (largest, largest))
            original.load()
            ImageOps.exif_transpose(original, in_place=True)
            image = _as_rgb(original)
            wanted = sorted({w for w in widths if w < image.width} | {min(image.width, largest)})
            made = []
            for width in wanted:
                height = max(round(image.height * width / image.width), 1)
                resized = (
                    image
                    if width == image.width
                    else image.resize((width, height), Image.Resampling.LANCZOS)
                )
                made.append((width, height, _jpeg(resized)))
            return made
    finally:
        source.close()
