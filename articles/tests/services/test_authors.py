"""Authors as records: bylines resolved on import, edited in the admin, an author page."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from articles.ingestion.service import import_page
from articles.models import Article, ArticleAuthor, Author
from articles.services.authors import authors_for_byline, split_byline
from articles.tests.admin_forms import change_form_data
from articles.tests.factories import ArticleFactory
from articles.tests.ingestion.test_import_command import PAGE

SEEDS = Path(__file__).resolve().parents[3] / "fixtures" / "sources"


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("Ngô Văn Thật", ["Ngô Văn Thật"]),
        ("Minh Anh - Văn Bình", ["Minh Anh", "Văn Bình"]),
        ("Thu Hà, Văn Bình và Minh Khôi", ["Thu Hà", "Văn Bình", "Minh Khôi"]),
        ("Bài, ảnh: Diễm Hương", ["Diễm Hương"]),
        ("PV", []),
        ("Nhóm PV", []),
        ("Hồng Thái – Hồng Thái", ["Hồng Thái"]),
        ("", []),
    ],
)
def test_split_byline(byline, names):
    assert split_byline(byline) == names


@pytest.mark.django_db
def test_same_name_and_unit_is_one_record_whatever_the_spelling_of_case_or_tone_marks():
    first = authors_for_byline("Ngô Văn Thật", "Phòng Tham mưu")
    again = authors_for_byline("NGÔ VĂN THẬT", "Phòng tham mưu")
    assert first == again
    assert authors_for_byline("Thuỷ Tiên", "TTXVN") == authors_for_byline("Thủy Tiên", "TTXVN")
    assert Author.objects.count() == 2


@pytest.mark.django_db
def test_another_unit_or_another_diacritic_is_another_author():
    thai = authors_for_byline("Hồng Thái", "TTXVN")[0]
    assert authors_for_byline("Hồng Thái", "Báo Hậu Giang")[0] != thai
    assert authors_for_byline("Hồng Thải", "TTXVN")[0] != thai


@pytest.mark.django_db
def test_seed_pages_resolve_their_bylines_to_authors():
    for path in sorted(SEEDS.glob("*.txt")):
        import_page(data=path.read_bytes(), file_name=path.name)
    by_name = {a.name: a.unit_or_agency for a in Author.objects.all()}
    assert by_name["Ngô Văn Thật"] == "Phòng Tham mưu"
    assert by_name["Hồng Thái"] == "TTXVN"
    assert by_name["Diễm Hương"] == ""
    thai = Author.objects.get(name="Hồng Thái")
    assert thai.slug == "hong-thai"
    assert [a.byline for a in thai.articles.all()] == ["Hồng Thái"]


@pytest.mark.django_db
def test_reimport_does_not_duplicate_authors():
    page = PAGE.replace("Minh Khoa\n", "Minh Khoa - Văn Bình\n")
    outcome = import_page(data=page.encode(), file_name="a.txt")
    article = Article.objects.get(pk=outcome.article_id)
    names = [link.author.name for link in article.article_authors.select_related("author")]
    assert names == ["Minh Khoa", "Văn Bình"]
    import_page(data=page.encode(), file_name="a.txt", update=True)
    import_page(data=page.encode(), file_name="b.txt", update=True)
    assert Author.objects.count() == 2
    assert ArticleAuthor.objects.count() == 2


@pytest.mark.django_db
def test_reimport_keeps_the_authors_an_editor_chose():
    outcome = import_page(data=PAGE.encode(), file_name="a.txt")
    article = Article.objects.get(pk=outcome.article_id)
    editor_pick = Author.objects.create(name="Quốc Việt", unit_or_agency="Phòng Tham mưu")
    ArticleAuthor.objects.filter(article=article).delete()
    ArticleAuthor.objects.create(article=article, author=editor_pick)

    again = import_page(data=PAGE.encode(), file_name="a.txt", update=True)
    assert "authors" in again.kept_fields
    assert list(article.authors.all()) == [editor_pick]


@pytest.mark.django_db
def test_import_update_sets_authors_when_the_editor_did_not_touch_them():
    outcome = import_page(data=PAGE.encode(), file_name="a.txt")
    article = Article.objects.get(pk=outcome.article_id)
    assert [a.name for a in article.authors.all()] == ["Minh Khoa"]
    ArticleAuthor.objects.filter(article=article).delete()
    snapshot = article.import_snapshot | {"authors": []}
    Article.objects.filter(pk=article.pk).update(import_snapshot=snapshot)
    again = import_page(data=PAGE.encode(), file_name="a.txt", update=True)
    assert "authors" in again.reason
    assert [a.name for a in article.authors.all()] == ["Minh Khoa"]


@pytest.mark.django_db
def test_authors_are_edited_in_the_article_form_in_order(admin_client):
    article = ArticleFactory()
    first = Author.objects.create(name="Ngô Văn Thật", unit_or_agency="Phòng Tham mưu")
    second = Author.objects.create(name="Hồng Thái", unit_or_agency="TTXVN")
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = change_form_data(admin_client.get(url))
    data.update(
        {
            "article_authors-TOTAL_FORMS": "2",
            "article_authors-0-position": "1",
            "article_authors-0-author": str(first.pk),
            "article_authors-1-position": "0",
            "article_authors-1-author": str(second.pk),
        }
    )
    assert admin_client.post(url, data).status_code == 302
    links = ArticleAuthor.objects.filter(article=article).order_by("position")
    assert [link.author for link in links] == [second, first]


@pytest.mark.django_db
def test_author_autocomplete_and_admin_search_ignore_diacritics(admin_client):
    Author.objects.create(name="Ngô Văn Thật", unit_or_agency="Phòng Tham mưu")
    Author.objects.create(name="Hồng Thái", unit_or_agency="TTXVN")
    changelist = admin_client.get(reverse("admin:articles_author_changelist"), {"q": "ngo van"})
    assert "Ngô Văn Thật" in changelist.content.decode()
    assert "Hồng Thái" not in changelist.content.decode()
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "hong thai",
            "app_label": "articles",
            "model_name": "articleauthor",
            "field_name": "author",
        },
    )
    assert [r["text"] for r in response.json()["results"]] == ["Hồng Thái (TTXVN)"]


@pytest.mark.django_db
def test_article_admin_filters_by_author(admin_client):
    author = Author.objects.create(name="Diễm Hương")
    mine = ArticleFactory(title="Bài của Diễm Hương")
    ArticleFactory(title="Bài của người khác")
    ArticleAuthor.objects.create(article=mine, author=author)
    url = reverse("admin:articles_article_changelist")
    html = admin_client.get(url, {"authors__id__exact": author.pk}).content.decode()
    assert "Bài của Diễm Hương" in html
    assert "Bài của người khác" not in html


@pytest.mark.django_db
def test_article_page_byline_links_to_the_author_pages(client):
    article = ArticleFactory(byline="Minh Anh - Văn Bình", author_unit="Phòng Tham mưu")
    for index, name in enumerate(["Minh Anh", "Văn Bình"]):
        author = Author.objects.create(name=name, unit_or_agency="Phòng Tham mưu")
        ArticleAuthor.objects.create(article=article, author=author, position=index)
    html = client.get(article.get_absolute_url()).content.decode()
    assert (
        '<p class="byline"><a href="/tac-gia/minh-anh/" rel="author">Minh Anh</a>, '
        '<a href="/tac-gia/van-binh/" rel="author">Văn Bình</a> – Phòng Tham mưu</p>'
    ) in html


@pytest.mark.django_db
def test_author_page_lists_only_published_articles_paginated(client):
    author = Author.objects.create(name="Ngô Văn Thật", unit_or_agency="Phòng Tham mưu")
    for index in range(25):
        article = ArticleFactory(title=f"Bài đã đăng số {index}")
        ArticleAuthor.objects.create(article=article, author=author)
    draft = ArticleFactory(title="Bản nháp bí mật", status=Article.Status.DRAFT)
    ArticleAuthor.objects.create(article=draft, author=author)
    ArticleFactory(title="Bài của người khác")

    page1 = client.get(author.get_absolute_url())
    html = page1.content.decode()
    assert page1.status_code == 200
    assert "Tác giả: Ngô Văn Thật" in html and "Phòng Tham mưu" in html
    assert len(page1.context["articles"]) == 20
    assert "Bản nháp bí mật" not in html and "Bài của người khác" not in html
    page2 = client.get(author.get_absolute_url(), {"page": 2})
    assert len(page2.context["articles"]) == 5
    assert client.get(author.get_absolute_url(), {"page": 9}).status_code == 404
    assert client.get(reverse("articles:author", kwargs={"slug": "khong-co"})).status_code == 404


@pytest.mark.django_db
def test_author_page_query_count_is_fixed(client, django_assert_num_queries):
    author = Author.objects.create(name="Hồng Thái", unit_or_agency="TTXVN")
    for article in ArticleFactory.create_batch(3):
        ArticleAuthor.objects.create(article=article, author=author)
    # author, count, page, menu, portal settings, last-modified (conditional GET)
    with django_assert_num_queries(6):
        client.get(author.get_absolute_url())
    for article in ArticleFactory.create_batch(40):
        ArticleAuthor.objects.create(article=article, author=author)
    with django_assert_num_queries(6):
        client.get(author.get_absolute_url())
