"""The recogniser on test pages written for it (articles/tests/recognition/pages/*.txt).

The expected officials, units and events below are what a careful reader lists for each page;
they were written with the pages, before running the recogniser, and are not tuned to its
output. Styles covered: district police and a Phòng, suspects named by initials and private
people ("(SN 1975)"), a year boundary ("30/12" in pages of 2 and 3 January), lower-case ranks,
a double surname, titles before the name with a district ("Bí thư Huyện ủy Mỹ Xuyên Lê Hoàng
Nghiệp"), a title with commas of its own, HĐND/UBND/Sở/border guard/military command/court and
procuracy, "Cục C08", "Trường Giáo dưỡng số 4", "Trại tạm giam", aliases of Ho Chi Minh City
police, "Công an các tỉnh: A, B, C", a byline and furniture lines.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import hypothesis.strategies as st
import pytest
from hypothesis import HealthCheck, given, settings

from articles.recognition import recognise
from articles.recognition.events import MAX_EVENTS, infer_year
from articles.recognition.gazetteer import get_gazetteer
from articles.recognition.model import UNIT_KINDS
from articles.recognition.tokens import tokenize
from newsroom.text import name_key


@pytest.fixture(autouse=True)
def _fast_password_hasher():
    """Pure Python tests: shadow the project's Django-settings fixture (runs with -p no:django)."""
    yield


PAGES = Path(__file__).resolve().parent / "pages"
_HEADER = re.compile(r"^#\s*(\w+)\s*:\s*(.*)$")


def load_page(name: str) -> dict:
    """Inputs for ``recognise`` from one test page (format in pages/README.md)."""
    meta: dict[str, str] = {}
    title = None
    paragraphs: list[str] = []
    captions: list[str] = []
    for raw in (PAGES / name).read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            continue
        m = _HEADER.match(line)
        if m and title is None:
            meta[m.group(1)] = m.group(2).strip()
        elif title is None:
            title = line
        elif line.startswith("> "):
            captions.append(line[2:])
        else:
            paragraphs.append(line)
    published = meta.get("published")
    return {
        "title": title,
        "lead": paragraphs[0] if paragraphs else None,
        "paragraphs": paragraphs[1:],
        "captions": captions,
        "published_date": dt.date.fromisoformat(published) if published else None,
        "site_province": meta.get("site"),
    }


HCM_POLICE = "Công an Thành phố Hồ Chí Minh"
C10 = "Cục Cảnh sát quản lý trại giam, cơ sở giáo dục bắt buộc, trường giáo dưỡng"

