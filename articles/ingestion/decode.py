"""Bytes -> normalised Vietnamese text (pure Python, no Django).

Accepted: UTF-8 (with or without a BOM), UTF-16 LE/BE and UTF-32 with a BOM, UTF-16 without a
BOM when the NUL pattern is unmistakable, and three legacy 8-bit encodings:

- windows-1258 (Vietnamese Windows code page, which writes tone marks as combining characters,
  so the result is recomposed to NFC);
- TCVN3 / "ABC" (TCVN 5712 VN3: one byte per toned lower-case letter, "C«ng an" = "Công an");
- VNI-Windows (a base letter followed by a mark byte, "Coâng an" = "Công an").

The three legacy encodings share the byte range 0x80-0xFF, so a file that is not UTF-8 is read
in each of them and the readings are scored: a reading counts the words that are well-formed
Vietnamese syllables (letters Vietnamese uses, one tone mark at most, an onset + vowels + coda
shape) against those that are not. The clear winner is taken; when no reading is plausible, or
two are (a short file whose few accented words read as Vietnamese both ways), the file is
refused with a message that names the candidates, rather than guessed.

The text then goes through ``newsroom.text.normalize_text``: NFC, one tone-mark convention
("Hoà" -> "Hòa"), LF line endings, plain spaces, no zero-width characters.

Refused with :class:`DecodeError`: binary data (NUL bytes, control characters, known file
signatures such as PNG/JPEG/PDF/ZIP) and bytes that no accepted encoding reads as plausible
text. Empty or whitespace-only input raises :class:`EmptyPageError`.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from newsroom.text import normalize_text


class IngestionError(ValueError):
    """Base class of every error raised while reading a source page."""


class DecodeError(IngestionError):
    """The bytes are not a text page we can read (binary data or an unknown encoding)."""


class EmptyPageError(DecodeError):
    """The page is empty or holds only whitespace."""


# Signatures of common binary formats, with the name used in the error message.
BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "ảnh PNG"),
    (b"\xff\xd8\xff", "ảnh JPEG"),
    (b"GIF87a", "ảnh GIF"),
    (b"GIF89a", "ảnh GIF"),
    (b"RIFF", "tệp RIFF (WebP/WAV/AVI)"),
    (b"%PDF-", "tệp PDF"),
    (b"PK\x03\x04", "tệp nén ZIP (hoặc DOCX/XLSX)"),
    (b"PK\x05\x06", "tệp nén ZIP"),
    (b"\x1f\x8b", "tệp nén gzip"),
    (b"BZh", "tệp nén bzip2"),
    (b"7z\xbc\xaf\x27\x1c", "tệp nén 7z"),
    (b"Rar!\x1a\x07", "tệp nén RAR"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "tệp Office cũ (DOC/XLS)"),
    (b"\x7fELF", "tệp chương trình ELF"),
    (b"MZ", "tệp chương trình Windows"),
    (b"\x00\x00\x01\x00", "biểu tượng ICO"),
    (b"II*\x00", "ảnh TIFF"),
    (b"MM\x00*", "ảnh TIFF"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Control characters a text page may hold: tab, LF, VT, FF, CR. Any other C0/C1 control,
# lone surrogate or private-use character is counted as a sign of binary data.
_ALLOWED_CONTROLS = frozenset("\t\n\x0b\x0c\r")
_CONTROLS = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff"
    "\U000f0000-\U000ffffd\U00100000-\U0010fffd]"
)
_LINE_SEPARATORS = str.maketrans({"\x85": "\n", "\u2028": "\n", "\u2029": "\n"})

# Vietnamese tone marks that windows-1258 writes as separate combining characters.
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")

# Characters windows-1258 maps to bytes 0x80-0xBF that never appear in Vietnamese prose;
# many of them mean the bytes were not windows-1258 text.
_CP1258_UNLIKELY = frozenset("ƒ†‡ˆ‰‹Œ˜™›œŸ¢£¤¥¦§¨ª¬®¯±²³´µ¶¸¹º¼½¾¿×÷ÆæÅåØøßÇçÑñ")


def decode_bytes(data: bytes) -> str:
    """Decode a scraped page to normalised text, or raise DecodeError / EmptyPageError."""
    if not data or not data.strip(b" \t\r\n\x0b\x0c"):
        raise EmptyPageError("Trang rỗng: tệp không có nội dung (empty page).")
    text = _decode(data)
    if not text.strip():
        raise EmptyPageError("Trang rỗng: tệp chỉ có khoảng trắng (whitespace-only page).")
    for _ in range(3):  # a page may have been through the mistake more than once
        repaired = _repair_mojibake(text)
        if repaired == text:
            break
        text = repaired
    _check_controls(text)
    text = _CONTROLS.sub("", text)
    if "\x85" in text or "\u2028" in text or "\u2029" in text:
        text = text.translate(_LINE_SEPARATORS)
    text = normalize_text(text)
    if not text.strip():
        raise EmptyPageError("Trang rỗng: tệp chỉ có khoảng trắng (whitespace-only page).")
    return text


def _decode(data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as err:
                raise DecodeError(
                    f"Tệp có dấu BOM {encoding.upper()} nhưng nội dung không đọc được "
                    f"theo bảng mã đó (byte {err.start})."
                ) from err
    for signature, name in BINARY_SIGNATURES:
        if data.startswith(signature):
            raise DecodeError(f"Không phải trang văn bản: tệp là {name} (binary data).")
    if b"\x00" in data:
        utf16 = _guess_utf16(data)
        if utf16 is not None:
            return utf16
        raise DecodeError("Không phải trang văn bản: tệp chứa byte NUL (binary data).")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return _decode_legacy(data)


# --------------------------------------------------------------------------------------------
# Legacy 8-bit encodings: windows-1258, TCVN3 (ABC), VNI-Windows
# --------------------------------------------------------------------------------------------

# TCVN 5712:1993 VN3: bytes 0xA1-0xFE -> letters. Capital letters with a tone mark have no code
# (documents used a separate capitals font), so they never occur in a TCVN3 file.
_TCVN3_LETTERS = (
    "ĂÂÊÔƠƯĐăâêôơưđ"  # 0xA1-0xAE
    "\x00\x00\x00\x00\x00\x00"  # 0xAF-0xB4 unused
    "àảãáạ\x00ằẳẵắ"  # 0xB5-0xBE
    "\x00\x00\x00\x00\x00\x00\x00"  # 0xBF-0xC5 unused
    "ặầẩẫấậè\x00ẻẽéẹềểễếệìỉ"  # 0xC6-0xD8
    "\x00\x00\x00ĩíịò\x00ỏõóọồổỗốộờởỡớợù\x00ủũúụừửữứựỳỷỹýỵ"  # 0xD9-0xFE
)
_TCVN3 = {0xA1 + i: ch for i, ch in enumerate(_TCVN3_LETTERS) if ch != "\x00"}

# VNI-Windows, read through windows-1252: mark characters after a base vowel.
_VNI_TONES = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_VNI_CIRCUMFLEX = {
    "â": "",
    "á": "\u0301",
    "à": "\u0300",
    "å": "\u0309",
    "ã": "\u0303",
    "ä": "\u0323",
}
_VNI_BREVE = {"ê": "", "é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}
# Letters VNI writes as one byte (lower and upper case).
_VNI_SINGLE = {
    "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "ô": "ơ", "ö": "ư", "î": "ỵ", "ñ": "đ",
    "Í": "Í", "Ì": "Ì", "Æ": "Ỉ", "Ó": "Ĩ", "Ò": "Ị", "Ô": "Ơ", "Ö": "Ư", "Î": "Ỵ", "Ñ": "Đ",
}  # fmt: skip
_VNI_MARKS = frozenset(_VNI_TONES) | frozenset(_VNI_CIRCUMFLEX) | frozenset(_VNI_BREVE)
_VNI_MARKS = _VNI_MARKS | frozenset(ch.upper() for ch in _VNI_MARKS)


def _read_tcvn3(data: bytes) -> str | None:
    out: list[str] = []
    for b in data:
        if b < 0x80:
            out.append(chr(b))
        elif b in _TCVN3:
            out.append(_TCVN3[b])
        elif b == 0xA0:
            out.append(" ")
        else:
            try:  # typographic punctuation kept from windows-1252 (quotes, dashes)
                ch = bytes([b]).decode("cp1252")
            except UnicodeDecodeError:
                return None
            if unicodedata.category(ch)[0] != "P":
                return None
            out.append(ch)
    return "".join(out)


def _read_vni(data: bytes) -> str | None:
    try:
        raw = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    out: list[str] = []
    i, n = 0, len(raw)
    while i < n:
        ch = raw[i]
        nxt = raw[i + 1] if i + 1 < n else ""
        if nxt in _VNI_MARKS and ch.lower() in "aeouyôö":
            mark = nxt.lower()
            base = _VNI_SINGLE.get(ch, ch)
            lower = base.lower()
            combined = None
            if mark in _VNI_TONES:
                combined = base + _VNI_TONES[mark]
            elif mark in _VNI_CIRCUMFLEX and lower in "aeo":
                combined = base + "\u0302" + _VNI_CIRCUMFLEX[mark]
            elif mark in _VNI_BREVE and lower == "a":
                combined = base + "\u0306" + _VNI_BREVE[mark]
            if combined is not None:
                out.append(unicodedata.normalize("NFC", combined))
                i += 2
                continue
        out.append(_VNI_SINGLE.get(ch, ch))
        i += 1
    return "".join(out)


def _read_cp1258(data: bytes) -> str | None:
    try:
        text = data.decode("cp1258")
    except UnicodeDecodeError:
        return None
    if not _plausible_cp1258(text):
        return None
    return unicodedata.normalize("NFC", text)


_LEGACY_READERS = (("windows-1258", _read_cp1258), ("TCVN3", _read_tcvn3), ("VNI", _read_vni))

_SYLLABLE = re.compile(
    r"^(?:ngh|ng|nh|ch|tr|th|ph|kh|gh|gi|qu|[bcdghklmnprstvx])?[aeiouy]{1,3}"
    r"(?:ch|nh|ng|[cmnpt])?$"
)
_SHAPE_MARKS = frozenset("\u0302\u0306\u031b")
_WORD_SPLIT = re.compile(r"[\s\d!-/:-@\[-`{-~\u2013\u2014\u2018-\u201f\u2026\u00a0]+")


def _vietnamese_word(word: str) -> bool:
    """A well-formed Vietnamese syllable: "trường", "Việt"; not "C«ng", "Vieät", "ViÖt"."""
    decomposed = unicodedata.normalize("NFD", word.lower().replace("đ", "d"))
    tones = shapes = 0
    letters: list[str] = []
    for ch in decomposed:
        if ch in _TONES:
            tones += 1
        elif ch in _SHAPE_MARKS:
            shapes += 1
        elif "a" <= ch <= "z":
            letters.append(ch)
        else:
            return False
    if tones > 1 or shapes > 2:
        return False
    return bool(_SYLLABLE.match("".join(letters)))


# The 200 commonest accented words of the project's police-news pages (seeds and test pages):
# a right reading of a legacy file is full of them, a wrong one almost never makes one.
_COMMON_TEXT = """
    công tỉnh thành các phòng và bộ dịch tác dân phố ủy chống chí của tại đồng hậu với hội
    trưởng lực chủ đã tổ lượng văn đạo nhân chỉ vụ phương thứ địa thông thời có chức ngày
    giám kết đại năm nghị học bảo hồ động tướng sát hợp việc cảnh phát làm đoàn về đốc
    nguyễn quốc lê tá hiện người phó viên toàn hình trường phạm hỗ trợ biểu phối sự chính
    bệnh tình vị đảm xã đến báo tự tịch kiểm số điểm ảnh buổi lãnh sở tập thường bị điều đầu
    bình hành đối trật cháy thư thiếu cơ đơn được tiếp thực lý viện lễ biên bí cáo cách tế
    nhà cùng để dịp sáng huyện hùng quả triển cán giáo quân thể tuyến tặng trên bàn hồng thị
    dự ông nhiều giữ đội chiến biết bắt vực đề soát liên đường định tổng tượng trần đảng
    pháp là nhận trực vận hoạt nội thượng hòa vật tư không mặt tâm đánh trì quyền truyền hà
    xây dựng án độ từ cục thiết giá vệ xử nghiêm đợt tội tháng túy thăm một cập đang giới
    diễn việt quyết sĩ
    """
_COMMON_WORDS = frozenset(_COMMON_TEXT.split())


def _legacy_score(text: str) -> tuple[int, int, int]:
    """(common words, well-formed, malformed) among the words with a character beyond ASCII."""
    common = good = bad = 0
    for word in _WORD_SPLIT.split(text[:50000]):
        if not word or word.isascii():
            continue
        if _vietnamese_word(word):
            good += 1
            if unicodedata.normalize("NFC", word.lower()) in _COMMON_WORDS:
                common += 1
        else:
            bad += 1
    return common, good, bad


def _decode_legacy(data: bytes) -> str:
    """Read bytes that are not UTF-8 as windows-1258, TCVN3 or VNI, or refuse them.

    windows-1258 stays the reading of any file it reads plausibly (as before TCVN3 and VNI
    were known) unless another reading is clearly Vietnamese and clearly better: several
    common words or well-formed words, and a score a quarter higher.
    """
    cp1258: tuple[float, str] | None = None
    others: list[tuple[float, str, str]] = []  # (score, encoding, text)
    for name, reader in _LEGACY_READERS:
        text = reader(data)
        if text is None:
            continue
        common, good, bad = _legacy_score(text)
        score = 2 * common + good - 3 * bad
        if name == "windows-1258":
            cp1258 = (score, text)  # the reader already applied the old plausibility check
        elif good and bad <= good // 10 and (common >= 2 or good >= 5):
            others.append((score, name, text))
    others.sort(key=lambda r: r[0], reverse=True)
    if cp1258 is not None and (not others or others[0][0] <= cp1258[0] * 1.25 + 1):
        return cp1258[1]
    if not others:
        raise DecodeError(
            "Không nhận ra bảng mã: tệp không phải UTF-8 và không đọc được thành tiếng Việt "
            "theo windows-1258, TCVN3 hay VNI (unknown encoding or binary data)."
        )
    best = others[0]
    if len(others) > 1 and others[1][0] >= best[0] * 0.8:
        raise DecodeError(
            f"Không phân biệt được bảng mã: tệp đọc được như {best[1]} và như {others[1][1]} "
            "(quá ít chữ có dấu để phân biệt); hãy chuyển tệp sang UTF-8 rồi nhập lại "
            "(ambiguous legacy encoding)."
        )
    return best[2]


# UTF-8 bytes that were once read as windows-1252 and saved again as UTF-8 ("CÃ´ng an",
# "Háº­u Giang", "Ä‘á»“ng chÃ­"): these pairs never occur in Vietnamese text.
_MOJIBAKE_MARKERS = ("á»", "áº", "Ä‘", "Æ°", "Æ¡", "Ã´", "Ã¢", "Ãª", "Ã¡", "Ã³", "Ã­")
_CP1252_BYTES = {
    bytes([b]).decode("cp1252"): b for b in range(256) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}


def _repair_mojibake(text: str) -> str:
    """Undo one round of UTF-8 read as windows-1252, when the text clearly shows it."""
    if sum(text.count(m) for m in _MOJIBAKE_MARKERS[:4]) < 2:
        return text
    raw = bytearray()
    for ch in text:
        b = _CP1252_BYTES.get(ch)
        if b is None:
            if ord(ch) > 0xFF:
                return text  # a character that cannot come from such bytes: leave the text
            b = ord(ch)
        raw.append(b)
    try:
        repaired = raw.decode("utf-8")
    except UnicodeDecodeError:
        return text
    return repaired


def _guess_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: mostly ASCII-range text leaves NULs at every other byte."""
    if len(data) % 2 or len(data) < 4:
        return None
    even_nuls = data[0::2].count(0)
    odd_nuls = data[1::2].count(0)
    half = len(data) // 2
    if odd_nuls >= 0.3 * half and even_nuls == 0:
        encoding = "utf-16-le"
    elif even_nuls >= 0.3 * half and odd_nuls == 0:
        encoding = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return text if _plausible_vietnamese(text) else None


