"""Visitor statistics: counted in the cache, flushed to the database at most once a minute."""

import datetime
import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.tests.factories import ArticleFactory
from newsroom import visitors
from newsroom.models import VisitorCount
from newsroom.readers import Reader

pytestmark = pytest.mark.django_db

# A fixed moment, 10:00:00 local time on 15 March 2024, at the start of an online window.
NOON = datetime.datetime(2024, 3, 15, 10, 0, tzinfo=timezone.get_fixed_timezone(7 * 60))
T0 = (NOON.timestamp() // visitors.ONLINE_WINDOW) * visitors.ONLINE_WINDOW


def reader(name: str, *, new_session: bool = True) -> Reader:
    return Reader(
        id=f"reader-{name}-xxxxxxxxxx", session=f"session-{name}-xxxxxxxx", new_session=new_session
    )


def test_the_block_is_on_every_page(client):
    ArticleFactory()
    content = client.get(reverse("articles:home")).content.decode()
    for label in ("Đang truy cập", "Hôm nay", "Tháng này", "Tổng lượt truy cập"):
        assert label in content


def test_one_reader_is_one_visit_and_two_readers_are_two(client):
    article = ArticleFactory()
    for _ in range(3):
        client.get(reverse("articles:home"))
        client.get(article.get_absolute_url())
    assert visitors.stats()["today"] == 1
    assert visitors.stats()["online"] == 1
    Client().get(reverse("articles:home"))
    stats = visitors.stats()
    assert (stats["online"], stats["today"], stats["month"], stats["total"]) == (2, 2, 2, 2)
    assert "Hôm nay: <strong>2</strong>" in client.get(reverse("articles:home")).content.decode()


def test_robots_feeds_and_errors_are_not_visits(client):
    client.get(
        reverse("articles:home"), headers={"User-Agent": "Mozilla/5.0 (compatible; bingbot/2.0)"}
    )
    Client().get(reverse("articles:rss"))
    Client().get("/khong-co-trang-nay/")
    Client().get("/quan-tri/")
    assert visitors.stats()["today"] == 0


def test_counting_a_page_view_touches_no_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        for name in "abc":
            visitors.record(reader(name), now=T0 + 1)
        visitors.record(reader("a", new_session=False), now=T0 + 30)  # within the minute
    assert visitors.stats(now=T0 + 31)["today"] == 3


def test_pending_visits_are_flushed_once_a_minute_without_double_counting(
    django_assert_num_queries,
):
    visitors.record(reader("a"), now=T0 + 1)  # a fresh cache starts the clock
    visitors.record(reader("b"), now=T0 + 20)
    assert not VisitorCount.objects.exists()
    assert visitors.stats(now=T0 + 21)["total"] == 2
    visitors.record(reader("c"), now=T0 + 62)  # a minute later: this request flushes
    row = VisitorCount.objects.get()
    assert (row.day, row.visits) == (datetime.date(2024, 3, 15), 3)
    stats = visitors.stats(now=T0 + 63)
    assert (stats["today"], stats["month"], stats["total"]) == (3, 3, 3)
    with django_assert_num_queries(0):
        visitors.record(reader("d"), now=T0 + 90)  # flushed 28 s ago: no database
    assert visitors.stats(now=T0 + 91)["total"] == 4


def response_sent() -> None:
    """request_finished, as the WSGI server's close() sends it; without Django's own receiver
    that closes the connection (the test client leaves it out too: the test's transaction)."""
    from django.core.signals import request_finished
    from django.db import close_old_connections

    request_finished.disconnect(close_old_connections)
    try:
        request_finished.send(sender=None)
    finally:
        request_finished.connect(close_old_connections)


def test_a_due_flush_in_a_request_waits_until_the_response_is_sent():
    visitors.maybe_flush(now=T0)  # a fresh cache starts the clock
    visitors.record(reader("a"), now=T0 + 1, in_request=True)
    visitors.record(reader("b"), now=T0 + 62, in_request=True)  # due: not in the request
    assert not VisitorCount.objects.exists()
    response_sent()  # the server has written the response
    assert VisitorCount.objects.get().visits == 2
    response_sent()  # nothing left to do
    assert VisitorCount.objects.get().visits == 2


def test_a_page_view_on_the_minute_does_not_flush_in_its_request(client):
    from django.core.signals import request_finished

    ArticleFactory()
    client.get(reverse("articles:home"))  # starts the clock
    cache.set(visitors.FLUSHED_AT, 0, timeout=None)  # long ago: the next view finds it due
    uid = "visitors-flush-after-response"
    request_finished.disconnect(dispatch_uid=uid)  # only what the request itself does
    try:
        assert Client().get(reverse("articles:home")).status_code == 200
        assert not VisitorCount.objects.exists()
    finally:
        request_finished.connect(visitors._flush_if_due, dispatch_uid=uid)
    response_sent()
    assert VisitorCount.objects.get().visits == 2


def test_totals_come_back_from_the_database_after_the_cache_is_lost():
    VisitorCount.objects.create(day=datetime.date(2024, 3, 1), visits=100)
    VisitorCount.objects.create(day=datetime.date(2024, 2, 10), visits=50)
    visitors.record(reader("a"), now=T0)
    visitors.flush(now=T0 + 1)
    assert visitors.stats(now=T0 + 2) == {"online": 1, "today": 1, "month": 101, "total": 151}
    cache.clear()
    out = io.StringIO()
    call_command("flush_visitor_stats", stdout=out)
    assert "tổng 151" in out.getvalue()
    assert visitors.stats()["total"] == 151


def test_a_new_day_starts_today_at_zero_and_keeps_the_month():
    visitors.record(reader("a"), now=T0)
    visitors.flush(now=T0 + 1)
    tomorrow = T0 + 24 * 3600
    visitors.record(reader("b"), now=tomorrow)
    stats = visitors.stats(now=tomorrow + 1)
    assert (stats["today"], stats["month"], stats["total"]) == (1, 2, 2)


def test_online_now_is_a_sliding_five_minute_estimate():
    for name in "abcd":
        visitors.record(reader(name, new_session=False), now=T0 + 10)
    visitors.record(reader("a", new_session=False), now=T0 + 20)  # same session, same window
    assert visitors.online(now=T0 + 30) == 4
    next_window = T0 + visitors.ONLINE_WINDOW
    visitors.record(reader("e", new_session=False), now=next_window + 1)
    # Just after the window turned, the previous window still counts almost fully…
    assert visitors.online(now=next_window + 1) == 1 + 4
    # …and not at all once it is entirely more than five minutes old.
    assert visitors.online(now=next_window + visitors.ONLINE_WINDOW - 1) == 1
    assert visitors.online(now=next_window + 3 * visitors.ONLINE_WINDOW) == 0
