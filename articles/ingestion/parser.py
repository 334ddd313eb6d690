"""Page text -> ParsedPage (pure Python, no Django, no database).

The parser reads the scraped text of one article page from the family of Vietnamese portals we
import from (NukeViet provincial police portals, CAND/CAO police newspapers, TTXVN, provincial
government portals) and separates the article from the site furniture around it.

How a page is read, top to bottom:

1. **Lines.** The text is normalised (NFC, one tone-mark convention, LF, plain spaces), split
   into stripped lines; blank lines are remembered as gaps. A related-news marker glued to the
   previous line ('nguồn "…"TIN KHÁC') is split off.
2. **Header** = every line before the first prose line (a sentence-like line: long, or ending
   with a full stop). It holds menus, breadcrumbs, section labels, view counters, the title,
   the date line and sometimes the byline. The title is the headline-like line next to the date
   line (or the last headline-like line when there is no date line); repeats are dropped.
3. **Body** runs from the first prose line until the article's end: a signature (byline line,
   "Nguồn: …", "Theo …"), a rating, a share/comment widget or a furniture block heading.
   Inside the body, a related-news heading ("Tin liên quan") opens a list of headlines that
   ends at the next real paragraph; "Chú thích ảnh" introduces a caption.
4. **Tail**: byline, author unit, source, rating, view count and related headlines are read;
   everything else (visitor statistics, sidebar links, film lists, pagers, footers) is dropped.
5. **Body items** become the lead, the paragraphs and the captions (short photo descriptions,
   wrapped lines joined, "Ảnh: …" credits split off).
6. **Dates** come from the date line, else from the lead's opening words ("Sáng 1/11, …");
   a missing year is inferred only from the article's own text (see ``dates.infer_year``).

Furniture is recognised by the data lists below (``FURNITURE_PATTERNS``, ``RELATED_HEADINGS``,
``SIDEBAR_ITEMS``…), matched on folded text (no diacritics, lower case): extend them there.
Everything guessed is reported in ``ParsedPage.warnings``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsroom.text import fold, normalize_text

from .dates import (
    WEEKDAY_NAMES,
    DateLine,
    PartialDate,
    infer_year,
    is_not_article_date,
    parse_date_line,
    parse_lead_date,
    parse_number,
)
from .decode import IngestionError, decode_bytes
from .html import html_blocks, looks_like_html
from .markup import Markup, read_markup, title_variants

PARSER_VERSION = "1.1.0"

__all__ = [
    "PARSER_VERSION",
    "Caption",
    "NoBodyError",
    "ParseError",
    "ParsedPage",
    "Rating",
    "RelatedHeadline",
    "parse_bytes",
    "parse_decoded",
    "parse_text",
]


class ParseError(IngestionError):
    """The text was decoded but is not an article page we can read."""


class NoBodyError(ParseError):
    """No article body was found on the page (no paragraph of prose)."""


# --------------------------------------------------------------------------------------------
# Result types
# --------------------------------------------------------------------------------------------


@dataclass
class Caption:
    """A photo caption and its credit ("Ảnh: Hồng Thái/TTXVN" -> credit "Hồng Thái/TTXVN")."""

    text: str
    credit: str | None = None


@dataclass
class RelatedHeadline:
    """A headline from a "Tin liên quan"/"TIN KHÁC" list: another article, not this one."""

    title: str
    date: dt.date | None = None


@dataclass
class Rating:
    """Readers' rating, the average on the portal's 5-point scale, and the number of votes.

    NukeViet prints the total: "Tổng số điểm của bài viết là: 9 trong 2 đánh giá" -> score 4.5,
    votes 2 (its "Xếp hạng: 4.5 - 2 phiếu bầu" line says the same); "5 trong 1" -> 5, 1.
    """

    score: int | float
    votes: int


@dataclass
class ParsedPage:
    """Everything the parser read from one page. See DESIGN.md for the JSON contract."""

    title: str | None = None
    title_is_provisional: bool = False
    published_date: dt.date | None = None
    published_time: dt.time | None = None
    # (day, month) whenever the page gives them, also when the year is unknown.
    date_day_month: tuple[int, int] | None = None
    view_count: int | None = None
    byline: str | None = None
    author_unit: str | None = None
    source: str | None = None
    lead: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    captions: list[Caption] = field(default_factory=list)
    related_headlines: list[RelatedHeadline] = field(default_factory=list)
    rating: Rating | None = None
    officials: list[Any] = field(default_factory=list)
    units: list[Any] = field(default_factory=list)
    events: list[Any] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_contract_dict(self) -> dict[str, Any]:
        """The JSON object of the ``parse_source`` contract, exactly its keys."""
        return {
            "title": self.title,
            "published_date": self.published_date.isoformat() if self.published_date else None,
            "published_time": (
                self.published_time.strftime("%H:%M") if self.published_time else None
            ),
            "view_count": self.view_count,
            "byline": self.byline,
            "author_unit": self.author_unit,
            "source": self.source,
            "lead": self.lead,
            "paragraphs": list(self.paragraphs),
            "captions": [{"text": c.text, "credit": c.credit} for c in self.captions],
            "related_headlines": [
                {"title": r.title, "date": r.date.isoformat() if r.date else None}
                for r in self.related_headlines
            ],
            "rating": (
                {"score": self.rating.score, "votes": self.rating.votes} if self.rating else None
            ),
            "officials": [_plain(x) for x in self.officials],
            "units": [_plain(x) for x in self.units],
            "events": [_plain(x) for x in self.events],
            "warnings": list(self.warnings),
        }


def _plain(value: Any) -> Any:
    if hasattr(value, "to_contract"):  # recognition mentions: only the contract's keys
        return value.to_contract()
    if hasattr(value, "to_contract_dict"):
        return value.to_contract_dict()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    return value


# --------------------------------------------------------------------------------------------
# Data lists: furniture, headings, labels (folded text: no diacritics, lower case, đ -> d)
# --------------------------------------------------------------------------------------------

# Headings of related-news lists: the headlines under them belong to other articles.
RELATED_HEADINGS = frozenset(
    {
        "tin khac",
        "cac tin khac",
        "tin da dua",
        "cac tin da dua",
        "tin lien quan",
        "tin bai lien quan",
        "bai lien quan",
        "bai viet lien quan",
        "cac bai viet lien quan",
        "tin tuc lien quan",
        "tin cung chuyen muc",
        "bai cung chuyen muc",
        "cac bai viet khac",
        "bai viet khac",
        "cac bai khac",
        "tin cu hon",
        "tin moi hon",
        "xem them",
        "doc them",
        "xem them tin",
        "tin bai khac",
        "nhung tin moi hon",
        "nhung tin cu hon",
        "cac tin moi hon",
        "cac tin cu hon",
        "bai viet cung chuyen muc",
        "cac tin cung chuyen muc",
    }
)

# Related-news markers that scrapers glue to the end of the previous line
# ('nguồn "Cổng thông tin điện tử Hậu Giang"TIN KHÁC'): upper case after a space or glued,
# any case when glued directly to the previous word or quote.
_MARKER_WORDS = (
    r"các tin khác|tin khác|tin liên quan|các tin đã đưa|tin đã đưa|tin cùng chuyên mục|"
    r"bài viết liên quan|xem thêm"
)
_GLUED_MARKER = re.compile(
    r"(?<=\S)\s*(?P<upper>" + _MARKER_WORDS.upper() + r")\s*:?\s*$"
    r"|(?<=[\"”’»)\w])(?P<any>(?i:" + _MARKER_WORDS + r"))\s*:?\s*$"
)

# Sidebar link lists of provincial portals: dropped wherever they appear (whole line).
SIDEBAR_ITEMS = frozenset(
    {
        "duong day nong",
        "lich tiep cong dan",
        "van ban phap luat",
        "van ban",
        "dich vu cong truc tuyen",
        "dich vu cong",
        "hop thu gop y",
        "gop y",
        "chuyen doi so",
        "bo phap dien",
        "doi tuong truy na",
        "truy na",
        "trang chu",
        "gioi thieu",
        "lien he",
        "so do website",
        "so do trang",
        "hoi dap",
        "tim kiem",
        "dang nhap",
        "dang ky",
        "rss",
        "english",
        "tieng viet",
        "tin tuc",
        "tin tuc - su kien",
        "su kien",
        "thong bao",
        "hinh anh",
        "video",
        "am thanh",
        "podcast",
        "emagazine",
        "infographic",
        "multimedia",
        "tra cuu",
        "cong bao",
        "lich cong tac",
        "to chuc bo may",
        "co cau to chuc",
        "chuyen muc",
        "danh muc",
        "quang cao",
        "lien ket",
        "lien ket website",
        "ket noi",
        "menu",
        "home",
        "phan anh kien nghi",
        "tiep nhan phan anh",
        "thu tuc hanh chinh",
        "huong dan",
        "faq",
    }
)

# (kind, pattern on folded line). Kinds:
#   "block": heading of a furniture block; the lines under it are dropped; ends the body.
#   "end":   a widget after the article (share, comment, rating…); ends the body.
#   "drop":  a stray furniture line; dropped wherever it is.
FURNITURE_PATTERNS: tuple[tuple[str, str], ...] = (
    ("block", r"thong ke truy cap\b.*"),
    ("block", r"(?:luot|so) truy cap\s*:?"),
    ("block", r"phim tu lieu"),
    ("block", r"(?:phim|video) (?:phong su|tu lieu|clip)"),
    ("block", r"video(?: clip| noi bat| moi)?\s*:?"),
    ("block", r"thu vien (?:anh|video|hinh anh)"),
    ("block", r"(?:tin |bai )?(?:xem|doc) nhieu(?: nhat)?"),
    ("block", r"tin (?:moi nhat|moi|noi bat|tieu diem|anh|hot|nong)"),
    ("block", r"(?:tin )?tieu diem"),
    ("block", r"lien ket (?:website|web|trang)"),
    ("block", r"website lien ket"),
    ("block", r"(?:tham do|khao sat) y kien"),
    ("block", r"phieukhaosat.*"),
    ("block", r"cac don vi thong tin cua ttxvn.*"),
    ("block", r"(?:thong tin|ket noi) (?:toa soan|lien he)"),
    ("end", r"tong so diem cua bai viet.*"),
    ("end", r"xep hang\s*:.*"),
    ("end", r"click de danh gia.*"),
    ("end", r"danh gia bai viet.*"),
    # readers' comments: their names are not the byline, their dates not the article's
    ("block", r"(?:\d+\s+)?binh luan\s*(?:\(\s*\d+\s*\)|:|\d+)?"),
    ("block", r"(?:gui |viet )?(?:binh luan|y kien)(?: cua ban| ban doc)?\s*(?:\(\s*\d+\s*\))?:?"),
    ("block", r"y kien ban doc.*"),
    ("block", r"(?:cac )?(?:binh luan|y kien) (?:ve|cho) .{0,200}"),
    ("end", r"chia se(?: bai viet)?\s*:?(?:\s*(?:facebook|zalo|twitter|email).*)?"),
    ("end", r"(?:in bai(?: viet)?|ban in|in trang|print|gui email|gui bai(?: viet)?|luu bai)"),
    ("end", r"(?:len dau trang|ve dau trang|dau trang|quay lai|tro ve|tro lai|dong cua so)"),
    ("end", r"(?:tu khoa|tags?|the)\s*:.*"),
    ("end", r"(?:chuyen muc|danh muc|chu de)\s*:.*"),
    ("end", r"(?:bai|tin) (?:truoc|sau|tiep theo|ke tiep)\s*:.*"),
    ("end", r"doanh nghiep - san pham - dich vu.*"),
    ("end", r"thong cao bao chi(?: rao vat)?"),
    ("end", r"rao vat"),
    ("end", r"(?:ban quyen|copyright|©).*"),
    ("end", r"(?:facebook|twitter|zalo|tweet|email|share|like|linkedin)(?:\s+\d+)?"),
    ("drop", r"ban da khong su dung site.*"),
    ("drop", r"no title\.*(?:\s*no title\.*)*"),
    (
        # visitor counters: "Đang truy cập1,606", "Hôm nay: 2667", "Số người online: 12"
        "drop",
        r"[a-z ]{0,24}(?:truy cap|online|vieng tham|hom nay|hom qua|trong tuan|tuan nay"
        r"|tuan truoc|thang nay|thang hien tai|thang truoc|nam nay|nam truoc|tat ca|tong cong"
        r"|tong luot xem|may chu tim kiem|khach|thanh vien|luot truy cap)[a-z ]{0,16}"
        r"\s*:?\s*[\d.,]+",
    ),
    ("drop", r"[\W\d_]*"),  # punctuation, pagers ("1 2 3 4 5 ..."), bare numbers
    ("drop", r"trang\s+\d+\s*(?:/|tren)\s*\d+"),
    ("drop", r"(?:trang )?(?:truoc|sau|tiep|dau|cuoi)\s*[»«›‹>]*"),
    ("drop", r"(?:co chu|phong chu|font size|kich thuoc chu)\s*:?.*"),
    ("drop", r"(?:giay phep|dia chi|dien thoai|fax|hotline|email)\s*:.{0,120}"),
    ("drop", r"(?:ban dang o|ban dang xem|vi tri)\s*:.*"),
    ("drop", r"chao mung (?:ban|quy vi) den voi.*"),
    # the portal's own name in its header or footer
    ("drop", r"(?:cong|trang) thong tin dien tu\b.{0,60}"),
    ("drop", r"(?:bao dien tu|co quan chu quan|co quan ngon luan|chiu trach nhiem)\b.{0,100}"),
)

_FURNITURE = {
    kind: re.compile(r"^(?:" + "|".join(p for k, p in FURNITURE_PATTERNS if k == kind) + r")$")
    for kind in ("block", "end", "drop")
}

# The 63 provinces the recognition word lists name (a JSON file, read without Django).
PROVINCES_JSON = Path(__file__).resolve().parents[1] / "recognition" / "data" / "provinces.json"


def _province_names() -> frozenset[str]:
    """Folded names and aliases of the provinces: "Quảng Ninh" -> "quang ninh"."""
    try:
        data = json.loads(PROVINCES_JSON.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # pragma: no cover - the file ships with the project
        return frozenset()
    names: set[str] = set()
    for province in data.get("provinces", []):
        for name in [province.get("name", ""), *province.get("aliases", [])]:
            if name:
                names.add(fold(name))
    return frozenset(names)


PROVINCE_NAMES = _province_names()

# Title-case lines that are not people's names (for the signature test): furniture words and
# every province ("Quảng Ninh" closing a page is a location tag, not a byline).
NOT_NAMES = PROVINCE_NAMES | frozenset(
    {
        "trang chu",
        "gioi thieu",
        "lien he",
        "tin tuc",
        "hoat dong",
        "thong bao",
        "hinh anh",
        "viet nam",
        "ha noi",
        "hau giang",
        "soc trang",
        "can tho",
        "da nang",
        "ca mau",
        "bac lieu",
        "kien giang",
        "an giang",
        "vinh long",
        "tra vinh",
        "ben tre",
        "tien giang",
        "long an",
        "dong thap",
        "thanh pho",
        "tin khac",
        "xem them",
        "doc them",
        "chu thich anh",
        "chu thich",
    }
)

# Agencies and newspapers whose short names appear as tags "(CAO)", "(CAND) -" or signatures.
KNOWN_AGENCIES = frozenset(
    {
        "ttxvn",
        "cand",
        "cao",
        "vov",
        "vtv",
        "vna",
        "antd",
        "qdnd",
        "tto",
        "plo",
        "nldo",
        "sggp",
        "vtc",
        "vnexpress",
        "vietnamplus",
        "vietnam+",
        "ttxvn/vietnam+",
        "dan tri",
        "tuoi tre",
        "thanh nien",
        "nhan dan",
        "chinhphu.vn",
        "baochinhphu.vn",
        "baotintuc.vn",
        "bao tin tuc",
        "ttdt",
        "cttdt",
    }
)

_AGENCY_WORDS = re.compile(
    r"^(?:báo|tạp chí|đài|cổng thông tin|trang thông tin|thông tấn|ban tuyên giáo|"
    r"trung tâm|phòng|công an|văn phòng|sở|ubnd|ủy ban)\b",
    re.I,
)

# "Tác giả bài viết: Ngô Văn Thật - Phòng Tham mưu", "Bài, ảnh: Minh Anh"…
_BYLINE_LABEL = re.compile(
    r"^(?:tác giả(?: bài viết)?|người viết|bài viết|phóng viên|nhóm phóng viên|nhóm pv|"
    r"bài(?:,| và)? ảnh|tin(?:,| và)? ảnh|bài|tin|thực hiện|nhóm tác giả)\s*:\s*(?P<value>.+)$",
    re.I,
)
_SOURCE_LINE = re.compile(
    r"^[(\[]?\s*(?:nguồn(?: tin| bài)?|theo)\s*:?\s*(?P<value>.+?)\s*[)\].]*\s*$", re.I
)
_CREDIT_ONLY = re.compile(
    r"^[(\[]?\s*(?:ảnh|nguồn ảnh|photo)\s*:\s*(?P<credit>.+?)\s*[)\]]?$", re.I
)
_CREDIT_TAIL = re.compile(
    r"(?:^|(?<=[\s.,;(\-–—]))[(\[]?\s*(?:Ảnh|ẢNH|Photo)"
    r"(?:\s*:\s*(?P<c1>[^()\[\]]{1,80}?)|\s+(?P<c2>[^\s()\[\]][^()\[\]:]{0,50}?))\s*[)\]]?\s*$"
)
_AGENCY_TAG = re.compile(
    r"^[(\[]\s*(?P<tag>[^()\[\]\n]{2,30}?)\s*[)\]]\s*[-–—:]?\s*(?=\S)"
    r"|^(?P<tag2>[A-ZĐ][A-ZĐ0-9.+]{1,9}(?:\.com)?(?:\.vn)?)\s+[-–—]\s+(?=\S)"
    r"|^(?P<place>[^\W\d_][^\s(),]*(?:\s[^\W\d_][^\s(),]*){0,3}),?\s*(?:\d{1,2}/\d{1,2}\s*)?"
    r"[(\[]\s*(?P<tag3>[^()\[\]\n]{2,20}?)\s*[)\]]\s*[-–—:]\s*(?=\S)"
)
_RATING = (
    re.compile(
        r"tong so diem cua bai viet la\s*:?\s*(?P<score>\d+(?:[.,]\d+)?)\s*trong\s*"
        r"(?P<votes>\d+)\s*danh gia"
    ),
    re.compile(r"xep hang\s*:?\s*(?P<score>\d+(?:[.,]\d+)?)\s*-\s*(?P<votes>\d+)\s*phieu bau"),
    re.compile(
        r"danh gia\s*:?\s*(?P<score>\d+(?:[.,]\d+)?)\s*/\s*5\s*\(\s*(?P<votes>\d+)\s*"
        r"(?:luot|phieu|danh gia)"
    ),
)
_VIEWS = re.compile(
    r"^(?:so\s+)?(?:luot xem|luot doc|da xem|so lan xem|luot truy cap bai viet)\s*:?\s*"
    r"(?P<n>\d[\d.,]*)(?:\s*luot)?$|^(?P<n2>\d[\d.,]*)\s*(?:luot xem|luot doc)$"
)
_BREADCRUMB_SEP = re.compile(r"\s(?:>|»|›|/|\||→)\s|\s>>\s")
_RELATED_DATE_LINE = re.compile(
    r"^(?:[\w.@-]{1,30}\s+)?(?:\(?\s*)?(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>(?:19|20)\d{2})"
    r"(?:\s*[-|,]?\s*\d{1,2}[:h]\d{2})?\s*\)?\s*[-–|]?\s*$"
)
_RELATED_DATE_SUFFIX = re.compile(
    r"(?:\s+[-–|]\s*|\s*[(\[])\s*(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>(?:19|20)\d{2})"
    r"(?:\s*[-|,]?\s*\d{1,2}[:h]\d{2}(?:\s*(?:SA|CH|AM|PM|sa|ch|am|pm))?)?\s*[)\]]?\s*$"
)
_INLINE_RELATED = re.compile(
    r"^(?:[»>›]+\s*)?(?:xem thêm|đọc thêm|tin liên quan|bài liên quan)\s*[:>»]\s*"
    r"(?P<title>\S.{15,250})$",
    re.I,
)
_RELATED_BULLET = re.compile(r"^(?:[-–—»›>*+]|>>)\s+")
_RELATED_DATE_PREFIX = re.compile(
    r"^[(\[]?\s*(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>(?:19|20)\d{2})"
    r"(?:\s+\d{1,2}[:h]\d{2})?\s*[)\]]?\s*[-–|:]\s*"
)
_BULLET_CHARS = "•·▪▫►▸●○■□◆◇❖✓✔"
_BULLET = re.compile(r"^[" + _BULLET_CHARS + r"]+\s*")
_LIST_ITEM = re.compile(r"^(?:[-+–—*•]\s|\d{1,2}[.)]\s|[a-zđ]\)\s|[IVX]{1,4}\.\s)")
_WORD = re.compile(r"[^\W\d_][\w]*|\d[\w./-]*")
_SENTENCE_BREAK = re.compile(r"[.!?…]\s+(?=[^\W\d_])")
_LEAD_DATE_PREFIX = re.compile(
    r"^(?:(?:rạng sáng|sáng sớm|sáng|chiều tối|chiều|trưa|tối|đêm|khuya|hôm nay|hôm qua)"
    r"\s+(?:(?:thứ \S+|chủ nhật)\s*,?\s*)?(?:ngày\s+)?|ngày\s+|vào ngày\s+)"
    r"\(?\d{1,2}\s*[/.-]\s*\d{1,2}(?:\s*[/.-]\s*\d{4})?\)?\s*[,:]?\s*(?:\bvừa qua\b,?\s*)?",
    re.I,
)

_TERMINAL = ".!?…;:"
_CLOSERS = "\"”’')»]"
_ELLIPSIS = ("...", "…")

# Sizes used by the line classifiers (characters / words).
PROSE_MIN_CHARS = 30
PROSE_ALWAYS_CHARS = 200
TITLE_MIN_WORDS = 5
TITLE_MAX_CHARS = 250
CAPTION_MAX_CHARS = 300
SHORT_SENTENCE_CAPTION_MAX = 110
PROVISIONAL_TITLE_MAX = 100
LONG_LINE = 120
FOLDED_PREFIX = 48


# --------------------------------------------------------------------------------------------
# Lines
# --------------------------------------------------------------------------------------------


@dataclass
class _Line:
    text: str
    folded: str
    gap_before: bool
    words: int

    @property
    def key(self) -> str:
        """Comparison key: folded text, or the exact text for long lines (folded only in part)."""
        return self.folded if len(self.text) <= LONG_LINE else self.text.casefold()


def _prepare(text: str) -> list[_Line]:
    lines: list[_Line] = []
    gap = False
    for raw in text.split("\n"):
        stripped = raw.strip()
        if not stripped:
            gap = True
            continue
        if stripped[0] in _BULLET_CHARS:
            stripped = _BULLET.sub("", stripped).strip()
            if not stripped:
                gap = True
                continue
        parts = [stripped]
        offset = max(0, len(stripped) - 40)
        m = _GLUED_MARKER.search(stripped, offset)
        if m and m.start() > 0:
            parts = [stripped[: m.start()].rstrip(), m.group("upper") or m.group("any")]
        for part in parts:
            if part:
                # Long lines are prose: only their opening words are ever matched folded
                # (the " …" keeps whole-line patterns from matching a mere prefix).
                if len(part) <= LONG_LINE:
                    folded, words = fold(part), len(_WORD.findall(part))
                else:
                    folded, words = fold(part[:FOLDED_PREFIX]) + " …", part.count(" ") + 1
                lines.append(_Line(part, folded, gap, words))
                gap = False
    return lines


def _furniture_kind(folded: str) -> str | None:
    for kind in ("block", "end", "drop"):
        if _FURNITURE[kind].match(folded):
            return kind
    if folded.rstrip(" :") in SIDEBAR_ITEMS:
        return "drop"
    return None


def _is_related_heading(folded: str) -> bool:
    return folded.rstrip(" :.-»>") in RELATED_HEADINGS


def _ends_terminal(text: str) -> bool:
    return text.rstrip(_CLOSERS)[-1:] in _TERMINAL if text.rstrip(_CLOSERS) else False


def _is_prose(line: _Line) -> bool:
    text = line.text
    n = len(text)
    if n >= PROSE_ALWAYS_CHARS:
        # A flattened menu can be long too, but it has no sentence punctuation.
        return "," in text or ". " in text or text.endswith((".", "…", ";"))
    if n < PROSE_MIN_CHARS or line.words < 6:
        return False
    last = text.rstrip(_CLOSERS)[-1:]
    if last in ".…;:":
        return True
    if last in "!?" and n >= 100:
        return True
    return bool(n >= 40 and (_AGENCY_TAG.match(text) or parse_lead_date(text)))


def _is_headline(
    line: _Line, min_words: int = TITLE_MIN_WORDS, *, allow_full_stop: bool = False
) -> bool:
    """A headline: a few words, no sentence after it. ``allow_full_stop`` accepts one
    sentence ending with a full stop (a headline printed right above its date line)."""
    text = line.text
    if len(text) > TITLE_MAX_CHARS or line.words < min_words:
        return False
    if text.endswith(":") or text.endswith(_ELLIPSIS):
        return False
    if allow_full_stop and len(text) < 160 and not _SENTENCE_BREAK.search(text):
        return True
    return not _is_prose(line) or (len(text) < 160 and not _ends_terminal(text))


def _is_banner(line: _Line) -> bool:
    """The portal's name printed in its header ("CÔNG AN TỈNH HẬU GIANG")."""
    letters = [c for c in line.text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and line.words <= 12


def _is_breadcrumb(line: _Line) -> bool:
    f = line.folded
    if f.startswith(("trang chu", "home")) and (len(f) <= 10 or _BREADCRUMB_SEP.search(f)):
        return True
    return len(_BREADCRUMB_SEP.findall(f)) >= 2 and len(f) < 160


def _views(folded: str) -> int | None:
    m = _VIEWS.match(folded)
    if not m:
        return None
    return parse_number(m.group("n") or m.group("n2"))


def _rating(folded: str) -> Rating | None:
    for pattern in _RATING:
        m = pattern.search(folded)
        if m:
            score = float(m.group("score").replace(",", "."))
            votes = int(m.group("votes"))
            if pattern is _RATING[0] and votes:
                score = score / votes  # NukeViet prints the total of the points given
            score = round(score, 2)
            return Rating(score=int(score) if score.is_integer() else score, votes=votes)
    return None


# --------------------------------------------------------------------------------------------
# Names, bylines, sources
# --------------------------------------------------------------------------------------------


def _agency_like(text: str) -> bool:
    t = text.strip(" .()")
    if not t:
        return False
    f = fold(t)
    if f in KNOWN_AGENCIES or f.split("/")[0] in KNOWN_AGENCIES:
        return True
    if ".vn" in f or ".com" in f or t.endswith("+"):
        return True
    letters = [c for c in t if c.isalpha()]
    if (
        len(letters) >= 2
        and all(c.isupper() for c in letters)
        and len(t) <= 15
        and not any(c.isdigit() for c in t)
    ):
        return True
    return bool(_AGENCY_WORDS.match(t))


def _known_agency(text: str) -> bool:
    f = fold(text.strip(" .()"))
    return f in KNOWN_AGENCIES or f.split("/")[0] in KNOWN_AGENCIES or ".vn" in f


_NAME_SEPARATORS = re.compile(r"\s[-–—]\s|\s*,\s*|\s+và\s+")


def _names_like(text: str) -> bool:
    """One or more names: 'Minh Anh', 'Tú Anh - Quốc Việt', 'Thu Hà, Văn Bình và Minh Khôi'."""
    if fold(text) in NOT_NAMES:  # "Bà Rịa - Vũng Tàu" is one province, not two authors
        return False
    parts = _NAME_SEPARATORS.split(text)
    return len(parts) <= 4 and all(_name_like(p.strip()) for p in parts)


_RANK_PREFIX = re.compile(
    r"^(?:(?:Đại|Thượng|Trung|Thiếu)\s+(?:tướng|tá|úy|uý))\s+(?=[A-ZĐÀ-Ỹ])", re.I
)


def _name_like(text: str) -> bool:
    text = _RANK_PREFIX.sub("", text, count=1)
    words = text.split()
    if not words or len(text) > 45:
        return False
    if len(words) == 1:
        return fold(words[0]) in ("pv", "ctv", "btv", "nhom pv")
    if len(words) > 5 or fold(text) in NOT_NAMES:
        return False
    for w in words:
        if not w.isalpha() or not w[0].isupper():
            return False
        if len(w) > 1 and not (w[1:].islower() or (w.isupper() and len(w) <= 4)):
            return False
    return True


_SIGNATURE_SPLIT = re.compile(
    r"^(?P<name>.+?)\s*(?:[(\[]\s*(?P<a1>[^()\[\]]{2,40}?)\s*[)\]]|\s[-–—]\s*(?P<a2>\S.{0,40})"
    r"|/\s*(?P<a3>\S[^/]{0,30}))\s*$"
)


def _signature(text: str) -> tuple[str, str | None] | None:
    """'Hồng Thái (TTXVN)' -> ('Hồng Thái', 'TTXVN'); 'Diễm Hương' -> ('Diễm Hương', None)."""
    text = text.strip().rstrip(".")
    if len(text) > 70 or not text or fold(text) in NOT_NAMES:
        return None
    if _names_like(text):
        return text, None
    m = _SIGNATURE_SPLIT.match(text)
    if not m:
        return None
    name = m.group("name").strip()
    other = (m.group("a1") or m.group("a2") or m.group("a3") or "").strip()
    if m.group("a1") and _names_like(name) and _agency_like(other):
        return name, other.removeprefix("Theo ").removeprefix("theo ")
    if (
        m.group("a2")
        and _name_like(name)
        and all(_name_like(p.strip()) for p in re.split(r"\s[-–—]\s|,", other))
    ):
        return text, None  # "Minh Anh - Văn Bình": two authors
    if _name_like(name) and _agency_like(other):
        return name, other.removeprefix("Theo ").removeprefix("theo ")
    return None


def _split_byline_value(value: str) -> tuple[str, str | None, str | None]:
    """'Ngô Văn Thật - Phòng Tham mưu' -> (byline, author_unit, source)."""
    value = value.strip().rstrip(".")
    sig = _signature(value)
    if sig:
        name, agency = sig
        if agency and not _is_source_agency(agency):
            return name, agency, None
        return name, None, agency
    parts = re.split(
        r"\s+[-–—]\s+|\s*,\s*(?=(?:Phòng|Công an|Đội|Ban|Văn phòng|Trại|Báo|Đài))",
        value,
        maxsplit=1,
    )
    if len(parts) == 2:
        name, rest = parts[0].strip(), parts[1].strip()
        if _is_source_agency(rest):
            return name, None, rest
        return name, rest, None
    m = re.match(r"^(?P<name>.+?)\s*[(\[]\s*(?P<a>[^()\[\]]+?)\s*[)\]]$", value)
    if m:
        return m.group("name"), None, m.group("a")
    return value, None, None


def _is_source_agency(text: str) -> bool:
    """An agency that publishes (TTXVN, Báo Hậu Giang), as opposed to a unit (Phòng Tham mưu)."""
    f = fold(text.strip(" .()"))
    if f in KNOWN_AGENCIES or f.split("/")[0] in KNOWN_AGENCIES or ".vn" in f:
        return True
    return f.startswith(
        ("bao ", "tap chi", "dai ", "cong thong tin", "trang thong tin", "thong tan")
    )


def _source_value(line: _Line) -> str | None:
    """'Nguồn: Báo Công an nhân dân', 'Theo Báo Hậu Giang', 'nguồn "Cổng TTĐT…"'."""
    f = line.folded
    if not f.startswith(("nguon", "theo", "(theo", "(nguon", "[theo")) or f.startswith(
        ("nguon anh", "theo doi", "theo do", "theo ke hoach")
    ):
        return None
    if line.words > 12 or len(line.text) > 120 or line.text.rstrip().endswith((":", ",")):
        return None
    m = _SOURCE_LINE.match(line.text)
    if not m:
        return None
    value = m.group("value").strip(" \"“”'‘’«»:")
    if not value or not (
        value[0].isupper() or value[0].isdigit() or ".vn" in value or ".com" in value
    ):
        return None
    if f.startswith(("theo", "(theo", "[theo")) and ("," in value and not _agency_like(value)):
        return None
    return value


# --------------------------------------------------------------------------------------------
# Captions
# --------------------------------------------------------------------------------------------


_ILLUSTRATION = re.compile(r"\s*[(\[]?\s*ảnh\s+minh\s+họa\s*[)\]]?\s*\.?$", re.I)


def _credit_like(value: str) -> bool:
    """'Hồng Thái/TTXVN', 'CTV', 'Internet', 'Báo Hậu Giang' - not a sentence."""
    words = value.split()
    return 0 < len(words) <= 6 and (value[0].isupper() or _agency_like(value))


def _split_credit(text: str) -> tuple[str, str | None]:
    """'… Sóc Trăng. Ảnh Đức Trung' -> ('… Sóc Trăng.', 'Đức Trung').

    A trailing "(Ảnh minh họa)" marks a caption too: its credit is '' (no name given).
    """
    m = _ILLUSTRATION.search(text, max(0, len(text) - 30))
    if m and m.start() > 0:
        return text[: m.start()].rstrip(" -–—([,;"), ""
    m = _CREDIT_TAIL.search(text, max(0, len(text) - 100))
    if not m:
        return text, None
    credit = (m.group("c1") or m.group("c2") or "").strip().rstrip(".")
    if m.group("c2") is not None:
        words = credit.split()
        if not words or len(words) > 5 or not all(w[0].isupper() for w in words):
            return text, None
    caption = text[: m.start()].rstrip(" -–—([,;")
    return caption, credit or None


# --------------------------------------------------------------------------------------------
# The parser
# --------------------------------------------------------------------------------------------


@dataclass
class _Item:
    text: str
    gap_before: bool
    after_marker: bool = False
    credit: str | None = None


class _PageReader:
    """One pass over the lines of a page; fills a ParsedPage."""

    def __init__(self, lines: list[_Line]) -> None:
        self.lines = lines
        self.page = ParsedPage()
        self.items: list[_Item] = []
        self.dateline: DateLine | None = None
        self.title_key: str | None = None
        self.explicit_source: str | None = None
        self.signature_source: str | None = None
        self.tag_source: str | None = None
        self.related_keys: set[str] = set()

    # -- header ------------------------------------------------------------------------------
    def read_header(self, end: int) -> None:
        page = self.page
        # entries: (kind, index) in header order; kinds: title, date, byline
        candidates: list[int] = []
        date_index: int | None = None
        bylines: list[tuple[int, str, str | None, str | None]] = []
        meta: set[int] = set()
        datelines: list[tuple[int, DateLine]] = []
        for i in range(end):
            line = self.lines[i]
            f = line.folded
            if _is_related_heading(f):
                continue
            views = _views(f)
            if views is not None:
                if page.view_count is None:
                    page.view_count = views
                meta.add(i)
                continue
            dl = parse_date_line(line.text, folded=f)
            if dl is not None:
                if not is_not_article_date(f):  # "Hôm nay: …", "Ngày thu thập: …"
                    datelines.append((i, dl))
                meta.add(i)
                continue
            kind = _furniture_kind(f)
            if kind or _is_breadcrumb(line):
                if kind == "drop":
                    meta.add(i)
                continue
            m = _BYLINE_LABEL.match(line.text)
            if m:
                bylines.append((i, *_split_byline_value(m.group("value"))))
                meta.add(i)
                continue
            sig = _signature(line.text)
            if sig:
                name, agency = sig
                src = agency if agency and _is_source_agency(agency) else None
                unit = agency if agency and not src else None
                bylines.append((i, name, unit, src))
                meta.add(i)
                continue
            if _is_headline(
                line, allow_full_stop=_date_line_follows(self.lines, i)
            ) and not _is_banner(line):
                candidates.append(i)
        if datelines:
            date_index, self.dateline = self._choose_dateline(datelines, candidates, meta, end)
        title_index = self._choose_title(candidates, date_index, meta, end)
        if title_index is not None:
            title = self.lines[title_index].text
            if title.endswith(".") and not title.endswith(".."):
                title = title[:-1].rstrip()
            page.title = title
            self.title_key = self.lines[title_index].key
        # A byline in the header counts when it sits next to the title or the date line.
        anchors = {x for x in (title_index, date_index) if x is not None}
        for i, name, unit, src in bylines:
            if page.byline is None and (
                any(abs(i - a) <= 2 for a in anchors) or _BYLINE_LABEL.match(self.lines[i].text)
            ):
                page.byline, page.author_unit = name, unit
                if src:
                    self.signature_source = src

    def _choose_dateline(
        self,
        datelines: list[tuple[int, DateLine]],
        candidates: list[int],
        meta: set[int],
        end: int,
    ) -> tuple[int, DateLine]:
        """The article's date line: with several in the header (today's date in the portal's
        top bar, the article's under its headline), the first one printed next to a headline;
        else the first one."""
        if len(datelines) > 1:
            cand = set(candidates)
            for index, dl in datelines:
                before = index - 1
                while before >= 0 and before in meta:
                    before -= 1
                after = index + 1
                while after < end and after in meta:
                    after += 1
                if before in cand or after in cand:
                    return index, dl
        return datelines[0]

    def _choose_title(
        self, candidates: list[int], date_index: int | None, meta: set[int], end: int
    ) -> int | None:
        if not candidates:
            return None
        cand = set(candidates)
        if date_index is not None:
            before = date_index - 1
            while before >= 0 and before in meta:
                before -= 1
            after = date_index + 1
            while after < end and after in meta:
                after += 1
            adjacent = [i for i in (before, after) if i in cand]
            if len(adjacent) == 2 and self.lines[before].key == self.lines[after].key:
                return before  # "title, date, title, date": the headline printed twice
            if adjacent:
                # A section label may sit above the date line: the headline is the longer one.
                return max(adjacent, key=lambda i: len(self.lines[i].text))
        return candidates[-1]

    # -- body and tail -----------------------------------------------------------------------
    def read_rest(self, start: int) -> None:
        page = self.page
        lines = self.lines
        n = len(lines)
        state = "body"
        body_closed = False
        caption_marker = False
        unmarked = False  # collecting headlines right after a signature, with no heading
        i = start
        while i < n:
            line = lines[i]
            f = line.folded
            text = line.text
            kind = _furniture_kind(f)
            if state == "body":
                if line.key == self.title_key:
                    i += 1
                    continue
                if _is_related_heading(f):
                    state = "related"
                    i += 1
                    continue
                if kind == "block":
                    state, body_closed = "skip", True
                    i += 1
                    continue
                if kind == "end" or _rating(f):
                    state, body_closed = "tail", True
                    continue
                if kind == "drop":
                    i += 1
                    continue
                if f in ("chu thich anh", "chu thich", "anh:"):
                    caption_marker = True
                    i += 1
                    continue
                views = _views(f)
                if views is not None:
                    page.view_count = page.view_count if page.view_count is not None else views
                    i += 1
                    continue
                dl = parse_date_line(text, folded=f)
                if dl is not None:
                    if self.dateline is None:
                        self.dateline = dl
                    i += 1
                    continue
                credit = _CREDIT_ONLY.match(text)
                if credit:
                    value = credit.group("credit").rstrip(".")
                    if _credit_like(value):
                        last = self.items[-1] if self.items else None
                        if (
                            last is not None
                            and last.credit is None
                            and len(last.text) <= 2 * SHORT_SENTENCE_CAPTION_MAX
                        ):
                            last.credit = value
                            last.after_marker = True
                    else:
                        self.items.append(_Item(value, line.gap_before, True))
                    i += 1
                    continue
                inline = _INLINE_RELATED.match(text)
                if inline:
                    self._add_related(_Line(inline.group("title"), "", False, 0))
                    i += 1
                    continue
                if (
                    _BYLINE_LABEL.match(text)
                    or _source_value(line)
                    or (self.items and self._is_signature_here(i))
                ):
                    state, body_closed = "tail", True
                    continue
                self.items.append(_Item(text, line.gap_before, caption_marker))
                caption_marker = False
                i += 1
                continue

            if state == "related":
                if kind == "block" or (
                    # a sidebar's heading in capitals ("THÔNG BÁO") after the list
                    self.page.related_headlines
                    and _is_banner(line)
                    and line.words <= 4
                    and not _is_related_heading(f)
                ):
                    state, body_closed = "skip", True
                elif kind == "end" or _rating(f):
                    state, body_closed = "tail", True
                    continue
                elif self._related_date(line) or kind == "drop" or _is_related_heading(f):
                    pass
                elif not body_closed and (
                    _BYLINE_LABEL.match(text) or _source_value(line) or self._is_signature_here(i)
                ):
                    state, body_closed = "tail", True
                    continue
                elif (
                    not body_closed
                    and _is_prose(line)
                    and not text.endswith(_ELLIPSIS)
                    and len(text) >= 120
                ):
                    state = "body"  # the related list sat in the middle of the article
                    continue
                elif _is_headline(line, min_words=4):
                    self._add_related(line)
                i += 1
                continue

            if state == "skip":
                if _is_related_heading(f):
                    state = "related"
                elif (r := _rating(f)) and page.rating is None:
                    page.rating = r
                i += 1
                continue

            # state == "tail"
            if _is_related_heading(f):
                state, unmarked = "related", False
                i += 1
                continue
            if kind == "block":
                state, unmarked = "skip", False
                i += 1
                continue
            r = _rating(f)
            if r:
                page.rating = page.rating or r
                unmarked = False
                i += 1
                continue
            views = _views(f)
            if views is not None:
                page.view_count = page.view_count if page.view_count is not None else views
                i += 1
                continue
            m = _BYLINE_LABEL.match(text)
            if m:
                name, unit, src = _split_byline_value(m.group("value"))
                if page.byline is None:
                    page.byline, page.author_unit = name, unit
                    if src:
                        self.signature_source = src
                unmarked = True
                i += 1
                continue
            src = _source_value(line)
            if src:
                self.explicit_source = self.explicit_source or src
                i += 1
                continue
            credit = _CREDIT_ONLY.match(text)
            if credit:
                i += 1
                continue
            sig = _signature(text) if page.byline is None and not kind else None
            if sig:
                name, agency = sig
                page.byline = name
                if agency:
                    if _is_source_agency(agency):
                        self.signature_source = agency
                    else:
                        page.author_unit = agency
                unmarked = True
                i += 1
                continue
            if kind:
                unmarked = False
            elif unmarked:
                if self._related_date(line):
                    pass
                elif _is_headline(line, min_words=4):
                    self._add_related(line)
            i += 1

    def _is_signature_here(self, i: int) -> bool:
        """A name line ends the body unless real paragraphs follow it (then it's a heading)."""
        line = self.lines[i]
        if not _signature(line.text):
            return False
        if i + 1 < len(self.lines):
            nxt = self.lines[i + 1]
            if (
                not nxt.gap_before
                and nxt.text[:1].islower()
                and not _source_value(nxt)
                and not _BYLINE_LABEL.match(nxt.text)
                and not _is_related_heading(nxt.folded)
            ):
                return False  # a wrapped line continues it: it is a caption or a sentence
        prose = 0
        for j in range(i + 1, min(i + 12, len(self.lines))):
            nxt = self.lines[j]
            if _is_related_heading(nxt.folded) or _furniture_kind(nxt.folded) in ("end", "block"):
                break
            if _is_prose(nxt) and not nxt.text.endswith(_ELLIPSIS):
                prose += 1
        return prose < 3

    def _related_date(self, line: _Line) -> bool:
        m = _RELATED_DATE_LINE.match(line.folded)
        if not m:
            dl = parse_date_line(line.text, folded=line.folded)
            if dl is None or dl.date.year is None:
                return False
            date = dl.date.to_date()
        else:
            date = _safe_date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        related = self.page.related_headlines
        if related and related[-1].date is None:
            related[-1].date = date
        return True

    def _add_related(self, line: _Line) -> None:
        text = _RELATED_BULLET.sub("", line.text)
        date = None
        m = _RELATED_DATE_SUFFIX.search(text)
        if m and m.start() > 0:
            date = _safe_date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
            text = text[: m.start()].rstrip(" -–|")
        else:
            m = _RELATED_DATE_PREFIX.match(text)
            if m and m.end() < len(text):
                date = _safe_date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
                text = text[m.end() :]
        if not text:
            return
        key = _Line(text, fold(text), False, 0).key
        if key == self.title_key or key in self.related_keys:
            return
        self.related_keys.add(key)
        self.page.related_headlines.append(RelatedHeadline(text, date))

    # -- body items -> lead, paragraphs, captions ------------------------------------------
    def build_body(self) -> None:
        items = self._merge_wrapped(self.items)
        page = self.page
        kinds: list[str] = []
        for idx, item in enumerate(items):
            text, credit = _split_credit(item.text)
            if credit is not None and len(item.text) < 400 and text:
                item.text, item.credit = text, credit or None
                item.after_marker = True
            kinds.append(self._item_kind(items, idx))
        first_paragraph = True
        for item, kind in zip(items, kinds, strict=True):
            if kind == "caption":
                page.captions.append(Caption(item.text, item.credit))
            elif first_paragraph:
                page.lead = item.text
                first_paragraph = False
            else:
                page.paragraphs.append(item.text)
        if page.lead is not None:
            m = _AGENCY_TAG.match(page.lead)
            if m:
                tag = (m.group("tag") or m.group("tag2") or m.group("tag3")).strip()
                # "Hậu Giang (TTXVN) - …" only with a known agency: "Ông A (SN 1980) - …" is not.
                place_ok = m.group("place") is None or (
                    all(w[0].isupper() for w in m.group("place").split()) and _known_agency(tag)
                )
                if place_ok and _agency_like(tag) and len(page.lead) > m.end() + 20:
                    self.tag_source = tag
                    page.lead = page.lead[m.end() :]

    @staticmethod
    def _merge_wrapped(items: list[_Item]) -> list[_Item]:
        merged: list[_Item] = []
        for item in items:
            if (
                merged
                and not item.gap_before
                and item.text[:1].islower()
                and not _ends_terminal(merged[-1].text)
                and merged[-1].credit is None
            ):
                merged[-1].text = merged[-1].text + " " + item.text
                continue
            merged.append(_Item(item.text, item.gap_before, item.after_marker, item.credit))
        return merged

    @staticmethod
    def _item_kind(items: list[_Item], idx: int) -> str:
        item = items[idx]
        text = item.text
        if item.after_marker or item.credit is not None:
            return "caption"
        if idx == 0 or _LIST_ITEM.match(text):
            return "paragraph"
        if not _ends_terminal(text) and len(text) <= CAPTION_MAX_CHARS:
            return "caption"
        if (
            text.rstrip(_CLOSERS).endswith(".")
            and not text.endswith(_ELLIPSIS)
            and len(text) <= SHORT_SENTENCE_CAPTION_MAX
            and idx + 1 < len(items)
            and not _SENTENCE_BREAK.search(text)
            and len(items[idx - 1].text) >= 150
            and len(items[idx + 1].text) >= 80
        ):
            return "caption"
        return "paragraph"


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


UNTITLED = "Bài viết chưa có tiêu đề"


def _provisional_title(lead: str) -> str:
    """A title for a page without one: the lead's first sentence, without its opening date,
    shortened at a word boundary."""
    text = _LEAD_DATE_PREFIX.sub("", lead, count=1).strip() or lead.strip()
    m = _AGENCY_TAG.match(text)
    if m:
        text = text[m.end() :]
    text = text.lstrip(" .,;:-–—…")
    text = text[:1].upper() + text[1:]
    sentence = re.split(r"(?<=[.!?…])\s", text, maxsplit=1)[0]
    if len(sentence) <= PROVISIONAL_TITLE_MAX:
        title = sentence.rstrip(" .,;:")
    else:
        cut = sentence[: PROVISIONAL_TITLE_MAX + 1]
        cut = cut[: cut.rfind(" ")] if " " in cut.strip() else cut[:PROVISIONAL_TITLE_MAX]
        title = cut.rstrip(" ,;:-–") + "…"
    return title if _WORD.search(title) else UNTITLED


def _first_prose(lines: list[_Line]) -> int | None:
    for i, line in enumerate(lines):
        f = line.folded
        if _is_prose(line) and not _furniture_kind(f) and not _rating(f):
            if _BYLINE_LABEL.match(line.text) or _source_value(line):
                continue
            if len(line.text) < 160 and _date_line_follows(lines, i):
                continue  # a headline printed with a full stop, right above its date line
            return i
    return None


def _date_line_follows(lines: list[_Line], i: int) -> bool:
    for j in range(i + 1, min(i + 4, len(lines))):
        line = lines[j]
        if parse_date_line(line.text, folded=line.folded):
            return True
        if not (_views(line.folded) is not None or _furniture_kind(line.folded) == "drop"):
            return False
    return False


def parse_text(text: str) -> ParsedPage:
    """Parse already-decoded page text. Raises NoBodyError when there is no article body."""
    return _parse_normalized(normalize_text(text))


def _parse_normalized(text: str) -> ParsedPage:
    lines = _prepare(text)
    start = _first_prose(lines)
    if start is None:
        raise NoBodyError(
            "Không tìm thấy nội dung bài viết: trang không có đoạn văn nào (no article body)."
        )
    reader = _PageReader(lines)
    reader.read_header(start)
    reader.read_rest(start)
    reader.build_body()
    page = reader.page
    if page.lead is None:
        raise NoBodyError(
            "Không tìm thấy nội dung bài viết: chỉ có chú thích ảnh, không có đoạn văn "
            "(no article body)."
        )
    page.source = reader.explicit_source or reader.tag_source or reader.signature_source
    _finish_title(page)
    _finish_dates(page, reader.dateline)
    if page.byline is None:
        page.warnings.append("Không tìm thấy tác giả (byline) trên trang.")
    return page


def _finish_title(page: ParsedPage) -> None:
    if page.title:
        return
    assert page.lead is not None
    page.title = _provisional_title(page.lead)
    page.title_is_provisional = True
    page.warnings.append(
        "Trang không có dòng tiêu đề: tiêu đề tạm lấy từ đoạn mở đầu, cần biên tập viên "
        "đặt tiêu đề."
    )


def _finish_dates(page: ParsedPage, dateline: DateLine | None) -> None:
    date: PartialDate | None = None
    if dateline is not None:
        date = dateline.date
        if page.view_count is None and dateline.view_count is not None:
            page.view_count = dateline.view_count
    elif page.lead is not None:
        date = parse_lead_date(page.lead)
        if date is not None:
            page.warnings.append(
                f"Không có dòng ngày đăng: ngày {date.day:02d}/{date.month:02d} lấy từ "
                "đoạn mở đầu (ngày diễn ra sự kiện)."
            )
    if date is None:
        page.warnings.append("Không tìm thấy ngày đăng trên trang.")
        return
    page.date_day_month = (date.day, date.month)
    page.published_time = date.time
    if date.year is None:
        article = "\n".join(
            [page.title or "", page.lead or "", *page.paragraphs, *(c.text for c in page.captions)]
        )
        year, reason = infer_year(date, article)
        if year is None:
            page.warnings.append(
                f"Không rõ năm đăng: trang chỉ ghi ngày {date.day:02d}/{date.month:02d}, "
                "không có căn cứ để suy ra năm."
            )
            return
        date = date.with_year(year)
        page.warnings.append(f"Năm đăng được suy ra, cần kiểm tra: {reason}.")
    elif date.weekday_matches() is False:
        assert date.weekday is not None
        page.warnings.append(
            f"Thứ trong tuần ({WEEKDAY_NAMES[date.weekday]}) không khớp với ngày "
            f"{date.day:02d}/{date.month:02d}/{date.year}."
        )
    page.published_date = date.to_date()


def parse_decoded(text: str, *, filename: str | None = None) -> ParsedPage:
    """Parse the output of ``decode.decode_bytes`` (already normalised): HTML is recognised by
    its content or a .htm/.html file name, reduced to block text, parsed by the text rules and
    then cross-checked with what its markup says (see ``markup.py`` and :func:`apply_markup`)."""
    is_html_name = bool(filename) and filename.lower().endswith((".htm", ".html", ".xhtml"))
    if is_html_name or looks_like_html(text):
        return parse_html(text)
    if _ABNORMAL.search(text) or not unicodedata.is_normalized("NFC", text):
        text = normalize_text(text)  # not from decode_bytes after all
    return _parse_normalized(text)


def parse_html(html: str) -> ParsedPage:
    """An HTML page: its visible block text through the text rules, then its markup."""
    markup = read_markup(html)
    block_text, captions = html_blocks(html)
    try:
        page = parse_text(block_text)
    except NoBodyError:
        # The article may sit inside an element whose class looked like furniture.
        block_text, captions = html_blocks(html, skip_by_class=False)
        page = parse_text(block_text)
    apply_markup(page, markup, normalize_text(block_text), captions)
    return page


def apply_markup(page: ParsedPage, markup: Markup, text: str, captions: list[str]) -> None:
    """Cross-check the text rules' reading of an HTML page with its markup.

    - **Title**: the first metadata headline (JSON-LD, og:title, itemprop, <h1>, <title>), with
      or without the site's name around it, that is printed as a line of the page becomes the
      title; a headline printed nowhere is used only when the page has no title line.
    - **Date**: the first metadata date (JSON-LD datePublished, article:published_time,
      itemprop datePublished, <time datetime>) wins over the text rules' date line when they
      differ (a header's "today" date, a crawl date); a visible date line of the same day gives
      the time as printed.
    - **Byline**: a metadata author who looks like a person's name and is printed on the page,
      or any such author when the text rules found none.
    - **Captions**: paragraphs printed in a caption element (<figcaption>…) are captions.
    """
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    _apply_title(page, markup, lines)
    _apply_date(page, markup, lines)
    _apply_author(page, markup, text)
    _apply_captions(page, captions, text)


def _drop_warning(page: ParsedPage, *fragments: str) -> None:
    page.warnings = [w for w in page.warnings if not any(f in w for f in fragments)]


def _apply_title(page: ParsedPage, markup: Markup, lines: list[str]) -> None:
    candidates = list(markup.titles)
    if page.title_is_provisional or page.title is None:
        candidates += markup.weak_titles  # <h1>/<title> only when the text found no headline
    if not candidates:
        return
    visible = {fold(line): line for line in lines}
    for candidate in candidates:
        for variant in title_variants(normalize_text(candidate), markup.site_name):
            line = visible.get(fold(variant))
            if line is None or len(line.split()) < 2:
                continue
            title = line[:-1].rstrip() if line.endswith(".") and not line.endswith("..") else line
            if page.title == title and not page.title_is_provisional:
                return
            page.title, page.title_is_provisional = title, False
            _drop_warning(page, "tiêu đề tạm")
            _remove_text(page, title)
            page.related_headlines = [r for r in page.related_headlines if r.title != title]
            return
    if page.title_is_provisional and markup.titles:
        title = title_variants(normalize_text(markup.titles[0]), markup.site_name)[-1]
        page.title, page.title_is_provisional = title, False
        _drop_warning(page, "tiêu đề tạm")


def _remove_text(page: ParsedPage, text: str) -> None:
    """The title line was read as body text: take it out of the lead/paragraphs/captions."""
    key = fold(text)
    page.captions = [c for c in page.captions if fold(c.text) != key]
    if page.paragraphs:
        page.paragraphs = [p for p in page.paragraphs if fold(p) != key]
    if page.lead is not None and fold(page.lead) == key and page.paragraphs:
        page.lead = page.paragraphs.pop(0)


def _apply_date(page: ParsedPage, markup: Markup, lines: list[str]) -> None:
    if not markup.dates:
        return
    date, time = markup.dates[0]
    # A visible date line of the same day confirms the date and gives the time as printed.
    for line in lines:
        f = fold(line)
        if is_not_article_date(f):
            continue
        dl = parse_date_line(line, folded=f)
        if dl is not None and dl.date.to_date() == date and dl.date.time is not None:
            time = dl.date.time
            break
    if page.published_date == date:
        if page.published_time is None and time is not None:
            page.published_time = time
        return
    if page.published_date is not None:
        page.warnings.append(
            f"Ngày đăng lấy theo siêu dữ liệu của trang ({date:%d/%m/%Y}), không theo dòng "
            f"ngày {page.published_date:%d/%m/%Y} trên trang."
        )
    page.published_date, page.published_time = date, time
    page.date_day_month = (date.day, date.month)
    _drop_warning(page, "Không tìm thấy ngày đăng", "Không rõ năm", "Năm đăng được suy ra")
    _drop_warning(page, "Không có dòng ngày đăng", "không khớp với ngày")


_NOT_AUTHORS = frozenset({"admin", "administrator", "quan tri", "quan tri vien", "ban bien tap"})


def _apply_author(page: ParsedPage, markup: Markup, text: str) -> None:
    for author in markup.authors:
        author = normalize_text(author).strip()
        if fold(author) in _NOT_AUTHORS or not _names_like(author) or _agency_like(author):
            continue
        if page.byline is not None and fold(page.byline) == fold(author):
            return
        if author in text or page.byline is None:
            page.byline = author
            _drop_warning(page, "Không tìm thấy tác giả")
            return


def _apply_captions(page: ParsedPage, captions: list[str], text: str) -> None:
    if not captions:
        return
    keys = {fold(normalize_text(c)) for c in captions}
    moved: list[str] = []
    kept: list[str] = []
    for paragraph in page.paragraphs:
        (moved if fold(paragraph) in keys else kept).append(paragraph)
    if page.lead is not None and fold(page.lead) in keys and kept:
        moved.insert(0, page.lead)
        page.lead = kept.pop(0)
    if not moved:
        return
    page.paragraphs = kept
    for caption in moved:
        body, credit = _split_credit(caption)
        page.captions.append(Caption(body, credit or None) if body else Caption(caption))
    page.captions.sort(key=lambda c: _position(text, c.text))


def _position(text: str, fragment: str) -> int:
    at = text.find(fragment)
    return at if at >= 0 else len(text)


_ABNORMAL = re.compile("[\r\u00a0\u200b\u200c\u200d\u2060\ufeff\u00ad\t]")


def parse_bytes(data: bytes, *, filename: str | None = None) -> ParsedPage:
    """Decode bytes (see decode.decode_bytes), reduce HTML to text if needed, then parse."""
    return parse_decoded(decode_bytes(data), filename=filename)
