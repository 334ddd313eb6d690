"""A page that reports several events and names a foreign guest, imported end to end: one
Event per dated event with its own kind and lead, and the guest an official with no rank and
the English post as printed (issue 14 item 2)."""

from __future__ import annotations

import datetime

import pytest

from articles.ingestion.service import Action, import_page
from articles.models import Article, Event
from articles.selectors import with_public_facts
from people.models import Official

pytestmark = pytest.mark.django_db

PAGE = """TP.HCM: Lực lượng công an bảo đảm an toàn dịp Tết Dương lịch 2024

Thứ Ba, 02/01/2024 10:15

Chiều 29/12, Công an TP.HCM tổ chức Lễ xuất quân lực lượng tuần tra đặc nhiệm. Trung tướng \
Lê Hồng Nam, Giám đốc Công an TP.HCM chủ trì buổi lễ.

Đêm 31/12, ông Phan Văn Mãi, Chủ tịch UBND TP.HCM dẫn đầu đoàn kiểm tra khu vực bắn pháo hoa \
ở Quận 1. Cùng đi có ông David Mitchell, Consul General, Tổng Lãnh sự quán Hoa Kỳ.

Sáng 1/1/2024, Thiếu tướng Mai Hoàng, Phó Giám đốc Công an Thành phố chủ trì cuộc họp giao \
ban. Trung tướng Nam biểu dương các đơn vị.

Nhật Thịnh
"""


def test_each_dated_event_becomes_an_event_with_its_kind_and_lead():
    outcome = import_page(data=PAGE.encode(), file_name="tet.txt", status=Article.Status.PUBLISHED)
    assert outcome.action != Action.FAILED, outcome
    article = Article.objects.get()
    events = [
        (e.date, e.kind, e.lead_official.name if e.lead_official else None)
        for e in Event.objects.order_by("date")
    ]
    assert events == [
        (datetime.date(2023, 12, 29), "ceremony", "Lê Hồng Nam"),
        (datetime.date(2023, 12, 31), "working_visit", "Phan Văn Mãi"),
        (datetime.date(2024, 1, 1), "meeting", "Mai Hoàng"),
    ]
    assert article.events.count() == 3
    # What readers see of the guest comes from the published article (issue 12, defect 1).
    guest = with_public_facts(Official.objects.filter(name="David Mitchell")).get()
    assert article.is_public
    assert guest.shown_rank == ""
    assert guest.shown_title == "Consul General"
