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


# What an old-style placement looks like in NFC text, a superset of what _OLD_STYLE_TONE
# finds in NFD: "o" before a, e or "u" before y carrying a tone mark ("oà", "uỷ"), not after
# "q". A vowel that is base and tone only ("à") must also end the word, as in NFD (a letter
# and the first character of its NFD are letters alike, checked over all of Unicode); one
# with more marks ("ặ") has a mark after its tone in NFD, so the word may go on.
# NFC text in which this finds nothing is what normalize_tone_marks would return anyway.
def _toned(bases: str, *, marks: int) -> str:
    return "".join(
        char
        for char in map(chr, range(0xC0, 0x2000))
        if (nfd := unicodedata.normalize("NFD", char))[0] in bases
        and len(nfd) > 1
        and nfd[1] in _TONE_MARKS
        and (len(nfd) == 2) == (marks == 1)
    )


def _maybe_old_style(bases: str) -> str:
    alone, with_more = _toned(bases, marks=1), _toned(bases, marks=2)
    return "|".join(
        [f"[{alone}](?![^\\W\\d_])", f"[{bases}][{_TONE_MARKS}]"]
        + ([f"[{with_more}]"] if with_more else [])
    )


_MAYBE_OLD_STYLE = re.compile(
    f"(?<![qQ])(?:[oO](?:{_maybe_old_style('aAeE')})|[uU](?:{_maybe_old_style('yY')}))"
)


def normalize_tone_marks(text: str) -> str:
    """Move old-style tone marks to the convention we store ("Hoà" -> "Hòa")."""
    if unicodedata.is_normalized("NFC", text) and not _MAYBE_OLD_STYLE.search(text):
        return text  # most text: two C-level scans instead of two normalisations and a sub
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
