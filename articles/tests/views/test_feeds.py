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


def test_sitemap_index_names_every_section(client, articles):
    response = client.get(reverse("sitemap"))
    assert response.status_code == 200
    locs = sitemap_locs(response)
    for section in ("tin-tuc", "chuyen-muc", "can-bo", "don-vi", "su-kien"):
        assert f"http://testserver/sitemap-{section}.xml" in locs


def test_article_sitemap_excludes_future_expired_and_unpublished(client, articles):
    _category, visible, _hidden = articles
    response = client.get(reverse("sitemap-section", kwargs={"section": "tin-tuc"}))
    locs = sitemap_locs(response)
    assert locs == [f"http://testserver{visible.get_absolute_url()}"]
    root = ET.fromstring(response.content)
    lastmod = root.find(".//s:lastmod", SITEMAP_NS).text
    assert lastmod == timezone.localtime(visible.updated_at).date().isoformat()


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
    assert locs("su-kien") == [f"http://testserver{event.get_absolute_url()}"]
    assert f"http://testserver{category.get_absolute_url()}" in locs("chuyen-muc")


def test_sitemap_query_counts_are_fixed(client, django_assert_num_queries):
    def grow(count):
        for _ in range(count):
            article = ArticleFactory()
            OfficialMention.objects.create(article=article, official=OfficialFactory())

    grow(3)
    counts = {}
    for name in ("sitemap", "tin-tuc", "can-bo"):
        url = (
            reverse("sitemap")
            if name == "sitemap"
            else reverse("sitemap-section", kwargs={"section": name})
        )
        with CaptureQueriesContext(connection) as before:
            client.get(url)
        counts[name] = (url, len(before))
    grow(25)
    for url, expected in counts.values():
        with django_assert_num_queries(expected):
            assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", ["/sitemap-khong-co.xml", "/sitemap-tin-tuc.xml?p=99"])
def test_unknown_sitemap_sections_and_pages_are_404(client, url):
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