# Per page: officials {name: (rank, titles, unit)}, not officials, units {name: kind},
# event (date, kinds, lead, location contains, host) - None where a reader would not say.
EXPECTED = {
    "p01_soc_trang_district.txt": {
        "officials": {
            "Trần Văn Bảy": (
                "Thượng tá",
                ["Phó Trưởng phòng Cảnh sát hình sự"],
                "Phòng Cảnh sát hình sự Công an tỉnh Sóc Trăng",
            ),
            "Lý Minh Tâm": (
                "Đại úy",
                ["Đội trưởng Đội Cảnh sát hình sự Công an huyện Châu Thành"],
                # a district police's team is a unit (issue 14 item 2: units down to teams)
                "Đội Cảnh sát hình sự Công an huyện Châu Thành",
            ),
            "Nguyễn Minh Ngọc": (
                "Đại tá",
                ["Giám đốc Công an tỉnh Sóc Trăng"],
                "Công an tỉnh Sóc Trăng",
            ),
        },
        "not_officials": ["Nguyễn Văn A", "Lê Thị B", "Nguyễn Văn Tèo", "Minh Khang"],
        "units": {
            "Phòng Cảnh sát hình sự Công an tỉnh Sóc Trăng": "police_division",
            "Công an tỉnh Sóc Trăng": "provincial_police",
            "Công an huyện Châu Thành": "district_police",
            "Đội Cảnh sát hình sự Công an huyện Châu Thành": "police_division",
        },
        "event": (dt.date(2022, 3, 15), {"conference"}, "Trần Văn Bảy", None, None),
    },
    "p02_can_tho_year_boundary.txt": {
        "officials": {
            "Nguyễn Văn Long": (
                "Trung tướng",
                ["Ủy viên Ban Chấp hành Trung ương Đảng", "Thứ trưởng Bộ Công an"],
                "Bộ Công an",
            ),
            "Nguyễn Văn Thuận": (
                "Thiếu tướng",
                ["Ủy viên Ban Thường vụ Thành ủy", "Giám đốc Công an thành phố"],
                "Công an thành phố Cần Thơ",
            ),
            "Trần Thị Mỹ Linh": (
                "Đại úy",
                ["cán bộ Phòng Cảnh sát giao thông Công an thành phố Cần Thơ"],
                "Phòng Cảnh sát giao thông Công an thành phố Cần Thơ",
            ),
        },
        "not_officials": [],
        "units": {
            "Công an thành phố Cần Thơ": "provincial_police",
            "Ban Chấp hành Trung ương Đảng": "party_committee",
            "Bộ Công an": "police_ministry",
            "Thành ủy Cần Thơ": "party_committee",
            "Ủy ban nhân dân thành phố Cần Thơ": "peoples_committee",
            "Bộ Chỉ huy Quân sự thành phố Cần Thơ": "military",
            "Công an quận Ninh Kiều": "district_police",
            "Phòng Cảnh sát giao thông Công an thành phố Cần Thơ": "police_division",
        },
        "event": (
            dt.date(2021, 12, 30),
            {"conference"},
            "Nguyễn Văn Thuận",
            None,
            "Công an thành phố Cần Thơ",
        ),
    },
    "p03_kien_giang_border.txt": {
        "officials": {
            "Lê Văn Hồng": (
                "Đại tá",
                ["Chỉ huy trưởng Bộ đội Biên phòng tỉnh"],
                "Bộ đội Biên phòng tỉnh Kiên Giang",
            ),
            "Tôn Nữ Thị Ninh": (
                None,
                ["Phó Chủ tịch HĐND tỉnh"],
                "Hội đồng nhân dân tỉnh Kiên Giang",
            ),
            "Nguyễn Lưu Trung": (
                None,
                ["Phó Chủ tịch UBND tỉnh Kiên Giang"],
                "Ủy ban nhân dân tỉnh Kiên Giang",
            ),
            "Phạm Hồng Sơn": (None, ["Giám đốc Sở Y tế"], "Sở Y tế tỉnh Kiên Giang"),
        },
        "not_officials": ["Trần Văn C"],
        "units": {
            "Bộ đội Biên phòng tỉnh Kiên Giang": "border_guard",
            "Công an tỉnh Kiên Giang": "provincial_police",
            "Hội đồng nhân dân tỉnh Kiên Giang": "peoples_council",
            "Ủy ban nhân dân tỉnh Kiên Giang": "peoples_committee",
            "Sở Y tế tỉnh Kiên Giang": "government_department",
        },
        "event": (
            dt.date(2022, 1, 10),
            {"campaign"},
            "Lê Văn Hồng",
            "thành phố Hà Tiên",
            "Bộ đội Biên phòng tỉnh Kiên Giang",
        ),
    },
    "p04_da_nang_c08.txt": {
        "officials": {
            "Đỗ Thanh Bình": ("Thiếu tướng", ["Cục trưởng Cục C08"], "Cục Cảnh sát giao thông"),
            "Vũ Xuân Viên": (
                "Đại tá",
                ["Phó Giám đốc Công an thành phố Đà Nẵng"],
                "Công an thành phố Đà Nẵng",
            ),
            "Nguyễn Văn Tuấn": (
                "Thượng tá",
                ["Trưởng phòng Cảnh sát giao thông"],
                "Phòng Cảnh sát giao thông Công an thành phố Đà Nẵng",
            ),
        },
        "not_officials": [],
        "units": {
            "Cục Cảnh sát giao thông": "police_department",
            "Bộ Công an": "police_ministry",
            "Công an thành phố Đà Nẵng": "provincial_police",
            "Phòng Cảnh sát giao thông Công an thành phố Đà Nẵng": "police_division",
            "Công an quận Hải Châu": "district_police",
            "Ủy ban nhân dân thành phố Đà Nẵng": "peoples_committee",
            "Bệnh viện Đà Nẵng": "hospital",
        },
        "event": (
            dt.date(2023, 4, 22),
            {"working_visit"},
            "Đỗ Thanh Bình",
            None,
            "Công an thành phố Đà Nẵng",
        ),
    },
    "p05_dong_nai_reformatory.txt": {
        "officials": {
            "Lê Quốc Hùng": (None, ["Thứ trưởng Bộ Công an"], "Bộ Công an"),
            "Hoàng Thị Thu Hà": (
                "Đại tá",
                ["Hiệu trưởng Trường Giáo dưỡng số 4"],
                "Trường Giáo dưỡng số 4",
            ),
        },
        "not_officials": [],
        "units": {
            "Bộ Công an": "police_ministry",
            C10: "police_department",
            "Trường Giáo dưỡng số 4": "prison",
            "Sở Giáo dục và Đào tạo tỉnh Đồng Nai": "government_department",
            "Sở Lao động - Thương binh và Xã hội tỉnh Đồng Nai": "government_department",
            "Trại giam Xuân Lộc": "prison",
        },
        "event": (dt.date(2023, 9, 5), {"working_visit"}, "Lê Quốc Hùng", "tỉnh Đồng Nai", None),
    },
    "p06_ha_noi_conference.txt": {
        "officials": {
            "Trần Sỹ Thanh": (
                None,
                ["Phó Bí thư Thành ủy", "Chủ tịch UBND thành phố"],
                "Ủy ban nhân dân thành phố Hà Nội",
            ),
            "Nguyễn Hải Trung": (
                "Trung tướng",
                [
                    "Ủy viên Ban Thường vụ Thành ủy",
                    "Giám đốc Công an thành phố Hà Nội",
                    "Phó Trưởng Ban Chỉ đạo phòng, chống tội phạm, tệ nạn xã hội và xây dựng"
                    " phong trào toàn dân bảo vệ an ninh Tổ quốc thành phố",
                ],
                "Công an thành phố Hà Nội",
            ),
            "Phạm Văn Tùng": (
                "Thượng tá",
                ["Trưởng Công an quận Hoàn Kiếm"],
                "Công an quận Hoàn Kiếm",
            ),
        },
        "not_officials": [],
        "units": {
            "Ủy ban nhân dân thành phố Hà Nội": "peoples_committee",
            "Thành ủy Hà Nội": "party_committee",
            "Công an thành phố Hà Nội": "provincial_police",
            "Hội đồng nhân dân thành phố Hà Nội": "peoples_council",
            "Viện Kiểm sát nhân dân thành phố Hà Nội": "other",
            "Tòa án nhân dân thành phố Hà Nội": "other",
            "Công an quận Hoàn Kiếm": "district_police",
        },
        "event": (
            dt.date(2024, 7, 12),
            {"conference"},
            "Trần Sỹ Thanh",
            None,
            "Ủy ban nhân dân thành phố Hà Nội",
        ),
    },
    "p07_hau_giang_ceremony.txt": {
        "officials": {
            "Huỳnh Việt Hòa": (
                "Đại tá",
                ["Ủy viên Ban Thường vụ Tỉnh ủy", "Giám đốc Công an tỉnh"],
                "Công an tỉnh Hậu Giang",
            ),
            "Phan Thanh Tùng": (
                "Thượng tá",
                ["Giám thị Trại tạm giam"],
                "Trại tạm giam Công an tỉnh Hậu Giang",
            ),
            "Nguyễn Văn Hòa": (None, ["Phó Chủ tịch UBND tỉnh"], "Ủy ban nhân dân tỉnh Hậu Giang"),
        },
        "not_officials": ["Thanh Tâm"],
        "units": {
            "Trại tạm giam Công an tỉnh Hậu Giang": "prison",
            "Công an tỉnh Hậu Giang": "provincial_police",
            "Tỉnh ủy Hậu Giang": "party_committee",
            "Viện Kiểm sát nhân dân tỉnh Hậu Giang": "other",
            "Ủy ban nhân dân tỉnh Hậu Giang": "peoples_committee",
        },
        "event": (
            dt.date(2023, 8, 20),
            {"ceremony"},
            "Huỳnh Việt Hòa",
            None,
            "Trại tạm giam Công an tỉnh Hậu Giang",
        ),
    },
    "p08_vinh_long_arrest.txt": {
        "officials": {
            "Đặng Văn Hiếu": (
                "Trung tá",
                ["Trưởng Công an thành phố Vĩnh Long"],
                "Công an thành phố Vĩnh Long",
            ),
        },
        "not_officials": ["Nguyễn Văn A", "Lê Thị B", "Lâm Tấn Hòa", "Minh Tuấn"],
        "units": {
            "Công an thành phố Vĩnh Long": "district_police",
            "Cơ quan Cảnh sát điều tra Công an tỉnh Vĩnh Long": "police_division",
            "Công an tỉnh Vĩnh Long": "provincial_police",
        },
        "event": (dt.date(2023, 1, 2), {"other"}, None, None, None),
    },
    "p09_soc_trang_tet_visit.txt": {
        "officials": {
            "Hồ Thị Cẩm Đào": (
                None,
                ["Phó Bí thư Thường trực Tỉnh ủy", "Chủ tịch HĐND tỉnh"],
                "Hội đồng nhân dân tỉnh Sóc Trăng",
            ),
            "Trần Văn Lâu": (
                None,
                ["Phó Bí thư Tỉnh ủy", "Chủ tịch UBND tỉnh"],
                "Ủy ban nhân dân tỉnh Sóc Trăng",
            ),
            "Lê Hoàng Nghiệp": (None, ["Bí thư Huyện ủy Mỹ Xuyên"], "Huyện ủy Mỹ Xuyên"),
            "Nguyễn Minh Ngọc": ("Đại tá", ["Giám đốc Công an tỉnh"], "Công an tỉnh Sóc Trăng"),
        },
        "not_officials": [],
        "units": {
            "Tỉnh ủy Sóc Trăng": "party_committee",
            "Hội đồng nhân dân tỉnh Sóc Trăng": "peoples_council",
            "Bộ Chỉ huy Quân sự tỉnh Sóc Trăng": "military",
            "Bộ đội Biên phòng tỉnh Sóc Trăng": "border_guard",
            "Công an tỉnh Sóc Trăng": "provincial_police",
            "Ủy ban nhân dân tỉnh Sóc Trăng": "peoples_committee",
            "Huyện ủy Mỹ Xuyên": "party_committee",
            "Sở Y tế tỉnh Sóc Trăng": "government_department",
            "Bệnh viện Đa khoa tỉnh Sóc Trăng": "hospital",
        },
        "event": (dt.date(2022, 12, 30), {"working_visit"}, "Hồ Thị Cẩm Đào", None, None),
    },
    "p10_hcm_aliases.txt": {
        "officials": {
            "Lê Hồng Nam": ("Trung tướng", ["Giám đốc Công an Thành phố"], HCM_POLICE),
            "Nguyễn Đắc Hoan": (
                "Đại tá",
                ["Phó Giám đốc Công an tỉnh Bình Dương"],
                "Công an tỉnh Bình Dương",
            ),
        },
        "not_officials": [],
        "units": {
            HCM_POLICE: "provincial_police",
            "Công an tỉnh Bình Dương": "provincial_police",
            "Công an tỉnh Long An": "provincial_police",
            "Công an tỉnh Tây Ninh": "provincial_police",
        },
        "event": (
            dt.date(2023, 11, 14),
            {"conference", "ceremony"},
            "Lê Hồng Nam",
            "Hội trường Công an TP.HCM",
            HCM_POLICE,
        ),
    },
}

