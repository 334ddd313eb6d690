"""Field-by-field scores of the parser on the held-out pages (pure Python, no Django).

    python -m articles.ingestion.evaluate              # scores per page, per field, overall
    python -m articles.ingestion.evaluate --details    # also what was read where it is wrong

The pages live in ``articles/tests/ingestion/heldout/``: one page and, beside it, a JSON file
with the expected parse, written before the parser was tuned for them (see the README there).
Each expected field scores one point:

- ``title``, ``published_date``, ``published_time``, ``view_count``, ``byline``, ``source``:
  equal to the ``parse_source`` contract's value (``null`` expects nothing to be read);
- ``lead_starts``: the lead starts with it; ``paragraph_count``: the number of paragraphs after
  the lead; ``last_paragraph_ends``: the last paragraph ends with it;
- ``captions``: the list of ``[text, credit]``; ``related``: the list of ``[title, date]``.

A page the parser refuses scores zero on every field. Pages marked ``"subset": "untouched"``
are never looked at in detail while tuning (``--details`` leaves them out unless
``--untouched`` is given) and are scored separately, so that they keep measuring.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .decode import IngestionError
from .parser import ParsedPage, parse_bytes

HELDOUT = Path(__file__).resolve().parents[1] / "tests" / "ingestion" / "heldout"

FIELDS = (
    "title",
    "published_date",
    "published_time",
    "view_count",
    "byline",
    "source",
    "lead_starts",
    "paragraph_count",
    "last_paragraph_ends",
    "captions",
    "related",
)


@dataclass
class PageScore:
    name: str
    subset: str
    layout: str
    results: dict[str, bool] = field(default_factory=dict)
    got: dict[str, Any] = field(default_factory=dict)
    expected: dict[str, Any] = field(default_factory=dict)
    error: str | None = None

    @property
    def right(self) -> int:
        return sum(self.results.values())

    @property
    def total(self) -> int:
        return len(self.results)


@dataclass
class Report:
    pages: list[PageScore]

    def score(self, subset: str | None = None) -> float:
        pages = [p for p in self.pages if subset is None or p.subset == subset]
        total = sum(p.total for p in pages)
        return sum(p.right for p in pages) / total if total else 0.0

    def field_score(self, name: str) -> tuple[int, int]:
        marks = [p.results[name] for p in self.pages if name in p.results]
        return sum(marks), len(marks)


def read_field(page: ParsedPage, name: str) -> Any:
    """The value the expectation ``name`` is compared with."""
    contract = page.to_contract_dict()
    if name == "lead_starts":
        return page.lead
    if name == "paragraph_count":
        return len(page.paragraphs)
    if name == "last_paragraph_ends":
        return page.paragraphs[-1] if page.paragraphs else None
    if name == "captions":
        return [[c["text"], c["credit"]] for c in contract["captions"]]
    if name == "related":
        return [[r["title"], r["date"]] for r in contract["related_headlines"]]
    return contract[name]


def field_right(name: str, got: Any, expected: Any) -> bool:
    if name == "lead_starts":
        return isinstance(got, str) and got.startswith(expected)
    if name == "last_paragraph_ends":
        return isinstance(got, str) and got.endswith(expected)
    return got == expected


def score_page(spec_path: Path) -> PageScore:
    spec = json.loads(spec_path.read_text(encoding="utf-8"))
    name = spec["file"]
    expected = spec["expected"]
    unknown = set(expected) - set(FIELDS)
    if unknown:
        raise ValueError(f"{spec_path.name}: unknown fields {sorted(unknown)}")
    result = PageScore(name, spec.get("subset", "tuning"), spec.get("layout", ""))
    result.expected = expected
    try:
        page = parse_bytes((spec_path.parent / name).read_bytes(), filename=name)
    except IngestionError as err:
        result.error = str(err)
        result.results = {key: False for key in expected}
        return result
    for key, value in expected.items():
        got = read_field(page, key)
        result.got[key] = got
        result.results[key] = field_right(key, got, value)
    return result


def evaluate(folder: Path = HELDOUT) -> Report:
    return Report([score_page(p) for p in sorted(folder.glob("*.json"))])


def _short(value: Any, width: int = 90) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= width else text[: width - 1] + "…"


def format_report(report: Report, *, details: bool = False, untouched: bool = False) -> str:
    out: list[str] = []
    out.append(f"Held-out parser evaluation: {len(report.pages)} pages in {HELDOUT.name}/")
    out.append("")
    for subset in ("tuning", "untouched"):
        pages = [p for p in report.pages if p.subset == subset]
        if not pages:
            continue
        out.append(f"== {subset} ({len(pages)} pages) ==")
        for p in pages:
            wrong = [k for k, ok in p.results.items() if not ok]
            marks = "all right" if not wrong else "wrong: " + ", ".join(wrong)
            if p.error:
                marks = "REFUSED: " + p.error
            out.append(f"{p.right:2d}/{p.total:<2d} {p.name:<40} {marks}")
            if details and wrong and not p.error and (subset != "untouched" or untouched):
                for key in wrong:
                    out.append(f"        {key}: got      {_short(p.got.get(key))}")
                    out.append(f"        {' ' * len(key)}  expected {_short(p.expected[key])}")
        right = sum(p.right for p in pages)
        total = sum(p.total for p in pages)
        out.append(f"   {subset}: {right}/{total} fields = {report.score(subset):.1%}")
        out.append("")
    out.append("== per field (all pages) ==")
    for name in FIELDS:
        right, total = report.field_score(name)
        if total:
            out.append(f"   {name:<20} {right:3d}/{total:<3d} {right / total:6.1%}")
    out.append("")
    right = sum(p.right for p in report.pages)
    total = sum(p.total for p in report.pages)
    out.append(
        f"OVERALL {right}/{total} = {report.score():.1%}   "
        f"(tuning {report.score('tuning'):.1%}, untouched {report.score('untouched'):.1%})"
    )
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--details", action="store_true", help="show wrong values")
    parser.add_argument(
        "--untouched", action="store_true", help="with --details, also for the untouched pages"
    )
    args = parser.parse_args(argv)
    report = evaluate()
    sys.stdout.write(format_report(report, details=args.details, untouched=args.untouched))
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
