"""Held-out long and mixed pages (articles/tests/recognition/long_pages/, format in its README).

The expected officials (with rank), units and events are stated in each page's header lines,
written with the page and committed before the rules were tuned for these pages. They are
measured by ``python -m articles.recognition.evaluate`` and held to a floor here, not asserted
one by one.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from articles.recognition.model import EVENT_KINDS

LONG_PAGES = Path(__file__).resolve().parent / "long_pages"
_HEADER = re.compile(r"^#\s*(\w+)\s*:\s*(.*)$")


@pytest.fixture(autouse=True)
def _fast_password_hasher():
    """Pure Python tests: shadow the project's Django-settings fixture (runs with -p no:django)."""
    yield


def _none(value: str) -> str | None:
    value = value.strip()
    return None if value in {"", "-"} else value


def load_long_page(name: str) -> tuple[dict, dict]:
    """(inputs for ``recognise``, expectations) of one long page."""
    meta: dict[str, str] = {}
    expect: dict = {"officials": {}, "units": set(), "events": []}
    title = None
    paragraphs: list[str] = []
    captions: list[str] = []
    for raw in (LONG_PAGES / name).read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            continue
        m = _HEADER.match(line) if title is None else None
        if m:
            key, value = m.group(1), m.group(2).strip()
            if key == "official":
                person, rank = [*value.split("|"), "-"][:2]
                expect["officials"][person.strip()] = _none(rank)
            elif key == "unit":
                expect["units"].add(value)
            elif key == "event":
                date, kinds, lead = (part.strip() for part in value.split("|"))
                expect["events"].append(
                    (dt.date.fromisoformat(date), frozenset(kinds.split("/")), _none(lead))
                )
            else:
                meta[key] = value
        elif title is None:
            title = line
        elif line.startswith("> "):
            captions.append(line[2:])
        else:
            paragraphs.append(line)
    published = meta.get("published")
    inputs = {
        "title": title,
        "lead": paragraphs[0] if paragraphs else None,
        "paragraphs": paragraphs[1:],
        "captions": captions,
        "published_date": dt.date.fromisoformat(published) if published else None,
        "site_province": meta.get("site"),
    }
    return inputs, expect


NAMES = sorted(p.name for p in LONG_PAGES.glob("*.txt"))

# For articles.recognition.evaluate: every long page, held out, in its own group.
CASES = []
for _name in NAMES:
    _inputs, _expect = load_long_page(_name)
    CASES.append(
        {
            "id": _name.removesuffix(".txt"),
            "inputs": (lambda n=_name: load_long_page(n)[0]),
            "officials": set(_expect["officials"]),
            "ranks": dict(_expect["officials"]),
            "units": set(_expect["units"]),
            "events": list(_expect["events"]),
            "held_out": True,
            "group": "long",
        }
    )


def test_ten_long_pages_with_their_expectations():
    assert len(NAMES) >= 10
    for case in CASES:
        assert case["officials"] and case["units"] and case["events"], case["id"]
        for _date, kinds, _lead in case["events"]:
            assert kinds <= set(EVENT_KINDS), case["id"]
