"""Issue 13's smaller reader-page defects: a leader listed once, the units tree kept to the
police organisation first, the footer's archive link on a year that has articles."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import UnitMention
from articles.tests.factories import ArticleFactory
from articles.tests.portal_data import build_portal
from people.models import Position, Unit

pytestmark = pytest.mark.django_db


def text(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_unit_page_lists_a_leader_once_with_all_his_titles(client):
    portal = build_portal(2)
    Position.objects.create(
        official=portal.director,
        unit=portal.province,
        title="Ủy viên Ban Thường vụ Tỉnh ủy",
        rank="Đại tá",
        last_seen=datetime.date(2021, 10, 1),
    )
    content = text(client, portal.province.get_absolute_url())
    leaders = content.split('id="lanh-dao-don-vi"')[1].split("</section>")[0]
    assert leaders.count("Huỳnh Việt Hòa") == 1
    assert "Giám đốc Công an tỉnh" in leaders and "Ủy viên Ban Thường vụ Tỉnh ủy" in leaders
    assert leaders.index("Huỳnh Việt Hòa") < leaders.index("Lâm Phước Nguyên")


def test_units_tree_puts_the_police_organisation_apart_from_other_bodies(client):
    portal = build_portal(1)
    article = portal.articles[0]
    for name, kind in [("Bộ Y tế", Unit.Kind.MINISTRY), ("Bệnh viện dã chiến số 2", "hospital")]:
        UnitMention.objects.create(article=article, unit=Unit.objects.create(name=name, kind=kind))
    content = text(client, reverse("people:units"))
    police, others = content.split('id="co-quan-khac"')
    assert "Công an tỉnh Hậu Giang" in police and "Phòng Tham mưu" in police
    assert "Bộ Y tế" not in police and "Bệnh viện dã chiến" not in police
    assert "Bộ Y tế" in others and "Bệnh viện dã chiến số 2" in others


def test_footer_archive_link_opens_the_latest_year_with_articles(client):
    last_year = timezone.localtime().year - 3
    ArticleFactory(published_at=timezone.now().replace(year=last_year))
    home = text(client, reverse("articles:home"))
    link = reverse("articles:archive")
    assert f'href="{link}"' in home
    response = client.get(link)
    assert response.status_code == 302
    assert response["Location"] == reverse("articles:archive_year", args=[last_year])


def test_archive_link_without_any_article_opens_this_year(client):
    ArticleFactory(status="draft", published_at=None)
    response = client.get(reverse("articles:archive"))
    assert response["Location"] == reverse(
        "articles:archive_year", args=[timezone.localtime().year]
    )
