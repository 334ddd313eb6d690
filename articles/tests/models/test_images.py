"""Photos: uploaded with caption, credit and alt text in the article form, resized on save."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from articles.ingestion.service import import_page
from articles.models import Article, Caption
from articles.tests.admin_forms import change_form_data
from articles.tests.factories import ArticleFactory
from articles.tests.ingestion.test_import_command import PAGE

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def image_bytes(size=(2000, 1000), kind="PNG", mode="RGB") -> bytes:
    image = Image.new(mode, size, (200, 30, 30) if mode == "RGB" else (200, 30, 30, 128))
    buffer = io.BytesIO()
    image.save(buffer, kind)
    return buffer.getvalue()


def sparse_png(width: int, height: int) -> bytes:
    """A valid RGB PNG of any dimensions that stays a few kilobytes: every row is black.

    Written chunk by chunk (rows compressed as they are made), so the test never holds the
    decoded image: this is the "132 KB PNG of 6,324 x 6,324 pixels" of issue 12.
    """

    def chunk(kind: bytes, payload: bytes) -> bytes:
        body = kind + payload
        return struct.pack(">I", len(payload)) + body + struct.pack(">I", zlib.crc32(body))

    compressor = zlib.compressobj(9)
    row = b"\0" * (1 + 3 * width)  # filter byte, then RGB
    idat = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def upload(content: bytes, name="le-ra-quan.png", content_type="image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def post_photo(admin_client, article, file, **fields):
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = change_form_data(admin_client.get(url))
    index = int(data["captions-TOTAL_FORMS"])
    data["captions-TOTAL_FORMS"] = str(index + 1)
    data.update(
        {
            f"captions-{index}-position": "0",
            f"captions-{index}-text": fields.get("text", "Lễ ra quân sáng 14/3."),
            f"captions-{index}-credit": fields.get("credit", "Minh Khoa"),
            f"captions-{index}-alt_text": fields.get("alt_text", "Cán bộ xếp hàng trên sân"),
            f"captions-{index}-image": file,
        }
    )
    return admin_client.post(url, data)


def image_errors(response) -> list[str]:
    """The photo field's errors on the captions inline of a re-rendered form."""
    assert response.status_code == 200
    for inline in response.context["inline_admin_formsets"]:
        if inline.formset.prefix == "captions":
            return [
                m for form_errors in inline.formset.errors for m in form_errors.get("image", [])
            ]
    return []


def test_upload_in_the_article_form_makes_display_and_thumbnail_sizes(admin_client, media_root):
    article = ArticleFactory()
    response = post_photo(admin_client, article, upload(image_bytes((2000, 1000))))
    assert response.status_code == 302

    caption = Caption.objects.get(article=article)
    assert (caption.text, caption.credit) == ("Lễ ra quân sáng 14/3.", "Minh Khoa")
    with Image.open(caption.image_display.path) as display:
        assert display.size == (1200, 600)
        assert display.format == "JPEG"
    with Image.open(caption.image_thumb.path) as thumb:
        assert thumb.size == (480, 320)
    assert (caption.display_width, caption.display_height) == (1200, 600)
    with Image.open(caption.image.path) as original:
        assert original.size == (2000, 1000)  # the original is kept as uploaded
    assert str(caption.image_display.path).startswith(str(media_root))


def test_small_image_is_not_enlarged_and_transparency_is_flattened():
    article = ArticleFactory()
    caption = Caption.objects.create(
        article=article,
        text="Biểu trưng",
        image=upload(image_bytes((300, 200), mode="RGBA"), name="logo.png"),
    )
    with Image.open(caption.image_display.path) as display:
        assert display.size == (300, 200)
        assert display.mode == "RGB"


def test_public_page_shows_the_photo_with_alt_caption_and_credit(admin_client, client):
    article = ArticleFactory()
    post_photo(admin_client, article, upload(image_bytes()))
    caption = Caption.objects.get(article=article)
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'src="{caption.image_display.url}"' in html
    assert 'alt="Cán bộ xếp hàng trên sân"' in html
    assert 'width="1200" height="600"' in html
    assert "Lễ ra quân sáng 14/3." in html and "Ảnh: Minh Khoa" in html


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"day khong phai anh", "gia.jpg"),
        (image_bytes(kind="PNG")[:200], "cut.png"),
        (b"%PDF-1.4 not an image", "tai-lieu.pdf"),
    ],
    ids=["text", "truncated", "pdf"],
)
def test_not_an_image_is_a_form_error(admin_client, content, name):
    article = ArticleFactory()
    errors = image_errors(post_photo(admin_client, article, upload(content, name=name)))
    # Django's image field (Vietnamese message) or our validator, never a server error.
    assert len(errors) == 1
    assert "hình ảnh hợp lệ" in errors[0] or "không phải là ảnh hợp lệ" in errors[0]
    assert not Caption.objects.filter(article=article).exists()


