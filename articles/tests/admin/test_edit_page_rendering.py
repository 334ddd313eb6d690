"""The article's edit page is the same page with Django's form renderer and with ours
(newsroom/form_rendering.py), and costs a fixed number of queries."""

import re

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import ArticleAuthor, Author, Caption, OfficialMention, UnitMention
from articles.tests.factories import ArticleFactory
from people.models import Official, Unit

pytestmark = pytest.mark.django_db


def article_with_everything(mentions: int):
    article = ArticleFactory(title='Bài "đầy đủ" <mọi> mục', lead="Sapo & tóm tắt")
    article.tags.add("Công an Hậu Giang", "phòng cháy")
    ArticleAuthor.objects.create(
        article=article, author=Author.objects.create(name=f"Trần Minh Đức {mentions}"), position=1
    )
    Caption.objects.create(article=article, position=1, text="Ảnh <hiện trường>", credit="TTXVN")
    for n in range(mentions):
        unit = Unit.objects.create(
            name=f"Công an huyện {mentions}-{n}", kind=Unit.Kind.PROVINCIAL_POLICE
        )
        official = Official.objects.create(
            name=f"Huỳnh Việt Hòa {mentions}-{n}", current_rank="Thượng tá"
        )
        OfficialMention.objects.create(
            article=article,
            official=official,
            unit=unit,
            rank="Thượng tá",
            titles=["Giám đốc", "Ủy viên"],
        )
        UnitMention.objects.create(article=article, unit=unit, name_as_printed=f"CA tỉnh {n}")
    return article


def page(client, article) -> str:
    html = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    # The per-request tokens differ between two requests of one page.
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    return re.sub(r"nonce-[^'\"]*|nonce=\"[^\"]*\"", "", html)


def test_the_edit_page_is_the_same_with_djangos_form_renderer(admin_client):
    article = article_with_everything(mentions=3)
    ours = page(admin_client, article)
    with override_settings(FORM_RENDERER="django.forms.renderers.DjangoTemplates"):
        djangos = page(admin_client, article)
    assert 'name="official_mentions-2-rank"' in ours  # the rows are there
    assert ours == djangos


def test_the_edit_page_queries_do_not_grow_with_its_mentions(admin_client):
    few, many = article_with_everything(mentions=1), article_with_everything(mentions=6)
    page(admin_client, few)
    with CaptureQueriesContext(connection) as one:
        page(admin_client, few)
    with CaptureQueriesContext(connection) as six:
        page(admin_client, many)
    assert len(six) == len(one)
