"""Public pages: what they show, what they hide, and how many queries they cost."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Caption
from articles.tests.factories import ArticleFactory, CategoryFactory, EventFactory
from people.models import Official, Position, Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def hidden_articles():
    now = timezone.now()
    return [
        ArticleFactory(title="Bản nháp bí mật", status=Article.Status.DRAFT),
        ArticleFactory(title="Bài chờ duyệt bí mật", status=Article.Status.REVIEW),
        ArticleFactory(title="Bài lưu trữ bí mật", status=Article.Status.ARCHIVED),
        ArticleFactory(title="Bài hẹn giờ bí mật", published_at=now + datetime.timedelta(hours=1)),
    ]


def test_home_lists_published_articles_only(client, hidden_articles):
    ArticleFactory(title="Tin đã đăng hôm nay")
    response = client.get(reverse("articles:home"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Tin đã đăng hôm nay" in content
    assert "bí mật" not in content
    assert '<html lang="vi">' in content


def test_home_query_count_is_fixed(client, django_assert_num_queries):
    for _ in range(3):
        ArticleFactory()
    with django_assert_num_queries(11):
        client.get(reverse("articles:home"))
    for _ in range(30):
        ArticleFactory()
    with django_assert_num_queries(11):
        client.get(reverse("articles:home"))


def test_article_detail_shows_date_views_captions_and_byline(client):
    moment = datetime.datetime(2021, 11, 1, 15, 57, tzinfo=datetime.UTC)
    article = ArticleFactory(
        title="Chia sẻ kinh nghiệm",
        published_at=moment,
        view_count=2310,
        byline="Ngô Văn Thật",
        author_unit="Phòng Tham mưu",
    )
    Caption.objects.create(article=article, text="Quang cảnh buổi làm việc", credit="Đức Trung")
    response = client.get(article.get_absolute_url())
    content = response.content.decode()
    assert "Thứ hai, 01/11/2021 22:57" in content
    assert "Lượt xem: 2.311" in content  # this reader's view is counted
    assert "Quang cảnh buổi làm việc" in content
    assert "Ngô Văn Thật – Phòng Tham mưu" in content


def test_unpublished_article_pages_are_404(client, hidden_articles):
    for article in hidden_articles:
        assert client.get(article.get_absolute_url()).status_code == 404


def test_article_detail_query_count_is_fixed(client, django_assert_num_queries):
    category = CategoryFactory()
    article = ArticleFactory(category=category)
    ArticleFactory.create_batch(3, category=category)
    client.get(article.get_absolute_url())  # the first view of the session adds one UPDATE
    with django_assert_num_queries(11):
        client.get(article.get_absolute_url())
    ArticleFactory.create_batch(20, category=category)
    for index in range(5):
        Caption.objects.create(article=article, position=index, text=f"Ảnh {index}")
    with django_assert_num_queries(11):
        client.get(article.get_absolute_url())


def test_category_page_lists_its_published_articles(client, hidden_articles):
    category = CategoryFactory(name="An ninh trật tự")
    ArticleFactory(title="Triệt phá đường dây đánh bạc", category=category)
    ArticleFactory(title="Tin chuyên mục khác")
    response = client.get(category.get_absolute_url())
    content = response.content.decode()
    assert "Triệt phá đường dây đánh bạc" in content
    assert "Tin chuyên mục khác" not in content
    assert client.get("/chuyen-muc/khong-co/").status_code == 404


def test_page_number_out_of_range_is_404_not_500(client):
    ArticleFactory()
    assert client.get(reverse("articles:home") + "?page=999").status_code == 404
    assert client.get(reverse("articles:home") + "?page=abc").status_code == 404


def test_official_unit_and_event_pages(client):
    unit = Unit.objects.create(name="Công an tỉnh Hậu Giang", kind=Unit.Kind.PROVINCIAL_POLICE)
    official = Official.objects.create(name="Huỳnh Việt Hòa", current_rank="Thượng tá", unit=unit)
    Position.objects.create(official=official, unit=unit, title="Giám đốc", rank="Thượng tá")
    event = EventFactory(title="Hội nghị trực tuyến phòng, chống dịch", lead_official=official)
    article = ArticleFactory(title="Tin về hội nghị")
    draft = ArticleFactory(title="Nháp về hội nghị", status=Article.Status.DRAFT)
    event.articles.add(article, draft)
    official_page = client.get(official.get_absolute_url()).content.decode()
    assert "Thượng tá Huỳnh Việt Hòa" in official_page
    assert "Giám đốc" in official_page
    unit_page = client.get(unit.get_absolute_url()).content.decode()
    assert "Công an tỉnh Hậu Giang" in unit_page
    event_page = client.get(event.get_absolute_url()).content.decode()
    assert "Tin về hội nghị" in event_page
    assert "Nháp về hội nghị" not in event_page


def test_unknown_page_gives_vietnamese_404(client, settings):
    settings.DEBUG = False
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()
