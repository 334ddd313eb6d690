"""Sanitising bodies: nothing pasted reaches readers, the editor's formatting stays."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from django.urls import reverse
from django_prose_editor.config import allowlist_from_extensions, expand_extensions
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.ingestion.service import body_html, import_page
from articles.models import Article
from articles.sanitise import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    BODY_EDITOR_EXTENSIONS,
    sanitise_html,
)
from articles.tests.admin_forms import change_form_data
from articles.tests.factories import ArticleFactory

SEEDS = Path(__file__).resolve().parents[3] / "fixtures" / "sources"

PASTED = (
    "<p>Trước</p><script>alert('xss')</script>"
    '<p><img src=x onerror=alert(1)>Ảnh</p><a href="javascript:alert(2)">bấm</a>'
    '<p onclick="alert(3)">Sau</p><iframe src="https://example.com"></iframe>'
    "<style>p{color:red}</style><!-- bình luận -->"
)
DANGEROUS = ["<script", "alert(", "onerror", "onclick", "javascript:", "<iframe", "<style"]

WORD_PASTE = (
    '<p class="MsoNormal" style="margin:0cm;font-family:&quot;Times New Roman&quot;">'
    '<span style="font-size:14pt" lang="VI">Công an tỉnh <b>Hậu Giang</b></span>'
    "<o:p></o:p></p>"
)

EDITOR_HTML = (
    "<h2>Tiêu đề phụ</h2><p>Chữ <strong>đậm</strong>, <em>nghiêng</em> và "
    '<a href="https://congan.haugiang.gov.vn/tin">liên kết</a>.</p>'
    '<ul><li><p>Ý một</p></li></ul><ol start="3"><li><p>Ý ba</p></li></ol>'
    "<blockquote><p>Trích dẫn lời Đại tá.</p></blockquote>"
    '<figure><img src="/media/anh/le-ra-quan.jpg" alt="Lễ ra quân">'
    "<figcaption>Lễ ra quân sáng 14/3.</figcaption></figure>"
)


def test_scripts_handlers_and_bad_links_are_removed():
    cleaned = sanitise_html(PASTED)
    for needle in DANGEROUS:
        assert needle not in cleaned
    assert cleaned.startswith("<p>Trước</p>")
    assert "<p>Sau</p>" in cleaned
    assert '<a rel="noopener noreferrer">bấm</a>' in cleaned


def test_word_styles_classes_and_office_tags_are_removed_text_kept():
    cleaned = sanitise_html(WORD_PASTE)
    assert cleaned == "<p>Công an tỉnh Hậu Giang</p>"


def test_editor_formatting_is_kept_unchanged():
    cleaned = sanitise_html(EDITOR_HTML)
    assert cleaned == EDITOR_HTML.replace(
        '<a href="https://congan.haugiang.gov.vn/tin">',
        '<a href="https://congan.haugiang.gov.vn/tin" rel="noopener noreferrer">',
    )


def test_empty_editor_document_is_an_empty_body():
    assert sanitise_html("<p></p>") == ""
    assert sanitise_html(None) == ""


def test_text_is_stored_in_nfc():
    nfd = unicodedata.normalize("NFD", "<p>Huỳnh Việt Hòa</p>")
    assert sanitise_html(nfd) == "<p>Huỳnh Việt Hòa</p>"


def test_everything_the_editor_produces_is_allowed():
    """The editor's own allow-list (from its extensions) fits inside ours, minus class/style."""
    editor = allowlist_from_extensions(expand_extensions(BODY_EDITOR_EXTENSIONS))
    assert editor["tags"] - {"h1", "h5", "h6"} <= ALLOWED_TAGS
    for tag, attributes in editor["attributes"].items():
        wanted = set(attributes) - {"class", "style", "data-file", "rel", "target", "type"}
        wanted -= {"data-type"}
        assert wanted <= ALLOWED_ATTRIBUTES.get(tag, set()), tag


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>/=\"' abcpimgsrconerrorscript:áđ&;")), max_size=80))
def test_sanitising_is_idempotent_and_never_lets_handlers_through(text):
    once = sanitise_html(text)
    assert sanitise_html(once) == once
    assert "onerror=" not in once
    assert "<script" not in once


@pytest.mark.django_db
def test_model_save_sanitises_whatever_wrote_the_body():
    article = ArticleFactory(body=PASTED)
    article.refresh_from_db()
    for needle in DANGEROUS:
        assert needle not in article.body


@pytest.mark.django_db
def test_pasted_script_and_onerror_never_reach_the_public_page(admin_client):
    article = ArticleFactory(body="<p>Cũ</p>")
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = change_form_data(admin_client.get(url))
    data["body"] = "<p>Bài mới</p>" + PASTED + WORD_PASTE
    response = admin_client.post(url, data)
    assert response.status_code == 302

    page = admin_client.get(article.get_absolute_url())
    html = page.content.decode()
    body = html[html.index('<div class="article-body">') :]
    body = body[: body.index("</div>")]
    for needle in DANGEROUS:
        assert needle not in body
    assert "MsoNormal" not in body and "font-size" not in body
    assert "<p>Bài mới</p>" in body and "<p>Công an tỉnh Hậu Giang</p>" in body


@pytest.mark.django_db
def test_public_page_cleans_rows_written_without_save(client):
    """A fixture or a raw update skips save(); the page still renders clean HTML."""
    article = ArticleFactory()
    Article.objects.filter(pk=article.pk).update(body=PASTED)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<p>Trước</p>" in html
    for needle in ["<script>alert", "onerror=alert", "javascript:alert"]:
        assert needle not in html


@pytest.mark.django_db
def test_print_view_cleans_rows_written_without_save(client):
    """The print view renders the body through the same filter as the article page."""
    article = ArticleFactory()
    Article.objects.filter(pk=article.pk).update(body=PASTED)
    response = client.get(reverse("articles:print", args=[article.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<p>Trước</p>" in html
    for needle in ["<script>alert", "onerror=alert", "javascript:alert", "<iframe"]:
        assert needle not in html


def test_imported_paragraphs_keep_their_meaning():
    paragraphs = ['Ông nói: "Bảo đảm an toàn" & <không> lơ là.', "Đoạn hai."]
    html = body_html(paragraphs)
    assert html == (
        '<p>Ông nói: "Bảo đảm an toàn" &amp; &lt;không&gt; lơ là.</p>\n<p>Đoạn hai.</p>'
    )
    assert sanitise_html(html) == html


@pytest.mark.django_db
@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name)
def test_seed_bodies_are_stored_as_imported_and_reimport_sees_no_editor_change(path):
    outcome = import_page(data=path.read_bytes(), file_name=path.name)
    article = Article.objects.get(pk=outcome.article_id)
    assert article.body == article.import_snapshot["body"]
    assert article.body.count("<p>") == len(article.provenance.get().parsed["paragraphs"])
    again = import_page(data=path.read_bytes(), file_name=path.name, update=True)
    assert again.kept_fields == []


@pytest.mark.django_db
def test_body_editor_dialogs_are_in_vietnamese(admin_client):
    article = ArticleFactory()
    page = admin_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    html = page.content.decode()
    catalog_url = reverse("admin:articles_article_editor_jsi18n")
    assert f'src="{catalog_url}"' in html
    assert "django_prose_editor/editor.js" in html
    catalog = admin_client.get(catalog_url).content.decode()
    assert '"Image URL": "\\u0110\\u1ecba ch\\u1ec9 \\u1ea3nh"' in catalog  # Địa chỉ ảnh
