"""The Vietnamese date-line grammar (articles.ingestion.dates), no database."""

from __future__ import annotations

import datetime as dt

import pytest

from articles.ingestion.dates import (
    PartialDate,
    infer_year,
    parse_date_line,
    parse_lead_date,
    parse_number,
    years_in_text,
)


@pytest.mark.parametrize(
    ("line", "day", "month", "year", "time", "weekday", "views"),
    [
        ("Thứ hai - 01/11/2021 22:57 923 0", 1, 11, 2021, (22, 57), 0, 923),
        ("Thứ Hai, 05/07/2021 09:57", 5, 7, 2021, (9, 57), 0, None),
        ("Cập nhật: 14:20 ngày 03/02/2023", 3, 2, 2023, (14, 20), None, None),
        ("Thứ Sáu, 9/6, 15h30", 9, 6, None, (15, 30), 4, None),
        ("Thứ Sáu, 09/06/2023 15:30 (GMT+7)", 9, 6, 2023, (15, 30), 4, None),
        ("Thứ Tư, 15/11/2023 08:05 GMT+7", 15, 11, 2023, (8, 5), 2, None),
        ("Chủ nhật, 12/3/2023 - 08:15", 12, 3, 2023, (8, 15), 6, None),
        ("Ngày 03/8", 3, 8, None, None, None, None),
        ("Ngày đăng: 20/12/2022", 20, 12, 2022, None, None, None),
        ("THỨ BẢY, 1/1/2022 | 7:05", 1, 1, 2022, (7, 5), 5, None),
        ("Thứ 3, 05-09-2023", 5, 9, 2023, None, 1, None),
        ("Thứ năm - 04/01/2024 10:15 | Lượt xem: 2.310", 4, 1, 2024, (10, 15), 3, 2310),
        ("05/07/21 09:57", 5, 7, 2021, (9, 57), None, None),
        ("Thứ hai, ngày 5 tháng 7 năm 2021", 5, 7, 2021, None, 0, None),
        ("Thứ sáu, 9/6, 15 giờ 30", 9, 6, None, (15, 30), 4, None),
    ],
)
def test_date_lines(line, day, month, year, time, weekday, views):
    parsed = parse_date_line(line)
    assert parsed is not None, line
    date = parsed.date
    assert (date.day, date.month, date.year) == (day, month, year)
    assert date.time == (dt.time(*time) if time else None)
    assert date.weekday == weekday
    assert parsed.view_count == views


@pytest.mark.parametrize(
    "line",
    [
        "Bệnh viện 30/4",
        "đường 3/2",
        "Chỉ thị 16/CT-TTg",
        "30/4",
        "Ngày 32/13",
        "Thứ hai - 31/02/2021",
        "Ngày 03/8, Phó Bí thư Tỉnh ủy tiếp và làm việc với Đoàn công tác",
        "dokhoa 20/12/2022 09:24 -",
        "Kỳ họp thứ 13 HĐND tỉnh",
        "Hội nghị 2021-2026",
        "",
        "1 2 3 4 5 ...",
    ],
)
def test_not_date_lines(line):
    assert parse_date_line(line) is None


@pytest.mark.parametrize(
    ("lead", "expected"),
    [
        ("Ngày 03/8, Phó Bí thư Tỉnh ủy tiếp đoàn", PartialDate(3, 8)),
        ("Sáng ngày 13-7, Thiếu tướng Lê Quốc Hùng chủ trì", PartialDate(13, 7)),
        ("Sáng 1/11, Đoàn công tác Công an TP Hồ Chí Minh", PartialDate(1, 11)),
        ("Chiều 04/7/2021, tại Hà Nội, Thượng tướng", PartialDate(4, 7, 2021)),
        ("Rạng sáng 14/11, Công an tỉnh phối hợp", PartialDate(14, 11)),
        ("Tối qua (4/7), lực lượng chức năng", PartialDate(4, 7)),
        ("Sáng thứ Hai, 5/7, tại trụ sở", PartialDate(5, 7, None, 0)),
    ],
)
def test_lead_dates(lead, expected):
    assert parse_lead_date(lead) == expected


@pytest.mark.parametrize(
    "lead",
    [
        "Tại Bệnh viện 30/4, các y bác sĩ đã",
        "Trên đường 3/2, lực lượng Cảnh sát giao thông",
        "Thực hiện Chỉ thị 16/CT-TTg, tỉnh đã",
        "Ngày hội Đại đoàn kết toàn dân tộc",
        "Trong 2 ngày 12 và 13/7, đoàn công tác",
        "Sáng 45/7, lỗi",
    ],
)
def test_not_lead_dates(lead):
    assert parse_lead_date(lead) is None


def test_numbers_with_thousand_separators():
    assert parse_number("2.310") == 2310
    assert parse_number("1,606") == 1606
    assert parse_number("76,049,132") == 76049132
    assert parse_number("364") == 364
    assert parse_number("không") is None


def test_years_in_text_ignores_names_and_bare_numbers():
    text = (
        "Từ tháng 4/2021 đến nay có hơn 420.000 ca; Bệnh viện 30/4; Chỉ thị 16/CT-TTg; "
        "kế hoạch năm 2022; ngày 03/8/2021."
    )
    years = years_in_text(text)
    assert set(years) == {2021, 2022}
    assert (3, 8) in years[2021]
    assert (None, 4) in years[2021]


def test_infer_year_from_weekday_and_body_year():
    date = PartialDate(9, 6, weekday=4)  # Thứ Sáu, 9/6
    year, reason = infer_year(date, "sáu tháng đầu năm 2023 so với năm 2022")
    assert year == 2023
    assert "Thứ Sáu" in reason


def test_weekday_alone_or_ambiguous_is_not_enough():
    assert infer_year(PartialDate(9, 6, weekday=4), "không có năm nào") == (None, "")
    # 1/1 was a Saturday in both 2011 and 2022.
    assert infer_year(PartialDate(1, 1, weekday=5), "năm 2011 và năm 2022")[0] is None


def test_infer_year_from_same_date_with_year_in_body():
    year, reason = infer_year(PartialDate(3, 8), "Đến ngày 03/8/2021, toàn tỉnh đã tiêm ...")
    assert year == 2021
    assert "03/08/2021" in reason


def test_infer_year_from_single_earlier_dated_year():
    year, _ = infer_year(PartialDate(1, 11), "Từ tháng 4/2021 đến nay, thành phố đã ...")
    assert year == 2021
    # A later month in the same year cannot be before the publication: no inference.
    assert infer_year(PartialDate(1, 3), "kế hoạch đến tháng 12/2021")[0] is None
    # Two different years: no inference without a weekday.
    assert infer_year(PartialDate(1, 11), "tháng 4/2021 và tháng 5/2020")[0] is None


def test_no_year_evidence_leaves_year_unknown():
    assert infer_year(PartialDate(13, 7), "Chỉ thị 16 và Chỉ thị 15, Covid-19, F0, F1") == (
        None,
        "",
    )


def test_partial_date_helpers():
    date = PartialDate(5, 7, 2021, weekday=0)
    assert date.to_date() == dt.date(2021, 7, 5)
    assert date.weekday_matches() is True
    assert PartialDate(5, 7, 2021, weekday=3).weekday_matches() is False
    assert PartialDate(5, 7).to_date() is None
    assert PartialDate(5, 7).with_year(2021).to_date() == dt.date(2021, 7, 5)