# Held-out pages (h*.txt): written after the rules above passed, in styles the rules were not
# built for, with the expected sets fixed before the first run. They are measured by
# articles.recognition.evaluate and held to a floor here, not asserted one by one.
HELD_OUT = {
    "h01_tay_ninh_border_meeting.txt": {
        "officials": {"Nguyễn Mạnh Hùng", "Nguyễn Văn Trãi", "Trần Văn Hạnh"},
        "units": {
            "Bộ đội Biên phòng tỉnh Tây Ninh",
            "Ủy ban nhân dân tỉnh Tây Ninh",
            "Công an tỉnh Tây Ninh",
            "Bộ Chỉ huy Quân sự tỉnh Tây Ninh",
            "Sở Ngoại vụ tỉnh Tây Ninh",
            "Sở Công Thương tỉnh Tây Ninh",
            "Cục Hải quan tỉnh Tây Ninh",
        },
    },
    "h02_ben_tre_traffic.txt": {
        "officials": {"Võ Văn Đông", "Huỳnh Thanh Phong"},
        "units": {
            "Phòng Cảnh sát giao thông Công an tỉnh Bến Tre",
            "Công an tỉnh Bến Tre",
            "Công an thành phố Bến Tre",
        },
    },
    "h03_nghe_an_drugs.txt": {
        "officials": {"Thái Thanh Quý", "Nguyễn Đức Trung", "Phạm Thế Tùng"},
        "units": {
            "Ủy ban nhân dân tỉnh Nghệ An",
            "Ban Chấp hành Trung ương Đảng",
            "Tỉnh ủy Nghệ An",
            "Công an tỉnh Nghệ An",
            "Bộ đội Biên phòng tỉnh Nghệ An",
            "Bộ Công an",
            "Phòng Cảnh sát điều tra tội phạm về ma túy Công an tỉnh Nghệ An",
        },
    },
    "h04_quang_ninh_former_official.txt": {
        "officials": {"Trần Văn Nam", "Đinh Văn Nơi"},
        "units": {
            "Cơ quan Cảnh sát điều tra Công an tỉnh Quảng Ninh",
            "Công an tỉnh Quảng Ninh",
            "Ủy ban nhân dân huyện Vân Đồn",
            "Tỉnh ủy Quảng Ninh",
            "Công an huyện Vân Đồn",
            "Viện Kiểm sát nhân dân tỉnh Quảng Ninh",
        },
    },
    "h05_binh_duong_training.txt": {
        "officials": {"Trần Ngọc Hà", "Nguyễn Văn Hùng"},
        "units": {
            "Trường Cao đẳng Cảnh sát nhân dân II",
            "Cục Cảnh sát hình sự",
            "Học viện Cảnh sát nhân dân",
            "Công an tỉnh Bình Dương",
            "Công an tỉnh Bình Phước",
            "Công an tỉnh Tây Ninh",
        },
    },
    "h06_national_ceremony.txt": {
        "officials": {"Phạm Minh Chính", "Tô Lâm", "Lương Tam Quang", "Lê Quốc Hùng"},
        "units": {"Bộ Công an", "Bộ Chính trị"},
    },
}

