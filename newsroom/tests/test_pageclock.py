"""The page cache's generation moves when a write to public data commits, once per
transaction, never on a rollback, and not for the readers' counters."""

from __future__ import annotations

import pytest
from django.db import transaction

from articles.models import Article
from articles.tests.factories import ArticleFactory
from newsroom import pageclock

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("page_cache")]


def test_a_save_moves_the_generation_when_it_commits():
    before = pageclock.current()
    with transaction.atomic():
        article = ArticleFactory()
        article.title = "Sửa trong cùng giao dịch"
        article.save()
        assert pageclock.current() == before
    after = pageclock.current()
    assert after is not None and after != before
    # Once per transaction, however many rows it wrote.
    if before is not None:
        assert after == before + 1


def test_a_rolled_back_write_does_not_move_it():
    ArticleFactory()
    before = pageclock.current()
    with pytest.raises(RuntimeError), transaction.atomic():
        ArticleFactory()
        raise RuntimeError
    assert pageclock.current() == before


def test_counters_do_not_move_it_other_updates_do():
    from articles.services.readers import count_view

    article = ArticleFactory()
    before = pageclock.current()
    count_view(article.pk)
    assert pageclock.current() == before
    Article.objects.filter(pk=article.pk).update(title="Tiêu đề khác")
    assert pageclock.current() != before


def test_a_visitor_count_does_not_move_it():
    from newsroom.models import VisitorCount

    ArticleFactory()
    before = pageclock.current()
    VisitorCount.objects.create(day="2026-01-01", visits=3)
    assert pageclock.current() == before


def test_a_generation_that_vanished_starts_above_its_old_values():
    from django.core.cache import caches

    ArticleFactory()
    old = pageclock.current()
    caches[pageclock.PAGE_CACHE].delete(pageclock.GENERATION_KEY)
    pageclock.bump()
    assert pageclock.current() > old


def test_every_model_a_public_page_shows_moves_it_on_bulk_writes():
    """Django sends no signal for QuerySet.update/bulk_create/bulk_update: each public model's
    QuerySet must move the generation itself (pageclock.GenerationQuerySet)."""
    from django.apps import apps

    from articles.signals import _shown_on_public_pages

    ours = [
        model
        for model in apps.get_models()
        if _shown_on_public_pages(model) and model._meta.app_label != "taggit"
    ]
    assert len(ours) > 15
    missing = [
        model._meta.label
        for model in ours
        if not issubclass(model._default_manager._queryset_class, pageclock.GenerationQuerySet)
    ]
    assert missing == []


def test_an_update_of_mentions_moves_it():
    from articles.models import OfficialMention
    from people.models import Official

    article = ArticleFactory()
    official = Official.objects.create(name="Lê Hồng Nam")
    mention = OfficialMention.objects.create(article=article, official=official)
    before = pageclock.current()
    with transaction.atomic():
        OfficialMention.objects.filter(pk=mention.pk).update(confirmed=True)
        assert pageclock.current() == before  # not before the commit
    after_update = pageclock.current()
    assert after_update != before
    OfficialMention.objects.bulk_update([mention], ["confirmed"])
    assert pageclock.current() != after_update
