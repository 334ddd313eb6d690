"""TCVN3 (ABC) and VNI-Windows files are decoded when they can be told apart, refused with a
clear message when not; windows-1258 and UTF-16 as before (no database)."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from articles.ingestion.decode import DecodeError, decode_bytes, encode_windows_1258
from articles.ingestion.parser import parse_bytes

from .legacy import encode_tcvn3, encode_vni

HELDOUT = Path(__file__).resolve().parent / "heldout"

SENTENCE = (
    "Sáng 26/12, Công an tỉnh tổ chức hội nghị tổng kết công tác năm 2023, triển khai nhiệm "
    "vụ năm 2024. Đồng chí Giám đốc yêu cầu các đơn vị tập trung đấu tranh trấn áp tội phạm."
)
LOWER = "aàảãáạăằẳẵắặâầẩẫấậeèẻẽéẹêềểễếệiìỉĩíịoòỏõóọôồổỗốộơờởỡớợuùủũúụưừửữứựyỳỷỹýỵđ"


@pytest.mark.parametrize("encode", [encode_tcvn3, encode_vni], ids=["tcvn3", "vni"])
def test_legacy_sentence_round_trip(encode):
    assert decode_bytes(encode(SENTENCE)) == SENTENCE
    assert decode_bytes(encode(SENTENCE.replace("\n", "\r\n") + "\r\n")) == SENTENCE + "\n"


@pytest.mark.parametrize("encode", [encode_tcvn3, encode_vni], ids=["tcvn3", "vni"])
def test_every_lower_case_letter_in_legacy_encodings(encode):
    # Each letter in a syllable of its own, among common words that identify the encoding.
    letters = " ".join(f"c{ch}" if ch != "đ" else "đi" for ch in LOWER)
    text = SENTENCE + " " + letters
    assert decode_bytes(encode(text)) == text


def test_vni_upper_case_letters():
    text = SENTENCE + " ĐỒNG CHÍ GIÁM ĐỐC CÔNG AN TỈNH ỦY VIÊN THƯỜNG VỤ TỈNH ỦY ĐẮK LẮK"
    assert decode_bytes(encode_vni(text)) == text


@pytest.mark.parametrize(
    ("name", "encoding"),
    [("h15_windows_1258.txt", None), ("h17_tcvn3.txt", None), ("h18_vni.txt", None)],
)
def test_heldout_legacy_pages_decode_to_their_originals(name, encoding):
    original = (HELDOUT / "sources" / name).read_text(encoding="utf-8")
    assert decode_bytes((HELDOUT / name).read_bytes()) == original


def test_utf16_html_page_parses():
    page = parse_bytes((HELDOUT / "h16_utf16.html").read_bytes(), filename="h16_utf16.html")
    assert page.title == "Phú Yên: Trao tặng 30 căn nhà Đại đoàn kết cho hộ nghèo"
    data = "Công an tỉnh Phú Yên\n".encode("utf-16-le")
    assert decode_bytes(codecs.BOM_UTF16_LE + data) == "Công an tỉnh Phú Yên\n"


def test_windows_1258_stays_the_reading_of_windows_1258_files():
    assert decode_bytes(encode_windows_1258(SENTENCE)) == SENTENCE
    assert decode_bytes(encode_windows_1258("Rất tốt")) == "Rất tốt"


def test_file_that_two_legacy_encodings_read_alike_is_refused_with_a_reason():
    # Seven rare syllables: TCVN3 reads "bỏ bó bổ bố bờ bỡ bú", VNI "bá bã bỉ bè bê bì bĩ";
    # both are well-formed and neither has a common word: refuse rather than guess.
    ambiguous = b"b\xe1 b\xe3 b\xe6 b\xe8 b\xea b\xec b\xf3\r\n"
    with pytest.raises(DecodeError) as err:
        decode_bytes(ambiguous)
    message = str(err.value)
    assert "Không phân biệt được bảng mã" in message
    assert "TCVN3" in message and "VNI" in message
    assert "UTF-8" in message  # says what to do


def test_unknown_high_bytes_are_refused():
    with pytest.raises(DecodeError) as err:
        decode_bytes(b"Cong an \x81\x8a\x8d tinh")
    assert "bảng mã" in str(err.value)