# For articles.recognition.evaluate: every case with its expected officials and units; the
# held-out pages are reported apart from the texts the rules were tuned on.
CASES = [
    {
        "id": name.removesuffix(".txt"),
        "inputs": (lambda n=name: load_page(n)),
        "officials": set(spec["officials"]),
        "units": set(spec["units"]),
        "held_out": name in HELD_OUT,
    }
    for name, spec in (EXPECTED | HELD_OUT).items()
]


def test_every_page_has_expectations():
    assert sorted(p.name for p in PAGES.glob("*.txt")) == sorted(EXPECTED | HELD_OUT)
    assert len(EXPECTED) >= 8


@pytest.fixture(params=sorted(EXPECTED))
def page(request):
    return request.param, recognise(**load_page(request.param))


def test_officials(page):
    name, r = page
    assert sorted(o.name for o in r.officials) == sorted(EXPECTED[name]["officials"])


def test_rank_titles_and_unit(page):
    name, r = page
    for person, (rank, titles, unit) in EXPECTED[name]["officials"].items():
        o = r.official(person)
        assert o is not None, person
        assert (o.rank, o.titles, o.unit) == (rank, titles, unit), person


def test_private_people_suspects_and_bylines_are_not_officials(page):
    name, r = page
    found = {o.name_key for o in r.officials}
    for person in EXPECTED[name]["not_officials"]:
        assert name_key(person) not in found


