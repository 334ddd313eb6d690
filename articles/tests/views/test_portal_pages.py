"""The public portal's pages: what each shows, what none of them leaks, bad addresses, and a
number of SQL queries that does not grow with the data."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from taggit.models import Tag

from articles.models import Article, Event
from articles.tests.factories import ArticleFactory, CategoryFactory, EventFactory
from articles.tests.portal_data import (
    HIDDEN_MARK,
    SHARED_TAG,
    add_articles,
    build_portal,
)
from people.models import Official

pytestmark = pytest.mark.django_db


@pytest.fixture
def portal():
    return build_portal(3)


def page_urls(portal) -> dict[str, str]:
    """Every public page, keyed by a short name."""
    article = portal.articles[0]
    return {
        "home": reverse("articles:home"),
        "article": article.get_absolute_url(),
        "print": reverse("articles:print", args=[article.slug]),
        "category": portal.root.get_absolute_url(),
        "subcategory": portal.child.get_absolute_url(),
        "tag": reverse("articles:tag", args=[Tag.objects.get(name=SHARED_TAG).slug]),
        "archive_year": reverse("articles:archive_year", args=[2021]),
        "archive_month": reverse("articles:archive_month", args=[2021, 11]),
        "archive_day": reverse("articles:archive_day", args=[2021, 11, 1]),
        "events": reverse("articles:events"),
        "events_month": reverse("articles:events_month", args=[2021, 11]),
        "event": portal.event.get_absolute_url(),
        "officials": reverse("people:officials"),
        "official": portal.director.get_absolute_url(),
        "units": reverse("people:units"),
        "unit": portal.province.get_absolute_url(),
    }


def get_text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


# --- what the pages show ----------------------------------------------------------------


def test_home_has_featured_latest_blocks_most_read_events_leaders_and_hotline(client, portal):
    upcoming = EventFactory(
        title="Hội nghị tổng kết năm sắp tới", date=datetime.date.today() + datetime.timedelta(7)
    )
    content = get_text(client, reverse("articles:home"))
    featured = content.split('class="featured"')[1].split("</section>")[0]
    assert portal.articles[0].title in featured
    assert "Tin mới nhất" in content and portal.articles[2].title in content
    # One block per top-level menu category, with its sub-category's articles in it.
    block = content.split('id="khoi-hoat-dong-luc-luong"')[1].split("</section>")[0]
    assert portal.articles[1].title in block  # article 1 is in the sub-category
    assert 'id="khoi-an-ninh-trat-tu"' not in content  # no published article: no block
    most_read = content.split('id="xem-nhieu"')[1].split("</section>")[0]
    assert most_read.index(portal.articles[2].title) < most_read.index(portal.articles[0].title)
    assert upcoming.title in content.split('id="su-kien-sap-toi"')[1].split("</section>")[0]
    recent = content.split('id="su-kien-gan-day"')[1].split("</section>")[0]
    assert portal.event.title in recent
    leaders = content.split('id="lanh-dao"')[1].split("</section>")[0]
    assert leaders.index("Huỳnh Việt Hòa") < leaders.index("Lâm Phước Nguyên")
    assert "Giám đốc Công an tỉnh" in leaders
    assert "0293 3870 100" in content and 'href="tel:02933870100"' in content
    assert 'action="/tim-kiem/"' in content and 'name="q"' in content


def test_leaders_director_first_even_after_party_titles(client, portal):
    # As printed: party posts first, the police post last; the deputy outranks the director.
    Official.objects.filter(pk=portal.director.pk).update(
        current_rank="Thượng tá",
        current_title="Ủy viên Ban Thường vụ Tỉnh ủy, Giám đốc Công an tỉnh",
    )
    Official.objects.filter(pk=portal.deputy.pk).update(
        current_title="Ủy viên Ban Chấp hành Đảng bộ tỉnh, Phó Giám đốc Công an tỉnh"
    )
    content = get_text(client, reverse("articles:home"))
    leaders = content.split('id="lanh-dao"')[1].split("</section>")[0]
    assert leaders.index("Huỳnh Việt Hòa") < leaders.index("Lâm Phước Nguyên")


def test_portal_settings_edited_in_admin_show_on_every_page(admin_client, client, portal):
    url = reverse("admin:newsroom_portalsettings_change", args=[1])
    response = admin_client.post(
        url,
        {
            "name": "Công an tỉnh Sóc Trăng",
            "tagline": "Trang thông tin điện tử",
            "footer_text": "Giấy phép số 01/GP-STTTT",
            "hotline": "0299 111 222",
            "phone": "",
            "email": "",
            "address": "",
            "leadership_unit": "",
        },
    )
    assert response.status_code == 302
    content = get_text(client, page_urls(portal)["unit"])
    assert "Công an tỉnh Sóc Trăng" in content
    assert "Giấy phép số 01/GP-STTTT" in content
    assert "0299 111 222" in content
    home = get_text(client, reverse("articles:home"))
    assert 'id="lanh-dao"' not in home  # no leadership unit chosen any more


def test_portal_settings_admin_keeps_one_row(admin_client, portal):
    assert admin_client.get(reverse("admin:newsroom_portalsettings_add")).status_code == 403
    url = reverse("admin:newsroom_portalsettings_delete", args=[1])
    assert admin_client.get(url).status_code == 403


def test_pages_work_before_any_settings_are_saved(client):
    ArticleFactory(title="Tin đầu tiên")
    content = get_text(client, reverse("articles:home"))
    assert "Công an tỉnh Hậu Giang" in content  # the default from settings.PORTAL_NAME
    assert "Tin đầu tiên" in content


def test_article_page_shows_everything_a_reader_expects(client, portal):
    article = portal.articles[0]
    content = get_text(client, article.get_absolute_url())
    crumbs = content.split('class="breadcrumb"')[1].split("</nav>")[0]
    assert "Trang chủ" in crumbs and portal.root.name in crumbs
    assert "Thứ hai, 01/11/2021 22:57" in content
    assert "Lượt xem: 101" in content  # 100 before, plus this reader's first view
    assert "Ngô Văn Thật" in content and "Nguồn: Báo Công an nhân dân" in content
    assert "Quang cảnh buổi làm việc 0" in content
    tag = Tag.objects.get(name=SHARED_TAG)
    assert f'href="/the/{tag.slug}/"' in content
    # Rank and titles as printed in this article, linking to the official's page.
    assert (
        f'<a href="{portal.director.get_absolute_url()}">Đại tá Huỳnh Việt Hòa</a>, '
        "Ủy viên Ban Thường vụ Tỉnh ủy, Giám đốc Công an tỉnh"
    ) in content
    assert f'href="{portal.division.get_absolute_url()}">Phòng Tham mưu</a>' in content
    assert f'href="{portal.event.get_absolute_url()}"' in content
    assert f'href="{reverse("articles:print", args=[article.slug])}"' in content


def test_article_page_metadata(client, portal):
    import json

    article = portal.articles[0]
    content = get_text(client, article.get_absolute_url())
    canonical = f"http://testserver{article.get_absolute_url()}"
    assert f'<link rel="canonical" href="{canonical}">' in content
    assert f'<meta property="og:url" content="{canonical}">' in content
    assert f'<meta property="og:title" content="{article.title}">' in content
    ld_text = content.split('<script type="application/ld+json">')[1].split("</script>")[0]
    data = json.loads(ld_text)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == article.title
    assert data["datePublished"].startswith("2021-11-01T15:57:00")
    assert data["author"] == {"@type": "Person", "name": "Ngô Văn Thật"}
    assert data["publisher"] == {"@type": "Organization", "name": "Công an tỉnh Hậu Giang"}
    assert data["sourceOrganization"]["name"] == "Báo Công an nhân dân"
    assert SHARED_TAG in data["keywords"]


def test_json_ld_cannot_close_its_script_element(client):
    article = ArticleFactory(title="Tiêu đề </script><script>alert(1)</script>")
    content = get_text(client, article.get_absolute_url())
    ld_text = content.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert "alert(1)" in ld_text  # the whole title stayed inside the JSON-LD


def test_print_view_is_plain_and_points_to_the_article(client, portal):
    article = portal.articles[0]
    content = get_text(client, reverse("articles:print", args=[article.slug]))
    assert article.title in content
    assert "print.css" in content and '<meta name="robots" content="noindex">' in content
    assert f'href="http://testserver{article.get_absolute_url()}"' in content
    assert "portal-menu" not in content and "Tin liên quan" not in content


def test_related_articles_by_event_then_officials_then_tags_then_category(client):
    category = CategoryFactory()
    official = Official.objects.create(name="Nguyễn Văn Sơn")
    event = EventFactory()
    article = ArticleFactory(category=category, title="Bài gốc")
    article.tags.add("biên giới")
    event.articles.add(article)
    article.official_mentions.create(official=official)
    same_event = ArticleFactory(title="Cùng sự kiện")
    event.articles.add(same_event)
    same_official = ArticleFactory(title="Cùng cán bộ")
    same_official.official_mentions.create(official=official)
    same_tag = ArticleFactory(title="Cùng từ khóa")
    same_tag.tags.add("biên giới")
    same_category = ArticleFactory(title="Cùng chuyên mục", category=category)
    ArticleFactory(title="Không liên quan")
    hidden = ArticleFactory(title="Nháp cùng sự kiện", status=Article.Status.DRAFT)
    event.articles.add(hidden)
    content = get_text(client, article.get_absolute_url())
    aside = content.split('id="lien-quan"')[1].split("</aside>")[0]
    titles = [same_event, same_official, same_tag, same_category]
    positions = [aside.index(other.title) for other in titles]
    assert positions == sorted(positions)
    assert "Không liên quan" not in aside and "Nháp cùng sự kiện" not in aside


def test_category_lists_its_sub_categories_articles(client, portal):
    content = get_text(client, portal.root.get_absolute_url())
    for article in portal.articles:
        assert article.title in content
    assert f'href="{portal.child.get_absolute_url()}"' in content
    child = get_text(client, portal.child.get_absolute_url())
    assert portal.articles[1].title in child and portal.articles[0].title not in child
    assert portal.root.name in child.split('class="breadcrumb"')[1].split("</nav>")[0]


def test_tag_page(client, portal):
    content = get_text(client, page_urls(portal)["tag"])
    assert f"Từ khóa: {SHARED_TAG}" in content
    assert "3 bài viết" in content
    hidden_tag = Tag.objects.get(name="thẻ chỉ có bài ẩn")
    assert client.get(reverse("articles:tag", args=[hidden_tag.slug])).status_code == 404
    assert client.get("/the/khong-co/").status_code == 404


def test_archive_year_month_day(client, portal):
    late = datetime.datetime(2021, 12, 31, 16, 30, tzinfo=datetime.UTC)
    ArticleFactory(title="Tin tháng mười hai", published_at=late)
    year = get_text(client, reverse("articles:archive_year", args=[2021]))
    assert "4 bài viết" in year
    month = get_text(client, reverse("articles:archive_month", args=[2021, 11]))
    assert "1 bài viết" in month and "Tin tháng mười hai" not in month
    # 31/12/2021 23:30 local time is still in December, not in 2022.
    assert "Tin tháng mười hai" in get_text(client, "/luu-tru/2021/12/31/")
    assert "Tin tháng mười hai" not in get_text(client, "/luu-tru/2022/")
    day = get_text(client, reverse("articles:archive_day", args=[2021, 11, 1]))
    assert "Thứ hai, 01/11/2021" in day
    assert portal.articles[0].title in day


def test_archive_year_lists_its_months(client, portal):
    ArticleFactory(published_at=datetime.datetime(2021, 12, 31, 16, 30, tzinfo=datetime.UTC))
    content = get_text(client, reverse("articles:archive_year", args=[2021]))
    assert 'href="/luu-tru/2021/10/"' in content  # articles 1 and 2 are from October
    assert 'href="/luu-tru/2021/11/"' in content
    assert 'href="/luu-tru/2021/12/"' in content
    assert 'href="/luu-tru/2021/09/"' not in content


def test_event_list_by_month_and_event_page(client, portal):
    EventFactory(title="Hội nghị tháng mười", date=datetime.date(2021, 10, 5))
    content = get_text(client, reverse("articles:events"))
    assert portal.event.title in content and "Hội nghị tháng mười" in content
    assert 'href="/su-kien/2021/11/"' in content and 'href="/su-kien/2021/10/"' in content
    november = get_text(client, reverse("articles:events_month", args=[2021, 11]))
    assert portal.event.title in november and "Hội nghị tháng mười" not in november
    event = get_text(client, portal.event.get_absolute_url())
    assert "Bài viết về sự kiện (3)" in event
    for article in portal.articles:
        assert article.title in event
    assert "Huỳnh Việt Hòa" in event and "Lâm Phước Nguyên" in event
    assert "Phòng Tham mưu" in event


def test_officials_grouped_by_unit(client, portal):
    content = get_text(client, reverse("people:officials"))
    group = content.split(f">{portal.province.name}</a></h2>")[1]
    assert group.index("Huỳnh Việt Hòa") < group.index("Lâm Phước Nguyên")
    assert "3 bài viết" in content


def test_official_page_rank_history_positions_and_coverage(client, portal):
    content = get_text(client, portal.director.get_absolute_url())
    history = content.split('id="cap-bac"')[1].split("</section>")[0]
    # Thượng tá in the oldest article (30/10/2021), Đại tá in the two newer ones.
    assert history.index("Thượng tá") < history.index("Đại tá")
    assert "30/10/2021 · 1 bài" in history
    assert "31/10/2021 – 01/11/2021 · 2 bài" in history
    assert "Giám đốc Công an tỉnh" in content.split('id="chuc-vu"')[1]
    assert "thấy từ 05/07/2021 đến 01/11/2021" in content
    assert "Bài viết nhắc đến (3)" in content


def test_unit_tree_and_unit_page(client, portal):
    tree = get_text(client, reverse("people:units"))
    assert tree.index("Công an tỉnh Hậu Giang") < tree.index("Phòng Tham mưu")
    assert tree.index("Phòng Tham mưu") < tree.index("Đội Tổng hợp")
    content = get_text(client, portal.province.get_absolute_url())
    for text in [
        "Chức năng, nhiệm vụ",
        "Tham mưu cho Đảng ủy",
        "Số 10 Trần Hưng Đạo",
        "069 3522 221",
        "mailto:congan@haugiang.gov.vn",
        "https://conganhaugiang.gov.vn",
        "Sơ đồ tổ chức",
        "Đội Tổng hợp",
        "Cán bộ đầu mối",
        "Bài viết nhắc đến (3)",
    ]:
        assert text in content, text
    leaders = content.split('id="lanh-dao-don-vi"')[1]
    assert leaders.index("Huỳnh Việt Hòa") < leaders.index("Lâm Phước Nguyên")
    division = get_text(client, portal.division.get_absolute_url())
    crumbs = division.split('class="breadcrumb"')[1].split("</nav>")[0]
    assert portal.province.name in crumbs


def test_unit_tree_survives_a_cycle_an_editor_made(client, portal):
    from people.models import Unit

    Unit.objects.filter(pk=portal.province.pk).update(parent=portal.division)
    content = get_text(client, reverse("people:units"))
    assert "Công an tỉnh Hậu Giang" in content and "Phòng Tham mưu" in content


# --- nothing unpublished leaks ----------------------------------------------------------


def test_no_page_shows_any_hidden_article_or_what_only_they_name(client, portal):
    for name, url in page_urls(portal).items():
        content = get_text(client, url)
        assert HIDDEN_MARK not in content, name


def test_counts_ignore_hidden_articles(client, portal):
    urls = page_urls(portal)
    assert "Bài viết nhắc đến (3)" in get_text(client, urls["official"])
    assert "Bài viết nhắc đến (3)" in get_text(client, urls["unit"])
    assert "Bài viết về sự kiện (3)" in get_text(client, urls["event"])
    assert "3 bài viết" in get_text(client, urls["tag"])
    assert "3 bài viết" in get_text(client, urls["archive_year"])
    assert "1 bài viết" in get_text(client, urls["archive_day"])
    history = get_text(client, urls["official"]).split('id="cap-bac"')[1].split("</section>")[0]
    assert "· 2 bài" in history and "· 1 bài" in history


def test_hidden_things_have_no_pages(client, portal):
    for article in portal.hidden:
        assert client.get(article.get_absolute_url()).status_code == 404
        assert client.get(reverse("articles:print", args=[article.slug])).status_code == 404
    assert client.get(portal.draft_only_official.get_absolute_url()).status_code == 404
    assert client.get(portal.draft_only_unit.get_absolute_url()).status_code == 404
    assert client.get(portal.draft_only_event.get_absolute_url()).status_code == 404


def test_event_announced_without_articles_is_public(client):
    event = EventFactory(title="Lễ ra quân sắp tới", date=datetime.date(2030, 1, 5))
    assert client.get(event.get_absolute_url()).status_code == 200
    assert "Lễ ra quân sắp tới" in get_text(client, reverse("articles:events"))


# --- bad addresses and parameters -------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/luu-tru/2021/13/",
        "/luu-tru/2021/0/",
        "/luu-tru/2021/02/30/",
        "/luu-tru/2021/04/31/",
        "/luu-tru/0/",
        "/luu-tru/99999999999999999999999/",
        "/luu-tru/9999/12/31/",
        "/su-kien/2021/13/",
        "/su-kien/0/1/",
        "/su-kien/99999999999999/1/",
        "/chuyen-muc/khong-co/",
        "/the/khong-co/",
        "/can-bo/khong-co/",
        "/don-vi/khong-co/",
        "/su-kien/khong-co/",
        "/tin-tuc/khong-co/",
        "/tin-tuc/khong-co/in/",
    ],
)
def test_impossible_addresses_are_404(client, portal, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("page", ["0", "-1", "abc", "999", "1.5", "9" * 40, "%00", ""])
def test_bad_page_numbers_are_404_on_every_listing(client, portal, page):
    for name, url in page_urls(portal).items():
        if name in {"article", "print"}:
            continue
        response = client.get(url, {"page": page})
        expected = 200 if page == "" else 404
        assert response.status_code == expected, (name, page)


def test_second_pages_have_their_own_canonical_address(client, portal):
    add_articles(portal, 25)
    content = get_text(client, portal.root.get_absolute_url() + "?page=2&utm_source=x")
    assert (
        f'<link rel="canonical" href="http://testserver{portal.root.get_absolute_url()}?page=2">'
        in content
    )
    first = get_text(client, portal.root.get_absolute_url() + "?page=1")
    assert (
        f'<link rel="canonical" href="http://testserver{portal.root.get_absolute_url()}">' in first
    )
    assert f'href="{portal.root.get_absolute_url()}" rel="prev"' in content


def test_padded_archive_address_names_the_plain_one(client, portal):
    content = get_text(client, "/luu-tru/02021/011/?page=1")
    assert '<link rel="canonical" href="http://testserver/luu-tru/2021/11/">' in content


def test_every_listing_has_a_canonical_link(client, portal):
    for name, url in page_urls(portal).items():
        assert '<link rel="canonical" href="http://testserver' in get_text(client, url), name


# --- query counts -----------------------------------------------------------------------


def count_queries(client, url: str) -> int:
    # Measured on a reload: a reader's first view of an article adds one UPDATE of its
    # counter (test_views_count.py checks that separately).
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


def test_every_page_has_a_fixed_number_of_queries(client, django_assert_num_queries):
    portal = build_portal(3)
    urls = page_urls(portal)
    small = {name: count_queries(client, url) for name, url in urls.items()}
    add_articles(portal, 30)
    for index in range(10):
        Event.objects.create(title=f"Sự kiện thêm {index}", date=datetime.date(2021, 11, 2))
        Official.objects.create(name=f"Trần Văn Thêm {index}", unit=portal.division)
        CategoryFactory(name=f"Chuyên mục thêm {index}", parent=portal.root)
    for name, url in urls.items():
        with django_assert_num_queries(small[name], info=name):
            client.get(url)


def test_query_counts_stay_small(client):
    """The absolute numbers, so that a page cannot quietly grow a query per block."""
    portal = build_portal(3)
    counts = {name: count_queries(client, url) for name, url in page_urls(portal).items()}
    assert counts == {
        "home": 12,
        "article": 11,  # + the authors (articles.authors)
        "print": 9,
        "category": 7,  # + the articles pinned to it (news.PinnedFirst)
        "subcategory": 7,
        "tag": 7,
        "archive_year": 6,
        "archive_month": 5,
        "archive_day": 5,
        "events": 7,  # + whether readers may see each listed event's host (one query)
        "events_month": 7,
        "event": 8,
        "officials": 5,
        "official": 8,
        "units": 4,
        "unit": 9,
    }


def test_tags_get_ascii_vietnamese_slugs(client):
    article = ArticleFactory()
    article.tags.add("Đường dây nóng", "đường dây nóng!")
    slugs = sorted(Tag.objects.values_list("slug", flat=True))
    assert slugs == ["duong-day-nong", "duong-day-nong-2"]
    content = get_text(client, article.get_absolute_url())
    assert 'href="/the/duong-day-nong/"' in content
    assert client.get("/the/duong-day-nong-2/").status_code == 200
