"""factory_boy factories for articles (the directory's are in people/tests/factories.py)."""

import datetime

import factory
from django.utils import timezone

from articles.models import Article, Category, Event, Source


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Chuyên mục {n}")


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    name = factory.Sequence(lambda n: f"Báo số {n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Công an tỉnh triển khai nhiệm vụ số {n}")
    lead = "Sáng nay, Công an tỉnh tổ chức hội nghị triển khai nhiệm vụ."
    body = "<p>Nội dung bài viết.</p>"
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))
    category = factory.SubFactory(CategoryFactory)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Hội nghị số {n}")
    date = datetime.date(2021, 11, 1)