def test_units_with_kinds(page):
    name, r = page
    assert {u.name: u.kind for u in r.units} == EXPECTED[name]["units"]


def test_event(page):
    name, r = page
    date, kinds, lead, location, host = EXPECTED[name]["event"]
    assert len(r.events) == 1
    e = r.events[0]
    assert e.date == date
    assert e.kind in kinds
    assert e.lead == lead
    if location is not None:
        assert location in (e.location or "")
    if host is not None:
        assert e.host_unit == host


# --- details -----------------------------------------------------------------------------


def test_year_boundary():
    r = recognise(**load_page("p02_can_tho_year_boundary.txt"))
    (e,) = r.events
    assert e.date == dt.date(2021, 12, 30) and e.year_inferred
    assert infer_year(30, 12, dt.date(2022, 1, 2)) == dt.date(2021, 12, 30)
    assert infer_year(2, 1, dt.date(2021, 12, 30)) == dt.date(2022, 1, 2)
    assert infer_year(3, 8, dt.date(2021, 8, 3)) == dt.date(2021, 8, 3)
    assert infer_year(29, 2, dt.date(2023, 3, 1)) == dt.date(2024, 2, 29)


def test_parents_form_a_tree():
    r = recognise(**load_page("p01_soc_trang_district.txt"))
    assert r.unit("Phòng Cảnh sát hình sự Công an tỉnh Sóc Trăng").parent == (
        "Công an tỉnh Sóc Trăng"
    )
    assert r.unit("Công an tỉnh Sóc Trăng").parent == "Bộ Công an"
    assert r.unit("Công an huyện Châu Thành").parent == "Công an tỉnh Sóc Trăng"
    r = recognise(**load_page("p05_dong_nai_reformatory.txt"))
    assert r.unit("Trường Giáo dưỡng số 4").parent == C10
    assert r.unit(C10).parent == "Bộ Công an"


