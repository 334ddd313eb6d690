"""Fuzzing the public portal: thousands of hostile requests, not one server error.

Every public URL pattern of the URLconf (read from the resolver, so a new page is fuzzed as
soon as it is routed) is filled with hostile path parts: huge and negative numbers, unicode,
percent-encoding, NUL and control characters, overlong segments. Each request carries a random
mix of the query parameters the public views read (the search filter's fields and `page`),
with hostile or valid values, under every method (a POST carries the readers' form fields,
valid or hostile) and sometimes a hostile Host header.

The generator is seeded: the same requests run in CI every time (FUZZ_SEED explores others,
FUZZ_REQUESTS changes how many). Runs on whichever database the suite runs on.
"""

from __future__ import annotations

import os
import random
import re
from dataclasses import dataclass, field
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

from articles.filters import ArticleSearchFilter
from articles.sitemaps import SITEMAPS
from articles.tests.portal_data import build_portal
from articles.tests.workflow_helpers import make_user

pytestmark = pytest.mark.django_db

SEED = int(os.environ.get("FUZZ_SEED", "20261128"))
REQUESTS = int(os.environ.get("FUZZ_REQUESTS", "2000"))
DEBUG_REQUESTS = int(os.environ.get("FUZZ_DEBUG_REQUESTS", "250"))

# Addresses that are not the public portal.
PRIVATE_PREFIXES = ("quan-tri/", "media/")
METHODS = ["GET", "GET", "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"]

HOSTILE_NUMBERS = [
    "0",
    "-1",
    "00",
    "13",
    "32",
    "2147483648",
    "-2147483649",
    "9223372036854775808",
    "9" * 20,
    "9" * 400,
    "1e9",
    "0x1f",
    "١٢",  # Arabic-Indic digits: \d matches them, int() accepts them
    "２０２１",  # fullwidth digits
]
HOSTILE_TEXT = [
    "",
    " ",
    "%00",
    "\x00",
    "a\x00b",
    "%0d%0aSet-Cookie:%20x=1",
    "\r\n",
    "\x1b[31m",
    "%ff%fe",
    "%c3%28",
    "%",
    "%%",
    "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "../../etc/passwd",
    "đồng-văn-thanh",
    "Công an tỉnh Hậu Giang",
    "Hoà",
    "Hòa",
    "\u202egnp.exe",
    "😀" * 50,
    "%ed%a0%80",  # a UTF-16 surrogate, invalid in UTF-8
    "<script>alert(1)</script>",
    "\"'><img src=x onerror=alert(1)>",
    "' OR 1=1 --",
    "%27%20OR%201%3D1%20--",
    "{{ settings.SECRET_KEY }}",
    "null",
    "[]",
    "a" * 3000,
    "đ" * 2000,
    "-" * 500,
    "__proto__",
]
HOSTILE_DATES = [
    "9999-12-31",
    "0001-01-01",
    "31/12/9999",
    "01/01/0001",
    "2021-02-30",
    "99999-01-01",
    "2021-1-1",
    "-2021-01-01",
    "2021-13-01",
    "01/11/2021",
    "2021-11-01",
]
HOSTILE_HOSTS = [
    "evil.example",
    "localhost:-1",
    "localhost:abc",
    "[::1",
    "::1]",
    "a" * 300,
    "xn--c-kta.vn",
    "công-an.vn",
    "localhost\r\nX-Injected: 1",
    "localhost/tin-tuc/",
    "localhost@evil.example",
    "user:pass@localhost",
    ".",
    "..",
    "-localhost",
    "localhost..",
    "%00",
    "localhost\x00",
    "127.0.0.1:8000:80",
]
# Hosts the site serves (Django accepts any port number, even one past 65535).
GOOD_HOSTS = ["testserver", "localhost", "127.0.0.1", "localhost:8000", "[::1]", "localhost:99999"]


def public_routes() -> list[tuple[str, str]]:
    """(name, route with <converter:name> parts) for every public path() in the URLconf."""
    found: list[tuple[str, str]] = []

    def walk(patterns, prefix: str, namespace: str) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if not isinstance(entry.pattern, RoutePattern):
                    continue
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry.url_patterns, prefix + str(entry.pattern), inner)
            elif isinstance(entry, URLPattern) and isinstance(entry.pattern, RoutePattern):
                route = prefix + str(entry.pattern)
                if not route.startswith(PRIVATE_PREFIXES):
                    found.append((f"{namespace}{entry.name}", route))

    walk(get_resolver().url_patterns, "", "")
    return found


def query_parameters() -> list[str]:
    """Every query parameter a public view reads: the search filter's fields, `page`."""
    return [*ArticleSearchFilter.base_filters, "page"]


