"""A province name closing a page is a location tag, not the byline: the parser's NOT_NAMES
holds all 63 provinces of recognition/data/provinces.json (read without Django)."""

from __future__ import annotations

import json

import pytest

from articles.ingestion.parser import NOT_NAMES, PROVINCE_NAMES, PROVINCES_JSON, parse_text
from newsroom.text import fold

PROVINCES = [p["name"] for p in json.loads(PROVINCES_JSON.read_text(encoding="utf-8"))["provinces"]]

ARTICLE = "\n".join(
    [
        "Ra mắt mô hình khu dân cư an toàn về an ninh trật tự",
        "Thứ Sáu, 08/09/2023 - 09:15",
        "Sáng 8/9, Công an phường phối hợp với Ủy ban Mặt trận Tổ quốc phường tổ chức ra mắt "
        "mô hình khu dân cư an toàn về an ninh trật tự tại khu 5.",
        "Mô hình gồm 25 thành viên là cán bộ khu phố, đoàn viên thanh niên, hội viên cựu chiến "
        "binh, có nhiệm vụ tuần tra, nắm tình hình và tuyên truyền pháp luật.",
    ]
)


def test_all_63_provinces_are_not_names():
    assert len(PROVINCES) == 63
    assert {fold(p) for p in PROVINCES} <= NOT_NAMES
    assert {"quang ninh", "nghe an", "ha giang", "thua thien hue"} <= PROVINCE_NAMES


@pytest.mark.parametrize("province", PROVINCES)
def test_page_ending_with_a_province_has_no_byline(province):
    page = parse_text(ARTICLE + "\n" + province + "\n")
    assert page.byline is None, province


@pytest.mark.parametrize("province", ["Quảng Ninh", "Nghệ An"])
def test_signature_before_the_province_tag_is_still_the_byline(province):
    page = parse_text(ARTICLE + "\nThu Trang\n" + province + "\n")
    assert page.byline == "Thu Trang"