def test_aliases_of_ho_chi_minh_city_police_make_one_unit():
    r = recognise(**load_page("p10_hcm_aliases.txt"))
    u = r.unit(HCM_POLICE)
    assert {"Công an TP.HCM", "Công an TP HCM", "Công an TPHCM", "Công an Thành phố"} <= set(
        u.aliases_seen
    )
    for spelling in [
        "Công an TP Hồ Chí Minh",
        "Công an TP. Hồ Chí Minh",
        "Công an Thành phố Hồ Chí Minh",
        "Công an thành phố Hồ Chí Minh",
        "Công an TPHCM",
        "Công an TP.HCM",
    ]:
        rr = recognise(title=None, lead=f"Ngày 1/11, {spelling} tổ chức hội nghị.", paragraphs=[])
        assert [x.name for x in rr.units] == [HCM_POLICE], spelling


def test_generic_plurals_and_ad_hoc_bodies_are_not_units():
    r = recognise(
        title=None,
        lead=(
            "Công an các đơn vị, địa phương và công an các tỉnh, thành khu vực phía Nam tham mưu"
            " Tỉnh ủy, Ủy ban nhân dân các cấp; Ban Chỉ đạo phòng, chống dịch tỉnh, Đoàn công tác"
            " và Tổ công tác đặc biệt đã họp."
        ),
        paragraphs=[],
        site_province="Sóc Trăng",
    )
    assert r.units == []


def test_bare_unit_uses_site_province_when_the_text_names_none():
    r = recognise(
        title=None,
        lead="Thượng tá Trần Văn Bảy, Phó Giám đốc Công an tỉnh phát biểu.",
        paragraphs=[],
        site_province="tỉnh Sóc Trăng",
    )
    assert r.official("Trần Văn Bảy").unit == "Công an tỉnh Sóc Trăng"
    r = recognise(
        title=None,
        lead="Thượng tá Trần Văn Bảy, Phó Giám đốc Công an tỉnh phát biểu.",
        paragraphs=[],
    )
    assert r.official("Trần Văn Bảy").unit is None
    assert r.units == [] and any("Công an tỉnh" in w for w in r.warnings)


def test_spellings_of_one_name_merge():
    nfd = "Đồng chí Huỳnh Việt Hoà".replace("à", "a\u0300")
    r = recognise(
        title=None,
        lead="Thượng tá Huỳnh Việt Hòa, Giám đốc Công an tỉnh Hậu Giang phát biểu.",
        paragraphs=[f"{nfd} nhấn mạnh nhiều nội dung.", "Đồng chí Huỳnh Việt Hoà kết luận."],
    )
    (o,) = r.officials
    assert o.mention_count == 3 and o.name == "Huỳnh Việt Hòa"


