"""Building library photos in tests: real (tiny) images, written to a temporary MEDIA_ROOT."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.models import Photo


def image_bytes(size=(2000, 1000), kind="JPEG", color=(30, 90, 160)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, kind)
    return buffer.getvalue()


def image_upload(size=(2000, 1000), name="le-ra-quan.jpg", kind="JPEG") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes(size, kind), content_type=f"image/{kind.lower()}")


def make_photo(size=(2000, 1000), **fields) -> Photo:
    fields.setdefault("alt_text", "Cán bộ chiến sĩ xếp hàng trên sân")
    fields.setdefault("caption", "Lễ ra quân cao điểm tấn công trấn áp tội phạm")
    fields.setdefault("credit", "Minh Khoa")
    return Photo.objects.create(image=image_upload(size), **fields)
