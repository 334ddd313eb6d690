"""The admin's article list: columns, filters, accent-free search, a flat query count;
featured and pinned ordering."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.tests.factories import ArticleFactory, CategoryFactory, SourceFactory
from articles.tests.workflow_helpers import make_user

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")


def make_articles(count, author):
    source = SourceFactory()
    for index in range(count):
        article = ArticleFactory(
            created_by=author, source=source, byline=f"Phóng viên {index}", view_count=index
        )
        article.tags.add("an ninh", f"tag {index}")


def changelist_queries(client, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(CHANGELIST, params or {})
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.parametrize("role", ["admin", "editor"])
@pytest.mark.parametrize("params", [{}, {"q": "cong an"}, {"trang_thai": "live", "o": "-3"}])
def test_changelist_query_count_does_not_grow_with_rows(client, role, params):
    user = make_user(role)
    client.force_login(user)
    make_articles(4, user)
    small, response = changelist_queries(client, params)
    assert len(response.context["cl"].result_list) == 4
    make_articles(16, user)
    large, response = changelist_queries(client, params)
    assert len(response.context["cl"].result_list) == 20
    assert large == small


def test_changelist_columns(client):
    author = make_user("reporter", username="phongvien_a")
    category = CategoryFactory(name="An ninh trật tự")
    ArticleFactory(
        title="Bắt nhóm trộm xe",
        category=category,
        byline="Hồng Thái",
        created_by=author,
        view_count=1234,
        published_at=timezone.make_aware(datetime.datetime(2021, 11, 1, 22, 57)),
    )
    client.force_login(make_user("editor"))
    page = client.get(CHANGELIST).content.decode()
    texts = ["Bắt nhóm trộm xe", "Đã xuất bản", "An ninh trật tự", "01/11/2021 22:57"]
    for text in [*texts, "Hồng Thái", "phongvien_a", "1234"]:
        assert text in page
    headers = [h["text"].lower() for h in client.get(CHANGELIST).context["result_headers"]]
    assert headers[1:] == [  # after the action checkbox
        "tiêu đề",
        "trạng thái",
        "chuyên mục",
        "thời điểm xuất bản",
        "tác giả",
        "người tạo",
        "lượt xem",
        "tin nổi bật",
    ]


def test_changelist_filters_by_status_category_source_tag_author_and_date(client):
    editor = make_user("editor")
    client.force_login(editor)
    target = ArticleFactory(
        status="review",
        published_at=timezone.make_aware(datetime.datetime(2021, 7, 5, 9, 57)),
        created_by=editor,
        source=SourceFactory(name="TTXVN"),
    )
    target.tags.add("phòng cháy")
    ArticleFactory.create_batch(3)
    for params in [
        {"trang_thai": "review"},
        {"category__id__exact": target.category_id},
        {"source__id__exact": target.source_id},
        {"tu_khoa": "phòng cháy"},
        {"nguoi_tao": editor.username},
        {"published_at__year": 2021, "published_at__month": 7},
    ]:
        listing = client.get(CHANGELIST, params)
        assert list(listing.context["cl"].result_list) == [target], params


def test_search_ignores_diacritics(client):
    ArticleFactory(title="Đại tá Huỳnh Việt Hòa tiếp đoàn công tác")
    ArticleFactory(title="Tin khác")
    client.force_login(make_user("editor"))
    listing = client.get(CHANGELIST, {"q": "huynh viet hoa"})
    assert [a.title for a in listing.context["cl"].result_list] == [
        "Đại tá Huỳnh Việt Hòa tiếp đoàn công tác"
    ]


def test_featured_in_editors_order_and_pinned_first_in_category():
    category = CategoryFactory()
    now = timezone.now()
    newest = ArticleFactory(category=category, published_at=now)
    pinned_second = ArticleFactory(
        category=category,
        is_pinned=True,
        pinned_order=2,
        published_at=now - datetime.timedelta(days=3),
    )
    pinned_first = ArticleFactory(
        category=category,
        is_pinned=True,
        pinned_order=1,
        published_at=now - datetime.timedelta(days=5),
    )
    older = ArticleFactory(category=category, published_at=now - datetime.timedelta(days=1))
    ArticleFactory(is_pinned=True)  # another category
    assert list(Article.objects.published().in_category(category)) == [
        pinned_first,
        pinned_second,
        newest,
        older,
    ]
    headline_b = ArticleFactory(is_featured=True, featured_order=2, published_at=now)
    headline_a = ArticleFactory(
        is_featured=True, featured_order=1, published_at=now - datetime.timedelta(days=9)
    )
    assert list(Article.objects.published().featured()) == [headline_a, headline_b]


def test_category_page_shows_pinned_article_first(client):
    category = CategoryFactory()
    ArticleFactory(category=category, title="Tin mới nhất")
    ArticleFactory(
        category=category,
        title="Tin ghim đầu chuyên mục",
        is_pinned=True,
        published_at=timezone.now() - datetime.timedelta(days=30),
    )
    page = client.get(category.get_absolute_url()).content.decode()
    assert page.index("Tin ghim đầu chuyên mục") < page.index("Tin mới nhất")


def test_hand_picked_related_articles_come_first_on_the_article_page(client):
    category = CategoryFactory()
    article = ArticleFactory(category=category)
    same_category = ArticleFactory(category=category, title="Cùng chuyên mục")
    picked = ArticleFactory(title="Bài chọn tay ở chuyên mục khác")
    unpublished = ArticleFactory(title="Bài chọn tay chưa đăng", status="draft", published_at=None)
    ArticleFactory(title="Bài không liên quan")
    article.related_articles.add(picked, unpublished)
    response = client.get(article.get_absolute_url())
    assert list(response.context["related"]) == [picked, same_category]
    uncategorised = ArticleFactory(category=None)
    uncategorised.related_articles.add(picked)
    related = list(client.get(uncategorised.get_absolute_url()).context["related"])
    # Nothing else shares an event, an official, a tag or a category with it.
    assert related == [picked]
