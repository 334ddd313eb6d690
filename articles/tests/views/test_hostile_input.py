"""Hostile addresses and query strings: a 404, a 400 or a page, never a server error."""

import itertools

import pytest
from django.urls import reverse

from articles.tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

HUGE_NUMBERS = ["0", "00", "13", "32", "2147483648", "9223372036854775808", "9" * 20, "9" * 400]
HOSTILE_DATES = [
    "9999-12-31",
    "0001-01-01",
    "31/12/9999",
    "01/01/0001",
    "2021-02-30",
    "99999-01-01",
    "2021-1-1",
    "<script>",
    "\x00",
]


def _archive_paths():
    for year in ["2021", "1899", "3000", *HUGE_NUMBERS]:
        yield f"/luu-tru/{year}/"
        for month in ["11", *HUGE_NUMBERS]:
            yield f"/luu-tru/{year}/{month}/"
        for month, day in itertools.product(["11", "2"], HUGE_NUMBERS):
            yield f"/luu-tru/{year}/{month}/{day}/"
        for month in ["1", *HUGE_NUMBERS]:
            yield f"/su-kien/{year}/{month}/"


def _search_queries():
    for name, value in itertools.product(["tu_ngay", "den_ngay"], HOSTILE_DATES):
        yield {name: value}
    for start, end in itertools.product(HOSTILE_DATES[:4], HOSTILE_DATES[:4]):
        yield {"tu_ngay": start, "den_ngay": end, "q": "công an"}


def test_archive_and_event_months_never_fail(client):
    ArticleFactory()
    for path in _archive_paths():
        response = client.get(path)
        assert response.status_code in (200, 404), (path, response.status_code)


@pytest.mark.parametrize(
    "path", ["/luu-tru/2021/99999999999999999999/", "/luu-tru/2021/11/2147483648/"]
)
def test_archive_overflowing_numbers_are_not_found(client, path):
    assert client.get(path).status_code == 404


def test_search_dates_past_the_calendar_never_fail(client):
    ArticleFactory(title="Công an tỉnh")
    for query in _search_queries():
        response = client.get(reverse("articles:search"), query)
        assert response.status_code in (200, 400), (query, response.status_code)


@pytest.mark.parametrize("query", [{"den_ngay": "9999-12-31"}, {"tu_ngay": "0001-01-01"}])
def test_search_calendar_edges_are_valid_searches(client, query):
    article = ArticleFactory(title="Tin trong lịch")
    response = client.get(reverse("articles:search"), query)
    assert response.status_code == 200
    assert article.title in response.content.decode()
