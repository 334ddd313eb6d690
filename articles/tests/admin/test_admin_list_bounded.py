"""The article admin at archive scale (issue 11, item 5): its list and edit page cost a fixed
number of queries whatever the archive's size; the search box is the portal's search
(diacritics ignored) plus exact id and slug; the date drill-down and the sortable columns
read no more than a page of rows."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleAuthor, Author, OfficialMention, UnitMention
from articles.tests.factories import ArticleFactory, CategoryFactory
from newsroom.admin_filters import SearchCountPaginator
from people.tests.factories import OfficialFactory, UnitFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")


def titles(response) -> list[str]:
    return [article.title for article in response.context["cl"].result_list]


def changelist_queries(client, params) -> tuple[list[str], object]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(CHANGELIST, params)
    assert response.status_code == 200
    return [q["sql"] for q in queries.captured_queries], response


def add_searchable(category, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        ArticleFactory(title=f"Công an Hậu Giang tuần tra số {i}", category=category)
        ArticleFactory(title=f"Tin khác số {i}", category=category)  # not found by the search


def test_searched_and_filtered_list_costs_the_same_with_5_or_50_matches(admin_client):
    category = CategoryFactory()
    ArticleFactory(title="Công an Hậu Giang ở chuyên mục khác")  # filtered out
    params = {"category__id__exact": category.pk, "q": "hau giang"}
    add_searchable(category, 5)
    small, response = changelist_queries(admin_client, params)
    assert response.context["cl"].result_count == 5
    add_searchable(category, 45, start=5)
    large, response = changelist_queries(admin_client, params)
    assert response.context["cl"].result_count == 50
    assert len(large) == len(small), "\n".join(large)
    # The search runs twice: the capped count and the page (no MIN/MAX or DISTINCT dates of
    # the searched list for the date drill-down, no full count).
    searched = [sql for sql in large if "giang" in sql.lower()]
    assert len(searched) == 2, searched
    assert [sql for sql in searched if "COUNT(" in sql.upper() and "LIMIT" in sql.upper()]


def test_change_page_costs_the_same_with_2_or_12_inline_rows(admin_client):
    def article_with(rows: int) -> Article:
        article = ArticleFactory()
        for i in range(rows):
            unit = UnitFactory()
            official = OfficialFactory()
            OfficialMention.objects.create(article=article, official=official, unit=unit)
            UnitMention.objects.create(article=article, unit=unit)
            author = Author.objects.create(name=f"Tác giả {article.pk}-{i}")
            ArticleAuthor.objects.create(article=article, author=author, position=i)
        return article

    admin_client.get(reverse("admin:articles_article_change", args=[article_with(1).pk]))
    counts = []
    for rows in (2, 12):
        article = article_with(rows)
        url = reverse("admin:articles_article_change", args=[article.pk])
        with CaptureQueriesContext(connection) as queries:
            response = admin_client.get(url)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    # Each autocomplete box still shows its selected name.
    html = response.content.decode()
    last = article.unit_mentions.order_by("pk").last().unit
    assert f'<option value="{last.pk}" selected>{last.name}</option>' in html


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("hau giang", "Công an tỉnh Hậu Giang tổng kết năm"),
        ("Hậu Giang", "Cong an tinh Hau Giang tong ket nam"),
        ("HẬU GIANG", "Công an tỉnh Hậu Giang tổng kết năm"),
    ],
)
def test_search_ignores_diacritics_both_ways(admin_client, typed, stored):
    ArticleFactory(title=stored)
    ArticleFactory(title="Công an tỉnh Sóc Trăng")
    _, response = changelist_queries(admin_client, {"q": typed})
    assert titles(response) == [stored]


def test_search_by_number_finds_that_article_and_the_text_matches(admin_client):
    wanted = ArticleFactory(title="Bài không chứa con số")
    mentions_number = ArticleFactory(title=f"Kỷ niệm {wanted.pk} năm ngày thành lập")
    ArticleFactory(title="Bài khác")
    _, response = changelist_queries(admin_client, {"q": f" {wanted.pk} "})
    assert sorted(titles(response)) == sorted([wanted.title, mentions_number.title])


def test_search_by_slug_finds_that_article(admin_client):
    wanted = ArticleFactory(title="Tuần tra kiểm soát dịp Tết")
    ArticleFactory(title="Tuần tra kiểm soát ban đêm")
    _, response = changelist_queries(admin_client, {"q": wanted.slug})
    assert titles(response) == [wanted.title]


def test_search_for_a_missing_number_or_junk_is_an_empty_list_not_an_error(admin_client):
    ArticleFactory()
    for junk in ["99999999", "9" * 40, "%_'\"", "-", "a-" * 150]:
        _, response = changelist_queries(admin_client, {"q": junk})
        assert titles(response) == [], junk


def test_search_count_is_capped_and_leaves_the_planner_as_it_was(admin_client, monkeypatch):
    monkeypatch.setattr(SearchCountPaginator, "CAP", 3)
    for i in range(5):
        ArticleFactory(title=f"Hậu Giang số {i}")
    _, response = changelist_queries(admin_client, {"q": "hau giang"})
    assert response.context["cl"].paginator.capped
    assert response.context["cl"].result_count == 4
    page = response.content.decode()
    assert "hơn 3 bài viết" in page
    # The search bar's count too: not the 4 rows the capped count stopped at.
    assert "hơn 3 kết quả" in page
    assert "4 kết quả" not in page
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW enable_seqscan")
            assert cursor.fetchone()[0] == "on"


def test_sorting_only_by_indexed_columns(admin_client):
    older = ArticleFactory(title="A bài cũ", published_at=timezone.now() - datetime.timedelta(3))
    newer = ArticleFactory(title="B bài mới", published_at=timezone.now() - datetime.timedelta(1))
    _, by_title = changelist_queries(admin_client, {"o": "1"})
    assert titles(by_title) == [older.title, newer.title]
    # Column 3 is the category: not sortable, a crafted ?o=3 keeps the default order.
    _, crafted = changelist_queries(admin_client, {"o": "3"})
    assert titles(crafted) == [newer.title, older.title]
    assert "ORDER BY" in str(crafted.context["cl"].queryset.query)
    assert "articles_category" not in str(crafted.context["cl"].queryset.query).split("ORDER BY")[1]


def test_date_drill_down_offers_years_months_and_days_without_reading_the_list(admin_client):
    aware = timezone.make_aware
    ArticleFactory(title="Năm 2019", published_at=aware(datetime.datetime(2019, 3, 5, 9)))
    ArticleFactory(title="Năm 2021", published_at=aware(datetime.datetime(2021, 7, 5, 9)))
    queries, response = changelist_queries(admin_client, {})
    html = response.content.decode()
    for year in ("2019", "2020", "2021"):
        assert f"published_at__year={year}" in html
    assert not [sql for sql in queries if "DISTINCT" in sql.upper()]

    _, year = changelist_queries(admin_client, {"published_at__year": 2021})
    html = year.content.decode()
    assert "published_at__month=12" in html and "published_at__month=7" in html
    assert titles(year) == ["Năm 2021"]

    queries, month = changelist_queries(
        admin_client, {"published_at__year": 2021, "published_at__month": 7}
    )
    html = month.content.decode()
    assert "published_at__day=31" in html and "published_at__day=5" in html
    assert not [sql for sql in queries if "MIN(" in sql.upper() or "DISTINCT" in sql.upper()]

    bad = admin_client.get(CHANGELIST, {"published_at__year": "x"})
    assert bad.status_code == 302  # Django's "?e=1" page for a bad lookup
    assert admin_client.get(bad.url).status_code == 200


def test_author_filter_ignores_diacritics(admin_client):
    author = Author.objects.create(name="Trần Minh Đức")
    wanted = ArticleFactory(title="Bài của Đức")
    ArticleAuthor.objects.create(article=wanted, author=author)
    ArticleFactory(title="Bài khác")
    for typed in ("tran minh duc", "Minh Đức"):
        _, response = changelist_queries(admin_client, {"tac_gia": typed})
        assert titles(response) == [wanted.title], typed


def test_related_articles_autocomplete_searches_like_the_list_with_the_search_cap(admin_client):
    wanted = ArticleFactory(title="Công an Hậu Giang tuần tra")
    ArticleFactory(title="Tin khác")
    params = {
        "term": "hau giang",
        "app_label": "articles",
        "model_name": "article",
        "field_name": "related_articles",
    }
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(reverse("admin:autocomplete"), params)
    assert [r["text"] for r in response.json()["results"]] == [wanted.title]
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    assert counts and all(f"LIMIT {SearchCountPaginator.CAP + 1}" in sql for sql in counts)
