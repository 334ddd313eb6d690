"""Revisions: every save keeps one (who, when, what); any two compare; an old one restores."""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.auth.models import Permission, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.ingestion.service import import_page
from articles.models import Article, Caption
from articles.services.revisions import diff_html, diff_words
from articles.tests.admin_forms import change_form_data
from articles.tests.factories import ArticleFactory, CategoryFactory
from articles.tests.ingestion.test_import_command import PAGE

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def history_url(article):
    return reverse("admin:articles_article_history", args=[article.pk])


def compare_url(article):
    return reverse("admin:articles_article_revision_compare", args=[article.pk])


def restore_url(article, record):
    return reverse("admin:articles_article_revision_restore", args=[article.pk, record.pk])


def edit(article, **values):
    for name, value in values.items():
        setattr(article, name, value)
    article.save()
    return article


@pytest.fixture
def editor(admin_user):
    return admin_user


def test_every_admin_save_keeps_a_revision_with_user_and_changed_fields(admin_client, editor):
    # Whole seconds: the admin's date and time inputs do not carry microseconds.
    published_at = timezone.now().replace(microsecond=0) - datetime.timedelta(hours=1)
    article = ArticleFactory(
        title="Tiêu đề ban đầu", lead="Sapo ban đầu.", published_at=published_at
    )
    assert article.history.count() == 1
    page = admin_client.get(change_url(article))
    data = change_form_data(page)
    data["title"] = "Tiêu đề đã sửa"
    data["lead"] = "Sapo đã sửa."
    response = admin_client.post(change_url(article), data)
    assert response.status_code == 302, response.context["adminform"].form.errors

    latest, previous = article.history.all()[:2]
    assert article.history.count() == 2
    assert latest.history_user == editor
    assert latest.history_type == "~"
    assert latest.title == "Tiêu đề đã sửa"
    assert set(latest.diff_against(previous).changed_fields) == {"title", "lead"}


def test_import_writes_a_revision_with_its_file_and_an_unchanged_reimport_none():
    outcome = import_page(data=PAGE.encode(), file_name="chau-thanh.txt")
    article = Article.objects.get(pk=outcome.article_id)
    record = article.history.get()
    assert record.history_change_reason == "Nhập từ tệp chau-thanh.txt"
    assert record.history_user is None

    import_page(data=PAGE.encode(), file_name="chau-thanh.txt", update=True)
    assert article.history.count() == 1


def test_history_page_lists_revisions_in_vietnamese(admin_client):
    article = ArticleFactory(title="Bản một")
    edit(article, title="Bản hai")
    response = admin_client.get(history_url(article))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('name="a"') == 2
    assert "So sánh hai phiên bản đã chọn" in html
    assert "Tiêu đề" in html  # the changed field of the second revision


def test_compare_any_two_revisions_field_by_field(admin_client):
    article = ArticleFactory(
        title="Công an tỉnh họp",
        body="<p>Đoạn một không đổi.</p>\n<p>Đoạn hai có chữ cũ ở giữa.</p>",
    )
    edit(article, lead="Một sapo mới.")
    edit(article, body="<p>Đoạn một không đổi.</p>\n<p>Đoạn hai có chữ mới ở giữa.</p>")
    first, _, third = reversed(article.history.all())

    response = admin_client.get(compare_url(article), {"a": third.pk, "b": first.pk})
    html = response.content.decode()
    assert response.status_code == 200
    rows = re.findall(r'<th scope="row">([^<]+)</th>', html)
    assert rows == ["Sapo", "Nội dung"]
    assert "<del>cũ</del><ins>mới</ins>" in html
    assert "1 đoạn không đổi" in html


def test_compare_escapes_what_was_typed(admin_client):
    article = ArticleFactory(title="Tin thường")
    edit(article, title='Tin <img src=x onerror="alert(1)">')
    new, old = article.history.all()[:2]
    html = admin_client.get(compare_url(article), {"a": old.pk, "b": new.pk}).content.decode()
    assert "<img src=x" not in html
    assert "&lt;img" in html


@pytest.mark.parametrize(
    "params",
    [{}, {"a": "abc", "b": "1"}, {"a": "1"}, {"a": "999999", "b": "999998"}, "same", "other"],
    ids=["none", "not-a-number", "one", "unknown", "same", "other-article"],
)
def test_compare_with_bad_input_goes_back_with_a_message(admin_client, params):
    article = ArticleFactory()
    edit(article, title="Sửa lần một")
    if params == "same":
        record = article.history.first()
        params = {"a": record.pk, "b": record.pk}
    elif params == "other":
        other = ArticleFactory()
        params = {"a": other.history.first().pk, "b": article.history.first().pk}
    response = admin_client.get(compare_url(article), params, follow=True)
    assert response.redirect_chain == [(history_url(article), 302)]
    assert "Hãy chọn hai phiên bản khác nhau" in response.content.decode()


