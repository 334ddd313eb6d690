"""Scheduling and expiry: readers see an article from its publish time until its expiry,
with no job running, and the admin says which articles are scheduled or expired."""

import datetime
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.services import workflow
from articles.tests.factories import ArticleFactory
from articles.tests.workflow_helpers import make_user

pytestmark = pytest.mark.django_db

HOME = reverse("articles:home")


def clock(moment):
    """Move the clock that the models, views and the workflow read."""
    return mock.patch("django.utils.timezone.now", return_value=moment)


def test_article_scheduled_a_minute_ahead_appears_after_that_minute(client):
    ArticleFactory(title="Tin đã đăng từ trước")
    editor = make_user("editor")
    article = ArticleFactory(
        title="Ra quân đảm bảo trật tự an toàn giao thông", status="review", published_at=None
    )
    now = timezone.now()
    workflow.transition(article, "published", editor, at=now + datetime.timedelta(minutes=1))
    detail = reverse("articles:detail", kwargs={"slug": article.slug})

    with clock(now):
        page = client.get(HOME).content.decode()
        assert "Tin đã đăng từ trước" in page
        assert article.title not in page
        assert client.get(detail).status_code == 404
    with clock(now + datetime.timedelta(seconds=59)):
        assert article.title not in client.get(HOME).content.decode()
    with clock(now + datetime.timedelta(minutes=1, seconds=1)):
        assert article.title in client.get(HOME).content.decode()
        assert client.get(detail).status_code == 200


def test_expired_article_disappears_without_any_job(client):
    now = timezone.now()
    article = ArticleFactory(
        title="Thông báo tuyển sinh có thời hạn",
        published_at=now - datetime.timedelta(days=1),
        expires_at=now + datetime.timedelta(hours=1),
    )
    detail = reverse("articles:detail", kwargs={"slug": article.slug})
    with clock(now):
        assert article.title in client.get(HOME).content.decode()
    with clock(now + datetime.timedelta(hours=1)):
        assert article.title not in client.get(HOME).content.decode()
        assert client.get(detail).status_code == 404
    assert Article.objects.get(pk=article.pk).status == "published"  # nothing had to run


def test_admin_list_says_scheduled_expired_and_live(client):
    now = timezone.now()
    scheduled = ArticleFactory(title="Bài hẹn giờ", published_at=now + datetime.timedelta(hours=2))
    expired = ArticleFactory(
        title="Bài hết hạn",
        published_at=now - datetime.timedelta(days=2),
        expires_at=now - datetime.timedelta(days=1),
    )
    live = ArticleFactory(title="Bài đang hiện")
    client.force_login(make_user("editor"))
    url = reverse("admin:articles_article_changelist")
    response = client.get(url)
    cells = {
        row.title: response.context["cl"].model_admin.status_display(row)
        for row in response.context["cl"].result_list
    }
    assert cells == {
        "Bài hẹn giờ": "Đã lên lịch",
        "Bài hết hạn": "Hết hạn",
        "Bài đang hiện": "Đã xuất bản",
    }
    for value, expected in [("scheduled", scheduled), ("expired", expired), ("live", live)]:
        listing = client.get(url, {"trang_thai": value})
        assert list(listing.context["cl"].result_list) == [expected]


def test_publish_action_with_no_time_publishes_now_and_with_a_future_time_schedules(client):
    editor = make_user("editor")
    now = timezone.now().replace(microsecond=0)
    plain = ArticleFactory(status="review", published_at=None)
    timed = ArticleFactory(status="review", published_at=now + datetime.timedelta(days=1))
    client.force_login(editor)
    with clock(now):
        client.post(
            reverse("admin:articles_article_changelist"),
            {"action": "publish", "_selected_action": [plain.pk, timed.pk]},
        )
    plain.refresh_from_db()
    timed.refresh_from_db()
    assert (plain.status, plain.published_at) == ("published", now)
    assert (timed.status, timed.published_at) == ("published", now + datetime.timedelta(days=1))
    assert set(Article.objects.published(at=now)) == {plain}
    assert set(Article.objects.scheduled(at=now)) == {timed}
