"""The recogniser on the five seed pages: what a careful reader lists, stated explicitly.

Each seed is fed as article text only. Two ways of building the input are tested with the same
expectations: hand-picked line numbers of the seed file (title, lead, paragraphs, captions,
including the byline and photo credits, which must not become officials), and the page parser
``articles.ingestion.parser.parse_text`` (skipped if it is not importable).

Naming choices (canonical names) are those of ``articles/recognition/data``: official full
names ("Ủy ban nhân dân tỉnh Hậu Giang", "Sở Lao động - Thương binh và Xã hội…", "Học viện
Cảnh sát nhân dân"), the printed short forms being aliases. Units named only inside a title
("Ủy viên Ban Thường vụ Tỉnh ủy" -> Tỉnh ủy Hậu Giang) are units the article names.

Lâm Phước Nguyên's "…, Phó Giám đốc Công an tỉnh và thành viên Ban Chỉ đạo phòng, chống dịch
bệnh COVID-19 Công an tỉnh" is split at "và" into two titles: "và" joins two positions with a
post each ("Phó Giám đốc", "thành viên"), and each is a separate Position (one a rank in the
unit, the other a seat on an ad hoc steering committee), both belonging to Công an tỉnh Hậu
Giang.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from articles.recognition import recognise
from newsroom.text import name_key


@pytest.fixture(autouse=True)
def _fast_password_hasher():
    """The recogniser is pure Python: shadow the project's Django-settings fixture so these
    tests also run with ``-p no:django``."""
    yield


SOURCES = Path(__file__).resolve().parents[3] / "fixtures" / "sources"

HCM_POLICE = "Công an Thành phố Hồ Chí Minh"
C10 = "Cục Cảnh sát quản lý trại giam, cơ sở giáo dục bắt buộc, trường giáo dưỡng"

# Line numbers (1-based) of the article in each seed file; captions may span two lines.
SEEDS = {
    "000": {
        "file": "000_3d562f1bfeb1dbee.txt",
        "published": dt.date(2021, 11, 1),
        "site_province": "Hậu Giang",
        "title": 1,
        "lead": 4,
        "paragraphs": [6, 7, 8, 11, 15],
        "captions": [[5], [9, 10]],
    },
    "001": {
        "file": "001_6f8cc380a00d8012.txt",
        "published": dt.date(2021, 8, 3),
        "site_province": "Hậu Giang",
        "title": None,
        "lead": 1,
        "paragraphs": [2, 3, 4, 6, 8, 10, 11],
        "captions": [[5], [7], [9]],
    },
    "002": {
        "file": "002_ff929ed0d009262d.txt",
        "published": dt.date(2021, 7, 13),
        "site_province": "Sóc Trăng",
        "title": 3,
        "lead": 5,
        "paragraphs": [14, 16, 18],
        "captions": [[10]],
    },
    "003": {
        "file": "003_cdb0a83f0a15455e.txt",
        "published": dt.date(2021, 7, 5),
        "site_province": "Hồ Chí Minh",
        "title": 1,
        "lead": 7,
        "paragraphs": [9, 11, 15, 17, 19, 23],
        "captions": [[13], [21]],
    },
    "004": {
        "file": "004_facca2dd8b6e4cbc.txt",
        "published": dt.date(2021, 11, 1),
        "site_province": None,
        "title": 1,
        "lead": 3,
        "paragraphs": [8, 10, 15, 17, 19, 24, 26, 28, 30],
        "captions": [[6], [13], [22]],
    },
}

# name -> (rank, titles in the fullest printed wording, unit the main title belongs to)
OFFICIALS = {
    "000": {
        "Huỳnh Việt Hòa": (
            "Thượng tá",
            ["Ủy viên Ban Thường vụ Tỉnh ủy", "Giám đốc Công an tỉnh"],
            "Công an tỉnh Hậu Giang",
        ),
        "Lâm Phước Nguyên": (
            "Đại tá",
            [
                "Ủy viên Ban Chấp hành Đảng bộ tỉnh",
                "Phó Giám đốc Công an tỉnh",
                "thành viên Ban Chỉ đạo phòng, chống dịch bệnh COVID-19 Công an tỉnh",
            ],
            "Công an tỉnh Hậu Giang",
        ),
        "Lê Hồng Nam": (
            "Thiếu tướng",
            ["Ủy viên Ban Thường vụ Thành ủy", "Giám đốc Công an Thành phố Hồ Chí Minh"],
            HCM_POLICE,
        ),
        "Lê Minh Tấn": (
            None,
            ["Giám đốc Sở Lao động Thương binh và Xã hội"],
            "Sở Lao động - Thương binh và Xã hội Thành phố Hồ Chí Minh",
        ),
    },
    "001": {
        "Đồng Văn Thanh": (
            None,
            ["Phó Bí thư Tỉnh ủy", "Chủ tịch UBND tỉnh"],
            "Ủy ban nhân dân tỉnh Hậu Giang",
        ),
        "Lê Quốc Hùng": (
            "Thiếu tướng",
            [
                "Ủy viên Trung ương Đảng",
                "Thứ trưởng Bộ Công an",
                "Tổ phó Tổ công tác đặc biệt của Chính phủ",
                "Chỉ huy trưởng Bộ Chỉ huy tiền phương Bộ Công an",
            ],
            "Bộ Công an",
        ),
        "Huỳnh Việt Hòa": ("Thượng tá", ["Giám đốc Công an tỉnh"], "Công an tỉnh Hậu Giang"),
        "Nguyễn Phước Hưng": ("Đại tá", ["Giám thị Trại giam Kênh 5"], "Trại giam Kênh 5"),
    },
    "002": {
        "Lê Quốc Hùng": (
            "Thiếu tướng",
            ["Thứ trưởng Bộ Công an", "Chỉ huy trưởng Bộ Chỉ huy tiền phương Bộ Công an"],
            "Bộ Công an",
        ),
        "Nguyễn Minh Ngọc": (
            "Đại tá",
            ["Ủy viên Ban Thường vụ Tỉnh ủy", "Giám đốc Công an tỉnh"],
            "Công an tỉnh Sóc Trăng",
        ),
    },
    "003": {
        "Nguyễn Văn Sơn": (
            "Thượng tướng",
            ["Thứ trưởng Bộ Công an", "Trưởng Ban Chỉ đạo phòng, chống dịch bệnh Bộ Công an"],
            "Bộ Công an",
        ),
    },
    "004": {
        "Lê Hồng Nam": ("Thiếu tướng", ["Giám đốc Công an Thành phố Hồ Chí Minh"], HCM_POLICE),
        "Nghiêm Xuân Thành": (
            None,
            ["Ủy viên Trung ương Đảng", "Bí thư Tỉnh ủy Hậu Giang"],
            "Tỉnh ủy Hậu Giang",
        ),
    },
}

# People printed on the page who are not officials (bylines, photo credits, furniture).
NOT_OFFICIALS = {
    "000": ["Ngô Văn Thật"],
    "001": ["An Nhiên"],
    "002": ["Diễm Hương", "Đức Trung"],
    "003": [],
    "004": ["Hồng Thái"],
}

# Every unit the article names, by canonical name.
UNITS = {
    "000": {
        "Công an tỉnh Hậu Giang": "provincial_police",
        HCM_POLICE: "provincial_police",
        "Sở Lao động - Thương binh và Xã hội Thành phố Hồ Chí Minh": "government_department",
        "Tỉnh ủy Hậu Giang": "party_committee",
        "Thành ủy Thành phố Hồ Chí Minh": "party_committee",
    },
    "001": {
        "Bộ Công an": "police_ministry",
        "Công an tỉnh Hậu Giang": "provincial_police",
        "Trại giam Kênh 5": "prison",
        "Tỉnh ủy Hậu Giang": "party_committee",
        "Ủy ban nhân dân tỉnh Hậu Giang": "peoples_committee",
        "Hội đồng nhân dân tỉnh Hậu Giang": "peoples_council",
        C10: "police_department",
        "Bộ Y tế": "government_department",
        "Ban Chấp hành Trung ương Đảng": "party_committee",
    },
    "002": {
        "Bộ Công an": "police_ministry",
        "Công an tỉnh Sóc Trăng": "provincial_police",
        "Tỉnh ủy Sóc Trăng": "party_committee",
        "Cơ sở giáo dục bắt buộc Cồn Cát": "prison",
    },
    "003": {
        "Bộ Công an": "police_ministry",
        "Công an tỉnh Bình Dương": "provincial_police",
        "Công an tỉnh Đồng Nai": "provincial_police",
        HCM_POLICE: "provincial_police",
        "Công an thành phố Đà Nẵng": "provincial_police",
        "Bệnh viện 199": "hospital",
        "Bệnh viện 30/4": "hospital",
        "Bệnh viện Dã chiến số 2": "hospital",
        "Bộ Tư lệnh Cảnh sát cơ động": "police_department",
        "Học viện Cảnh sát nhân dân": "academy",
        "Trường Đại học An ninh nhân dân": "academy",
        "Trường Đại học Cảnh sát nhân dân": "academy",
    },
    "004": {
        HCM_POLICE: "provincial_police",
        "Tỉnh ủy Hậu Giang": "party_committee",
        "Thành ủy Thành phố Hồ Chí Minh": "party_committee",
        "Ban Chấp hành Trung ương Đảng": "party_committee",
    },
}

# Printed things that look like units but are not (ad hoc bodies, generic plurals).
NOT_UNITS = {
    "000": ["Ban Chỉ đạo", "Đoàn công tác"],
    "001": ["Ban Chỉ đạo", "Tổ truy vết", "Bộ Chỉ huy tiền phương", "Tổ công tác"],
    "002": ["Ủy ban nhân dân", "Bộ Chỉ huy tiền phương", "công an các tỉnh"],
    "003": ["Ban Chỉ đạo", "Công an nhân dân", "Công an một số đơn vị"],
    "004": ["Đoàn công tác", "Ban Dân vận"],
}

# (date, kinds allowed, lead, text the location contains, host)
EVENTS = {
    "000": (
        dt.date(2021, 11, 1),
        {"working_visit"},
        "Lê Hồng Nam",
        "Công an tỉnh Hậu Giang",
        "Công an tỉnh Hậu Giang",
    ),
    "001": (
        dt.date(2021, 8, 3),
        {"working_visit"},
        "Lê Quốc Hùng",
        "Công an tỉnh Hậu Giang",
        "Công an tỉnh Hậu Giang",
    ),
    "002": (
        dt.date(2021, 7, 13),
        {"conference"},
        "Lê Quốc Hùng",
        "Công an tỉnh Sóc Trăng",
        "Bộ Công an",
    ),
    "003": (
        dt.date(2021, 7, 4),
        {"meeting", "conference"},
        "Nguyễn Văn Sơn",
        "Hà Nội",
        "Bộ Công an",
    ),
    "004": (
        dt.date(2021, 11, 1),
        {"working_visit"},
        "Lê Hồng Nam",
        "Tỉnh ủy Hậu Giang",
        "Tỉnh ủy Hậu Giang",
    ),
}


def _lines(seed: str) -> list[str]:
    return (SOURCES / SEEDS[seed]["file"]).read_text(encoding="utf-8").splitlines()


def inputs_from_lines(seed: str) -> dict:
    spec = SEEDS[seed]
    lines = _lines(seed)

    def line(n: int) -> str:
        return lines[n - 1].strip()

    return {
        "title": line(spec["title"]) if spec["title"] else None,
        "lead": line(spec["lead"]),
        "paragraphs": [line(n) for n in spec["paragraphs"]],
        "captions": [" ".join(line(n) for n in group) for group in spec["captions"]],
        "published_date": spec["published"],
        "site_province": spec["site_province"],
    }


def inputs_from_parser(seed: str) -> dict:
    parser = pytest.importorskip("articles.ingestion.parser")
    spec = SEEDS[seed]
    page = parser.parse_text((SOURCES / spec["file"]).read_text(encoding="utf-8"))
    return {
        "title": None if page.title_is_provisional else page.title,
        "lead": page.lead,
        "paragraphs": page.paragraphs,
        "captions": page.captions,
        # the page's own date, else the newsroom's manifest date (DESIGN.md)
        "published_date": page.published_date or spec["published"],
        "site_province": spec["site_province"],
    }


# For articles.recognition.evaluate: every case with its expected officials and units.
CASES = [
    {
        "id": f"seed-{seed}",
        "inputs": (lambda s=seed: inputs_from_lines(s)),
        "officials": set(OFFICIALS[seed]),
        "units": set(UNITS[seed]),
    }
    for seed in SEEDS
]

BUILDERS = {"lines": inputs_from_lines, "parser": inputs_from_parser}


@pytest.fixture(params=sorted(SEEDS))
def seed(request) -> str:
    return request.param


@pytest.fixture(params=sorted(BUILDERS))
def result(request, seed):
    return seed, recognise(**BUILDERS[request.param](seed))


def test_officials_are_exactly_the_expected_ones(result):
    seed, r = result
    assert sorted(o.name for o in r.officials) == sorted(OFFICIALS[seed])


def test_rank_titles_and_unit_of_each_official(result):
    seed, r = result
    for name, (rank, titles, unit) in OFFICIALS[seed].items():
        o = r.official(name)
        assert o is not None, name
        assert o.rank == rank, name
        assert o.titles == titles, name
        assert o.unit == unit, name
        assert o.name_key == name_key(name)
        assert 0 < o.confidence <= 1
        assert o.sentences and o.mention_count >= 1


def test_bylines_and_credits_are_not_officials(result):
    seed, r = result
    names = {o.name_key for o in r.officials}
    for name in NOT_OFFICIALS[seed]:
        assert name_key(name) not in names


def test_units_are_exactly_the_expected_ones_with_kinds(result):
    seed, r = result
    assert {u.name: u.kind for u in r.units} == UNITS[seed]


def test_ad_hoc_bodies_and_generic_plurals_are_not_units(result):
    seed, r = result
    for u in r.units:
        for bad in NOT_UNITS[seed]:
            assert not u.name.casefold().startswith(bad.casefold()), (u.name, bad)


def test_one_event_with_date_kind_lead_place_and_host(result):
    seed, r = result
    date, kinds, lead, place, host = EVENTS[seed]
    assert len(r.events) == 1
    e = r.events[0]
    assert e.date == date
    assert e.kind in kinds
    assert e.lead == lead
    assert place in (e.location or "")
    assert e.host == host
    assert e.summary


def test_contract_shape(result):
    seed, r = result
    c = r.to_contract()
    assert set(c) == {"officials", "units", "events"}
    for o in c["officials"]:
        assert set(o) == {"name", "rank", "titles", "unit"}
    for u in c["units"]:
        assert set(u) == {"name", "kind"}
    (e,) = c["events"]
    assert set(e) == {"date", "kind", "location", "lead"}
    assert e["date"] == EVENTS[seed][0].isoformat()


def test_one_ho_chi_minh_city_police_however_spelt():
    r = recognise(**inputs_from_lines("004"))
    u = r.unit(HCM_POLICE)
    assert u is not None
    assert {"Công an TP Hồ Chí Minh", "Công an Thành phố Hồ Chí Minh"} <= set(u.aliases_seen)
    assert u.parent == "Bộ Công an" and u.province == "Hồ Chí Minh"
    assert [x.name for x in r.units].count(HCM_POLICE) == 1


def test_bare_units_resolve_to_the_article_province():
    r = recognise(**inputs_from_lines("001"))
    assert "Công an tỉnh" in r.unit("Công an tỉnh Hậu Giang").aliases_seen
    assert "UBND tỉnh" in r.unit("Ủy ban nhân dân tỉnh Hậu Giang").aliases_seen
    assert r.province == "Hậu Giang"


def test_gifts_belong_to_the_event_they_accompany():
    r = recognise(**inputs_from_lines("001"))
    (e,) = r.events
    assert any(s.startswith("Dịp này") for s in e.accompanying)
    r = recognise(**inputs_from_lines("000"))
    (e,) = r.events
    assert any(s.startswith("Nhân dịp này") for s in e.accompanying)


def test_without_publication_date_the_year_is_unknown():
    inputs = inputs_from_lines("001") | {"published_date": None}
    r = recognise(**inputs)
    (e,) = r.events
    assert e.date is None and e.date_text == "Ngày 03/8"
    assert any("không có năm" in w for w in r.warnings)


def test_explicit_year_wins_over_publication_date():
    inputs = inputs_from_lines("003") | {"published_date": dt.date(2021, 7, 5)}
    (e,) = recognise(**inputs).events
    assert e.date == dt.date(2021, 7, 4) and not e.year_inferred


def test_second_seed_of_the_same_event_yields_the_same_lead_and_date():
    a = recognise(**inputs_from_lines("000")).events[0]
    b = recognise(**inputs_from_lines("004")).events[0]
    assert (a.date, a.lead, a.kind) == (b.date, b.lead, b.kind)