# Marks a Vietnamese letter can carry in NFD: five tones, circumflex, breve, horn.
_VIETNAMESE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b")


def _plausible_char(ch: str) -> bool:
    if ch.isascii() or ch in "đĐ":
        return True
    category = unicodedata.category(ch)
    if category[0] in "PZS" or category == "Nd":
        return True
    if category[0] != "L":
        return ch in _VIETNAMESE_MARKS
    base, *marks = unicodedata.normalize("NFD", ch)
    return base.isascii() and all(mark in _VIETNAMESE_MARKS for mark in marks)


def _plausible_vietnamese(text: str) -> bool:
    """Text that reads as Vietnamese or ASCII, not bytes decoded by a lucky guess.

    Guards the encoding guesses that have no BOM to vouch for them: "\x00\xff\x00\xfe"
    decodes as UTF-16-BE to "ÿþ", letters no Vietnamese page is made of.
    """
    sample = text[:20000]
    if not sample.strip() or not any(ch.isspace() for ch in sample):
        return False
    odd = sum(1 for ch in sample if not _plausible_char(ch))
    return odd <= len(sample) // 50


def _is_control(ch: str) -> bool:
    return unicodedata.category(ch) == "Cc" or unicodedata.category(ch) in ("Cs", "Co")


def _check_controls(text: str) -> None:
    controls = len(_CONTROLS.findall(text))
    if "\x00" in text or controls > max(2, len(text) // 200):
        raise DecodeError(
            f"Không phải trang văn bản: có {controls} ký tự điều khiển (binary data)."
        )


def _plausible_cp1258(text: str) -> bool:
    high = [ch for ch in text if ord(ch) >= 0x80]
    if not high:
        return True
    unlikely = sum(1 for ch in high if ch in _CP1258_UNLIKELY or _is_control(ch))
    if unlikely > max(1, len(high) // 20):
        return False
    # A combining tone mark must follow a letter.
    previous = ""
    for ch in text:
        if ch in _TONES and not previous.isalpha():
            return False
        previous = ch
    return True


def encode_windows_1258(text: str) -> bytes:
    """Encode text the way windows-1258 stores it: base letters precomposed, tones combining.

    Used by tests and by anyone who needs to produce a legacy file; the inverse of the
    windows-1258 branch of :func:`decode_bytes`.
    """
    out: list[str] = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            ch.encode("cp1258")
            out.append(ch)
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in decomposed if c in _TONES)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
        out.append(base + tones)
    return "".join(out).encode("cp1258")
