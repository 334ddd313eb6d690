import datetime

import pytest
from django.db import IntegrityError
from django.utils import timezone

from articles.models import Article
from articles.tests.factories import ArticleFactory, CategoryFactory, EventFactory

pytestmark = pytest.mark.django_db


def test_article_slug_is_ascii_with_d_for_đ():
    article = ArticleFactory(title="Đồng Văn Thanh tiếp đoàn công tác Bộ Công an")
    assert article.slug == "dong-van-thanh-tiep-doan-cong-tac-bo-cong-an"


def test_article_slugs_stay_unique():
    first = ArticleFactory(title="Hội nghị trực tuyến")
    second = ArticleFactory(title="Hội nghị trực tuyến")
    assert first.slug == "hoi-nghi-truc-tuyen"
    assert second.slug == "hoi-nghi-truc-tuyen-2"


def test_published_hides_drafts_review_archived_future_and_expired():
    now = timezone.now()
    visible = ArticleFactory()
    ArticleFactory(status=Article.Status.DRAFT)
    ArticleFactory(status=Article.Status.REVIEW)
    ArticleFactory(status=Article.Status.ARCHIVED)
    ArticleFactory(published_at=now + datetime.timedelta(minutes=1))
    ArticleFactory(expires_at=now - datetime.timedelta(seconds=1))
    assert list(Article.objects.published()) == [visible]


def test_scheduled_article_appears_when_its_time_comes():
    at = timezone.now() + datetime.timedelta(minutes=1)
    article = ArticleFactory(published_at=at)
    assert not Article.objects.published(at=at - datetime.timedelta(seconds=1)).exists()
    assert list(Article.objects.published(at=at)) == [article]


def test_published_article_must_have_a_publish_time():
    with pytest.raises(IntegrityError):
        ArticleFactory(published_at=None)


def test_in_category_and_string_forms():
    category = CategoryFactory(name="An ninh trật tự")
    article = ArticleFactory(category=category, title="Bắt đối tượng trộm cắp")
    ArticleFactory()
    assert list(Article.objects.in_category(category)) == [article]
    assert str(article) == "Bắt đối tượng trộm cắp"
    assert category.get_absolute_url() == "/chuyen-muc/an-ninh-trat-tu/"
    assert article.get_absolute_url() == "/tin-tuc/bat-doi-tuong-trom-cap/"


def test_event_slug_carries_its_date():
    event = EventFactory(title="Đoàn công tác Công an TP Hồ Chí Minh thăm Hậu Giang")
    assert event.slug == "doan-cong-tac-cong-an-tp-ho-chi-minh-tham-hau-giang-01-11-2021"
