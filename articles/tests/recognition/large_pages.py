"""Long pages for measuring the recogniser's cost as a page grows (tests and bench/).

A page is made of realistic paragraphs: the body lines of the five seed pages
(fixtures/sources/) and of the recogniser's test pages, followed in every round by a paragraph
naming officials who differ from round to round (so the page holds many distinct people,
provinces and units, as a year-end review does), repeated until the page reaches the size asked
for. ``one_block=True`` joins everything into a single paragraph (a page whose markup lost its
line breaks).
"""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SOURCES = ROOT / "fixtures" / "sources"
PAGES = Path(__file__).resolve().parent / "pages"

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ"]
MIDDLES = ["Văn", "Thị", "Minh", "Quốc", "Thanh", "Hữu", "Ngọc"]
GIVEN = ["Hùng", "Nam", "Tâm", "Hòa", "Phong", "Khoa", "Trung", "Dũng", "Hạnh", "Lâm", "Sơn"]
RANKS = ["Đại tá", "Thượng tá", "Trung tá", "Thiếu tướng"]
PROVINCES = [
    "Hậu Giang",
    "Sóc Trăng",
    "Cần Thơ",
    "Bến Tre",
    "Kiên Giang",
    "Vĩnh Long",
    "Đồng Nai",
    "Nghệ An",
    "Quảng Ninh",
    "Tây Ninh",
]


def _body_lines(path: Path, *, skip_header: bool) -> list[str]:
    out = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = " ".join(raw.split())
        if skip_header and line.startswith("#"):
            continue
        if len(line) >= 60:
            out.append(line)
    return out


def realistic_paragraphs() -> list[str]:
    lines: list[str] = []
    for path in sorted(SOURCES.glob("*.txt")):
        lines += _body_lines(path, skip_header=False)
    for path in sorted(PAGES.glob("p*.txt")):
        lines += _body_lines(path, skip_header=True)
    return lines


def varied_paragraph(n: int) -> str:
    """A paragraph with three officials and their units, different for each n."""
    names = []
    for k in range(3):
        m = n * 3 + k
        names.append(
            f"{SURNAMES[m % len(SURNAMES)]} {MIDDLES[(m // 10) % len(MIDDLES)]} "
            f"{GIVEN[(m // 70) % len(GIVEN)]}"
        )
    prov = PROVINCES[n % len(PROVINCES)]
    other = PROVINCES[(n + 3) % len(PROVINCES)]
    return (
        f"Ngày {1 + n % 28}/{1 + n % 12}, {RANKS[n % len(RANKS)]} {names[0]}, Giám đốc Công an "
        f"tỉnh {prov} chủ trì hội nghị sơ kết công tác; dự có đồng chí {names[1]}, Phó Chủ tịch "
        f"UBND tỉnh, và {RANKS[(n + 1) % len(RANKS)]} {names[2]}, Trưởng phòng Cảnh sát hình sự "
        f"Công an tỉnh {other}. Công an tỉnh đã phối hợp với Sở Y tế và Bộ Chỉ huy Quân sự tỉnh "
        f"triển khai các phương án bảo đảm an ninh, trật tự."
    )


def large_page(size: int, *, one_block: bool = False) -> dict:
    """Inputs for ``recognise`` of about ``size`` bytes of UTF-8 text."""
    base = realistic_paragraphs()
    paragraphs: list[str] = []
    total = 0
    for n in itertools.count():
        for line in (*base, varied_paragraph(n)):
            paragraphs.append(line)
            total += len(line.encode("utf-8")) + 1
            if total >= size:
                break
        if total >= size:
            break
    if one_block:
        paragraphs = [" ".join(paragraphs)]
    return {
        "title": "Tổng kết công tác năm của Công an tỉnh Hậu Giang",
        "lead": paragraphs[0][:300],
        "paragraphs": paragraphs,
        "captions": [],
        "published_date": dt.date(2021, 12, 30),
        "site_province": "Hậu Giang",
    }
