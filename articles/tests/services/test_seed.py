"""The seed command: reference data, the five pages, idempotence, no site furniture."""

import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from articles.models import Article, Category, Provenance, Source
from people.models import Unit

pytestmark = pytest.mark.django_db

FURNITURE = [
    "Thống kê truy cập",
    "Đang truy cập",
    "TIN KHÁC",
    "Tổng số điểm",
    "Đường dây nóng",
    "Xếp hạng",
    "Click để đánh giá",
    "Phim tư liệu",
    "No title",
    "Bình luận (",
    "Lên đầu trang",
    "Chia sẻ:",
    "Các đơn vị thông tin",
    "Bạn đã không sử dụng Site",
    "phieukhaosat",
    "Lượt xem",
    "dokhoa",
]
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def run_seed() -> str:
    out = StringIO()
    call_command("seed", stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded(db):
    return run_seed()


def by_file(name: str) -> Article:
    return Provenance.objects.select_related("article").get(file_name=name).article


def test_seed_creates_five_published_articles(seeded):
    assert "5 created" in seeded
    assert Article.objects.count() == 5
    assert Article.objects.published().count() == 5


def test_seed_twice_changes_nothing_and_says_so(seeded):
    snapshot = list(Article.objects.order_by("pk").values())
    second = run_seed()
    assert "5 unchanged" in second
    assert "0 tạo mới" in second
    assert list(Article.objects.order_by("pk").values()) == snapshot
    assert Provenance.objects.count() == 5
    assert Category.objects.count() == 8
    assert Unit.objects.filter(name="Công an Thành phố Hồ Chí Minh").count() == 1


@pytest.mark.parametrize(
    ("file_name", "title", "published", "time_known"),
    [
        (
            "000_3d562f1bfeb1dbee.txt",
            "Chia sẻ kinh nghiệm công tác phòng, chống dịch COVID-19",
            datetime.datetime(2021, 11, 1, 22, 57, tzinfo=HCM),
            True,
        ),
        (
            "001_6f8cc380a00d8012.txt",
            "Thứ trưởng Lê Quốc Hùng kiểm tra công tác phòng, chống dịch Covid-19 tại Hậu Giang",
            datetime.datetime(2021, 8, 3, tzinfo=HCM),
            False,
        ),
        (
            "002_ff929ed0d009262d.txt",
            "Thứ trưởng Bộ Công an làm việc trực tuyến với công an khu vực phía Nam về phòng, "
            "chống COVID-19",
            datetime.datetime(2021, 7, 13, tzinfo=HCM),
            False,
        ),
        (
            "003_cdb0a83f0a15455e.txt",
            "Bộ Công an tăng cường chi viện lực lượng vào TPHCM chống dịch",
            datetime.datetime(2021, 7, 5, 9, 57, tzinfo=HCM),
            True,
        ),
        (
            "004_facca2dd8b6e4cbc.txt",
            "Thành phố Hồ Chí Minh tri ân sự hỗ trợ của tỉnh Hậu Giang",
            datetime.datetime(2021, 11, 1, tzinfo=HCM),
            False,
        ),
    ],
)
def test_seed_titles_and_dates(seeded, file_name, title, published, time_known):
    article = by_file(file_name)
    assert article.title == title
    assert article.published_at == published
    assert article.publish_time_known is time_known


@pytest.mark.parametrize(
    ("file_name", "byline", "author_unit", "source"),
    [
        ("000_3d562f1bfeb1dbee.txt", "Ngô Văn Thật", "Phòng Tham mưu", "Công an tỉnh Hậu Giang"),
        ("001_6f8cc380a00d8012.txt", "An Nhiên", "", "Cổng thông tin điện tử Hậu Giang"),
        ("002_ff929ed0d009262d.txt", "Diễm Hương", "", "Công an tỉnh Sóc Trăng"),
        ("003_cdb0a83f0a15455e.txt", "", "", "Báo Công an Thành phố Hồ Chí Minh"),
        ("004_facca2dd8b6e4cbc.txt", "Hồng Thái", "", "Thông tấn xã Việt Nam"),
    ],
)
def test_seed_bylines_and_sources(seeded, file_name, byline, author_unit, source):
    article = by_file(file_name)
    assert article.byline == byline
    assert article.author_unit == author_unit
    assert article.source.name == source


def test_no_site_furniture_in_any_body(seeded):
    for article in Article.objects.prefetch_related("captions"):
        text = "\n".join([article.title, article.lead, article.body])
        text += "\n".join(c.text for c in article.captions.all())
        for marker in FURNITURE:
            assert marker not in text, f"{marker!r} in {article.title!r}"


def test_parsed_and_editorial_knowledge_are_kept_apart(seeded):
    provenance = Provenance.objects.get(file_name="001_6f8cc380a00d8012.txt")
    parsed_title = provenance.parsed["title"]
    assert parsed_title is None or provenance.article.title != parsed_title
    assert provenance.parsed["published_date"] is None
    assert provenance.manifest["published_date"] == "2021-08-03"
    assert any("năm" in w.lower() or "year" in w.lower() for w in provenance.warnings)
    assert len(provenance.content_hash) == 64
    assert provenance.raw_text.startswith("Ngày 03/8")


def test_seed_sources_are_resolved_not_duplicated(seeded):
    assert Source.objects.filter(short_name="TTXVN").count() == 1
    assert Source.objects.filter(short_name="CAO").count() == 1
    assert Source.objects.count() == 7