def test_restore_writes_a_new_revision_and_loses_nothing_else(admin_client, editor):
    category = CategoryFactory(name="An ninh trật tự")
    article = ArticleFactory(
        title="Tiêu đề gốc", lead="Sapo gốc.", body="<p>Nội dung gốc.</p>", category=category
    )
    original = article.history.get()
    article.tags.add("giao thông")
    Caption.objects.create(article=article, text="Ảnh lễ ra quân", credit="CTV")
    edit(
        article,
        title="Tiêu đề mới",
        lead="Sapo mới.",
        body="<p>Nội dung mới.</p>",
        category=CategoryFactory(name="Tin tổng hợp"),
        is_featured=True,
    )
    Article.objects.filter(pk=article.pk).update(view_count=321)
    published_at = article.published_at

    page = admin_client.get(restore_url(article, original))
    assert page.status_code == 200
    assert "Khôi phục phiên bản này" in page.content.decode()
    response = admin_client.post(restore_url(article, original))
    assert response.status_code == 302
    assert response["Location"] == change_url(article)

    article.refresh_from_db()
    assert (article.title, article.lead, article.body) == (
        "Tiêu đề gốc",
        "Sapo gốc.",
        "<p>Nội dung gốc.</p>",
    )
    assert article.category == category
    # Not content: left as they are now.
    assert article.status == Article.Status.PUBLISHED
    assert article.published_at == published_at
    assert article.is_featured is True
    assert article.view_count == 321
    assert list(article.tags.names()) == ["giao thông"]
    assert list(article.captions.values_list("text", flat=True)) == ["Ảnh lễ ra quân"]
    # A new revision, by the editor; the old ones are all still there.
    assert article.history.count() == 3
    latest = article.history.first()
    assert latest.history_user == editor
    assert latest.history_change_reason == f"Khôi phục phiên bản #{original.pk}"


def test_restore_keeps_current_slug_when_the_old_one_was_taken(admin_client):
    article = ArticleFactory(slug="le-ra-quan")
    first = article.history.get()
    edit(article, slug="le-ra-quan-2024")
    ArticleFactory(slug="le-ra-quan")
    assert admin_client.post(restore_url(article, first)).status_code == 302
    article.refresh_from_db()
    assert article.slug == "le-ra-quan-2024"


def test_restore_needs_change_permission(client):
    article = ArticleFactory(title="Tiêu đề gốc")
    first = article.history.get()
    edit(article, title="Tiêu đề mới")
    viewer = User.objects.create_user("xem", password="x", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_article"))
    # Without the editors' "any article" right, a user sees only articles they created.
    Article.objects.filter(pk=article.pk).update(created_by=viewer)
    client.force_login(viewer)
    assert client.get(compare_url(article), {"a": first.pk, "b": 9_999}).status_code == 302
    assert client.post(restore_url(article, first)).status_code == 403
    article.refresh_from_db()
    assert article.title == "Tiêu đề mới"


def test_restore_of_another_articles_revision_is_404(admin_client):
    article, other = ArticleFactory(), ArticleFactory()
    record = other.history.get()
    assert admin_client.post(restore_url(article, record)).status_code == 404


def test_simple_history_revision_page_redirects_to_the_comparison(admin_client):
    article = ArticleFactory()
    edit(article, title="Sửa")
    new, old = article.history.all()[:2]
    url = reverse("admin:articles_article_simple_history", args=[article.pk, old.pk])
    response = admin_client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{compare_url(article)}?a={old.pk}&b={new.pk}"


def test_diff_words_marks_changes_and_escapes():
    html = diff_words("Đại tá <b>Nguyễn</b> Văn A", "Đại tá <b>Nguyễn</b> Văn B")
    assert "<del>A</del><ins>B</ins>" in html
    assert "<b>" not in html


def test_diff_html_folds_unchanged_blocks_and_pairs_changed_ones():
    old = "<p>Một.</p><p>Hai.</p><p>Ba.</p>"
    new = "<p>Một.</p><p>Hai sửa.</p><p>Ba.</p><h2>Bốn</h2>"
    html = str(diff_html(old, new))
    assert html.count("1 đoạn không đổi") == 2
    assert '<div class="diff-changed">' in html and "Hai<ins> sửa</ins>." in html
    assert '<div class="diff-added"><ins>' in html and "Bốn" in html


def _changelist_queries(admin_client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(reverse("admin:articles_article_changelist"))
    assert response.status_code == 200
    return len(queries)


def test_changelist_query_count_does_not_grow_with_articles_or_revisions(admin_client):
    for article in ArticleFactory.create_batch(3):
        edit(article, lead="Sửa sapo.")
    few = _changelist_queries(admin_client)
    for article in ArticleFactory.create_batch(27):
        edit(article, lead="Sửa sapo.")
        edit(article, lead="Sửa sapo lần hai.")
    assert _changelist_queries(admin_client) == few


def test_body_diff_is_readable_text_without_tags():
    old = "<p>Công an tỉnh <strong>triển khai</strong> nhiệm vụ.</p><h2>Kết quả</h2>"
    new = (
        "<p>Công an tỉnh <strong>triển khai</strong> nhiệm vụ năm 2022.</p>"
        "<h2>Kết quả</h2><ul><li>Bắt 3 đối tượng &amp; thu tang vật</li></ul>"
    )
    html = str(diff_html(old, new))
    assert "&lt;" not in html and "html-tag" not in html
    assert "Công an tỉnh triển khai nhiệm vụ" in html
    assert "<ins> năm 2022</ins>" in html
    assert "Bắt 3 đối tượng &amp; thu tang vật" in html  # the text, escaped once


def test_body_diff_says_when_only_the_formatting_changed():
    html = str(
        diff_html("<p>Đại tá Huỳnh Việt Hòa</p>", "<p>Đại tá <strong>Huỳnh Việt Hòa</strong></p>")
    )
    assert "Đại tá Huỳnh Việt Hòa" in html and "đổi định dạng" in html
    assert "&lt;strong" not in html
