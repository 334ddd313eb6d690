"""Writes to the people directory that touch several rows."""

from __future__ import annotations

from collections import Counter

from django.db import transaction

from newsroom.text import fold

from .models import Unit, UnitAlias


@transaction.atomic
def load_units(records: list[dict]) -> Counter:
    """Create the units of a gazetteer that are missing; leave existing ones as editors left them.

    Records name their parent by name, so parents are created before children whatever the
    order of the list. Returns counts of "created" and "unchanged".
    """
    counts: Counter = Counter()
    by_key = {record["name"] and fold(record["name"]): record for record in records}
    done: dict[str, Unit] = {}

    def ensure(record: dict, trail: tuple[str, ...] = ()) -> Unit:
        key = fold(record["name"])
        if key in done:
            return done[key]
        if key in trail:
            raise ValueError(f"gazetteer: đơn vị cấp trên lặp vòng tại {record['name']!r}")
        parent = None
        if record.get("parent"):
            parent_record = by_key.get(fold(record["parent"]), {"name": record["parent"]})
            parent = ensure(parent_record, (*trail, key))
        unit = Unit.objects.by_alias(record["name"]).first()
        if unit is None:
            unit = Unit.objects.create(
                name=record["name"],
                kind=record.get("kind", Unit.Kind.OTHER),
                parent=parent,
                province=record.get("province", ""),
            )
            counts["created"] += 1
        else:
            counts["unchanged"] += 1
        for alias in record.get("aliases", []):
            if not Unit.objects.by_alias(alias).exists():
                UnitAlias.objects.create(unit=unit, name=alias)
        done[key] = unit
        return unit

    for record in records:
        ensure(record)
    return counts
