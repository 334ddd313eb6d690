"""Encoders for the legacy Vietnamese 8-bit encodings the tests need (TCVN3/ABC and VNI).

Written from the published code charts independently of ``articles.ingestion.decode`` so that
the tests check the decoder against a second reading of the charts, not against itself.
Characters an encoding cannot hold (TCVN3 has no capital letters with tone marks) raise
``ValueError``.
"""

from __future__ import annotations

import unicodedata

# TCVN 5712:1993 VN3 ("ABC"): one byte per precomposed lower-case letter.
_TCVN3 = {
    "Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7,
    "ă": 0xA8, "â": 0xA9, "ê": 0xAA, "ô": 0xAB, "ơ": 0xAC, "ư": 0xAD, "đ": 0xAE,
    "à": 0xB5, "ả": 0xB6, "ã": 0xB7, "á": 0xB8, "ạ": 0xB9,
    "ằ": 0xBB, "ẳ": 0xBC, "ẵ": 0xBD, "ắ": 0xBE, "ặ": 0xC6,
    "ầ": 0xC7, "ẩ": 0xC8, "ẫ": 0xC9, "ấ": 0xCA, "ậ": 0xCB,
    "è": 0xCC, "ẻ": 0xCE, "ẽ": 0xCF, "é": 0xD0, "ẹ": 0xD1,
    "ề": 0xD2, "ể": 0xD3, "ễ": 0xD4, "ế": 0xD5, "ệ": 0xD6,
    "ì": 0xD7, "ỉ": 0xD8, "ĩ": 0xDC, "í": 0xDD, "ị": 0xDE,
    "ò": 0xDF, "ỏ": 0xE1, "õ": 0xE2, "ó": 0xE3, "ọ": 0xE4,
    "ồ": 0xE5, "ổ": 0xE6, "ỗ": 0xE7, "ố": 0xE8, "ộ": 0xE9,
    "ờ": 0xEA, "ở": 0xEB, "ỡ": 0xEC, "ớ": 0xED, "ợ": 0xEE,
    "ù": 0xEF, "ủ": 0xF1, "ũ": 0xF2, "ú": 0xF3, "ụ": 0xF4,
    "ừ": 0xF5, "ử": 0xF6, "ữ": 0xF7, "ứ": 0xF8, "ự": 0xF9,
    "ỳ": 0xFA, "ỷ": 0xFB, "ỹ": 0xFC, "ý": 0xFD, "ỵ": 0xFE,
}  # fmt: skip

# VNI-Windows: a base letter followed by a mark byte (tone, or shape and tone together).
_VNI_TONE_LOWER = {"\u0301": "ù", "\u0300": "ø", "\u0309": "û", "\u0303": "õ", "\u0323": "ï"}
_VNI_CIRC_LOWER = {
    "": "â", "\u0301": "á", "\u0300": "à", "\u0309": "å", "\u0303": "ã", "\u0323": "ä"
}  # fmt: skip
_VNI_BREVE_LOWER = {
    "": "ê", "\u0301": "é", "\u0300": "è", "\u0309": "ú", "\u0303": "ü", "\u0323": "ë"
}  # fmt: skip
_VNI_SINGLE = {
    "í": "í", "ì": "ì", "ỉ": "æ", "ĩ": "ó", "ị": "ò", "ơ": "ô", "ư": "ö", "ỵ": "î", "đ": "ñ",
    "Í": "Í", "Ì": "Ì", "Ỉ": "Æ", "Ĩ": "Ó", "Ị": "Ò", "Ơ": "Ô", "Ư": "Ö", "Ỵ": "Î", "Đ": "Ñ",
}  # fmt: skip


def encode_tcvn3(text: str) -> bytes:
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        if ord(ch) < 0x80:
            out.append(ord(ch))
        elif ch in _TCVN3:
            out.append(_TCVN3[ch])
        else:
            raise ValueError(f"TCVN3 cannot hold {ch!r}")
    return bytes(out)


def _vni_char(ch: str) -> str:
    if ord(ch) < 0x80:
        return ch
    if ch in _VNI_SINGLE:
        return _VNI_SINGLE[ch]
    base, *marks = unicodedata.normalize("NFD", ch)
    upper = base.isupper()
    tone = next((m for m in marks if m in _VNI_TONE_LOWER), "")
    shape = next((m for m in marks if m in "\u0302\u0306\u031b"), "")
    if shape == "\u031b":  # horn: ơ/ư carry their own byte, the tone follows
        stem = _VNI_SINGLE[unicodedata.normalize("NFC", base + shape)]
        mark = _VNI_TONE_LOWER[tone] if tone else ""
    elif shape == "\u0302":
        stem, mark = base, _VNI_CIRC_LOWER[tone]
    elif shape == "\u0306":
        stem, mark = base, _VNI_BREVE_LOWER[tone]
    elif tone and base.lower() in "aeiouy":
        if base.lower() == "i" or (base.lower() == "y" and tone == "\u0323"):
            return _VNI_SINGLE[ch]
        stem, mark = base, _VNI_TONE_LOWER[tone]
    else:
        raise ValueError(f"VNI cannot hold {ch!r}")
    return stem + (mark.upper() if upper else mark)


def encode_vni(text: str) -> bytes:
    return "".join(_vni_char(ch) for ch in unicodedata.normalize("NFC", text)).encode("cp1252")
