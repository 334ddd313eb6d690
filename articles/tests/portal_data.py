"""A small portal built with factories: categories, units, officials, an event, articles with
mentions, tags and captions, and one hidden article of every kind naming the same things.

`build_portal(n)` makes n published articles; `add_articles(portal, n)` adds more of the same
shape, so query counts can be compared on a small and a larger data set.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from articles.models import (
    Article,
    Caption,
    Category,
    Event,
    OfficialMention,
    UnitMention,
)
from articles.tests.factories import ArticleFactory, CategoryFactory, SourceFactory
from newsroom.models import PortalSettings
from people.models import Official, Position, Unit

# Local 22:57 on Monday 1 November 2021 (UTC+7): the seed article's moment.
BASE_MOMENT = datetime.datetime(2021, 11, 1, 15, 57, tzinfo=datetime.UTC)
HIDDEN_MARK = "BÍ MẬT"
SHARED_TAG = "phòng chống dịch"


@dataclass
class Portal:
    root: Category
    child: Category
    other: Category
    province: Unit
    division: Unit
    director: Official
    deputy: Official
    draft_only_official: Official
    draft_only_unit: Unit
    event: Event
    draft_only_event: Event
    articles: list[Article] = field(default_factory=list)
    hidden: list[Article] = field(default_factory=list)


def build_portal(count: int = 3) -> Portal:
    """Article i is published i days before 01/11/2021 22:57 (local time)."""
    root = CategoryFactory(name="Hoạt động lực lượng", order=1)
    child = CategoryFactory(name="Phòng, chống dịch bệnh", parent=root, in_menu=False, order=2)
    other = CategoryFactory(name="An ninh trật tự", order=3)
    province = Unit.objects.create(
        name="Công an tỉnh Hậu Giang",
        kind=Unit.Kind.PROVINCIAL_POLICE,
        province="Hậu Giang",
        functions="Tham mưu cho Đảng ủy, Ủy ban nhân dân tỉnh về bảo vệ an ninh quốc gia.",
        address="Số 10 Trần Hưng Đạo, phường 5, thành phố Vị Thanh",
        phone="069 3522 221",
        email="congan@haugiang.gov.vn",
        website="https://conganhaugiang.gov.vn",
    )
    division = Unit.objects.create(
        name="Phòng Tham mưu", kind=Unit.Kind.POLICE_DIVISION, parent=province
    )
    Unit.objects.create(name="Đội Tổng hợp", kind=Unit.Kind.OTHER, parent=division)
    director = Official.objects.create(
        name="Huỳnh Việt Hòa",
        current_rank="Đại tá",
        current_title="Giám đốc Công an tỉnh",
        unit=province,
    )
    deputy = Official.objects.create(
        name="Lâm Phước Nguyên",
        current_rank="Đại tá",
        current_title="Phó Giám đốc Công an tỉnh",
        unit=province,
    )
    Position.objects.create(
        official=director,
        unit=province,
        title="Giám đốc Công an tỉnh",
        rank="Đại tá",
        first_seen=datetime.date(2021, 7, 5),
        last_seen=datetime.date(2021, 11, 1),
    )
    Position.objects.create(
        official=deputy, unit=province, title="Phó Giám đốc Công an tỉnh", rank="Đại tá"
    )
    province.contact_officials.add(deputy)
    PortalSettings(
        hotline="0293 3870 100",
        phone="069 3522 221",
        email="congan@haugiang.gov.vn",
        address="Số 10 Trần Hưng Đạo, Vị Thanh, Hậu Giang",
        leadership_unit=province,
    ).save()
    event = Event.objects.create(
        title="Đoàn công tác Công an TP Hồ Chí Minh thăm Hậu Giang",
        kind=Event.Kind.WORKING_VISIT,
        date=datetime.date(2021, 11, 1),
        location="Hậu Giang",
        host_unit=province,
        lead_official=director,
    )
    event.officials.add(director, deputy)
    event.units.add(province, division)
    # Records found only in hidden articles, as resolution makes them (from_articles).
    draft_only_official = Official.objects.create(
        name=f"{HIDDEN_MARK} Cán Bộ Nháp", from_articles=True
    )
    draft_only_unit = Unit.objects.create(name=f"{HIDDEN_MARK} Đơn Vị Nháp", from_articles=True)
    draft_only_event = Event.objects.create(
        title=f"{HIDDEN_MARK} sự kiện chỉ có bài nháp",
        date=datetime.date(2021, 11, 1),
        from_articles=True,
    )
    portal = Portal(
        root=root,
        child=child,
        other=other,
        province=province,
        division=division,
        director=director,
        deputy=deputy,
        draft_only_official=draft_only_official,
        draft_only_unit=draft_only_unit,
        event=event,
        draft_only_event=draft_only_event,
    )
    add_articles(portal, count)
    add_hidden_articles(portal)
    return portal


def _attach(portal: Portal, article: Article, index: int) -> None:
    article.tags.add(SHARED_TAG, f"chủ đề {index % 3}")
    OfficialMention.objects.create(
        article=article,
        official=portal.director,
        # The newest articles print the newer rank: a promotion shows in the rank history.
        rank="Đại tá" if index < 2 else "Thượng tá",
        titles=["Ủy viên Ban Thường vụ Tỉnh ủy", "Giám đốc Công an tỉnh"],
        unit=portal.province,
    )
    OfficialMention.objects.create(article=article, official=portal.deputy, rank="Đại tá")
    UnitMention.objects.create(article=article, unit=portal.province)
    UnitMention.objects.create(article=article, unit=portal.division)
    Caption.objects.create(article=article, position=0, text=f"Quang cảnh buổi làm việc {index}")
    portal.event.articles.add(article)


def add_articles(portal: Portal, count: int) -> list[Article]:
    source = SourceFactory(name="Báo Công an nhân dân")
    start = len(portal.articles)
    made = []
    for index in range(start, start + count):
        article = ArticleFactory(
            title=f"Công an tỉnh triển khai kế hoạch số {index}",
            category=portal.child if index % 2 else portal.root,
            published_at=BASE_MOMENT - datetime.timedelta(days=index),
            view_count=100 + index,
            is_featured=index == 0,
            byline="Ngô Văn Thật",
            source=source,
        )
        _attach(portal, article, index)
        made.append(article)
    portal.articles.extend(made)
    return made


def add_hidden_articles(portal: Portal) -> None:
    """One article of each kind readers must never see, naming the same things."""
    now = timezone.now()
    kinds = [
        ("nháp", {"status": Article.Status.DRAFT, "published_at": None}),
        ("chờ duyệt", {"status": Article.Status.REVIEW, "published_at": None}),
        ("lưu trữ", {"status": Article.Status.ARCHIVED}),
        ("hẹn giờ", {"published_at": now + datetime.timedelta(days=1)}),
        ("hết hạn", {"expires_at": now - datetime.timedelta(hours=1)}),
    ]
    for index, (label, values) in enumerate(kinds):
        values = {"published_at": BASE_MOMENT - datetime.timedelta(minutes=5), **values}
        article = ArticleFactory(
            title=f"{HIDDEN_MARK} bài {label}",
            lead=f"{HIDDEN_MARK} sapo",
            category=portal.child if index % 2 else portal.root,
            view_count=10_000,
            is_featured=True,
            **values,
        )
        _attach(portal, article, index)
        OfficialMention.objects.create(article=article, official=portal.draft_only_official)
        UnitMention.objects.create(article=article, unit=portal.draft_only_unit)
        article.tags.add("thẻ chỉ có bài ẩn")
        portal.draft_only_event.articles.add(article)
        portal.hidden.append(article)
