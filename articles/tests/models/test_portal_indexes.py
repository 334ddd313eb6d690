"""The listings' queries use indexes: on a database with many articles (and statistics from
ANALYZE), no query of any public page reads the whole article table.

SQLite only: its EXPLAIN QUERY PLAN says "SCAN <table>" for a full table scan. PostgreSQL's
planner rightly prefers sequential scans on test-sized tables, so the plan proves nothing
there (the indexes are the same: they come from the migrations).
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, OfficialMention, UnitMention
from articles.tests.portal_data import BASE_MOMENT, build_portal
from articles.tests.views.test_portal_pages import page_urls

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="EXPLAIN QUERY PLAN is SQLite's"),
]


@pytest.fixture
def big_portal():
    portal = build_portal(3)
    categories = [portal.root, portal.child, portal.other]
    articles = Article.objects.bulk_create(
        Article(
            title=f"Tin số {index}",
            slug=f"tin-so-{index}",
            status=Article.Status.PUBLISHED,
            published_at=BASE_MOMENT - datetime.timedelta(hours=index),
            category=categories[index % 3],
            view_count=index,
        )
        for index in range(2000)
    )
    OfficialMention.objects.bulk_create(
        OfficialMention(article=article, official=portal.director) for article in articles[:20]
    )
    UnitMention.objects.bulk_create(
        UnitMention(article=article, unit=portal.division) for article in articles[:20]
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return portal


def partial_indexes() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql != ''")
        return {name for name, sql in cursor.fetchall() if sql and " WHERE " in sql.upper()}


def full_scans(sql: str) -> list[str]:
    """Plan lines reading all of the article table; reading all of a partial index (the few
    featured or pinned articles) is not that."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        plan = [row[-1] for row in cursor.fetchall()]
    partial = partial_indexes()
    return [
        line
        for line in plan
        if line.startswith("SCAN articles_article")
        and not any(line.endswith(f"INDEX {name}") for name in partial)
    ]


def test_no_public_page_scans_the_article_table(client, big_portal):
    for name, url in page_urls(big_portal).items():
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        for query in context.captured_queries:
            if "articles_article" in query["sql"] and query["sql"].startswith("SELECT"):
                assert full_scans(query["sql"]) == [], (name, query["sql"][:300])


def test_the_scan_detector_sees_a_full_scan(big_portal):
    assert full_scans("SELECT id FROM articles_article WHERE lead = 'x'") != []
    assert "articles_featured" in partial_indexes()
