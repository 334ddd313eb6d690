"""The article list at archive scale: no exact count of every row, filters that do not list
every tag, author or user."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Author
from articles.tests.factories import ArticleFactory
from newsroom.admin_filters import CappedCountPaginator

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")


def test_changelist_never_counts_the_whole_table(admin_client, monkeypatch):
    monkeypatch.setattr(CappedCountPaginator, "CAP", 3)
    for _ in range(5):
        ArticleFactory()
    with CaptureQueriesContext(connection) as queries:
        page = admin_client.get(CHANGELIST)
    assert page.status_code == 200
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
    assert counts, "the paginator counts (capped)"
    for sql in counts:
        assert "LIMIT" in sql.upper(), sql


def test_filters_are_text_boxes_whatever_the_number_of_authors(admin_client, admin_user):
    authors = [Author.objects.create(name=f"Tác giả số {n}") for n in range(30)]
    wanted = ArticleFactory(title="Bài của tác giả bảy")
    wanted.authors.add(authors[7])
    wanted.tags.add("phòng cháy")
    ArticleFactory(title="Bài khác")
    html = admin_client.get(CHANGELIST).content.decode()
    assert "Tác giả số 29" not in html
    assert 'name="tac_gia"' in html and 'name="nguoi_tao"' in html and 'name="tu_khoa"' in html
    by_author = admin_client.get(CHANGELIST, {"tac_gia": "số 7"}).content.decode()
    assert "Bài của tác giả bảy" in by_author and "Bài khác" not in by_author
    by_tag = admin_client.get(CHANGELIST, {"tu_khoa": "Phòng cháy"}).content.decode()
    assert "Bài của tác giả bảy" in by_tag and "Bài khác" not in by_tag
    by_creator = admin_client.get(CHANGELIST, {"nguoi_tao": "nobody"}).content.decode()
    assert "Bài khác" not in by_creator


def test_past_the_cap_the_pages_stop_at_the_capped_rows(admin_client, monkeypatch):
    monkeypatch.setattr(CappedCountPaginator, "CAP", 4)
    for _ in range(6):
        ArticleFactory()
    # Two rows a page: the 4 capped rows are two pages, not a third page for the 5th row.
    monkeypatch.setattr("articles.admin.article.ArticleAdmin.list_per_page", 2)
    page = admin_client.get(CHANGELIST)
    paginator = page.context["cl"].paginator
    assert paginator.capped and paginator.num_pages == 2
    assert admin_client.get(CHANGELIST, {"p": 2}).status_code == 200
    beyond = admin_client.get(CHANGELIST, {"p": 3})
    assert beyond.status_code == 302 and "e=1" in beyond["Location"]
