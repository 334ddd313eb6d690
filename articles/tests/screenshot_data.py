"""Real-looking data for the README screenshots: the five seed pages (`manage.py seed`) plus
the officials, units, event, tags and portal settings an editor would have added.

Idempotent, and it reuses officials and units the recognition step may already have made
from the seed pages (looked up by name), so it stays correct once that step lands.
"""

from __future__ import annotations

import datetime

from django.core.management import call_command

from articles.models import Article, Event, OfficialMention, UnitMention
from newsroom.models import PortalSettings
from people.models import Official, Position, Unit

# (name, rank, current title, unit name, [(words in the article title, rank, titles)])
OFFICIALS = [
    (
        "Huỳnh Việt Hòa",
        "Thượng tá",
        "Ủy viên Ban Thường vụ Tỉnh ủy, Giám đốc Công an tỉnh",
        "Công an tỉnh Hậu Giang",
        [
            (
                "Chia sẻ kinh nghiệm",
                "Thượng tá",
                ["Ủy viên Ban Thường vụ Tỉnh ủy", "Giám đốc Công an tỉnh"],
            )
        ],
    ),
    (
        "Lâm Phước Nguyên",
        "Đại tá",
        "Phó Giám đốc Công an tỉnh",
        "Công an tỉnh Hậu Giang",
        [
            (
                "Chia sẻ kinh nghiệm",
                "Đại tá",
                ["Ủy viên Ban Chấp hành Đảng bộ tỉnh", "Phó Giám đốc Công an tỉnh"],
            )
        ],
    ),
    (
        "Lê Quốc Hùng",
        "Thiếu tướng",
        "Thứ trưởng Bộ Công an",
        "Bộ Công an",
        [
            (
                "Thứ trưởng Lê Quốc Hùng",
                "Thiếu tướng",
                ["Ủy viên Trung ương Đảng", "Thứ trưởng Bộ Công an"],
            ),
            ("làm việc trực tuyến", "Thiếu tướng", ["Thứ trưởng Bộ Công an"]),
        ],
    ),
    (
        "Nguyễn Văn Sơn",
        "Thượng tướng",
        "Thứ trưởng Bộ Công an",
        "Bộ Công an",
        [("chi viện lực lượng", "Thượng tướng", ["Thứ trưởng Bộ Công an"])],
    ),
    (
        "Lê Hồng Nam",
        "Thiếu tướng",
        "Giám đốc Công an Thành phố Hồ Chí Minh",
        "Công an Thành phố Hồ Chí Minh",
        [("tri ân", "Thiếu tướng", ["Giám đốc Công an thành phố"])],
    ),
]


def article_with(words: str) -> Article | None:
    return Article.objects.filter(title__icontains=words).first()


def unit_named(name: str) -> Unit:
    return Unit.objects.by_alias(name).first() or Unit.objects.create(name=name)


def build_screenshot_data() -> None:
    call_command("seed", verbosity=0)
    province = unit_named("Công an tỉnh Hậu Giang")
    for field, value in {
        "functions": "Tham mưu cho Đảng ủy Công an Trung ương, Bộ trưởng Bộ Công an, Tỉnh ủy, "
        "Ủy ban nhân dân tỉnh về bảo vệ an ninh quốc gia, bảo đảm trật tự, an toàn xã hội "
        "trên địa bàn tỉnh Hậu Giang.",
        "address": "Số 10 Trần Hưng Đạo, phường 5, thành phố Vị Thanh, tỉnh Hậu Giang",
        "phone": "0293 3870 100",
        "email": "congan@haugiang.gov.vn",
    }.items():
        setattr(province, field, getattr(province, field) or value)
    province.save()
    for name, rank, title, unit_name, mentions in OFFICIALS:
        unit = unit_named(unit_name)
        official = Official.objects.named(name).first() or Official.objects.create(
            name=name, current_rank=rank, current_title=title, unit=unit
        )
        first = last = None
        for words, printed_rank, titles in mentions:
            article = article_with(words)
            if article is None:
                continue
            OfficialMention.objects.get_or_create(
                article=article,
                official=official,
                defaults={"rank": printed_rank, "titles": titles, "unit": unit},
            )
            UnitMention.objects.get_or_create(article=article, unit=unit)
            day = article.published_at.date()
            first, last = min(first or day, day), max(last or day, day)
        if official.positions.exists():
            continue  # recognition already recorded what the articles say
        Position.objects.get_or_create(
            official=official,
            unit=unit,
            title=title,
            defaults={"rank": rank, "first_seen": first, "last_seen": last},
        )
    province.contact_officials.add(Official.objects.named("Lâm Phước Nguyên").first())
    visit = Event.objects.filter(date=datetime.date(2021, 11, 1)).first() or Event.objects.create(
        title="Đoàn công tác Công an TP Hồ Chí Minh thăm, làm việc tại Hậu Giang",
        kind=Event.Kind.WORKING_VISIT,
        date=datetime.date(2021, 11, 1),
        location="Hậu Giang",
        host_unit=province,
        lead_official=Official.objects.named("Lê Hồng Nam").first(),
    )
    for words in ["Chia sẻ kinh nghiệm", "tri ân"]:
        if article := article_with(words):
            visit.articles.add(article)
    for article in Article.objects.all():
        article.tags.add("phòng, chống dịch Covid-19")
    if article := article_with("Chia sẻ kinh nghiệm"):
        article.tags.add("Công an Hậu Giang")
        Article.objects.filter(pk=article.pk).update(is_featured=True, view_count=923)
    if article := article_with("làm việc trực tuyến"):
        Article.objects.filter(pk=article.pk).update(view_count=364)
    settings = PortalSettings.load()
    settings.hotline = settings.hotline or "0293 3870 100"
    settings.phone = settings.phone or "069 3522 221"
    settings.email = settings.email or "congan@haugiang.gov.vn"
    settings.address = settings.address or province.address
    settings.leadership_unit = settings.leadership_unit or province
    settings.save()
