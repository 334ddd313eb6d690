"""The five seed pages parse to what an editor reads on them (pure parser, no database)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from articles.ingestion.parser import Caption, ParsedPage, Rating, parse_bytes

SOURCES = Path(__file__).resolve().parents[3] / "fixtures" / "sources"

FURNITURE = (
    "Thống kê truy cập",
    "Đang truy cập",
    "Đang online",
    "TIN KHÁC",
    "Tổng số điểm",
    "Xếp hạng",
    "Click để đánh giá",
    "Đường dây nóng",
    "Lịch tiếp công dân",
    "Phim tư liệu",
    "Bình luận",
    "Chia sẻ:",
    "Lên đầu trang",
    "No title",
    "Các đơn vị thông tin",
    "Rao vặt",
    "phieukhaosat",
    "Bạn đã không sử dụng Site",
    "dokhoa",
)


def seed(prefix: str) -> ParsedPage:
    (path,) = SOURCES.glob(f"{prefix}_*.txt")
    return parse_bytes(path.read_bytes(), filename=path.name)


def all_text(page: ParsedPage) -> list[str]:
    return [page.lead or "", *page.paragraphs, *(c.text for c in page.captions)]


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_no_furniture_in_body(prefix):
    page = seed(prefix)
    for text in all_text(page):
        for marker in FURNITURE:
            assert marker not in text, (marker, text)
        assert text == text.strip()
        assert "|" not in text


# The keys of `parse_source`'s JSON, in order (DESIGN.md, "Contract").
CONTRACT_KEYS = [
    "title",
    "published_date",
    "published_time",
    "view_count",
    "byline",
    "author_unit",
    "source",
    "lead",
    "paragraphs",
    "captions",
    "related_headlines",
    "rating",
    "officials",
    "units",
    "events",
    "warnings",
]


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_contract_keys(prefix):
    data = seed(prefix).to_contract_dict()
    assert list(data) == CONTRACT_KEYS


def test_seed_000_nukeviet_police_portal():
    page = seed("000")
    assert page.title == "Chia sẻ kinh nghiệm công tác phòng, chống dịch COVID-19"
    assert not page.title_is_provisional
    assert page.published_date == dt.date(2021, 11, 1)
    assert page.published_time == dt.time(22, 57)
    assert page.date_day_month == (1, 11)
    assert page.view_count == 923
    assert page.byline == "Ngô Văn Thật"
    assert page.author_unit == "Phòng Tham mưu"
    assert page.source is None
    assert page.rating == Rating(score=5, votes=1)
    assert page.lead.startswith("Ngày 01/11/2021, tại Hội trường trực tuyến")
    assert len(page.paragraphs) == 4
    assert page.paragraphs[0].startswith("Tại buổi làm việc với Công an tỉnh Hậu Giang")
    assert page.paragraphs[-1] == (
        "Nhân dịp này, Công an Thành phố Hồ Chí Minh tặng quà hỗ trợ công tác phòng, "
        "chống dịch COVID-19 cho Công an tỉnh Hậu Giang./."
    )
    assert page.captions == [
        Caption(
            "Đồng chí Thiếu tướng Lê Hồng Nam, Ủy viên Ban Thường vụ Thành ủy, Giám đốc Công an "
            "Thành phố Hồ Chí Minh, Trưởng đoàn chia sẻ kinh nghiệm phòng, chống dịch",
            None,
        ),
        Caption(
            "Đoàn công tác thành phố Hồ Chí Minh tặng quà hỗ trợ phục vụ công tác phòng, "
            "chống dịch cho Công an tỉnh Hậu Giang",
            None,
        ),
    ]
    assert page.related_headlines == []
    assert page.warnings == []
    data = page.to_contract_dict()
    assert data["published_date"] == "2021-11-01"
    assert data["published_time"] == "22:57"
    assert data["rating"] == {"score": 5, "votes": 1}


def test_seed_001_no_title_no_year():
    page = seed("001")
    assert page.title_is_provisional
    assert page.title.startswith("Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh Đồng Văn Thanh tiếp")
    assert len(page.title) <= 101
    assert page.title.endswith("…")
    assert page.lead.startswith("Ngày 03/8, Phó Bí thư Tỉnh ủy")
    # The related headlines carry 2022 dates: they belong to other articles, not evidence.
    assert page.published_date is None
    assert page.date_day_month == (3, 8)
    assert page.published_time is None
    assert page.view_count is None
    assert page.byline == "An Nhiên"
    assert page.author_unit is None
    assert page.source == "Cổng thông tin điện tử Hậu Giang"
    assert page.rating is None
    assert [c.text for c in page.captions] == [
        "Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh Đồng Văn Thanh phát biểu tại buổi làm việc",
        "Thứ trưởng Lê Quốc Hùng phát biểu chỉ đạo tại buổi làm việc",
        "Thứ trưởng Lê Quốc Hùng tặng trang thiết bị y tế phòng, chống dịch cho tỉnh Hậu Giang",
    ]
    assert all(c.credit is None for c in page.captions)
    assert len(page.paragraphs) == 6
    assert page.paragraphs[-1].endswith(
        "các trang thiết bị, vật tư y tế phục vụ công tác phòng, chống dịch."
    )
    related = page.related_headlines
    assert len(related) == 11
    assert related[0].title == (
        "Hậu Giang: Đẩy nhanh tiến độ triển khai Đề án Xây dựng chính quyền điện tử "
        "và Đô thị thông minh"
    )
    assert related[0].date == dt.date(2022, 12, 20)
    assert related[8].title.endswith("từ nay đến ngày 31/7/2022")
    assert related[8].date == dt.date(2022, 6, 28)
    assert related[-1].date == dt.date(2022, 6, 15)
    assert all(r.date is not None for r in related)
    warnings = " ".join(page.warnings)
    assert "tiêu đề tạm" in warnings
    assert "Không rõ năm" in warnings
    assert "tác giả" not in warnings


def test_seed_002_views_above_title_date_from_lead():
    page = seed("002")
    assert page.title == (
        "Thứ trưởng Bộ Công an làm việc trực tuyến với công an khu vực phía Nam về phòng, "
        "chống COVID-19"
    )
    assert not page.title_is_provisional
    assert page.view_count == 364
    assert page.published_date is None
    assert page.date_day_month == (13, 7)
    assert page.byline == "Diễm Hương"
    assert page.source is None
    assert page.lead.startswith("Sáng ngày 13-7, Thiếu tướng Lê Quốc Hùng")
    assert page.captions == [
        Caption("Quang cảnh Hội nghị tại điểm cầu Công an tỉnh Sóc Trăng.", "Đức Trung")
    ]
    assert len(page.paragraphs) == 2
    assert page.paragraphs[-1].endswith("Chỉ thị 16 và Chỉ thị 15 của Thủ tướng Chính phủ…")
    assert page.related_headlines == []
    assert page.rating is None
    assert any("Không rõ năm" in w for w in page.warnings)


def test_seed_003_police_newspaper_with_agency_tag():
    page = seed("003")
    assert page.title == "Bộ Công an tăng cường chi viện lực lượng vào TPHCM chống dịch"
    assert page.published_date == dt.date(2021, 7, 5)
    assert page.published_time == dt.time(9, 57)
    assert page.source == "CAO"
    assert page.byline is None
    assert any("tác giả" in w for w in page.warnings)
    assert page.lead.startswith("Chiều 04/7/2021, tại Hà Nội")
    assert "(CAO)" not in page.lead
    assert page.captions == [
        Caption("Thứ trưởng Nguyễn Văn Sơn phát biểu tại buổi làm việc.", None),
        Caption("Buổi làm việc được tổ chức trực tuyến.", None),
    ]
    assert len(page.paragraphs) == 6
    assert page.paragraphs[0].endswith("Bệnh viện 199, Bệnh viện 30/4...")
    assert page.paragraphs[-1].endswith("tham gia công tác phòng, chống dịch Covid-19…")
    assert page.view_count is None
    assert page.related_headlines == []


def test_seed_004_ttxvn_captions_and_related_after_byline():
    page = seed("004")
    assert page.title == "Thành phố Hồ Chí Minh tri ân sự hỗ trợ của tỉnh Hậu Giang"
    assert page.published_date is None
    assert page.date_day_month == (1, 11)
    assert any("Không rõ năm" in w for w in page.warnings)
    assert page.byline == "Hồng Thái"
    assert page.source == "TTXVN"
    assert page.lead.startswith("Sáng 1/11, Đoàn công tác Công an TP Hồ Chí Minh")
    assert len(page.captions) == 3
    assert all(c.credit == "Hồng Thái/TTXVN" for c in page.captions)
    assert page.captions[0].text.startswith("Lãnh đạo tỉnh Hậu Giang nhận bảng tượng trưng")
    assert page.captions[2].text == (
        "Bí thư Tỉnh ủy Hậu Giang Nghiêm Xuân Thành phát biểu tại buổi làm việc."
    )
    assert len(page.paragraphs) == 8
    assert page.paragraphs[-1] == (
        "Dịp này, Đoàn công tác đã tặng tỉnh Hậu Giang 500 triệu đồng hỗ trợ công tác phòng, "
        "chống dịch COVID-19."
    )
    assert [r.title for r in page.related_headlines] == [
        "Tri ân các tình nguyện viên tôn giáo tham gia tuyến đầu phòng, chống dịch"
    ]
    assert all("Tri ân các tình nguyện viên" not in t for t in all_text(page))
    assert all("Ngày 29/10" not in t for t in all_text(page))