def test_too_large_file_is_a_form_error(admin_client, settings):
    settings.IMAGE_MAX_BYTES = 1000
    article = ArticleFactory()
    errors = image_errors(post_photo(admin_client, article, upload(image_bytes((800, 800)))))
    assert len(errors) == 1 and errors[0].startswith("Tệp ảnh quá lớn")
    assert not Caption.objects.filter(article=article).exists()


def test_too_many_pixels_is_a_form_error(admin_client, settings):
    settings.IMAGE_MAX_PIXELS = 100 * 100
    article = ArticleFactory()
    errors = image_errors(post_photo(admin_client, article, upload(image_bytes((200, 200)))))
    assert errors == [
        "Ảnh quá nhiều điểm ảnh (200 × 200); giới hạn là 10.000 điểm ảnh. "
        "Hãy thu nhỏ ảnh rồi tải lên lại."
    ]


def test_small_file_of_huge_dimensions_is_refused_before_decoding(admin_client):
    """Issue 12, defect 10: a PNG of a few kilobytes, 6,324 x 6,324 pixels, took a worker from
    80 to 565 MB. The default limit refuses it from its header, before any decoding."""
    content = sparse_png(6324, 6324)
    assert len(content) < 200 * 1024
    article = ArticleFactory()
    errors = image_errors(post_photo(admin_client, article, upload(content)))
    assert len(errors) == 1
    assert errors[0].startswith("Ảnh quá nhiều điểm ảnh (6324 × 6324)")
    assert "triệu điểm ảnh" in errors[0]  # says what the limit is
    assert not Caption.objects.filter(article=article).exists()


def test_the_pixel_limit_also_binds_pillow_everywhere(settings):
    """Any other code opening an image (Django's ImageField check included) meets the same
    bound: Pillow's own decompression-bomb limit follows the setting."""
    assert Image.MAX_IMAGE_PIXELS == settings.IMAGE_MAX_PIXELS


def test_tiff_is_refused_with_a_clear_message(admin_client):
    article = ArticleFactory()
    errors = image_errors(post_photo(admin_client, article, upload(image_bytes(kind="TIFF"))))
    assert errors == ["Chỉ nhận ảnh JPEG, PNG, WebP hoặc GIF (tệp này là TIFF)."]


def test_editing_the_form_again_does_not_reread_or_resize(admin_client):
    article = ArticleFactory()
    post_photo(admin_client, article, upload(image_bytes()))
    caption = Caption.objects.get(article=article)
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = change_form_data(admin_client.get(url))
    data["captions-0-text"] = "Chú thích đã sửa."
    assert admin_client.post(url, data).status_code == 302
    again = Caption.objects.get(pk=caption.pk)
    assert again.text == "Chú thích đã sửa."
    assert again.image_display.name == caption.image_display.name


def test_photo_uploaded_on_an_imported_caption_survives_reimport(admin_client):
    caption_line = "Lực lượng Cảnh sát giao thông ra quân tại huyện Châu Thành. Ảnh: Minh Khoa"
    page = PAGE.replace("Minh Khoa\n", f"{caption_line}\n\nMinh Khoa\n")
    outcome = import_page(data=page.encode(), file_name="a.txt")
    article = Article.objects.get(pk=outcome.article_id)
    caption = article.captions.get()
    caption.image = upload(image_bytes())
    caption.save()

    changed = page.replace("huyện Châu Thành. Ảnh", "huyện Châu Thành sáng 14/3. Ảnh")
    again = import_page(data=changed.encode(), file_name="b.txt", update=True)
    assert again.article_id == article.pk
    assert "captions" in again.kept_fields
    assert article.captions.get().image.name == caption.image.name


def test_a_missing_original_does_not_break_saving_the_caption(media_root):
    caption = Caption.objects.create(
        article=ArticleFactory(), text="Ảnh cũ", image=upload(image_bytes((50, 50)))
    )
    Caption.objects.filter(pk=caption.pk).update(image_display="", image_thumb="")
    (media_root / caption.image.name).unlink()
    caption = Caption.objects.get(pk=caption.pk)
    caption.text = "Ảnh cũ, đã sửa chú thích"
    caption.save()  # logs a warning, no exception
    assert Caption.objects.get(pk=caption.pk).text == "Ảnh cũ, đã sửa chú thích"
