"""Views without Redis: buffered in a narrow table, never written on the article row per view,
added to the articles by the flush once (articles.services.view_counts)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, PendingViews
from articles.services import view_counts
from articles.tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_a_view_writes_the_buffer_not_the_article():
    article = ArticleFactory(view_count=7)
    updated_at = Article.objects.values_list("updated_at", flat=True).get(pk=article.pk)
    with CaptureQueriesContext(connection) as queries:
        view_counts.count_view(article.pk)
    assert len(queries) == 1
    assert Article._meta.db_table not in queries[0]["sql"]
    view_counts.count_view(article.pk)
    assert view_counts.pending() == {article.pk: 2}
    row = Article.objects.values_list("view_count", "updated_at").get(pk=article.pk)
    assert row == (7, updated_at)


def test_the_flush_adds_each_pending_view_once():
    first, second = ArticleFactory(view_count=5), ArticleFactory(view_count=0)
    for article_id in (first.pk, second.pk, first.pk):
        view_counts.count_view(article_id)
    assert view_counts.flush() == 3
    assert view_counts.flush() == 0  # nothing is written twice
    counts = dict(Article.objects.values_list("pk", "view_count"))
    assert (counts[first.pk], counts[second.pk]) == (7, 1)
    assert not PendingViews.objects.exists()
    view_counts.count_view(second.pk)  # the buffer starts again after a flush
    assert view_counts.flush() == 1
    assert Article.objects.values_list("view_count", flat=True).get(pk=second.pk) == 2


def test_deleting_an_article_deletes_its_pending_views():
    article = ArticleFactory()
    view_counts.count_view(article.pk)
    article.delete()
    assert not PendingViews.objects.exists()
    assert view_counts.flush() == 0
