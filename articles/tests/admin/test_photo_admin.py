"""The media library in the admin, the article form's picker and its writing aids."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article, Photo
from articles.services.writing import SAPO_MAX_WORDS, html_words, writing_stats
from articles.tests.admin_forms import change_form_data
from articles.tests.factories import ArticleFactory, CategoryFactory
from articles.tests.photo_helpers import image_bytes, image_upload, make_photo
from articles.tests.workflow_helpers import make_user

pytestmark = pytest.mark.django_db

PICKER = "admin:articles_photo_picker"
UPLOAD = "admin:articles_photo_upload"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def logged_in(client, role):
    user = make_user(role)
    client.force_login(user)
    return user


def upload_data(**fields):
    data = {
        "image": image_upload(),
        "alt_text": "Cán bộ chiến sĩ tại lễ ra quân",
        "caption": "Lễ ra quân sáng 14/3",
        "credit": "Minh Khoa",
    }
    data.update(fields)
    return data


# --- the library -------------------------------------------------------------------------


def test_reporter_uploads_through_the_picker_and_is_recorded(client):
    reporter = logged_in(client, "reporter")
    response = client.post(reverse(UPLOAD), upload_data())
    assert response.status_code == 201
    photo = Photo.objects.get()
    assert photo.uploaded_by == reporter
    assert [i["width"] for i in photo.renditions] == [320, 640, 1024, 1600]
    answer = response.json()["photo"]
    assert answer["id"] == photo.pk and answer["figure"] == photo.figure_html()


@pytest.mark.parametrize(
    ("content", "name"),
    [(b"khong phai anh", "gia.jpg"), (image_bytes()[:300], "cut.jpg"), (b"%PDF-1.4", "a.pdf")],
    ids=["text", "truncated", "pdf"],
)
def test_upload_of_a_non_image_is_a_400_in_vietnamese_and_stores_nothing(client, content, name):
    logged_in(client, "reporter")
    bad = SimpleUploadedFile(name, content, content_type="image/jpeg")
    response = client.post(reverse(UPLOAD), upload_data(image=bad))
    assert response.status_code == 400
    (message,) = response.json()["errors"]["image"]
    assert "hình ảnh hợp lệ" in message or "không phải là ảnh hợp lệ" in message
    assert not Photo.objects.exists()


def test_upload_without_alt_text_is_refused(client):
    logged_in(client, "reporter")
    response = client.post(reverse(UPLOAD), upload_data(alt_text=""))
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["alt_text"]
    assert not Photo.objects.exists()


def test_upload_is_post_only_and_needs_the_permission(client):
    logged_in(client, "nogroup")
    assert client.post(reverse(UPLOAD), upload_data()).status_code == 403
    assert client.get(reverse(PICKER)).status_code == 403
    logged_in(client, "reporter")
    assert client.get(reverse(UPLOAD)).status_code == 405
    assert not Photo.objects.exists()


def test_picker_search_ignores_diacritics(client):
    logged_in(client, "reporter")
    wanted = make_photo(alt_text="Lễ ra quân tổng kiểm soát phương tiện")
    make_photo(alt_text="Hội nghị trực tuyến", caption="", credit="")
    found = client.get(reverse(PICKER), {"q": "le ra quan"}).json()["results"]
    assert [r["id"] for r in found] == [wanted.pk]
    assert found[0]["thumb"].endswith("/320.jpg")
    assert len(client.get(reverse(PICKER)).json()["results"]) == 2


def test_admin_library_search_without_diacritics(admin_client):
    make_photo(alt_text="Đại tá Huỳnh Việt Hòa phát biểu")
    make_photo(alt_text="Toàn cảnh hội nghị", caption="", credit="")
    response = admin_client.get(reverse("admin:articles_photo_changelist"), {"q": "dai ta hoa"})
    assert response.status_code == 200
    assert [p.alt_text for p in response.context["cl"].result_list] == [
        "Đại tá Huỳnh Việt Hòa phát biểu"
    ]


def test_reporter_may_use_but_not_edit_or_delete_photos(client):
    logged_in(client, "reporter")
    photo = make_photo()
    change = reverse("admin:articles_photo_change", args=[photo.pk])
    response = client.post(change, {"alt_text": "Đã sửa"})
    assert response.status_code == 403
    delete = reverse("admin:articles_photo_delete", args=[photo.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Photo.objects.get(pk=photo.pk).alt_text == photo.alt_text


def test_editor_edits_a_photos_text(client):
    logged_in(client, "editor")
    photo = make_photo()
    change = reverse("admin:articles_photo_change", args=[photo.pk])
    response = client.post(
        change, {"alt_text": "Mô tả mới", "caption": "Chú thích mới", "credit": "Hồng Thái"}
    )
    assert response.status_code == 302
    photo.refresh_from_db()
    assert (photo.alt_text, photo.search_key) == (
        "Mô tả mới",
        "mo ta moi chu thich moi hong thai",
    )


# --- the article form --------------------------------------------------------------------


def edit_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def test_article_form_has_the_picker_cover_and_writing_aids(admin_client):
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    html = admin_client.get(edit_url(article)).content.decode()
    for piece in (
        'class="photo-picker"',
        'name="cover"',
        'name="social_image"',
        'name="meta_description"',
        'name="update_slug"',
        "articles/admin/photos.js",
        "articles/admin/writing.js",
        "Hỗ trợ viết",
        "Ảnh và chia sẻ",
    ):
        assert piece in html, piece


def test_reporter_sets_a_cover_from_the_library(client):
    reporter = logged_in(client, "reporter")
    category = CategoryFactory()
    article = ArticleFactory(
        status=Article.Status.DRAFT, published_at=None, created_by=reporter, category=category
    )
    photo = make_photo()
    data = change_form_data(client.get(edit_url(article)))
    data["cover"] = str(photo.pk)
    data["body"] = f"<p>Mở đầu.</p>{photo.figure_html()}"
    response = client.post(edit_url(article), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    article.refresh_from_db()
    assert (article.cover, article.card_photo) == (photo, photo)
    assert f'srcset="{photo.srcset}"' in article.body


def test_cover_autocomplete_finds_photos_without_diacritics(client):
    logged_in(client, "reporter")
    photo = make_photo(alt_text="Lễ ra quân")
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "term": "le ra",
            "app_label": "articles",
            "model_name": "article",
            "field_name": "cover",
        },
    )
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [str(photo.pk)]


def test_new_title_updates_the_address_of_a_draft_when_asked(admin_client):
    article = ArticleFactory(title="Tiêu đề cũ", status=Article.Status.DRAFT, published_at=None)
    old_slug = article.slug
    data = change_form_data(admin_client.get(edit_url(article)))
    data["title"] = "Công an huyện Châu Thành ra quân"
    assert admin_client.post(edit_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.slug == old_slug  # not asked: unchanged

    data = change_form_data(admin_client.get(edit_url(article)))
    data["update_slug"] = "on"
    assert admin_client.post(edit_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.slug == "cong-an-huyen-chau-thanh-ra-quan"
    assert not article.old_slugs.exists()  # nobody saw the old one


def test_published_article_keeps_its_address_even_if_asked(admin_client):
    article = ArticleFactory(title="Tiêu đề đã đăng")
    old_slug = article.slug
    response = admin_client.get(edit_url(article))
    assert 'name="update_slug"' not in response.content.decode()
    data = change_form_data(response)
    data["title"] = "Tiêu đề mới hẳn"
    data["update_slug"] = "on"  # a crafted post
    assert admin_client.post(edit_url(article), data).status_code == 302
    article.refresh_from_db()
    assert (article.title, article.slug) == ("Tiêu đề mới hẳn", old_slug)


def test_meta_description_is_saved_from_the_form(admin_client):
    article = ArticleFactory()
    data = change_form_data(admin_client.get(edit_url(article)))
    data["meta_description"] = "Mô tả ngắn cho máy tìm kiếm."
    assert admin_client.post(edit_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.meta_description == "Mô tả ngắn cho máy tìm kiếm."


# --- writing aids ------------------------------------------------------------------------


def test_word_count_and_reading_time():
    body = "<p>" + " ".join(["chữ"] * 401) + "</p><p>hai&nbsp;ba</p>"
    assert html_words("<p>một</p><p>hai</p>") == 2
    stats = writing_stats(body=body, lead="Sapo ngắn.")
    assert (stats.words, stats.minutes) == (403, 3)
    assert stats.summary == "403 chữ · khoảng 3 phút đọc"
    assert stats.sapo_hint == ""
    assert writing_stats(body="", lead="").summary == "Chưa có nội dung."


def test_long_sapo_gets_a_hint():
    lead = " ".join(["từ"] * (SAPO_MAX_WORDS + 5))
    hint = writing_stats(body="", lead=lead).sapo_hint
    assert hint.startswith(f"Sapo dài {SAPO_MAX_WORDS + 5} chữ")


def test_form_shows_the_stats_of_the_stored_article(admin_client):
    article = ArticleFactory(body="<p>" + " ".join(["chữ"] * 250) + "</p>")
    html = admin_client.get(edit_url(article)).content.decode()
    assert "250 chữ · khoảng 2 phút đọc" in html


def test_photo_page_lists_the_articles_it_is_the_cover_of(admin_client):
    photo = make_photo()
    article = ArticleFactory(title="Bài có ảnh đại diện", cover=photo)
    ArticleFactory(title="Bài không dùng ảnh")
    html = admin_client.get(reverse("admin:articles_photo_change", args=[photo.pk])).content
    html = html.decode()
    assert f'href="{edit_url(article)}">Bài có ảnh đại diện</a>' in html
    assert "Bài không dùng ảnh" not in html


def test_library_add_form_uploads_and_records_who(client):
    editor = logged_in(client, "editor")
    response = client.post(reverse("admin:articles_photo_add"), upload_data())
    assert response.status_code == 302
    photo = Photo.objects.get()
    assert photo.uploaded_by == editor and len(photo.renditions) == 4


def test_library_add_form_refuses_a_non_image_in_vietnamese(client):
    logged_in(client, "editor")
    bad = SimpleUploadedFile("a.jpg", b"GIF89a nope", content_type="image/gif")
    response = client.post(reverse("admin:articles_photo_add"), upload_data(image=bad))
    assert response.status_code == 200
    (message,) = response.context["adminform"].form.errors["image"]
    assert "hình ảnh hợp lệ" in message or "không phải là ảnh hợp lệ" in message
    assert not Photo.objects.exists()


def test_picker_survives_odd_parameters(client):
    logged_in(client, "reporter")
    make_photo()
    for params in ({"trang": "abc"}, {"trang": "999"}, {"q": "x" * 5000}, {"q": "%_\\'"}):
        assert client.get(reverse(PICKER), params).status_code == 200
