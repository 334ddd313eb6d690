"""Our own test pages in other portal styles (ingestion/pages/), parsed without a database.

Each page has a small dict of expected values. Special keys:
  lead_starts, paragraph_count, last_paragraph_ends, captions [(text, credit)],
  related [(title, "YYYY-MM-DD" | None)], warnings_contain [substring], no_warning [substring].
Every other key is compared with the ParsedPage attribute of the same name.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from articles.ingestion.parser import NoBodyError, ParsedPage, Rating, parse_bytes, parse_text

PAGES = Path(__file__).resolve().parent / "pages"

FURNITURE = (
    "Thống kê truy cập",
    "Đang truy cập",
    "Đang online",
    "Tổng số điểm",
    "Xếp hạng",
    "Click để đánh giá",
    "Các tin khác",
    "Tin liên quan",
    "Tin đã đưa",
    "Tin xem nhiều",
    "Bình luận",
    "Chia sẻ",
    "Lên đầu trang",
    "In bài",
    "Trang chủ",
    "Lượt xem",
    "Rao vặt",
    "Các đơn vị thông tin",
    "Bản quyền",
    "Chào mừng",
    "Xem thêm",
    "Số người online",
    "Từ khóa",
    "Nội dung bình luận",
    "Cổng thông tin điện tử",
    "quảng cáo",
    "gaId",
)

EXPECTED: dict[str, dict] = {
    "p01_nukeviet_breadcrumb.txt": {
        "title": "Công an tỉnh tổng kết công tác bảo đảm an ninh trật tự năm 2023",
        "title_is_provisional": False,
        "published_date": dt.date(2024, 1, 4),
        "published_time": dt.time(10, 15),
        "view_count": 2310,
        "byline": "Trần Minh Khoa",  # printed above the date line
        "author_unit": None,
        "source": None,
        "rating": Rating(score=4.5, votes=2),  # "9 trong 2 đánh giá" is a total of points
        "lead_starts": "Sáng 04/01, Công an tỉnh tổ chức hội nghị tổng kết",
        "paragraph_count": 3,
        "last_paragraph_ends": "không để bị động, bất ngờ trong mọi tình huống.",
        "captions": [
            (
                "Đại tá Phạm Quốc Dũng, Giám đốc Công an tỉnh phát biểu khai mạc hội nghị.",
                "Hoàng Lâm",
            ),
            ("Các đại biểu dự hội nghị tổng kết", None),
        ],
        "related": [
            ("Công an huyện Phụng Hiệp ra quân tấn công trấn áp tội phạm dịp Tết", "2024-01-03"),
            ("Trao tặng nhà tình nghĩa cho gia đình chính sách tại xã Tân Bình", "2024-01-02"),
            ("Tuổi trẻ Công an tỉnh tham gia hiến máu tình nguyện đợt cuối năm", "2023-12-28"),
        ],
        "warnings": [],
    },
    "p02_no_date_theo_bao.txt": {
        "title": "Người dân giao nộp vũ khí, vật liệu nổ cho Công an xã Vị Thủy",
        "published_date": None,
        "published_time": None,
        "date_day_month": None,
        "view_count": None,
        "byline": None,
        "source": "Báo Hậu Giang",
        "lead_starts": "Qua công tác tuyên truyền, vận động",
        "paragraph_count": 2,
        "last_paragraph_ends": "bảo đảm an toàn cho bản thân và cộng đồng.",
        "captions": [],
        "related": [],
        "warnings_contain": ["Không tìm thấy ngày đăng", "tác giả"],
    },
    "p03_cand_related_middle.txt": {
        "title": "Bắt giữ nhóm đối tượng vận chuyển ma túy qua biên giới",
        "published_date": dt.date(2023, 11, 15),
        "published_time": dt.time(8, 5),
        "byline": "Minh Khôi",
        "source": "CAND",
        "lead_starts": "Rạng sáng 14/11, Công an tỉnh phối hợp với Bộ đội Biên phòng",
        "paragraph_count": 3,
        "last_paragraph_ends": "xử lý theo quy định của pháp luật.",
        "captions": [],
        # The list sits in the middle of the body; the sidebar's "Tin xem nhiều" is not related.
        "related": [
            ("Triệt phá đường dây mua bán ma túy liên tỉnh", None),
            ("Tăng cường kiểm soát tuyến biên giới cuối năm", None),
        ],
        "warnings": [],
    },
    "p04_cap_nhat_nguon.txt": {
        "title": "Ra mắt mô hình camera an ninh tại phường 7",
        "published_date": dt.date(2023, 2, 3),
        "published_time": dt.time(14, 20),
        "view_count": 1045,
        "byline": None,
        "source": "Báo Công an nhân dân",
        "lead_starts": "Chiều 03/02, Công an phường 7",
        "paragraph_count": 2,
        "captions": [],
        "warnings_contain": ["tác giả"],
    },
    "p05_weekday_infer_year.txt": {
        "title": "Sơ kết sáu tháng phong trào toàn dân bảo vệ an ninh Tổ quốc",
        # "Thứ Sáu, 9/6": of the years the article mentions (2022, 2023) only 2023 has
        # 9 June on a Friday.
        "published_date": dt.date(2023, 6, 9),
        "published_time": dt.time(15, 30),
        "date_day_month": (9, 6),
        "byline": "Lê Thanh Tâm",
        "author_unit": "Công an huyện Long Mỹ",
        "source": None,
        "paragraph_count": 2,
        "warnings_contain": ["suy ra", "2023"],
    },
    "p06_ttxvn_style.txt": {
        "title": "Khánh thành trường học cho học sinh vùng khó khăn",
        "published_date": dt.date(2023, 10, 16),
        "published_time": dt.time(17, 45),
        "byline": "Thanh Sang",
        "source": "TTXVN",
        "lead_starts": "Chiều 16/10, tại xã Phương Bình",
        "paragraph_count": 2,
        "captions": [("Các đại biểu cắt băng khánh thành điểm trường.", "Thanh Sang/TTXVN")],
        "related": [("Trao học bổng cho học sinh nghèo vượt khó", None)],
        "warnings": [],
    },
    "p07_saved_page.html": {
        "title": "Diễn tập phòng cháy chữa cháy tại chợ Vị Thanh",
        "published_date": dt.date(2024, 3, 22),
        "published_time": dt.time(9, 10),
        "byline": "Hữu Phước",
        "lead_starts": "Sáng 22/3, Phòng Cảnh sát phòng cháy, chữa cháy",
        "paragraph_count": 3,
        "last_paragraph_ends": "biết cách sử dụng bình chữa cháy và thoát nạn khi có sự cố xảy ra.",
        "captions": [
            (
                "Lực lượng chữa cháy triển khai vòi phun tại khu vực giả định xảy ra cháy",
                "Bảo Ngọc",
            )
        ],
        "related": [
            ("Kiểm tra an toàn phòng cháy tại các cơ sở kinh doanh karaoke", None),
            ("Tuyên truyền phòng cháy cho học sinh đầu năm học", None),
        ],
        "warnings": [],
    },
    "p08_gov_portal_tin_da_dua.txt": {
        "title_is_provisional": True,
        "published_date": None,
        "date_day_month": (5, 9),
        "byline": "Bảo Trân",
        "source": "Cổng thông tin điện tử tỉnh",
        "lead_starts": "Ngày 05/9, Ủy ban nhân dân tỉnh tổ chức lễ khai giảng",
        "paragraph_count": 2,
        "captions": [("Quang cảnh lễ khai giảng lớp bồi dưỡng", None)],
        "related": [
            ("Hội nghị giao ban công tác cải cách hành chính quý III", "2023-08-30"),
            ("Tỉnh đón đoàn công tác của Bộ Nội vụ làm việc về chính quyền số", "2023-08-22"),
        ],
        "warnings_contain": ["tiêu đề tạm", "Không rõ năm"],
        "no_warning": ["tác giả"],
    },
    "p09_cao_wrapped_caption.txt": {
        "title": "Triển khai cao điểm bảo đảm trật tự an toàn giao thông dịp lễ",
        "published_date": dt.date(2023, 3, 12),
        "published_time": dt.time(8, 15),
        "byline": "Tú Anh - Quốc Việt",
        "source": "CAO",
        "lead_starts": "Ngày 11/3, Phòng Cảnh sát giao thông",
        "paragraph_count": 2,
        "captions": [
            (
                "Cán bộ Cảnh sát giao thông kiểm tra nồng độ cồn đối với người điều khiển "
                "phương tiện trên quốc lộ 61",
                "Hải Đăng",
            )
        ],
        "related": [],
        "warnings": [],
    },
    "p10_sidebar_first_location_dateline.txt": {
        # Marquee, menu and a "Tin mới" list come before the article; the section label sits
        # above the date line and the headline below it.
        "title": "Hội thi tuyên truyền viên giỏi về an toàn giao thông năm 2023",
        "published_date": dt.date(2023, 11, 6),
        "published_time": dt.time(16, 20),
        "view_count": 1512,
        "byline": "Nhóm PV",
        "source": "TTXVN",  # from "Hậu Giang (TTXVN) - " opening the lead
        "lead_starts": "Sáng 6/11, Công an tỉnh tổ chức vòng chung kết",
        "paragraph_count": 2,
        "captions": [
            ("Các đội thi trình bày phần thi kiến thức", "Minh Nhựt"),
            ("Các thí sinh giao lưu với khán giả sau phần thi kết thúc", None),
        ],
        "related": [
            ("Phát động phong trào an toàn giao thông trong trường học năm học mới", None),
            ("Khen thưởng tập thể có thành tích trong đợt cao điểm", "2023-11-05"),
            ("Kiểm tra công tác phòng cháy tại khu công nghiệp", "2023-11-02"),
        ],
        "warnings": [],
    },
    "p11_banner_menu_title_with_full_stop.txt": {
        # Portal banner in capitals, a flattened menu line, a headline printed with a full
        # stop right above "Ngày đăng: …", reader comments and a footer after the article.
        "title": "Trao tặng 50 căn nhà đại đoàn kết cho hộ nghèo",
        "published_date": dt.date(2023, 9, 5),
        "published_time": dt.time(8, 0),
        "view_count": 845,
        "byline": "Trần Hoàng Phúc",
        "source": None,
        "lead_starts": "Sáng 5/9, Công an tỉnh phối hợp với Ủy ban Mặt trận Tổ quốc tỉnh",
        "paragraph_count": 2,
        "last_paragraph_ends": "sự quan tâm của lực lượng Công an và chính quyền địa phương.",
        "captions": [],
        "related": [
            ("Khởi công xây dựng nhà tình thương cho gia đình chính sách", None),
            ("Thăm, tặng quà gia đình có công nhân dịp lễ", None),
        ],
        "warnings": [],
    },
}


def parse_page(name: str) -> ParsedPage:
    return parse_bytes((PAGES / name).read_bytes(), filename=name)


def test_every_page_has_expectations():
    assert sorted(p.name for p in PAGES.iterdir()) == sorted(EXPECTED)
    assert len(EXPECTED) >= 8


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_page(name):
    page = parse_page(name)
    expected = dict(EXPECTED[name])
    if "lead_starts" in expected:
        assert page.lead.startswith(expected.pop("lead_starts")), page.lead
    if "paragraph_count" in expected:
        assert len(page.paragraphs) == expected.pop("paragraph_count"), page.paragraphs
    if "last_paragraph_ends" in expected:
        assert page.paragraphs[-1].endswith(expected.pop("last_paragraph_ends"))
    if "captions" in expected:
        assert [(c.text, c.credit) for c in page.captions] == expected.pop("captions")
    if "related" in expected:
        assert [
            (r.title, r.date.isoformat() if r.date else None) for r in page.related_headlines
        ] == expected.pop("related")
    for fragment in expected.pop("warnings_contain", []):
        assert any(fragment in w for w in page.warnings), (fragment, page.warnings)
    for fragment in expected.pop("no_warning", []):
        assert not any(fragment in w for w in page.warnings), (fragment, page.warnings)
    for key, value in expected.items():
        assert getattr(page, key) == value, (key, getattr(page, key))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_page_body_has_no_furniture(name):
    page = parse_page(name)
    texts = [page.lead or "", *page.paragraphs, *(c.text for c in page.captions)]
    for text in texts:
        for marker in FURNITURE:
            assert marker not in text, (marker, text)
    if page.title and not page.title_is_provisional:
        assert all(text != page.title for text in texts)
    related_titles = {r.title for r in page.related_headlines}
    assert not related_titles & set(texts)


def test_html_page_detected_by_content_without_file_name():
    by_name = parse_page("p07_saved_page.html").to_contract_dict()
    by_content = parse_bytes((PAGES / "p07_saved_page.html").read_bytes()).to_contract_dict()
    assert by_content == by_name


def test_repeated_headline_and_date_are_not_duplicated():
    page = parse_page("p09_cao_wrapped_caption.txt")
    texts = [page.lead, *page.paragraphs, *(c.text for c in page.captions)]
    assert not any("Triển khai cao điểm bảo đảm" in t for t in texts)
    assert "(CAO)" not in page.lead


LEAD = (
    "Tại Bệnh viện 30/4, đoàn công tác đã thăm hỏi, động viên cán bộ, chiến sĩ đang điều trị "
    "và trao tặng nhiều phần quà ý nghĩa cho các gia đình có hoàn cảnh khó khăn."
)


def test_dates_in_names_body_and_related_lists_are_not_the_publish_date():
    text = "\n".join(
        [
            "Thăm hỏi cán bộ, chiến sĩ đang điều trị tại bệnh viện",
            LEAD,
            "Đoàn cũng làm việc với lãnh đạo đường 3/2 về việc thực hiện Chỉ thị 16/CT-TTg, "
            "rà soát kết quả từ ngày 12/5/2022 đến nay.",
            "Minh Tâm",
            "Tin khác",
            "Trao quà cho học sinh nghèo vượt khó ở vùng sâu (20/12/2022)",
            "dokhoa 14/12/2022 15:40 -",
        ]
    )
    page = parse_text(text)
    assert page.published_date is None
    assert page.date_day_month is None
    assert any("Không tìm thấy ngày đăng" in w for w in page.warnings)
    assert page.related_headlines[0].date == dt.date(2022, 12, 20)


def test_visitor_counters_are_not_the_view_count():
    text = "\n".join(
        [
            "Thăm hỏi cán bộ, chiến sĩ đang điều trị tại bệnh viện",
            "Thứ Ba, 06/06/2023 07:30",
            LEAD,
            "Thống kê truy cập",
            "Đang online: 60",
            "Hôm nay: 2667",
            "Tổng lượt xem: 11,805,101",
        ]
    )
    page = parse_text(text)
    assert page.view_count is None
    assert page.published_date == dt.date(2023, 6, 6)


def test_weekday_that_contradicts_the_date_is_reported():
    text = "Thăm hỏi cán bộ, chiến sĩ đang điều trị tại bệnh viện\nThứ Hai, 06/06/2023\n" + LEAD
    page = parse_text(text)
    assert page.published_date == dt.date(2023, 6, 6)
    assert any("không khớp" in w for w in page.warnings)


def test_year_left_unknown_without_evidence_and_day_month_exposed():
    text = "Thăm hỏi cán bộ, chiến sĩ đang điều trị tại bệnh viện\nSáng 1/11, " + LEAD
    page = parse_text(text)
    assert page.published_date is None
    assert page.date_day_month == (1, 11)
    assert page.to_contract_dict()["published_date"] is None
    assert any("Không rõ năm" in w for w in page.warnings)


def test_page_without_body_raises_no_body_error():
    with pytest.raises(NoBodyError):
        parse_text("Trang chủ\nGiới thiệu\nThống kê truy cập\nĐang online: 60\n")
    with pytest.raises(NoBodyError):
        parse_text("")


def test_html_article_inside_a_furniture_looking_wrapper_is_still_found():
    html = (
        "<html><body><div class='menu'><h1>Tổ chức hội nghị triển khai nhiệm vụ công tác năm 2024"
        "</h1><p>Thứ Năm, 04/01/2024 10:15</p><p>Sáng 4/1, Công an tỉnh tổ chức hội nghị triển "
        "khai nhiệm vụ công tác năm 2024 với sự tham dự của lãnh đạo tỉnh.</p></div></body></html>"
    )
    page = parse_bytes(html.encode(), filename="page.html")
    assert page.title == "Tổ chức hội nghị triển khai nhiệm vụ công tác năm 2024"
    assert page.published_date == dt.date(2024, 1, 4)


def test_parse_decoded_matches_parse_bytes():
    from articles.ingestion.decode import decode_bytes
    from articles.ingestion.parser import parse_decoded

    for name in ("p07_saved_page.html", "p01_nukeviet_breadcrumb.txt"):
        data = (PAGES / name).read_bytes()
        assert (
            parse_decoded(decode_bytes(data), filename=name).to_contract_dict()
            == parse_bytes(data, filename=name).to_contract_dict()
        )
