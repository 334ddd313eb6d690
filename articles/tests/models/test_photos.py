"""The media library: sizes made on upload, diacritic-free search, body photos and covers."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from articles.models import Caption, Photo
from articles.models.photos import link_library_photos
from articles.sanitise import sanitise_html
from articles.tests.factories import ArticleFactory
from articles.tests.photo_helpers import image_upload, make_photo

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_upload_makes_each_width_narrower_than_the_original(settings):
    photo = make_photo((2000, 1000))
    widths = [item["width"] for item in photo.renditions]
    assert widths == list(settings.PHOTO_WIDTHS)
    for item in photo.renditions:
        with default_storage.open(item["name"]) as stored, Image.open(stored) as image:
            assert image.size == (item["width"], item["height"])
            assert image.format == "JPEG"
        assert item["bytes"] == default_storage.size(item["name"])
    assert (photo.width, photo.height) == (1600, 800)
    assert Photo.objects.get(pk=photo.pk).renditions == photo.renditions


def test_a_small_photo_is_never_enlarged():
    photo = make_photo((500, 300))
    assert [(i["width"], i["height"]) for i in photo.renditions] == [(320, 192), (500, 300)]


def test_search_without_diacritics_finds_alt_caption_and_credit():
    wanted = make_photo(alt_text="Lễ ra quân", caption="Đại tá Huỳnh Việt Hòa phát biểu")
    make_photo(alt_text="Hội nghị trực tuyến", caption="Toàn cảnh hội nghị", credit="Hồng Thái")
    assert list(Photo.objects.matching("le ra quan")) == [wanted]
    assert list(Photo.objects.matching("DAI TA hoa")) == [wanted]
    assert list(Photo.objects.matching("Hoà")) == [wanted]  # old tone placement
    assert Photo.objects.matching("hong thai").count() == 1


def test_text_is_stored_nfc():
    decomposed = "Le\u0302\u0303 ra qua\u0302n"
    photo = make_photo(alt_text=decomposed)
    assert Photo.objects.get(pk=photo.pk).alt_text == "Lễ ra quân"


def test_figure_snippet_has_srcset_sizes_and_caption():
    photo = make_photo()
    html = photo.figure_html()
    assert html.startswith("<figure><img ")
    assert f'srcset="{photo.srcset}"' in html and 'sizes="' in html
    assert 'width="1024" height="512"' in html and 'loading="lazy"' in html
    assert "<figcaption>Lễ ra quân cao điểm tấn công trấn áp tội phạm (Ảnh: Minh Khoa)" in html
    assert sanitise_html(html) == html  # the sanitiser keeps it as it is


def test_the_editor_dropping_srcset_is_repaired_on_save():
    photo = make_photo()
    plain = f'<figure><img src="{photo.card["src"]}" alt="Ảnh"><figcaption>x</figcaption></figure>'
    article = ArticleFactory(body=plain)
    assert f'srcset="{photo.srcset}"' in article.body
    assert 'alt="Ảnh"' in article.body  # the editor's alt text stays
    assert article.card_photo == photo


def test_cover_is_the_editors_choice_else_the_first_body_photo():
    first, second, cover = make_photo(), make_photo(), make_photo()
    body = first.figure_html() + second.figure_html()
    article = ArticleFactory(body=body)
    assert article.card_photo == first
    article.cover = cover
    article.save()
    assert article.card_photo == cover
    article.cover = None
    article.body = second.figure_html()
    article.save(update_fields=["body", "cover"])
    assert type(article).objects.get(pk=article.pk).card_photo == second


def test_body_without_library_photos_costs_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert link_library_photos('<p><img src="/media/anh/x.jpg" alt="x"></p>')[1] is None


@pytest.mark.parametrize(
    "srcset",
    [
        "javascript:alert(1) 1x",
        "data:image/png;base64,AAAA 1x",
        "/media/a.jpg 320w, //evil.example/b.jpg 640w",
        "/media/a.jpg onerror",
    ],
)
def test_sanitiser_drops_unsafe_srcset(srcset):
    cleaned = sanitise_html(f'<img src="/media/a.jpg" srcset="{srcset}" alt="a">')
    assert "srcset" not in cleaned


def test_sanitiser_keeps_only_known_loading_and_numeric_sizes():
    cleaned = sanitise_html('<img src="/a.jpg" loading="auto" width="100%" height="20" alt="">')
    assert cleaned == '<img src="/a.jpg" height="20" alt="">'


def test_a_photo_uploaded_on_a_caption_joins_the_library_and_becomes_the_card_photo():
    article = ArticleFactory(body="<p>Không có ảnh trong nội dung.</p>")
    assert article.card_photo is None
    caption = Caption.objects.create(
        article=article, text="Lễ ra quân", credit="Minh Khoa", image=image_upload()
    )
    article.refresh_from_db()
    assert caption.photo is not None and article.card_photo == caption.photo
    assert caption.photo.image.name == caption.image.name  # the original is not copied
    assert (caption.photo.alt_text, caption.photo.credit) == ("Lễ ra quân", "Minh Khoa")
    article.save()  # saving again keeps the caption's photo as the card photo
    assert type(article).objects.get(pk=article.pk).card_photo == caption.photo
    cover = make_photo()
    article.cover = cover
    article.save()
    assert article.card_photo == cover
