"""newsroom.links.slug_url: the same address as reverse(), for any slug and script prefix."""

import pytest
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix

from newsroom.links import month_url, slug_url

NAMES = ["articles:detail", "articles:category", "articles:event", "people:official", "people:unit"]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("slug", ["a", "cong-an-tinh-hau-giang", "Mixed_Case-2021"])
def test_slug_url_is_what_reverse_gives(name, slug):
    assert slug_url(name, slug) == reverse(name, kwargs={"slug": slug})


def test_slug_url_follows_the_script_prefix():
    try:
        set_script_prefix("/cong-thong-tin/")
        assert slug_url("articles:detail", "tin-a") == "/cong-thong-tin/tin-tuc/tin-a/"
        assert slug_url("articles:detail", "tin-a") == reverse("articles:detail", args=["tin-a"])
    finally:
        clear_script_prefix()
    assert slug_url("articles:detail", "tin-a") == "/tin-tuc/tin-a/"


@pytest.mark.parametrize("slug", ["", "có dấu", "a/b"])
def test_a_slug_the_url_refuses_raises_as_reverse_does(slug):
    with pytest.raises(NoReverseMatch):
        slug_url("articles:detail", slug)


@pytest.mark.parametrize("name", ["articles:events_month", "articles:archive_month"])
@pytest.mark.parametrize(("year", "month"), [(2021, 11), (2026, 1), (1999, 12)])
def test_month_url_is_what_reverse_gives(name, year, month):
    assert month_url(name, year, month) == reverse(name, args=[year, month])


def test_month_url_refuses_what_reverse_refuses():
    with pytest.raises(NoReverseMatch):
        month_url("articles:events_month", -1, 5)
