"""RSS, sitemap.xml and robots.txt: only what readers may see, at a fixed cost."""

import datetime
import html
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, OfficialMention, UnitMention
from articles.tests.factories import ArticleFactory, CategoryFactory, EventFactory
from people.tests.factories import OfficialFactory, UnitFactory

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def articles():
    """One visible article and one of each kind that must stay hidden, in one category."""
    now = timezone.now()
    category = CategoryFactory(name="An ninh trật tự")
    visible = ArticleFactory(title="Bài đã đăng", category=category)
    hidden = [
        ArticleFactory(
            title="Bài hẹn giờ", category=category, published_at=now + datetime.timedelta(hours=1)
        ),
        ArticleFactory(
            title="Bài hết hạn", category=category, expires_at=now - datetime.timedelta(minutes=1)
        ),
        ArticleFactory(title="Bài nháp", category=category, status=Article.Status.DRAFT),
        ArticleFactory(title="Bài chờ duyệt", category=category, status=Article.Status.REVIEW),
        ArticleFactory(title="Bài lưu trữ", category=category, status=Article.Status.ARCHIVED),
    ]
    return category, visible, hidden


def rss_titles(response) -> list[str]:
    root = ET.fromstring(response.content)
    return [item.findtext("title") for item in root.iter("item")]


def sitemap_locs(response) -> list[str]:
    root = ET.fromstring(response.content)
    return [loc.text for loc in root.iterfind(".//s:loc", SITEMAP_NS)]


