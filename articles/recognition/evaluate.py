"""Precision and recall of the recogniser over every test text: ``python -m
articles.recognition.evaluate [-v] [--all]``.

The cases (inputs and the officials and units a careful reader lists) are those of the tests:
``CASES`` in ``articles/tests/recognition/test_recognition_seeds.py`` (the five seed pages)
and ``articles/tests/recognition/test_recognition_pages.py`` (pages written for the tests).
The texts the rules were tuned on and the held-out pages (``h*.txt``, a case with
``"held_out": True``, written after the rules and never tuned for) are scored apart: the
held-out figures are the ones that say how the rules meet new pages. Officials are
compared by ``newsroom.text.name_key``, units by canonical name (compared with ``name_key``, so
only capitalisation and tone-mark placement may differ). With ``-v``, each case's misses and
extras are printed.

The long held-out pages (``articles/tests/recognition/long_pages/``, case module
``test_recognition_long_pages``) are a group of their own and also state their events (date,
kind, lead) and the officials' ranks: events are scored by date alone and by date, kind and lead
together, ranks as the share right among the officials found. ``--all`` prints the parser's
field-by-field scores on its held-out pages first, so that one command gives every figure.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from newsroom.text import name_key

from . import recognise

CASE_MODULES = (
    "articles.tests.recognition.test_recognition_seeds",
    "articles.tests.recognition.test_recognition_pages",
    "articles.tests.recognition.test_recognition_long_pages",
)


@dataclass
class Score:
    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0
    misses: list[tuple[str, str]] = field(default_factory=list)
    extras: list[tuple[str, str]] = field(default_factory=list)

    def add(self, case: str, expected: Iterable[str], found: Iterable[str]) -> None:
        exp = {name_key(x): x for x in expected}
        got = {name_key(x): x for x in found}
        self.true_positive += len(exp.keys() & got.keys())
        self.false_negative += len(exp.keys() - got.keys())
        self.false_positive += len(got.keys() - exp.keys())
        self.misses += [(case, exp[k]) for k in sorted(exp.keys() - got.keys())]
        self.extras += [(case, got[k]) for k in sorted(got.keys() - exp.keys())]

    @property
    def precision(self) -> float:
        found = self.true_positive + self.false_positive
        return self.true_positive / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positive + self.false_negative
        return self.true_positive / expected if expected else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def load_cases() -> list[dict]:
    cases: list[dict] = []
    for module in CASE_MODULES:
        cases.extend(importlib.import_module(module).CASES)
    return cases


def evaluate(cases: list[dict]) -> tuple[Score, Score, float]:
    officials, units = Score(), Score()
    elapsed = 0.0
    for case in cases:
        inputs = case["inputs"]()
        start = time.perf_counter()
        result = recognise(**inputs)
        elapsed += time.perf_counter() - start
        officials.add(case["id"], case["officials"], [o.name for o in result.officials])
        units.add(case["id"], case["units"], [u.name for u in result.units])
    return officials, units, elapsed / max(1, len(cases))


def _event_key(event: tuple, found_kind: str | None = None) -> str:
    date, kinds, lead = event
    kind = found_kind if found_kind in kinds else min(kinds)
    return f"{date.isoformat()} {kind} {lead or '-'}"


def evaluate_events(cases: list[dict]) -> tuple[Score, Score, tuple[int, int]]:
    """Events scored two ways over the cases that state them: by date alone, and by date, kind
    and lead together; and the ranks right among the officials found (right, compared)."""
    dates, events = Score(), Score()
    ranks_right = ranks_compared = 0
    for case in cases:
        if "events" not in case:
            continue
        result = recognise(**case["inputs"]())
        expected = case["events"]
        dates.add(
            case["id"],
            {e[0].isoformat() for e in expected},
            {e.date.isoformat() for e in result.events if e.date},
        )
        kinds_by_date = {e.date: e.kind for e in result.events}
        events.add(
            case["id"],
            [_event_key(e, kinds_by_date.get(e[0])) for e in expected],
            [
                f"{e.date.isoformat() if e.date else '-'} {e.kind} {e.lead or '-'}"
                for e in result.events
            ],
        )
        for name, rank in case.get("ranks", {}).items():
            official = result.official(name)
            if official is not None:
                ranks_compared += 1
                ranks_right += official.rank == rank
    return dates, events, (ranks_right, ranks_compared)


def _print_scores(rows: Iterable[tuple[str, Score]]) -> None:
    print(f"{'':16} {'precision':>9} {'recall':>7} {'F1':>6}   tp  fp  fn")
    for label, s in rows:
        print(
            f"{label:16} {s.precision:9.3f} {s.recall:7.3f} {s.f1:6.3f}"
            f"  {s.true_positive:3d} {s.false_positive:3d} {s.false_negative:3d}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="list misses and extras")
    parser.add_argument(
        "--all",
        action="store_true",
        help="first the parser's field-by-field scores (python -m articles.ingestion.evaluate)",
    )
    args = parser.parse_args(argv)
    if args.all:
        from articles.ingestion import evaluate as parser_evaluation

        print("Parser, held-out pages (python -m articles.ingestion.evaluate):")
        print(parser_evaluation.format_report(parser_evaluation.evaluate()))
        print()
        print("Recognition (officials, units, events):")
    cases = load_cases()
    recognise(title=None, lead="Khởi động.", paragraphs=[])  # load the gazetteers first
    tuned = [c for c in cases if not c.get("held_out")]
    held_out = [c for c in cases if c.get("held_out") and c.get("group") != "long"]
    long_pages = [c for c in cases if c.get("group") == "long"]
    groups = (
        ("tuned on", tuned),
        ("held out", held_out),
        ("held out, long pages", long_pages),
        ("all", cases),
    )
    for heading, group in groups:
        officials, units, per_article = evaluate(group)
        print(f"{heading}: {len(group)} test texts, {per_article * 1000:.2f} ms per article")
        rows = [("officials", officials), ("units", units)]
        dates, events, (right, compared) = evaluate_events(group)
        if compared or dates.true_positive + dates.false_negative:
            rows += [("event dates", dates), ("events (all)", events)]
        _print_scores(rows)
        if compared:
            print(
                f"{'ranks':16} {right / compared:9.3f} right of the officials found"
                f" ({right}/{compared})"
            )
        if args.verbose and group is not cases:
            for label, s in rows:
                for case, name in s.misses:
                    print(f"  missed {label:12} {case}: {name}")
                for case, name in s.extras:
                    print(f"  extra  {label:12} {case}: {name}")
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
