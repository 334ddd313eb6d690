"""Writes to the people directory that touch several rows."""

from __future__ import annotations

from collections import Counter

from django.db import transaction

from newsroom.text import fold, name_key

from .models import Official, OfficialAlias, Position, Unit, UnitAlias
from .signals import officials_merged, positions_merged, units_merged


@transaction.atomic
def load_units(records: list[dict]) -> Counter:
    """Create the units of a gazetteer that are missing; leave existing ones as editors left them.

    Records name their parent by name, so parents are created before children whatever the
    order of the list. Returns counts of "created" and "unchanged".
    """
    counts: Counter = Counter()
    by_key = {fold(record["name"]): record for record in records}
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


def _merge_seen(target: Position, source: Position) -> None:
    dates = [d for d in (target.first_seen, source.first_seen) if d]
    target.first_seen = min(dates) if dates else None
    dates = [d for d in (target.last_seen, source.last_seen) if d]
    target.last_seen = max(dates) if dates else None
    if source.last_seen and (not target.rank or source.last_seen == target.last_seen):
        target.rank = source.rank or target.rank


@transaction.atomic
def merge_officials(*, source: Official, target: Official) -> Official:
    """Fold `source` into `target`: positions, aliases and (through the signal) mentions and
    events move; source's name is kept as an alias of target. Nothing is dropped.
    """
    if source.pk == target.pk:
        raise ValueError("Không thể gộp một cán bộ với chính mình.")
    for position in source.positions.all():
        twin = target.positions.filter(unit=position.unit, title=position.title).first()
        if twin is None:
            position.official = target
            position.save()
        else:
            _merge_seen(twin, position)
            twin.from_articles = twin.from_articles and position.from_articles
            twin.save()
            positions_merged.send(sender=Position, source=position, target=twin)
            position.delete()
    for alias in source.aliases.all():
        if not target.aliases.filter(key=alias.key).exists():
            alias.official = target
            alias.save()
    if name_key(source.name) != target.name_key:
        OfficialAlias.objects.get_or_create(
            official=target, key=name_key(source.name), defaults={"name": source.name}
        )
    if source.rank_as_of and (not target.rank_as_of or source.rank_as_of > target.rank_as_of):
        target.current_rank = source.current_rank
        target.current_title = source.current_title or target.current_title
        target.rank_as_of = source.rank_as_of
    target.unit = target.unit or source.unit
    target.bio = target.bio or source.bio
    for unit in source.contact_for_units.all():
        unit.contact_officials.add(target)
    officials_merged.send(sender=Official, source=source, target=target)
    source.delete()
    target.save()
    return target


@transaction.atomic
def merge_units(*, source: Unit, target: Unit) -> Unit:
    """Fold `source` into `target`: children, positions, officials, aliases move (and, through
    the signal, mentions and events); source's name becomes an alias of target.
    """
    if source.pk == target.pk:
        raise ValueError("Không thể gộp một đơn vị với chính nó.")
    if source in target.ancestors():
        target.parent = source.parent if source.parent_id != target.pk else None
    source.children.exclude(pk=target.pk).update(parent=target)
    for position in Position.objects.filter(unit=source):
        twin = Position.objects.filter(
            official=position.official, unit=target, title=position.title
        ).first()
        if twin is None:
            position.unit = target
            position.save()
        else:
            _merge_seen(twin, position)
            twin.from_articles = twin.from_articles and position.from_articles
            twin.save()
            positions_merged.send(sender=Position, source=position, target=twin)
            position.delete()
    Official.objects.filter(unit=source).update(unit=target)
    target.contact_officials.add(*source.contact_officials.all())
    aliases = list(source.aliases.all())
    source_name = source.name
    units_merged.send(sender=Unit, source=source, target=target)
    for field in ("functions", "address", "phone", "email", "website", "province"):
        if not getattr(target, field) and getattr(source, field):
            setattr(target, field, getattr(source, field))
    source.delete()  # frees the unique name and alias keys before they move to target
    target.save()
    for alias in aliases:
        UnitAlias.objects.get_or_create(
            key=alias.key, defaults={"unit": target, "name": alias.name}
        )
    if fold(source_name) != target.name_key:
        UnitAlias.objects.get_or_create(
            key=fold(source_name), defaults={"unit": target, "name": source_name}
        )
    return target
