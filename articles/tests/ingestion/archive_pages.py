"""Generated page files for the background import's tests: the seed pages under new titles.

Each page is a seed (one with its title on its first line) with a new, varied title and a
sentence of its own in the lead, so every page is a different article (its own content
fingerprint).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

SOURCES = Path(__file__).resolve().parents[3] / "fixtures" / "sources"
# The seeds whose first line is their title (DESIGN.md, "What an editor knows about the seeds").
TITLED_SEEDS = ("000_3d562f1bfeb1dbee.txt", "003_cdb0a83f0a15455e.txt", "004_facca2dd8b6e4cbc.txt")

TOPICS = (
    "Tuần tra kiểm soát giao thông",
    "Tiếp nhận hàng hỗ trợ phòng dịch",
    "Hội nghị trực tuyến về an ninh trật tự",
    "Ra quân trấn áp tội phạm",
    "Tập huấn nghiệp vụ cho công an xã",
)
PLACES = ("Vị Thanh", "Ngã Bảy", "Long Mỹ", "Châu Thành", "Phụng Hiệp", "Vị Thủy", "Sóc Trăng")


def generated_page(index: int) -> tuple[str, bytes]:
    """Page number `index`: its file name and UTF-8 bytes."""
    seed = TITLED_SEEDS[index % len(TITLED_SEEDS)]
    lines = (SOURCES / seed).read_text(encoding="utf-8").splitlines()
    title = f"{TOPICS[index % len(TOPICS)]} tại {PLACES[index % len(PLACES)]}, đợt {index + 1}"
    own = (
        f"Trong đợt thứ {index + 1}, lực lượng tại {PLACES[(index * 3) % len(PLACES)]} đã "
        f"kiểm tra {index * 7 + 11} trường hợp và lập biên bản {index % 13} trường hợp vi phạm."
    )
    # Said at the end of the lead (the first long line), which the fingerprint reads.
    lead = next(i for i, line in enumerate(lines) if len(line) > 150)
    body = [title, *lines[1:lead], f"{lines[lead].rstrip()} {own}", *lines[lead + 1 :]]
    return f"trang-{index + 1:04d}.txt", ("\n".join(body) + "\n").encode("utf-8")


def zip_of_pages(n: int, *, extra: dict[str, bytes] | None = None) -> bytes:
    """A ZIP holding pages 0…n-1 in a folder (and any `extra` members, name -> bytes)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index in range(n):
            name, data = generated_page(index)
            archive.writestr(f"luu-tru/{name}", data)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()
