"""Addresses of the pages named by a slug (an article, a category, an official…) or by a
year and a month (the events and the archive of a month).

A list page links to dozens of them, and Django's `reverse()` matches the pattern again
for each link (about 0.1 ms each: a tenth of the home page's time). Here the address is
reversed once per URL name with placeholders, then the values go in their place. A value
that the path converter would refuse goes through `reverse()`, which raises as before.
"""

from __future__ import annotations

import re
from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

_SLUG = re.compile(r"[-a-zA-Z0-9_]+")  # django.urls.converters.SlugConverter
_PLACEHOLDER = "slug-placeholder"


@lru_cache(maxsize=128)
def _around_slug(viewname: str, prefix: str, urlconf: str) -> tuple[str, str]:
    # `prefix` is in the key only: reverse() reads the same script prefix itself.
    address = reverse(viewname, urlconf=urlconf, kwargs={"slug": _PLACEHOLDER})
    before, _, after = address.partition(_PLACEHOLDER)
    return before, after


def slug_url(viewname: str, slug: str) -> str:
    """reverse(viewname, kwargs={"slug": slug}), for a URL whose only argument is `slug`."""
    if not _SLUG.fullmatch(slug or ""):
        return reverse(viewname, kwargs={"slug": slug})
    before, after = _around_slug(
        viewname, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF
    )
    return before + slug + after


_YEAR, _MONTH = 918273645, 918273646  # placeholders the `int` converter accepts


@lru_cache(maxsize=32)
def _around_month(viewname: str, prefix: str, urlconf: str) -> tuple[str, str, str]:
    address = reverse(viewname, urlconf=urlconf, args=[_YEAR, _MONTH])
    before, _, rest = address.partition(str(_YEAR))
    middle, _, after = rest.partition(str(_MONTH))
    return before, middle, after


def month_url(viewname: str, year: int, month: int) -> str:
    """reverse(viewname, args=[year, month]), for a URL whose arguments are those two ints."""
    if not (isinstance(year, int) and isinstance(month, int) and year >= 0 and month >= 0):
        return reverse(viewname, args=[year, month])
    before, middle, after = _around_month(
        viewname, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF
    )
    return f"{before}{year}{middle}{month}{after}"
