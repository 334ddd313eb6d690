"""Generated pages for measurements and tests: distinct articles made from the seed pages.

`write_pages(folder, count, seed=…)` writes `count` text pages, recombining the long paragraphs
of the seed pages (fixtures/sources) and of the parser's and recogniser's test pages, shuffled,
with varied numbers, dates, titles, bylines and officials' names, so that every page is an
article of its own (its own fingerprint), not a copy of one file. The same seed gives the
same pages. Pure: no Django model, no database.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

from articles.ingestion.parser import parse_bytes

ROOT = Path(__file__).resolve().parents[2]
SOURCES = (
    ROOT / "fixtures" / "sources",
    ROOT / "articles" / "tests" / "ingestion" / "pages",
    ROOT / "articles" / "tests" / "recognition" / "pages",
)

WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]
BYLINES = ["Minh Khoa", "Thanh Tâm", "Ngọc Hân - Phòng Tham mưu", "Hồng Thái (TTXVN)", "Bảo An"]
TITLE_OPENINGS = [
    "Công an tỉnh triển khai",
    "Tăng cường công tác",
    "Hội nghị sơ kết",
    "Ra quân cao điểm",
    "Đoàn công tác kiểm tra",
    "Trao tặng quà hỗ trợ",
]
TITLE_TOPICS = [
    "phòng, chống tội phạm",
    "bảo đảm trật tự an toàn giao thông",
    "phòng cháy, chữa cháy",
    "cải cách hành chính",
    "phòng, chống dịch bệnh",
    "xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc",
]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi"]
MIDDLE_NAMES = ["Văn", "Thị", "Minh", "Hoàng", "Quốc", "Thanh"]
GIVEN_NAMES = ["Hùng", "Lan", "Dũng", "Phúc", "Tâm", "Hải", "Nga", "Sơn", "Thắng", "Hòa"]
ROLES = [
    ("Đại tá", "Phó Giám đốc Công an tỉnh"),
    ("Thượng tá", "Trưởng phòng Cảnh sát giao thông"),
    ("Trung tá", "Trưởng Công an huyện Châu Thành"),
    ("Thiếu tá", "Đội trưởng Đội Cảnh sát hình sự"),
]


NUMBER = re.compile(r"(?<![/\d-])\d+(?![/\d-])")


def paragraph_pool() -> list[str]:
    """Long body-like lines of the seed and test pages."""
    pool = []
    for folder in SOURCES:
        for path in sorted(folder.glob("*.txt")):
            try:
                page = parse_bytes(path.read_bytes(), filename=path.name)
            except ValueError:
                continue
            pool += [p for p in [page.lead, *page.paragraphs] if p and 80 < len(p) < 1500]
    return pool


def make_page(rng: random.Random, pool: list[str], index: int) -> str:
    """One page's text: title, date line, three to eight paragraphs, an official, a byline."""
    title = f"{rng.choice(TITLE_OPENINGS)} {rng.choice(TITLE_TOPICS)} đợt {index}"
    day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.randint(2019, 2025)
    weekday = WEEKDAYS[rng.randrange(7)]
    hour, minute = rng.randint(6, 22), rng.randint(0, 59)
    paragraphs = rng.sample(pool, k=min(len(pool), rng.randint(3, 8)))
    # Vary the numbers so that each page's content, and so its fingerprint, is its own.
    # Dates ("14/3", "781-786") are left alone.
    paragraphs = [NUMBER.sub(lambda m: str(rng.randint(1, 999)), p) for p in paragraphs]
    paragraphs[0] = f"Ngày {day}/{month}, {paragraphs[0][0].lower()}{paragraphs[0][1:]} ({index})"
    rank, role = rng.choice(ROLES)
    name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE_NAMES)} {rng.choice(GIVEN_NAMES)}"
    paragraphs.insert(
        rng.randint(1, len(paragraphs)),
        f"Phát biểu tại buổi lễ, đồng chí {rank} {name}, {role}, đề nghị các đơn vị tiếp tục "
        "nâng cao hiệu quả công tác, bảo đảm an ninh trật tự trên địa bàn.",
    )
    lines = [title, "", f"{weekday}, {day:02d}/{month:02d}/{year} {hour:02d}:{minute:02d}", ""]
    for paragraph in paragraphs:
        lines += [paragraph, ""]
    lines.append(rng.choice(BYLINES))
    return "\n".join(lines) + "\n"


def write_pages(folder: Path, count: int, *, seed: int = 42, per_folder: int = 500) -> None:
    """`count` generated pages under `folder`, `per_folder` to a sub-folder ("lo-000", …)."""
    rng = random.Random(seed)
    pool = paragraph_pool()
    for index in range(count):
        sub = folder / f"lo-{index // per_folder:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"trang-{index:05d}.txt").write_text(make_page(rng, pool, index), "utf-8")
