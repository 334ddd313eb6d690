"""Property-based tests: the parser and the decoder never misbehave on arbitrary input."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.ingestion.decode import DecodeError, decode_bytes, encode_windows_1258
from articles.ingestion.html import html_to_text, looks_like_html
from articles.ingestion.parser import NoBodyError, ParsedPage, parse_text
from newsroom.text import normalize_text

EXAMPLES = int(os.environ.get("PARSER_PROPERTY_EXAMPLES", "60"))
FAST = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

VIETNAMESE_LETTERS = (
    "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ"
)
WORDS = [
    "Công",
    "an",
    "tỉnh",
    "Hậu",
    "Giang",
    "Thứ",
    "hai",
    "Chủ",
    "nhật",
    "Sáng",
    "ngày",
    "Lượt",
    "xem:",
    "Ảnh:",
    "TIN",
    "KHÁC",
    "Tin",
    "liên",
    "quan",
    "Thống",
    "kê",
    "truy",
    "cập",
    "Tác",
    "giả:",
    "nguồn",
    "Theo",
    "Báo",
    "(CAO)",
    "(TTXVN)",
    "Hòa",
    "Hoà",
    "01/11/2021",
    "13-7",
    "3/8",
    "22:57",
    "15h30",
    "923",
    "2.310",
    "|",
    "-",
    "…",
    ".",
    ",",
    "./.",
    "Chú thích ảnh",
    "Bình luận (0)",
    "Tổng số điểm của bài viết là: 5 trong 1 đánh giá",
]

vietnamese_word = st.one_of(
    st.sampled_from(WORDS),
    st.text(alphabet=VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.upper(), min_size=1, max_size=8),
)
vietnamese_line = st.lists(vietnamese_word, min_size=0, max_size=40).map(" ".join)
line_end = st.sampled_from(["", ".", "…", ":", "./.", "?"])
vietnamese_page = st.lists(
    st.tuples(vietnamese_line, line_end).map("".join), min_size=0, max_size=25
).map("\n".join)


def _check_page(page: ParsedPage) -> None:
    assert page.lead
    assert page.title
    data = page.to_contract_dict()
    assert len(data) == 16
    for text in [page.lead, *page.paragraphs, *(c.text for c in page.captions)]:
        assert text == text.strip()
        assert unicodedata.is_normalized("NFC", text)


@FAST
@given(st.text(max_size=400))
def test_parse_text_only_raises_no_body_error_on_any_text(text):
    try:
        page = parse_text(text)
    except NoBodyError:
        return
    _check_page(page)


@FAST
@given(vietnamese_page)
def test_parse_text_on_vietnamese_like_pages(text):
    try:
        page = parse_text(text)
    except NoBodyError:
        return
    _check_page(page)


@FAST
@given(st.binary(max_size=300))
def test_decode_raises_only_decode_error_and_is_stable(data):
    try:
        text = decode_bytes(data)
    except DecodeError:
        return
    assert text.strip()
    assert unicodedata.is_normalized("NFC", text)
    assert "\r" not in text and "\x00" not in text
    assert decode_bytes(text.encode("utf-8")) == text


@FAST
@given(st.text(max_size=300))
def test_decode_of_utf8_text_is_stable(text):
    try:
        once = decode_bytes(text.encode("utf-8"))
    except DecodeError:
        return
    assert decode_bytes(once.encode("utf-8")) == once
    assert decode_bytes(once.encode("utf-16")) == once


@FAST
@given(st.text(alphabet=VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.upper() + " \n.,", max_size=200))
def test_windows_1258_round_trip(text):
    try:
        expected = decode_bytes(text.encode("utf-8"))
    except DecodeError:
        return
    assert decode_bytes(encode_windows_1258(text)) == expected


@FAST
@given(st.text(max_size=300))
def test_normalize_text_is_idempotent(text):
    once = normalize_text(text)
    assert normalize_text(once) == once


@FAST
@given(st.text(max_size=300))
def test_html_reduction_never_fails(text):
    html_to_text(text)
    looks_like_html(text)
    html_to_text("<html><body><p>" + text + "</p></body></html>")


SEEDS = sorted((Path(__file__).resolve().parents[3] / "fixtures" / "sources").glob("*.txt"))
SEED_LINES = [p.read_text(encoding="utf-8").split("\n") for p in SEEDS]
ALWAYS_FURNITURE = ("Thống kê truy cập", "TIN KHÁC", "Tổng số điểm", "Lên đầu trang", "No title")


@FAST
@given(st.sampled_from(range(len(SEEDS))), st.data())
def test_damaged_seed_pages(index, data):
    """Seeds with lines dropped or swapped: only NoBodyError, and no furniture in the body."""
    lines = list(SEED_LINES[index])
    keep = data.draw(st.lists(st.booleans(), min_size=len(lines), max_size=len(lines)))
    lines = [line for line, k in zip(lines, keep, strict=True) if k or not line.strip()]
    if len(lines) > 2 and data.draw(st.booleans()):
        i = data.draw(st.integers(0, len(lines) - 2))
        lines[i], lines[i + 1] = lines[i + 1], lines[i]
    try:
        page = parse_text("\n".join(lines))
    except NoBodyError:
        return
    _check_page(page)
    for text in [page.lead, *page.paragraphs, *(c.text for c in page.captions)]:
        assert not any(marker in text for marker in ALWAYS_FURNITURE), text
