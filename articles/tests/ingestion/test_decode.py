"""Bytes -> text: encodings, BOMs, binary refusal, normalisation (no database)."""

from __future__ import annotations

import codecs
import unicodedata
import zlib
from pathlib import Path

import pytest

from articles.ingestion.decode import (
    DecodeError,
    EmptyPageError,
    IngestionError,
    decode_bytes,
    encode_windows_1258,
)
from articles.ingestion.parser import NoBodyError, ParseError, parse_bytes

ROOT = Path(__file__).resolve().parents[3]
SEED_000 = next((ROOT / "fixtures" / "sources").glob("000_*.txt"))
PAGE = Path(__file__).resolve().parent / "pages" / "p01_nukeviet_breadcrumb.txt"


def test_error_classes_share_one_base():
    assert issubclass(DecodeError, IngestionError)
    assert issubclass(EmptyPageError, DecodeError)
    assert issubclass(NoBodyError, ParseError)
    assert issubclass(ParseError, IngestionError)
    assert issubclass(IngestionError, ValueError)


def test_utf8_plain_and_with_bom():
    text = "Công an tỉnh Hậu Giang\n"
    assert decode_bytes(text.encode("utf-8")) == text
    assert decode_bytes(codecs.BOM_UTF8 + text.encode("utf-8")) == text


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32(encoding):
    text = "Thượng tá Huỳnh Việt Hòa\nGiám đốc Công an tỉnh\n"
    data = text.encode(encoding)
    if encoding == "utf-16-le":
        data = codecs.BOM_UTF16_LE + data
    elif encoding == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    assert decode_bytes(data) == text


def test_utf16_without_bom_is_recognised():
    text = "Lượt xem: 364\nThứ trưởng Bộ Công an làm việc với công an khu vực phía Nam\n"
    assert decode_bytes(text.encode("utf-16-le")) == text


def test_windows_1258_uses_combining_tones_and_comes_back_nfc():
    text = "Đồng chí Thượng tá Huỳnh Việt Hòa, Ủy viên Ban Thường vụ Tỉnh ủy"
    data = encode_windows_1258(text)
    # windows-1258 has no precomposed "ợ": it is written ơ + combining dot below (0xF2).
    assert "ợ".encode() not in data
    assert b"\xf5\xf2" in data  # ơ (0xF5) followed by the combining dot below (0xF2)
    decoded = decode_bytes(data)
    assert decoded == text
    assert unicodedata.is_normalized("NFC", decoded)


def test_crlf_nbsp_zero_width_and_old_tone_placement():
    raw = "Ông Nguyễn Văn Hoà\r\nThuỷ\u00a0sản\u200b khoẻ\r\n"
    assert decode_bytes(raw.encode("utf-8")) == "Ông Nguyễn Văn Hòa\nThủy sản khỏe\n"


def test_nfd_input_becomes_nfc():
    text = "Lượt xem: 364 — Sóc Trăng"
    nfd = unicodedata.normalize("NFD", text)
    assert decode_bytes(nfd.encode("utf-8")) == text


@pytest.mark.parametrize("data", [b"", b"   ", b"\n\r\n\t  \n", codecs.BOM_UTF8 + b" \n"])
def test_empty_input_raises_empty_page_error(data):
    with pytest.raises(EmptyPageError):
        decode_bytes(data)


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10",
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00",
        b"GIF89a\x01\x00\x01\x00\x80\x00\x00",
        zlib.compress("Công an tỉnh".encode() * 50),
        bytes(range(256)) * 4,
        b"text\x00with\x00nul\x00bytes\x00in\x00odd\x00places!",
        b"\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f" * 20,
    ],
)
def test_binary_input_raises_decode_error(data):
    with pytest.raises(DecodeError) as info:
        decode_bytes(data)
    assert not isinstance(info.value, EmptyPageError)
    assert str(info.value)  # a readable message


def test_undecodable_bytes_raise_not_garbage():
    # Bytes 0x81, 0x8A, 0x8D are undefined in windows-1258 and invalid in UTF-8.
    with pytest.raises(DecodeError):
        decode_bytes(b"Cong an \x81\x8a\x8d tinh")
    # Latin-1 looking symbols in bulk are not Vietnamese text.
    with pytest.raises(DecodeError):
        decode_bytes("¤¥¦§¨©ª¬®¯±²³´µ¶·¸¹º¼½¾¿×÷".encode("cp1258") * 3)


def _page_variants(text: str) -> dict[str, bytes]:
    return {
        "utf-8": text.encode("utf-8"),
        "utf-8-sig": codecs.BOM_UTF8 + text.encode("utf-8"),
        "utf-16": text.encode("utf-16"),
        "utf-16-be": codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
        "windows-1258": encode_windows_1258(text),
        "crlf": text.replace("\n", "\r\n").encode("utf-8"),
        "nfd": unicodedata.normalize("NFD", text).encode("utf-8"),
    }


@pytest.mark.parametrize("path", [SEED_000, PAGE], ids=["seed-000", "page-p01"])
def test_every_encoding_parses_identically(path):
    text = path.read_text(encoding="utf-8")
    original = parse_bytes(text.encode("utf-8")).to_contract_dict()
    assert original["title"]
    for name, data in _page_variants(text).items():
        assert parse_bytes(data).to_contract_dict() == original, name


def test_windows_1258_file_round_trip_of_every_vietnamese_letter():
    letters = "aàảãáạăằẳẵắặâầẩẫấậeèẻẽéẹêềểễếệiìỉĩíịoòỏõóọôồổỗốộơờởỡớợuùủũúụưừửữứựyỳỷỹýỵđ"
    text = letters + letters.upper()
    assert decode_bytes(encode_windows_1258(text)) == text


def test_parse_bytes_empty_and_binary_errors_are_ingestion_errors():
    with pytest.raises(IngestionError):
        parse_bytes(b"")
    with pytest.raises(IngestionError):
        parse_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(NoBodyError):
        parse_bytes("Trang chủ\nGiới thiệu\nLiên hệ\n".encode())


def test_utf8_read_as_windows_1252_is_repaired():
    text = "Đồng chí Thượng tá Huỳnh Việt Hòa, Giám đốc Công an tỉnh Hậu Giang"
    # As browsers do: windows-1252, with its five undefined bytes read as Latin-1.
    mojibake = "".join(
        bytes([b]).decode("cp1252") if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else chr(b)
        for b in text.encode("utf-8")
    )
    assert "á»" in mojibake
    assert decode_bytes(mojibake.encode("utf-8")) == text
    # Genuine text with a stray sequence is left alone.
    assert decode_bytes("Thủ khoa á» hội thi".encode()) == "Thủ khoa á» hội thi"