def test_rss_lists_only_published_articles(client, articles):
    _category, visible, _hidden = articles
    response = client.get(reverse("articles:rss"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    assert rss_titles(response) == [visible.title]
    root = ET.fromstring(response.content)
    assert root.find("channel/language").text == "vi"
    item = root.find("channel/item")
    assert item.findtext("link").endswith(visible.get_absolute_url())
    assert item.findtext("description") == visible.lead


def test_category_rss_includes_sub_categories_only(client, articles):
    category, visible, _hidden = articles
    child = CategoryFactory(name="Phòng chống ma túy", parent=category)
    in_child = ArticleFactory(title="Bài chuyên mục con", category=child)
    ArticleFactory(title="Bài chuyên mục khác")
    response = client.get(reverse("articles:rss-category", kwargs={"slug": category.slug}))
    assert set(rss_titles(response)) == {visible.title, in_child.title}
    assert client.get("/rss/khong-co-chuyen-muc/").status_code == 404


def test_rss_news_is_newest_first_and_capped(client):
    now = timezone.now()
    for hours in range(35):
        ArticleFactory(
            title=f"Tin {hours} giờ trước", published_at=now - datetime.timedelta(hours=hours + 1)
        )
    titles = rss_titles(client.get(reverse("articles:rss")))
    assert len(titles) == 30
    assert titles[0] == "Tin 0 giờ trước"
    assert titles[-1] == "Tin 29 giờ trước"


def test_rss_query_count_is_fixed(client, django_assert_num_queries):
    for _ in range(3):
        ArticleFactory()
    with django_assert_num_queries(1):
        client.get(reverse("articles:rss"))
    for _ in range(30):
        ArticleFactory()
    with django_assert_num_queries(1):
        client.get(reverse("articles:rss"))


def month_piece(day: datetime.datetime | datetime.date) -> str:
    """The address of the articles' piece for the local month of `day`."""
    if isinstance(day, datetime.datetime):
        day = timezone.localtime(day)
    return reverse("sitemap-articles", kwargs={"year": day.year, "month": f"{day.month:02d}"})


def test_sitemap_index_names_the_fixed_pieces_and_each_month_with_a_public_article(
    client, articles
):
    _category, visible, _hidden = articles
    old = ArticleFactory(published_at=datetime.datetime(2021, 7, 5, 3, tzinfo=datetime.UTC))
    # A month only hidden articles have: a draft, an archived one, one that expired.
    hidden_month = datetime.datetime(2022, 3, 10, 3, tzinfo=datetime.UTC)
    ArticleFactory(published_at=hidden_month, status=Article.Status.DRAFT)
    ArticleFactory(published_at=hidden_month, status=Article.Status.ARCHIVED)
    ArticleFactory(published_at=hidden_month, expires_at=hidden_month + datetime.timedelta(days=1))
    response = client.get(reverse("sitemap"))
    assert response.status_code == 200
    locs = sitemap_locs(response)
    fixed = [f"http://testserver/sitemap-{name}.xml" for name in ("chuyen-muc", "can-bo", "don-vi")]
    months = [
        f"http://testserver{month_piece(visible.published_at)}",
        f"http://testserver{month_piece(old.published_at)}",
    ]
    assert locs == [*fixed, "http://testserver/sitemap-su-kien.xml", *months]
    assert f"http://testserver{month_piece(hidden_month)}" not in locs
    # A month with nothing public is no piece either.
    assert client.get(month_piece(hidden_month)).status_code == 404


def test_article_month_piece_excludes_future_expired_and_unpublished(client, articles):
    _category, visible, _hidden = articles
    response = client.get(month_piece(visible.published_at))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    locs = sitemap_locs(response)
    assert locs == [f"http://testserver{visible.get_absolute_url()}"]
    root = ET.fromstring(response.content)
    lastmod = root.find(".//s:lastmod", SITEMAP_NS).text
    assert lastmod == timezone.localtime(visible.updated_at).date().isoformat()


def pieces_of_the_index(client) -> dict[str, list[str]]:
    """Every piece the index names, with the addresses it lists."""
    pieces = {}
    for loc in sitemap_locs(client.get(reverse("sitemap"))):
        response = client.get(loc.removeprefix("http://testserver"))
        assert response.status_code == 200, loc
        pieces[loc] = sitemap_locs(response)
    return pieces


def test_every_public_article_and_event_is_reachable_from_the_index_and_no_hidden_one(client):
    utc = datetime.UTC
    public = [
        ArticleFactory(published_at=datetime.datetime(2021, 7, 5, 2, 57, tzinfo=utc)),
        # 23:30 on 31 December in Hậu Giang (UTC+7): December's piece, not January's.
        ArticleFactory(published_at=datetime.datetime(2021, 12, 31, 16, 30, tzinfo=utc)),
        ArticleFactory(published_at=datetime.datetime(2022, 1, 1, 0, 30, tzinfo=utc)),
        ArticleFactory(published_at=datetime.datetime(2024, 2, 29, 12, tzinfo=utc)),
        ArticleFactory(),
    ]
    now = timezone.now()
    hidden = [
        ArticleFactory(published_at=datetime.datetime(2023, 5, 1, tzinfo=utc), status="draft"),
        ArticleFactory(published_at=datetime.datetime(2022, 1, 2, tzinfo=utc), status="review"),
        ArticleFactory(published_at=now + datetime.timedelta(days=40)),
        ArticleFactory(
            published_at=datetime.datetime(2021, 12, 1, tzinfo=utc),
            expires_at=datetime.datetime(2022, 1, 1, tzinfo=utc),
        ),
        ArticleFactory(published_at=datetime.datetime(2021, 7, 6, tzinfo=utc), status="archived"),
    ]
    events = [
        EventFactory(date=datetime.date(2021, 12, 31)),
        EventFactory(date=datetime.date(2024, 3, 1)),
        EventFactory(date=None, title="Sự kiện chưa rõ ngày"),
    ]
    for event, article in zip(events, public, strict=False):
        event.articles.add(article)
    hidden_events = [EventFactory(date=datetime.date(2023, 5, 1)), EventFactory(date=None)]
    for event, article in zip(hidden_events, hidden, strict=False):
        event.articles.add(article)

    pieces = pieces_of_the_index(client)
    listed = [url for urls in pieces.values() for url in urls]
    for article in public:
        assert listed.count(f"http://testserver{article.get_absolute_url()}") == 1
    for event in events:
        assert listed.count(f"http://testserver{event.get_absolute_url()}") == 1
    for row in hidden + hidden_events:
        assert f"http://testserver{row.get_absolute_url()}" not in listed
    december = f"http://testserver{month_piece(datetime.date(2021, 12, 1))}"
    assert pieces[december] == [f"http://testserver{public[1].get_absolute_url()}"]
    years = [url for url in pieces if "/sitemap-su-kien-" in url]
    assert years == [
        "http://testserver/sitemap-su-kien-2024.xml",
        "http://testserver/sitemap-su-kien-2021.xml",
    ]
    # No piece for a month or year only hidden rows have.
    assert f"http://testserver{month_piece(datetime.date(2023, 5, 1))}" not in pieces
    assert client.get("/sitemap-su-kien-2023.xml").status_code == 404


def test_people_and_event_sitemaps_list_only_what_public_articles_name(client, articles):
    category, visible, hidden = articles
    named, only_in_draft = OfficialFactory(), OfficialFactory()
    OfficialMention.objects.create(article=visible, official=named)
    OfficialMention.objects.create(article=hidden[2], official=only_in_draft)
    unit, hidden_unit = UnitFactory(), UnitFactory()
    UnitMention.objects.create(article=visible, unit=unit)
    UnitMention.objects.create(article=hidden[0], unit=hidden_unit)
    event, hidden_event = EventFactory(), EventFactory()
    event.articles.add(visible)
    hidden_event.articles.add(hidden[1])

    def locs(section):
        return sitemap_locs(client.get(reverse("sitemap-section", kwargs={"section": section})))

    assert locs("can-bo") == [f"http://testserver{named.get_absolute_url()}"]
    assert locs("don-vi") == [f"http://testserver{unit.get_absolute_url()}"]
    assert sitemap_locs(client.get("/sitemap-su-kien-2021.xml")) == [
        f"http://testserver{event.get_absolute_url()}"
    ]
    assert f"http://testserver{category.get_absolute_url()}" in locs("chuyen-muc")


def test_sitemap_query_counts_are_fixed(client, django_assert_num_queries):
    official = OfficialFactory()

    def grow(count, first_day):
        for day in range(count):
            published = datetime.datetime(2022, 1, 1, tzinfo=datetime.UTC) + datetime.timedelta(
                days=first_day + day * 20
            )
            article = ArticleFactory(published_at=published)
            OfficialMention.objects.create(article=article, official=official)
            EventFactory(date=published.date()).articles.add(article)

    grow(3, 0)
    urls = [
        reverse("sitemap"),
        reverse("sitemap-section", kwargs={"section": "tin-tuc"}),
        reverse("sitemap-section", kwargs={"section": "can-bo"}),
        month_piece(datetime.date(2022, 1, 1)),
        "/sitemap-su-kien-2022.xml",
    ]
    counts = {}
    for url in urls:
        with CaptureQueriesContext(connection) as before:
            assert client.get(url).status_code == 200
        counts[url] = len(before)
    grow(40, 1)  # more articles in January, and months and years more in the index
    for url in urls:
        with django_assert_num_queries(counts[url]):
            assert client.get(url).status_code == 200


def test_the_old_article_section_keeps_its_first_page_and_sends_later_pages_to_the_index(
    client,
):
    newest = ArticleFactory()
    ArticleFactory(published_at=timezone.now() - datetime.timedelta(days=400))
    response = client.get("/sitemap-tin-tuc.xml")
    assert response.status_code == 200
    assert sitemap_locs(response)[0] == f"http://testserver{newest.get_absolute_url()}"
    moved = client.get("/sitemap-tin-tuc.xml?p=2")
    assert moved.status_code == 301 and moved["Location"] == reverse("sitemap")


@pytest.mark.parametrize(
    "url",
    [
        "/sitemap-khong-co.xml",
        "/sitemap-tin-tuc.xml?p=abc",
        "/sitemap-tin-tuc.xml?p=-1",
        "/sitemap-tin-tuc-2021-13.xml",
        "/sitemap-tin-tuc-9999-12.xml",
        "/sitemap-tin-tuc-2030-01.xml",
        "/sitemap-su-kien-99999999999999999999.xml",
        "/sitemap-su-kien-0.xml",
    ],
)
def test_unknown_sitemap_sections_pages_and_periods_are_404(client, url):
    ArticleFactory()
    assert client.get(url).status_code == 404


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /quan-tri/" in lines
    assert "User-agent: *" in lines


def test_pages_announce_the_rss_feed(client):
    content = client.get(reverse("articles:home")).content.decode()
    assert 'type="application/rss+xml"' in content
    assert f'href="{reverse("articles:rss")}"' in content


@pytest.mark.parametrize(
    "lead", ["Trước <script>alert(1)</script> sau", 'Ảnh <img src=x onerror="alert(1)"> & chữ']
)
def test_rss_descriptions_are_plain_text_a_reader_cannot_run(client, lead):
    """Readers take an RSS description as HTML: markup written in a lead must arrive as text."""
    ArticleFactory(lead=lead)
    root = ET.fromstring(client.get(reverse("articles:rss")).content)
    description = root.find("channel/item").findtext("description")
    assert "<" not in description and ">" not in description
    assert html.unescape(description) == lead