@dataclass
class Fuzzer:
    """Builds random requests from the routes and the portal's real slugs."""

    rng: random.Random
    slugs: list[str]
    routes: list[tuple[str, str]]
    params: list[str]
    hit: set[str] = field(default_factory=set)

    def segment(self, converter: str) -> str:
        roll = self.rng.random()
        if converter == "int":
            if roll < 0.4:
                return str(self.rng.choice([2021, 11, 1, 2020, 12, 31, 7, 5]))
            pool = HOSTILE_NUMBERS if roll < 0.85 else HOSTILE_TEXT
            return quote(self.rng.choice(pool), safe="%")
        if roll < 0.45:
            return self.rng.choice(self.slugs)
        if roll < 0.6:
            return self.rng.choice(self.slugs) + self.rng.choice(["-", "--", "_", "ĐĐ", "%20"])
        return quote(self.rng.choice(HOSTILE_TEXT + HOSTILE_NUMBERS), safe="%")

    def path(self) -> str:
        name, route = self.rng.choice(self.routes)
        self.hit.add(name)
        path = "/" + re.sub(
            r"<(?:(\w+):)?\w+>", lambda match: self.segment(match.group(1) or "str"), route
        )
        if self.rng.random() < 0.05:
            path += self.rng.choice(["", "/", "//", "index.php", "%2F..", ";x=1", "?"])
        return path

    def value(self, name: str) -> str:
        roll = self.rng.random()
        if roll < 0.25:
            return self.rng.choice(self.slugs)
        if roll < 0.45 and name in ("tu_ngay", "den_ngay"):
            return self.rng.choice(HOSTILE_DATES)
        if roll < 0.6:
            return self.rng.choice(HOSTILE_NUMBERS)
        return self.rng.choice(HOSTILE_TEXT)

    def query(self) -> str:
        parts = []
        for _ in range(self.rng.choice([0, 1, 1, 2, 3, 5])):
            name = self.rng.choice(self.params)
            if self.rng.random() < 0.03:
                name = self.rng.choice(HOSTILE_TEXT)  # a parameter no view reads
            for _ in range(self.rng.choice([1, 1, 1, 2])):  # sometimes repeated
                parts.append(f"{quote(name, safe='%')}={quote(self.value(name), safe='%')}")
        if parts and self.rng.random() < 0.05:
            parts.append(self.rng.choice(["&", "=", "&&==", "%", "q", "page[]=1"]))
        return "&".join(parts)

    def form(self) -> dict:
        """A POST body for the readers' forms (rating, error report), valid or hostile."""
        fields = ["diem", "noi_dung", "ten", "email", "website", "q"]
        valid = {"diem": "5", "noi_dung": "Sai chính tả ở đoạn hai.", "email": "a@b.vn"}
        return {
            name: self.value(name) if self.rng.random() < 0.5 else valid.get(name, "")
            for name in fields
            if self.rng.random() < 0.8
        }

    def request(self) -> dict:
        method = self.rng.choice(METHODS)
        path = self.path()
        query = self.query()
        host = None
        if self.rng.random() < 0.08:
            host = self.rng.choice(HOSTILE_HOSTS + GOOD_HOSTS)
        form = self.form() if method == "POST" else {}
        return {
            "method": method,
            "path": path + ("?" + query if query else ""),
            "host": host,
            "form": form,
        }


def send(client: Client, request: dict):
    extra = {"HTTP_HOST": request["host"]} if request["host"] is not None else {}
    method, path = request["method"], request["path"]
    if method == "POST":
        return client.post(path, request["form"], **extra)
    if method in ("PUT", "PATCH", "DELETE"):
        return client.generic(
            method, path, b"diem=5", content_type="application/x-www-form-urlencoded", **extra
        )
    return client.generic(method, path, **extra)


def fuzz(count: int, seed: int) -> tuple[list[str], Fuzzer, dict[int, int]]:
    portal = build_portal(3)
    slugs = [
        *(a.slug for a in portal.articles + portal.hidden),
        portal.root.slug,
        portal.child.slug,
        portal.province.slug,
        portal.director.slug,
        portal.event.slug,
        portal.draft_only_official.slug,
        *SITEMAPS,
        "phong-chong-dich",
        "ngo-van-that",
    ]
    fuzzer = Fuzzer(random.Random(seed), slugs, public_routes(), query_parameters())
    # Anonymous readers mostly, an editor sometimes (previews, drafts on their own pages).
    reader = Client(raise_request_exception=True)
    editor = Client(raise_request_exception=True)
    editor.force_login(make_user("editor"))
    failures: list[str] = []
    statuses: dict[int, int] = {}
    for _ in range(count):
        request = fuzzer.request()
        client = editor if fuzzer.rng.random() < 0.1 else reader
        try:
            response = send(client, request)
        except Exception as err:  # the test client re-raises what the view raised
            failures.append(f"{request}: {type(err).__name__}: {err}"[:500])
            continue
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        if response.status_code >= 500:
            failures.append(f"{request}: {response.status_code}")
        elif request["host"] in HOSTILE_HOSTS and response.status_code != 400:
            failures.append(f"{request}: bad host answered {response.status_code}, not 400")
    return failures, fuzzer, statuses


def test_the_fuzzer_reaches_every_public_pattern_and_parameter():
    names = {name for name, _ in public_routes()}
    assert {"articles:home", "articles:search", "people:official", "sitemap"} <= names
    assert not any(name.startswith("admin:") for name in names)
    assert {"q", "page", "tu_ngay", "den_ngay", "can_bo", "don_vi", "su_kien", "tu_khoa"} <= set(
        query_parameters()
    )


def test_hostile_requests_never_cause_a_server_error(settings):
    settings.DEBUG = False
    failures, fuzzer, statuses = fuzz(REQUESTS, SEED)
    assert failures == [], f"{len(failures)} failures, e.g.:\n" + "\n".join(failures[:15])
    assert sum(statuses.values()) == REQUESTS
    assert fuzzer.hit == {name for name, _ in fuzzer.routes}  # every pattern was fuzzed
    assert statuses.get(200, 0) > REQUESTS // 20  # real pages, not only refusals


def test_hostile_requests_with_debug_on_never_cause_a_server_error(settings):
    settings.DEBUG = True
    failures, _, _ = fuzz(DEBUG_REQUESTS, SEED + 1)
    assert failures == [], f"{len(failures)} failures, e.g.:\n" + "\n".join(failures[:15])
