"""The recogniser's cost grows in proportion to the page (issue 12 item 10, issue 14 item 4).

A 2 MiB page took 45 s (the search for a bare unit's explicit twin scanned every span of the
page, the count of provinces scanned a block per name, the event's lead and host scanned the
block per marker). Wall-clock limits flake on a shared CI machine, so this compares the CPU
time of a page eight times larger with the small one's (the best of a few runs each): linear
work gives about 8, quadratic work about 64 (the old code gave 15.5 for four times). The bound
of 16 leaves room for a loaded machine without letting a quadratic step through.
``bench/recognition_benchmark.py`` prints the seconds per size.
"""

from __future__ import annotations

import time

import pytest

from articles.recognition import recognise
from articles.tests.recognition.large_pages import large_page


@pytest.fixture(autouse=True)
def _fast_password_hasher():
    """Pure Python tests: shadow the project's Django-settings fixture (runs with -p no:django)."""
    yield


def _cpu_seconds(inputs: dict) -> float:
    start = time.process_time()
    recognise(**inputs)
    return time.process_time() - start


@pytest.mark.parametrize("one_block", [False, True], ids=["paragraphs", "one-block"])
def test_eight_times_the_page_costs_about_eight_times_the_time(one_block):
    small = large_page(64 * 1024, one_block=one_block)
    big = large_page(512 * 1024, one_block=one_block)
    recognise(lead="Khởi động.")  # load the gazetteers
    t_small = min(_cpu_seconds(small) for _ in range(3))
    t_big = min(_cpu_seconds(big) for _ in range(2))
    assert t_big / t_small < 16, (t_small, t_big)


def test_long_page_finds_its_many_officials_and_units():
    r = recognise(**large_page(256 * 1024))
    names = {o.name for o in r.officials}
    assert {"Huỳnh Việt Hòa", "Lê Hồng Nam", "Lê Quốc Hùng"} <= names
    assert len(r.officials) > 50  # the officials of the varied paragraphs, each distinct
    assert "Công an tỉnh Hậu Giang" in {u.name for u in r.units}
