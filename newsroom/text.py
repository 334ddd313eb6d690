"""Vietnamese text helpers shared by every app (pure Python, no Django).

The traps they handle are listed in DESIGN.md: NFC versus NFD, old versus new
tone-mark placement ("Hoà"/"Hòa"), and đ, which does not decompose and so
survives naive accent stripping.
"""

from __future__ import annotations

import re
import unicodedata

from slugify import slugify as _slugify

# Combining tone marks as they appear in NFD text: grave, acute, tilde, hook, dot below.
_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"

# Old-style placement puts the tone on the second vowel of an open "oa", "oe" or "uy"
# syllable ("hoà", "khoẻ", "thuỷ"); the convention we store puts it on the first
# ("hòa", "khỏe", "thủy"). "qu" is a consonant, so "quý" is left alone.
_OLD_STYLE_TONE = re.compile(
    r"(?<![qQ])([oO](?=[aAeE])|[uU](?=[yY]))([aAeEyY])([" + _TONE_MARKS + r"])(?![^\W\d_])"
)

_ODD_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_WHITESPACE = re.compile(r"\s+")
# Every combining mark in NFD text (Vietnamese uses U+0300-U+036F only; the rest for safety).
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def normalize_tone_marks(text: str) -> str:
    """Move old-style tone marks to the convention we store ("Hoà" -> "Hòa")."""
    decomposed = unicodedata.normalize("NFD", text)
    moved = _OLD_STYLE_TONE.sub(lambda m: m.group(1) + m.group(3) + m.group(2), decomposed)
    return unicodedata.normalize("NFC", moved)


def normalize_text(text: str) -> str:
    """NFC, one tone-mark convention, LF line endings, plain spaces, no zero-width characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ZERO_WIDTH.sub("", text)
    text = _ODD_SPACES.sub(" ", text)
    return normalize_tone_marks(text)


def fold(text: str) -> str:
    """Accent-, case- and tone-placement-insensitive key: "Huỳnh Việt Hòa" -> "huynh viet hoa"."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = _COMBINING.sub("", text)  # one C-level pass; fold runs over whole article bodies
    return _WHITESPACE.sub(" ", text).strip().lower()


def name_key(text: str) -> str:
    """Key for matching names that keeps diacritics: NFC, new tone placement, case-folded."""
    return _WHITESPACE.sub(" ", normalize_tone_marks(text)).strip().casefold()


def slugify_vi(text: str, max_length: int = 0) -> str:
    """ASCII slug with đ mapped to d: "Đồng Văn Thanh" -> "dong-van-thanh"."""
    return _slugify(fold(text), max_length=max_length, word_boundary=bool(max_length))
