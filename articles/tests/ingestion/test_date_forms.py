"""Every date form a Vietnamese portal prints (articles.ingestion.dates), no database."""

from __future__ import annotations

import datetime as dt

import pytest

from articles.ingestion.dates import is_not_article_date, parse_date_line, parse_iso_datetime
from articles.ingestion.parser import parse_text
from newsroom.text import fold


@pytest.mark.parametrize(
    ("line", "date", "time"),
    [
        # weekday and dd/mm/yyyy hh:mm
        ("Thứ hai - 05/07/2021 09:57", (2021, 7, 5), (9, 57)),
        # dashes and bars, "Cập nhật:"
        ("Cập nhật: 05-07-2021 | 09:57", (2021, 7, 5), (9, 57)),
        ("15:35 - 15/11/2023", (2023, 11, 15), (15, 35)),
        # long form
        ("Thứ Hai, ngày 5 tháng 7 năm 2021, lúc 9 giờ 57", (2021, 7, 5), (9, 57)),
        ("Ngày 5 tháng 7, năm 2021", (2021, 7, 5), None),
        # 12-hour forms
        ("05/07/2021 9:57 SA", (2021, 7, 5), (9, 57)),
        ("Chủ nhật, 12/11/2023, 3:20 CH", (2023, 11, 12), (15, 20)),
        ("12:05 SA, 03/02/2023", (2023, 2, 3), (0, 5)),
        ("Đăng lúc: 7:30 tối, Thứ Bảy 02/09/2023", (2023, 9, 2), (19, 30)),
        ("14 Tháng Tám, 2023 lúc 8:40 chiều", (2023, 8, 14), (20, 40)),
        ("16/08/2023 lúc 9:12 sáng", (2023, 8, 16), (9, 12)),
        # month names
        ("Thứ Sáu, 14 Tháng Tư 2023, 08:30 (GMT+7)", (2023, 4, 14), (8, 30)),
        ("Ngày đăng: 12 Tháng 4 2022", (2022, 4, 12), None),
        ("25 tháng Mười Hai, 2022", (2022, 12, 25), None),
        ("Thứ Năm, 1 tháng Giêng 2015", (2015, 1, 1), None),
        # (GMT+7)
        ("Chủ nhật, 12/3/2023 - 08:15 (GMT+7)", (2023, 3, 12), (8, 15)),
    ],
)
def test_date_line_forms(line, date, time):
    parsed = parse_date_line(line)
    assert parsed is not None, line
    assert parsed.date.to_date() == dt.date(*date)
    assert parsed.date.time == (dt.time(*time) if time else None)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-08-14T07:45:12+07:00", ((2023, 8, 14), (7, 45))),
        ("2023-08-14T07:45:12+0700", ((2023, 8, 14), (7, 45))),
        ("2022-12-30T16:05:00", ((2022, 12, 30), (16, 5))),  # no zone: the portal's own time
        ("2023-08-13T20:45:00Z", ((2023, 8, 14), (3, 45))),  # UTC, across midnight
        ("2023-08-14T02:45:00+02:00", ((2023, 8, 14), (7, 45))),
        ("2023-08-14 07:45", ((2023, 8, 14), (7, 45))),
        ("2022-04-12", ((2022, 4, 12), None)),
        ("2022-04-12T00:00:00", ((2022, 4, 12), None)),  # a date stored without its time
        ("14/08/2023", None),
        ("2023-02-30T10:00:00", None),
    ],
)
def test_iso_metadata_dates(value, expected):
    parsed = parse_iso_datetime(value)
    if expected is None:
        assert parsed is None
    else:
        date, time = expected
        assert parsed == (dt.date(*date), dt.time(*time) if time else None)


@pytest.mark.parametrize(
    "line",
    [
        "Hôm nay: Thứ Tư, 20/03/2024",
        "Ngày thu thập: 18/03/2024 08:02",
        "Truy cập ngày 12/3/2024",
    ],
)
def test_today_and_crawl_dates_are_not_article_dates(line):
    assert parse_date_line(line) is not None or is_not_article_date(fold(line))
    assert is_not_article_date(fold(line))


LEAD = (
    "Sáng 5/7, Công an tỉnh tổ chức hội nghị triển khai kế hoạch cao điểm tấn công, trấn áp "
    "các loại tội phạm, bảo đảm an ninh, trật tự trên địa bàn tỉnh."
)


@pytest.mark.parametrize(
    "header",
    [
        [
            "Hôm nay: Thứ Ba, 12/03/2024",
            "Công an tỉnh triển khai đợt cao điểm trấn áp tội phạm",
            "Thứ Hai, 05/07/2021 09:57",
        ],
        [
            "Thứ Ba, 12/03/2024",
            "CÔNG AN TỈNH QUẢNG NINH",
            "Tin tức",
            "Công an tỉnh triển khai đợt cao điểm trấn áp tội phạm",
            "Thứ Hai, 05/07/2021 09:57",
        ],
        [
            "Ngày thu thập: 18/03/2024 08:02",
            "Thứ Hai, 05/07/2021 09:57",
            "Công an tỉnh triển khai đợt cao điểm trấn áp tội phạm",
        ],
    ],
)
def test_header_today_or_crawl_date_is_ignored(header):
    page = parse_text("\n".join([*header, LEAD]))
    assert page.title == "Công an tỉnh triển khai đợt cao điểm trấn áp tội phạm"
    assert (page.published_date, page.published_time) == (dt.date(2021, 7, 5), dt.time(9, 57))
