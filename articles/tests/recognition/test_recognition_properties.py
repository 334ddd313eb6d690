"""Property-based tests: the recogniser never raises, whatever police-news-like text it gets."""

from __future__ import annotations

import datetime as dt
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.recognition import recognise

EXAMPLES = int(os.environ.get("RECOGNITION_PROPERTY_EXAMPLES", "80"))
FAST = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Words the recogniser's rules react to, mixed with filler, so that the rules really run.
WORDS = [
    "Đại tá",
    "Thượng tá",
    "thiếu tướng",
    "đồng chí",
    "ông",
    "bà",
    "Giám đốc",
    "Phó Giám đốc",
    "Thứ trưởng",
    "Bí thư",
    "Chủ tịch",
    "Trưởng phòng",
    "Công an",
    "tỉnh",
    "thành phố",
    "TP.",
    "TPHCM",
    "huyện",
    "quận",
    "các",
    "và",
    "Phòng",
    "Cục",
    "C08",
    "Bộ Công an",
    "UBND",
    "HĐND",
    "Tỉnh ủy",
    "Thành ủy",
    "Sở",
    "Trại giam",
    "Bệnh viện",
    "Học viện",
    "Bộ đội Biên phòng",
    "Bộ Chỉ huy",
    "Quân sự",
    "Hậu Giang",
    "Sóc Trăng",
    "Hồ Chí Minh",
    "Đà Nẵng",
    "Bình Dương",
    "Nguyễn Văn",
    "Lê Quốc Hùng",
    "Huỳnh Việt Hòa",
    "Lê Thị B.",
    "Ngày",
    "3/8",
    "30/12",
    "01/11",
    "chủ trì",
    "dẫn đầu",
    "làm việc",
    "hội nghị",
    "lễ",
    "Nhân dịp này",
    "tặng quà",
    ",",
    ".",
    "-",
    "(",
    ")",
    ":",
    "Ảnh:",
    "TTXVN",
    "Trưởng đoàn",
    "Ủy viên Ban Thường vụ",
]
text = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=6)), max_size=60).map(" ".join)


@FAST
@given(
    title=text,
    lead=text,
    paragraphs=st.lists(text, max_size=6),
    captions=st.lists(text, max_size=2),
    published=st.one_of(st.none(), st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31))),
    province=st.one_of(st.none(), st.sampled_from(["Hậu Giang", "Sóc Trăng", "Atlantis"])),
)
def test_recognise_never_raises(title, lead, paragraphs, captions, published, province):
    found = recognise(
        title=title,
        lead=lead,
        paragraphs=paragraphs,
        captions=captions,
        published_date=published,
        site_province=province,
    )
    contract = found.to_contract()
    assert set(contract) == {"officials", "units", "events"}
    for official in found.officials:
        assert official.name and official.name_key
        assert 0.0 <= official.confidence <= 1.0