def test_empty_input():
    r = recognise(title=None, lead=None, paragraphs=[])
    assert r.to_contract() == {"officials": [], "units": [], "events": []}


def test_gazetteers():
    g = get_gazetteer()
    assert len(g.provinces) == 63
    assert sum(p.is_city for p in g.provinces) == 5
    assert g.ranks[:12] == [
        "Đại tướng",
        "Thượng tướng",
        "Trung tướng",
        "Thiếu tướng",
        "Đại tá",
        "Thượng tá",
        "Trung tá",
        "Thiếu tá",
        "Đại úy",
        "Thượng úy",
        "Trung úy",
        "Thiếu úy",
    ]
    assert g.find_province("TP HCM").name == "Hồ Chí Minh"
    assert g.find_province("tỉnh Hậu Giang").name == "Hậu Giang"
    assert [t.text for t in tokenize("Công an TP.HCM, Bệnh viện 30/4 và COVID-19.")] == [
        "Công",
        "an",
        "TP.HCM",
        ",",
        "Bệnh",
        "viện",
        "30/4",
        "và",
        "COVID-19",
        ".",
    ]


def test_speed_a_few_milliseconds_per_article():
    import time

    inputs = [load_page(n) for n in sorted(EXPECTED)]
    recognise(**inputs[0])  # load the gazetteers
    start = time.perf_counter()
    rounds = 20
    for _ in range(rounds):
        for kw in inputs:
            recognise(**kw)
    per_article = (time.perf_counter() - start) / (rounds * len(inputs))
    assert per_article < 0.02, per_article


_WORDS = [
    "Công an",
    "tỉnh",
    "Hậu Giang",
    "Thượng tá",
    "Nguyễn Văn",
    "Hòa",
    ",",
    "Giám đốc",
    "Phòng",
    "Sở",
    "Y tế",
    "Ngày 30/12",
    "các",
    "và",
    "đồng chí",
    "Lê Thị B.",
    "Ban Chỉ đạo",
    "Tỉnh ủy",
    "UBND",
    "thành phố",
    "TP",
    "Trại giam",
    "(",
    ")",
    "-",
    "chủ trì",
    "do",
    "làm Trưởng đoàn",
    "tại",
    ".",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_WORDS), max_size=40), st.booleans())
def test_never_crashes_and_keeps_its_promises(words, with_date):
    text = " ".join(words)
    r = recognise(
        title=None,
        lead=text,
        paragraphs=[text[::-1]],
        captions=[text],
        published_date=dt.date(2022, 1, 2) if with_date else None,
    )
    contract = r.to_contract()
    for o in r.officials:
        assert not re.search(r"\b[A-Z]\.?$", o.name)  # no initials
        assert o.rank or o.titles
        assert 0 < o.confidence <= 1
    assert len(r.events) <= MAX_EVENTS
    dates = [e.date for e in r.events]
    assert len(set(dates)) == len(dates)  # one event per date
    assert {u["kind"] for u in contract["units"]} <= set(UNIT_KINDS)


# Measured on the held-out pages when this floor was set (python -m articles.recognition.evaluate):
# officials P 1.000 / R 0.875 (14 of 16), units P 0.889 / R 0.774 (24 of 31, 3 extra); raised
# when the rules for the long pages (test_recognition_long_pages.py) found three more units of
# h05: units P 0.900 / R 0.871 (27 of 31). The floor is a little below, so that one more miss
# on a new rule fails the suite and a fix raises it.
HELD_OUT_FLOOR = {
    "officials": (0.95, 0.82),
    "units": (0.88, 0.84),
}


def test_held_out_pages_stay_above_their_floor():
    from articles.recognition.evaluate import evaluate

    held_out = [c for c in CASES if c["held_out"]]
    assert {c["id"] + ".txt" for c in held_out} == set(HELD_OUT)
    officials, units, _ = evaluate(held_out)
    for label, score in (("officials", officials), ("units", units)):
        precision, recall = HELD_OUT_FLOOR[label]
        assert score.precision >= precision, (label, score.precision, score.extras)
        assert score.recall >= recall, (label, score.recall, score.misses)
