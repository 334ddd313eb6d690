"""Conditional GET on the public pages: a 304 while nothing changed, the page as soon as
something did, including a scheduled article going live with no save at that moment."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Caption, OfficialMention
from articles.tests.factories import ArticleFactory, EventFactory
from articles.views.caching import portal_last_modified
from people.tests.factories import OfficialFactory

pytestmark = pytest.mark.django_db


def revalidate(client, url, response):
    """Ask again the way a browser does, with both validators of the first answer."""
    return client.get(
        url,
        headers={
            "If-None-Match": response.headers["ETag"],
            "If-Modified-Since": response.headers["Last-Modified"],
        },
    )


@pytest.fixture
def frozen(monkeypatch):
    """Move the clock: timezone.now() returns what the test sets."""
    moment = {"now": timezone.now()}
    monkeypatch.setattr(timezone, "now", lambda: moment["now"])
    return moment


def test_unchanged_page_answers_304_with_one_query(client, django_assert_num_queries):
    article = ArticleFactory()
    url = article.get_absolute_url()
    first = client.get(url)
    assert first.status_code == 200
    assert first.headers["Cache-Control"] == "no-cache"
    with django_assert_num_queries(1):
        again = revalidate(client, url, first)
    assert again.status_code == 304


def test_scheduled_article_appears_at_its_time_despite_the_reader_cache(client, frozen):
    now = frozen["now"]
    ArticleFactory(title="Tin đã có", published_at=now - datetime.timedelta(days=1))
    scheduled = ArticleFactory(
        title="Tin hẹn giờ đăng", published_at=now + datetime.timedelta(hours=1)
    )
    url = reverse("articles:home")
    first = client.get(url)
    assert "Tin hẹn giờ đăng" not in first.content.decode()
    frozen["now"] = now + datetime.timedelta(minutes=30)
    assert revalidate(client, url, first).status_code == 304
    # Its time comes: nothing was saved, yet the page must change.
    frozen["now"] = now + datetime.timedelta(hours=1, seconds=1)
    after = revalidate(client, url, first)
    assert after.status_code == 200
    assert "Tin hẹn giờ đăng" in after.content.decode()
    assert client.get(scheduled.get_absolute_url()).status_code == 200


def test_expired_article_disappears_at_its_time(client, frozen):
    now = frozen["now"]
    ArticleFactory(title="Thông báo có hạn", expires_at=now + datetime.timedelta(hours=1))
    url = reverse("articles:home")
    first = client.get(url)
    assert "Thông báo có hạn" in first.content.decode()
    frozen["now"] = now + datetime.timedelta(hours=2)
    after = revalidate(client, url, first)
    assert after.status_code == 200
    assert "Thông báo có hạn" not in after.content.decode()


def test_unpublishing_changes_the_page_within_the_same_second(client):
    article = ArticleFactory(title="Tin sẽ bị gỡ")
    url = reverse("articles:home")
    first = client.get(url)
    article.status = Article.Status.DRAFT
    article.save()
    after = revalidate(client, url, first)
    assert after.status_code == 200
    assert "Tin sẽ bị gỡ" not in after.content.decode()


@pytest.mark.parametrize("change", ["caption", "mention", "event_link", "tag"])
def test_edits_to_rows_hanging_off_an_article_refresh_it(client, change):
    article = ArticleFactory()
    official, event = OfficialFactory(), EventFactory()  # saved before the first visit
    url = article.get_absolute_url()
    first = client.get(url)
    if change == "caption":
        Caption.objects.create(article=article, text="Ảnh mới thêm")
    elif change == "mention":
        OfficialMention.objects.create(article=article, official=official)
    elif change == "event_link":
        event.articles.add(article)
    else:
        article.tags.add("an toàn giao thông")
    assert revalidate(client, url, first).status_code == 200


def test_last_modified_never_runs_behind_midnight(frozen):
    moment = portal_last_modified()
    local = timezone.localtime(frozen["now"])
    assert moment >= local.replace(hour=0, minute=0, second=0, microsecond=0)


def test_last_modified_is_the_latest_visible_change(frozen):
    base = datetime.datetime(2030, 1, 10, 3, 0, tzinfo=datetime.UTC)  # 10:00 local
    frozen["now"] = base
    old = base - datetime.timedelta(days=400)
    article = ArticleFactory(published_at=old)
    scheduled = ArticleFactory(published_at=base + datetime.timedelta(hours=2))
    Article.objects.filter(pk__in=[article.pk, scheduled.pk]).update(updated_at=old)
    # Categories made by the factories were saved at `base`; the scheduled article is not
    # visible yet, so `base` is the latest change.
    assert portal_last_modified() == base
    frozen["now"] = base + datetime.timedelta(hours=3)
    assert portal_last_modified() == base + datetime.timedelta(hours=2)


# --- the ETag follows public data only (issue 12) -------------------------------------


def _etag(client):
    return client.get(reverse("articles:home")).headers["ETag"]


@pytest.mark.parametrize(
    "status", [Article.Status.DRAFT, Article.Status.REVIEW, Article.Status.ARCHIVED]
)
def test_saving_hidden_articles_does_not_move_the_etag(client, status):
    article = ArticleFactory(title="Tin đã đăng")
    section = {"category": article.category}
    hidden = ArticleFactory(
        status=status, published_at=timezone.now() - datetime.timedelta(1), **section
    )
    scheduled = ArticleFactory(published_at=timezone.now() + datetime.timedelta(days=1), **section)
    before = _etag(client)
    ArticleFactory(status=Article.Status.DRAFT, published_at=timezone.now(), **section)
    for article in (hidden, scheduled):
        article.title = "Sửa trong tòa soạn"
        article.save()
        Caption.objects.create(article=article, text="Ảnh của bản nháp")
    assert _etag(client) == before


def test_a_draft_imported_with_todays_date_does_not_move_the_etag(client):
    from articles.ingestion.service import Importer
    from articles.tests.ingestion.test_import_command import PAGE

    ArticleFactory(title="Tin đã đăng")
    before = _etag(client)
    today = timezone.localdate().strftime("%d/%m/%Y")
    page = PAGE.replace("14/03/2023", today)
    assert Importer().import_page(data=page.encode(), file_name="x.txt").action == "created"
    assert _etag(client) == before


@pytest.mark.parametrize("how", ["archive", "reschedule", "unpublish_later"])
def test_hiding_a_public_article_moves_the_etag(client, how):
    from articles.services import workflow

    article = ArticleFactory(title="Tin sẽ bị ẩn")
    ArticleFactory(title="Tin khác", category=article.category)
    # Make the hidden article the oldest change, so only its hiding can move the ETag.
    Article.objects.filter(pk=article.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=3)
    )
    before = _etag(client)
    article.refresh_from_db()
    if how == "archive":
        workflow.transition(article, Article.Status.ARCHIVED, None)
    elif how == "reschedule":
        article.published_at = timezone.now() + datetime.timedelta(days=2)
        article.save()
    else:
        article.status = Article.Status.DRAFT
        article.save(update_fields=["status"])
    assert _etag(client) != before
    # and editing it while hidden changes nothing public
    after = _etag(client)
    article.title = "Sửa khi đã ẩn"
    article.save()
    assert _etag(client) == after


def _plain_last_modified(now):
    """The moment from the UNION run as plain SQL, not prepared (the reference)."""
    from articles.views import caching

    sql, params = caching._last_modified_sql("default")
    values = [now if value == caching._NOW_MARKER else value for value in params]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        moments = [moment for _, moment in cursor.fetchall() if moment is not None]
    midnight = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return max([midnight, *moments])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared statement")
def test_the_prepared_last_modified_statement_answers_like_the_plain_query(
    django_assert_num_queries,
):
    from articles.views.caching import _compute_last_modified

    now = timezone.now()
    ArticleFactory(published_at=now - datetime.timedelta(days=2))
    scheduled = now + datetime.timedelta(hours=3)
    ArticleFactory(published_at=scheduled)  # goes live between the moments asked below
    # More than five runs: PostgreSQL switches a prepared statement to its generic plan then.
    for hours in [-30, -1, 0, 1, 2, 4, 5, 8, 26, 50]:
        moment = now + datetime.timedelta(hours=hours)
        with django_assert_num_queries(1):  # the PREPARE, once per connection, is not counted
            prepared = _compute_last_modified(moment)
        assert prepared == _plain_last_modified(moment)
    assert _compute_last_modified(now + datetime.timedelta(hours=4)) >= scheduled
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE name = %s",
            ["newsroom_portal_last_modified"],
        )
        assert cursor.fetchone()[0] == 1
