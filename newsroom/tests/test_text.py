"""Tests of the shared Vietnamese text helpers and formatting filters."""

import datetime
import os
import subprocess
import sys
import unicodedata
from zoneinfo import ZoneInfo

from newsroom.templatetags.vn import vn_date, vn_number
from newsroom.text import fold, name_key, normalize_text, normalize_tone_marks, slugify_vi


def test_slug_maps_đ_to_d():
    assert slugify_vi("Đồng Văn Thanh") == "dong-van-thanh"
    assert slugify_vi("đường 3/2") == "duong-3-2"


def test_fold_ignores_case_accents_and_nfd():
    nfd = unicodedata.normalize("NFD", "Huỳnh Việt Hòa")
    assert fold(nfd) == fold("HUỲNH VIỆT HOÀ") == "huynh viet hoa"


def test_old_tone_placement_is_moved():
    assert normalize_tone_marks("Hoà Thuỷ Khoẻ Uỷ ban") == "Hòa Thủy Khỏe Ủy ban"
    assert normalize_tone_marks("quý hoàng") == "quý hoàng"
    assert name_key("Huỳnh Việt Hoà") == name_key("huỳnh việt hòa")


def test_tone_marks_fast_path_returns_what_the_full_normalisation_returns():
    """Text the fast path returns as it is must be what NFD, the move and NFC give: random
    strings of the letters, marks and forms (NFC, NFD, old and new placement) that matter."""
    import random

    from newsroom import text

    def full(value: str) -> str:
        decomposed = unicodedata.normalize("NFD", value)
        moved = text._OLD_STYLE_TONE.sub(lambda m: m.group(1) + m.group(3) + m.group(2), decomposed)
        return unicodedata.normalize("NFC", moved)

    toned = text._toned("aAeEyY", marks=1) + text._toned("aAeEyY", marks=2)
    letters = "oOuUqQaAeEyYhnư ,âăêôơÂ" + toned + text._TONE_MARKS + "\u0302\u0306\u0316"
    rng = random.Random(14)
    for _ in range(30_000):
        value = "".join(rng.choice(letters) for _ in range(rng.randint(1, 7)))
        for form in (
            value,
            unicodedata.normalize("NFC", value),
            unicodedata.normalize("NFD", value),
        ):
            assert normalize_tone_marks(form) == full(form), ascii(form)
    assert normalize_tone_marks("hoàng toàn quá") == "hoàng toàn quá"


def test_normalize_text_cleans_spaces_and_line_endings():
    assert normalize_text("a\u00a0b\r\nc\u200bd") == "a b\ncd"


def test_vn_date_formats_weekday_and_local_time():
    moment = datetime.datetime(2021, 11, 1, 15, 57, tzinfo=datetime.UTC)
    assert vn_date(moment) == "Thứ hai, 01/11/2021 22:57"
    assert vn_date(moment, False) == "Thứ hai, 01/11/2021"
    sunday = datetime.datetime(2021, 7, 4, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    assert vn_date(sunday) == "Chủ nhật, 04/07/2021 09:00"


def test_vn_number_groups_thousands_with_dots():
    assert vn_number(2310) == "2.310"
    assert vn_number(None) == ""


def test_production_settings_refuse_to_start_without_secret_key():
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    env.update(DEBUG="0", ALLOWED_HOSTS="example.org", DJANGO_SETTINGS_MODULE="newsroom.settings")
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
