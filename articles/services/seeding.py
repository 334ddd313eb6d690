"""Reference data the portal starts from: categories, sources and the units gazetteer."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.db import transaction

from articles.models import Category, Source
from people.services import load_units

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"
SOURCES_DIR = FIXTURES_DIR / "sources"
MANIFEST_PATH = FIXTURES_DIR / "seed_manifest.json"


def read_json(path: Path):
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


@transaction.atomic
def load_categories(records: list[dict]) -> Counter:
    counts: Counter = Counter()
    for record in records:
        _, created = Category.objects.get_or_create(
            slug=record["slug"],
            defaults={"name": record["name"], "order": record.get("order", 0)},
        )
        counts["created" if created else "unchanged"] += 1
    return counts


@transaction.atomic
def load_sources(records: list[dict]) -> Counter:
    counts: Counter = Counter()
    for record in records:
        _, created = Source.objects.get_or_create(
            name=record["name"],
            defaults={
                "short_name": record.get("short_name", ""),
                "url": record.get("url", ""),
                "aliases": record.get("aliases", []),
            },
        )
        counts["created" if created else "unchanged"] += 1
    return counts


def load_reference_data(fixtures_dir: Path = FIXTURES_DIR) -> dict[str, Counter]:
    """Load categories, sources and units; existing rows are left as editors left them."""
    return {
        "chuyên mục": load_categories(read_json(fixtures_dir / "categories.json")),
        "nguồn tin": load_sources(read_json(fixtures_dir / "sources.json")),
        "đơn vị": load_units(read_json(fixtures_dir / "units.json")),
    }


def seed_manifest(path: Path = MANIFEST_PATH) -> dict[str, dict]:
    return {name: entry for name, entry in read_json(path).items() if not name.startswith("_")}
