"""A small grammar for the date lines of Vietnamese news pages (pure Python, no Django).

``dateparser`` was tried and fails on these pages (weekday names, "Sáng ngày 13-7", day-first
dates without a year, view counters glued to the date line), so we keep our own grammar.

Two entry points:

- :func:`parse_date_line` recognises a line that *is* a date line, as printed under a headline:
  "Thứ hai - 01/11/2021 22:57 923 0", "Thứ Hai, 05/07/2021 09:57", "Cập nhật: 14:20 ngày
  03/02/2023", "Thứ Sáu, 9/6, 15h30", "Chủ nhật, 12/3/2023 - 08:15 (GMT+7)", "Ngày 03/8".
- :func:`parse_lead_date` recognises the date that opens a lead paragraph: "Ngày 03/8, ...",
  "Sáng ngày 13-7, ...", "Sáng 1/11, ...", "Chiều 04/7/2021, tại Hà Nội, ...".

Dates are always day-first. Numbers inside sentences ("Bệnh viện 30/4", "đường 3/2",
"Chỉ thị 16/CT-TTg") are never dates for this module: only whole date lines and the opening
words of a lead are read. A date without a year keeps ``year=None``; :func:`infer_year` fills it
only from evidence in the article's own text and says which evidence it used.

Every pattern works on the *folded* text (``newsroom.text.fold``: no diacritics, lower case,
đ -> d, single spaces), so "Thứ Hai", "THỨ HAI" and "Thu hai" read alike.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from newsroom.text import fold

# Weekday words (folded) -> Python weekday number (Monday = 0).
WEEKDAYS: dict[str, int] = {
    "thu hai": 0,
    "thu 2": 0,
    "t2": 0,
    "thu ba": 1,
    "thu 3": 1,
    "t3": 1,
    "thu tu": 2,
    "thu 4": 2,
    "t4": 2,
    "thu nam": 3,
    "thu 5": 3,
    "t5": 3,
    "thu sau": 4,
    "thu 6": 4,
    "t6": 4,
    "thu bay": 5,
    "thu 7": 5,
    "t7": 5,
    "chu nhat": 6,
    "cn": 6,
}

_WEEKDAY_KEYS = {k.replace(" ", ""): v for k, v in WEEKDAYS.items()}

WEEKDAY_NAMES = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")

# Labels that may precede a date line (folded).
DATE_LABELS = (
    "ngay cap nhat",
    "cap nhat luc",
    "cap nhat ngay",
    "cap nhat",
    "ngay dang tai",
    "ngay dang",
    "dang ngay",
    "dang luc",
    "dang tai",
    "ngay xuat ban",
    "xuat ban ngay",
    "xuat ban luc",
    "xuat ban",
    "thoi gian dang",
    "thoi gian",
    "ngay viet",
    "posted on",
    "posted",
    "published",
    "updated",
    "ngay",
)

# Time-of-day words that open a lead ("Sáng 1/11, ...") (folded).
LEAD_DAYPARTS = (
    "rang sang",
    "sang som",
    "sang qua",
    "sang nay",
    "sang",
    "chieu toi",
    "chieu qua",
    "chieu nay",
    "chieu",
    "trua qua",
    "trua nay",
    "trua",
    "toi qua",
    "toi nay",
    "toi",
    "dem qua",
    "dem",
    "khuya",
    "hom qua",
    "hom nay",
    "vao ngay",
    "trong ngay",
    "ngay",
)

_WD = r"(?:thu\s*(?:hai|ba|tu|nam|sau|bay|[2-7])|chu\s*nhat|cn|t[2-7])"
# Month names as printed ("Tháng Tư", "tháng Mười Hai", "tháng Giêng"), folded, longest first.
MONTH_WORDS: dict[str, int] = {
    "muoi mot": 11,
    "muoi hai": 12,
    "mot": 1,
    "gieng": 1,
    "hai": 2,
    "ba": 3,
    "tu": 4,
    "bon": 4,
    "nam": 5,
    "sau": 6,
    "bay": 7,
    "tam": 8,
    "chin": 9,
    "muoi": 10,
    "chap": 12,
}
_MONTH_WORD = "|".join(MONTH_WORDS)

# Parts of the day that follow a clock time ("7:30 tối", "9:12 sáng") (folded).
DAYPARTS_AFTER_TIME = ("sang", "trua", "chieu", "toi", "dem", "khuya")

_TIME = (
    r"(?:[01]?\d|2[0-3])"
    r"(?:\s*:\s*[0-5]\d(?:\s*:\s*[0-5]\d)?|\s*(?:h|g|gio)(?:\s*[0-5]\d)?(?:\s*phut)?)"
    r"(?:\s*(?:am|pm|sa|ch)\b|\s+(?:" + "|".join(DAYPARTS_AFTER_TIME) + r")\b)?"
)
_DMY = (
    r"(?P<d>[0-3]?\d)\s*(?P<sep>[/.-])\s*(?P<m>[01]?\d)"
    r"(?:(?:[/.](?P<y2>\d{2})(?!\d))|\s*[/.-]\s*(?P<y>(?:19|20)\d{2}))?"
    r"|(?P<dd>[0-3]?\d)\s+thang\s+(?P<mm>[01]?\d|" + _MONTH_WORD + r")"
    r"(?:\s*,?\s*(?:nam\s+)?(?P<yy>(?:19|20)\d{2}))?"
    r"|(?P<iy>(?:19|20)\d{2})-(?P<im>[01]\d)-(?P<id>[0-3]\d)(?:t(?=\d))?"
)
_GMT = r"(?:\s*\(?\s*(?:gmt|utc)\s*\+\s*0?7(?::?00)?\s*\)?)"
_VIEWS = (
    r"(?:\s*[|\-–•]?\s*(?:luot xem|luot doc|da xem|so lan xem|xem)\s*:?\s*(?P<v1>\d[\d.,]*)"
    r"|\s*[|\-–•]?\s*(?P<v2>\d[\d.,]*)\s*(?:luot xem|luot doc))"
)

_DATE_LINE = re.compile(
    r"^(?:(?P<label>" + "|".join(DATE_LABELS) + r")\s*:?\s*)?"
    r"(?:(?P<wd>" + _WD + r")\s*[,\-–|:]?\s*)?"
    r"(?:(?P<t1>" + _TIME + r")\s*[,\-–|]?\s*)?"
    r"(?:(?P<wd2>" + _WD + r")\s*[,\-–|:]?\s*)?"
    r"(?:ngay\s*:?\s*)?"
    r"(?:" + _DMY + r")"
    r"(?:\s*[,\-–|]?\s*(?:luc\s*)?(?P<t2>" + _TIME + r"))?" + _GMT + r"?" + _VIEWS + r"?"
    r"(?P<nums>(?:\s+\d[\d.,]*){0,3})"
    r"\s*[|\-–]?\s*$"
)

_TIME_PARTS = re.compile(r"(\d{1,2})\s*(?:gio|:|h|g)?\s*(\d{2})?")

_LEAD_DATE = re.compile(
    r"^(?:(?P<part>" + "|".join(LEAD_DAYPARTS) + r")\s+"
    r"(?:(?P<wd>" + _WD + r")\s*,?\s*)?(?:ngay\s+)?\(?\s*)"
    r"(?P<d>[0-3]?\d)\s*[/.-]\s*(?P<m>[01]?\d)(?:\s*[/.-]\s*(?P<y>(?:19|20)\d{2}))?"
    r"\s*\)?(?=[\s,;:.)]|$)"
)

# Years written as part of a date or with "năm": "4/2021", "03/8/2021", "năm 2021",
# "tháng 4 năm 2021". A bare four-digit number is not a year for us ("420.000 ca").
_YEAR_IN_TEXT = re.compile(
    r"(?:\b(?P<d>[0-3]?\d)[/.-])?\b(?P<m>[01]?\d)[/.-](?P<y>(?:19|20)\d{2})\b"
    r"|\b(?:năm|nam)\s+(?P<y3>(?:19|20)\d{2})\b",
    re.I,
)

_NUMBER = re.compile(r"\d[\d.,]*")


@dataclass(frozen=True)
class PartialDate:
    """A day and month, maybe a year, a weekday and a time, as printed on the page."""

    day: int
    month: int
    year: int | None = None
    weekday: int | None = None  # 0 = Monday (Thứ Hai) ... 6 = Sunday (Chủ nhật)
    time: dt.time | None = None

    def to_date(self) -> dt.date | None:
        if self.year is None:
            return None
        return dt.date(self.year, self.month, self.day)

    def with_year(self, year: int) -> PartialDate:
        return PartialDate(self.day, self.month, year, self.weekday, self.time)

    def weekday_matches(self) -> bool | None:
        """True/False when both a weekday and a year are known, else None."""
        if self.weekday is None or self.year is None:
            return None
        return dt.date(self.year, self.month, self.day).weekday() == self.weekday


@dataclass(frozen=True)
class DateLine:
    """A whole date line: its date and the counters printed after it (views, comments)."""

    date: PartialDate
    view_count: int | None = None
    numbers: tuple[int, ...] = ()


def parse_number(text: str) -> int | None:
    """'2.310' -> 2310, '1,606' -> 1606, '364' -> 364 (thousands separators either way)."""
    m = _NUMBER.search(text)
    if not m:
        return None
    digits = re.sub(r"[.,]", "", m.group(0))
    return int(digits) if digits else None


def _valid_day_month(day: int, month: int, year: int | None) -> bool:
    if not 1 <= month <= 12 or day < 1:
        return False
    if year is None:
        return day <= (29 if month == 2 else calendar.monthrange(2001, month)[1])
    return 1900 <= year <= 2100 and day <= calendar.monthrange(year, month)[1]


def parse_time(text: str | None) -> dt.time | None:
    if not text:
        return None
    m = _TIME_PARTS.search(text)
    if not m:
        return None
    hour, minute = int(m.group(1)), int(m.group(2) or 0)
    if re.search(r"\b(?:pm|ch|chieu|toi)\b", text) and hour < 12:
        hour += 12  # "3:20 CH", "7:30 tối"
    elif re.search(r"\b(?:am|sa)\b", text) and hour == 12:
        hour = 0  # "12:15 SA" is a quarter past midnight
    elif re.search(r"\btrua\b", text) and hour < 6:
        hour += 12  # "1 giờ trưa"
    elif re.search(r"\b(?:dem|khuya)\b", text) and (6 <= hour < 12 or hour == 12):
        hour = (hour + 12) % 24  # "10 giờ đêm", "12 giờ đêm"
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute)


def _weekday(text: str | None) -> int | None:
    if not text:
        return None
    return _WEEKDAY_KEYS.get(re.sub(r"\s+", "", text))


def parse_date_line(line: str, *, folded: str | None = None) -> DateLine | None:
    """Read a line that is a date line as a whole; None for anything else.

    ``folded`` may pass ``fold(line)`` when the caller already has it.
    """
    f = folded if folded is not None else fold(line)
    if not f or len(f) > 90 or not any(ch.isdigit() for ch in f):
        return None
    m = _DATE_LINE.match(f)
    if not m:
        return None
    g = m.groupdict()
    if g["d"] is not None:
        day, month = int(g["d"]), int(g["m"])
        year_text = g["y"] or g["y2"]
        year = None
        if year_text:
            year = int(year_text) + (2000 if len(year_text) == 2 else 0)
        if g["sep"] == "." and year is None and g["label"] is None and g["wd"] is None:
            return None  # "3.5" alone is a number, not a date
    elif g["dd"] is not None:
        day = int(g["dd"])
        month = int(g["mm"]) if g["mm"].isdigit() else MONTH_WORDS[g["mm"]]
        year = int(g["yy"]) if g["yy"] else None
    else:  # ISO 8601, as in <time datetime="2024-03-22T09:10">
        day, month, year = int(g["id"]), int(g["im"]), int(g["iy"])
    if not _valid_day_month(day, month, year):
        return None
    time = parse_time(g["t2"] or g["t1"])
    weekday = g["wd"] or g["wd2"]
    if g["label"] is None and weekday is None and time is None and year is None:
        # A bare "30/4" is more likely a name or a counter than a date line.
        return None
    numbers = tuple(n for n in (parse_number(x) for x in g["nums"].split()) if n is not None)
    views = parse_number(g["v1"] or g["v2"] or "")
    if views is None and numbers:
        views = numbers[0]  # NukeViet prints "<date> <views> <comments>"
    date = PartialDate(day, month, year, _weekday(weekday), time)
    return DateLine(date=date, view_count=views, numbers=numbers)


# Lines that print today's or the crawl's date, not the article's: "Hôm nay: Thứ Tư,
# 20/03/2024", "Ngày thu thập: 18/03/2024 08:02", "Truy cập ngày 12/3/2024" (folded).
_NOT_ARTICLE_DATE = re.compile(
    r"^(?:hom nay|bay gio|ngay hien tai|ngay thu thap|thu thap(?: luc| ngay)?|ngay truy cap|"
    r"truy cap(?: luc| ngay)?|ngay luu|luu luc|tai ve luc|crawled|fetched|retrieved|today)\b"
)


def is_not_article_date(folded: str) -> bool:
    """True for a date line that says it is today's or the crawl's date (folded text)."""
    return bool(_NOT_ARTICLE_DATE.match(folded))


_ISO = re.compile(
    r"^\s*(?P<y>(?:19|20)\d{2})-(?P<m>[01]\d)-(?P<d>[0-3]\d)"
    r"(?:[T ](?P<H>[0-2]\d):(?P<M>[0-5]\d)(?::[0-5]\d(?:\.\d+)?)?"
    r"\s*(?P<tz>Z|[+-][01]\d:?[0-5]\d)?)?"
)

VIETNAM_UTC_OFFSET = dt.timedelta(hours=7)


def parse_iso_datetime(value: str | None) -> tuple[dt.date, dt.time | None] | None:
    """An ISO 8601 date from page metadata -> (date, time or None), in Vietnam's time.

    "2023-08-14T07:45:12+07:00" -> (2023-08-14, 07:45); "2022-12-30T16:05:00" (no zone: the
    portal's local time) -> 16:05; "2023-08-14T00:45:12Z" -> 07:45 the same day;
    "2022-04-12" -> (2022-04-12, None). A midnight time with no zone says no time was given.
    """
    if not value:
        return None
    m = _ISO.match(value)
    if not m:
        return None
    try:
        date = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None
    if m["H"] is None:
        return date, None
    hour, minute = int(m["H"]), int(m["M"])
    if hour > 23:
        return None
    moment = dt.datetime.combine(date, dt.time(hour, minute))
    tz = m["tz"]
    if tz:
        if tz == "Z":
            offset = dt.timedelta(0)
        else:
            sign = -1 if tz[0] == "-" else 1
            digits = tz[1:].replace(":", "")
            offset = sign * dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        moment = moment - offset + VIETNAM_UTC_OFFSET
    elif (hour, minute) == (0, 0):
        return date, None
    return moment.date(), moment.time()


def parse_lead_date(text: str) -> PartialDate | None:
    """Read the date that opens a lead: "Sáng ngày 13-7, ..." -> PartialDate(13, 7)."""
    f = fold(text[:60])
    m = _LEAD_DATE.match(f)
    if not m:
        return None
    day, month = int(m.group("d")), int(m.group("m"))
    year = int(m.group("y")) if m.group("y") else None
    if not _valid_day_month(day, month, year):
        return None
    return PartialDate(day, month, year, _weekday(m.group("wd")))


def years_in_text(text: str) -> dict[int, list[tuple[int | None, int | None]]]:
    """Years written in dates or after "năm" in ``text``, with the (day, month) they came with."""
    found: dict[int, list[tuple[int | None, int | None]]] = {}
    for m in _YEAR_IN_TEXT.finditer(text):
        if m.group("y3"):
            found.setdefault(int(m.group("y3")), []).append((None, None))
            continue
        day = int(m.group("d")) if m.group("d") else None
        month = int(m.group("m"))
        if not 1 <= month <= 12:
            continue
        found.setdefault(int(m.group("y")), []).append((day, month))
    return found


def infer_year(date: PartialDate, article_text: str) -> tuple[int | None, str]:
    """Fill a missing year from evidence in the article's own text (never related-news lists).

    Returns (year or None, explanation). Evidence, strongest first:

    1. the same day and month written with a year elsewhere in the article ("03/8/2021");
    2. the printed weekday, which matches exactly one of the years the article mentions;
    3. without a weekday: the article mentions exactly one year, in a date not later in the
       year than the publication's day and month ("Từ tháng 4/2021 đến nay", published 1/11).

    Otherwise the year stays unknown.
    """
    if date.year is not None:
        return date.year, ""
    years = years_in_text(article_text)
    same_day = sorted(
        y for y, dms in years.items() if (date.day, date.month) in dms and _ok(date, y)
    )
    if len(same_day) == 1:
        return same_day[0], (
            f"năm {same_day[0]} suy ra từ ngày {date.day:02d}/{date.month:02d}/{same_day[0]} "
            "viết trong bài"
        )
    if date.weekday is not None:
        candidates = sorted(y for y in years if _ok(date, y) and _weekday_ok(date, y))
        if len(candidates) == 1:
            return candidates[0], (
                f"năm {candidates[0]} suy ra từ thứ trong tuần ({WEEKDAY_NAMES[date.weekday]}) "
                f"và năm nhắc đến trong bài"
            )
        return None, ""
    if len(years) == 1:
        ((year, dms),) = years.items()
        dated = [(d, m) for d, m in dms if m is not None]
        if (
            dated
            and _ok(date, year)
            and all((m, d or 1) <= (date.month, date.day) for d, m in dated)
        ):
            return year, f"năm {year} suy ra từ năm duy nhất nhắc đến trong bài"
    return None, ""


def _ok(date: PartialDate, year: int) -> bool:
    return _valid_day_month(date.day, date.month, year)


def _weekday_ok(date: PartialDate, year: int) -> bool:
    return dt.date(year, date.month, date.day).weekday() == date.weekday
