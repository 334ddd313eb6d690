"""Resolution: the recogniser's mentions become rows, one record per person, unit and event.

Runs inside the page's transaction (see service.py). Rules:

- a unit is found by its name or any alias, accent- and case-insensitively, else created with
  its parent (found or created the same way) and the spellings seen kept as aliases;
- an official is found by normalised name ("Hoà" = "Hòa") or a name an editor merged into
  them; when an editor has split a name into several people, the unit decides;
- positions accumulate first and last seen; the current rank is the one from the latest
  article, and the rank printed in each article stays on its mention;
- an event is the same event when it falls on the same date and shares its lead or a unit;
- re-importing adds what is new and never undoes an editor's correction: mentions an editor
  confirmed, removed or moved stay as the editor left them.
"""

from __future__ import annotations

import datetime

from django.db.models import Q

from articles.models import Article, Event, OfficialMention, UnitMention
from newsroom.text import fold, name_key
from people.models import RANK_ORDER, Official, Position, Unit, UnitAlias

VALID_UNIT_KINDS = set(Unit.Kind.values)
VALID_EVENT_KINDS = set(Event.Kind.values)


def resolve_unit(
    name: str,
    *,
    kind: str = "",
    parent: str | None = None,
    province: str | None = None,
    spellings: list[str] | tuple[str, ...] = (),
    _depth: int = 0,
) -> Unit:
    unit = Unit.objects.by_alias(name).first()
    if unit is None:
        for spelling in spellings:
            unit = Unit.objects.by_alias(spelling).first()
            if unit is not None:
                break
    if unit is None:
        parent_unit = None
        if parent and _depth < 6 and fold(parent) != fold(name):
            parent_unit = resolve_unit(parent, _depth=_depth + 1)
        unit = Unit.objects.create(
            name=name[:255],
            kind=kind if kind in VALID_UNIT_KINDS else Unit.Kind.OTHER,
            parent=parent_unit,
            province=province or "",
        )
    for spelling in spellings:
        key = fold(spelling)
        if spelling and key != unit.name_key and not UnitAlias.objects.filter(key=key).exists():
            UnitAlias.objects.create(unit=unit, name=spelling[:255])
    return unit


def global_spellings(name: str, spellings, province: str | None) -> list[str]:
    """The spellings that name this unit wherever they are printed, to keep as aliases.

    Within one article "Công an tỉnh", "UBND tỉnh" or "CSGT" name the article's own units;
    kept as aliases they would send every later article's bare mention to this unit. A
    provincial unit's spelling must therefore name its province ("Công an TP.HCM" names
    Hồ Chí Minh by its initials); lists ("Công an các tỉnh A và B") are never aliases.
    """
    kept = []
    place = fold(province or "")
    for word in ("thanh pho ", "tinh "):
        place = place.removeprefix(word)
    initials = "".join(w[0] for w in place.split())
    for spelling in spellings:
        key = fold(spelling)
        if not spelling or key == fold(name) or " cac " in f" {key} ":
            continue
        if place:
            compact = key.replace(" ", "").replace(".", "")
            if place not in key and not (len(initials) > 1 and compact.endswith(initials)):
                continue
        kept.append(spelling)
    return kept


def resolve_official(name: str, *, unit: Unit | None) -> tuple[Official, bool]:
    """The one Official called `name`; (official, created)."""
    candidates = list(Official.objects.named(name).select_related("unit"))
    if not candidates:
        return Official.objects.create(name=name, unit=unit), True
    if len(candidates) == 1 or unit is None:
        return candidates[0], False
    # An editor split this name into several people: the unit tells them apart.
    for candidate in candidates:
        if candidate.unit_id == unit.pk:
            return candidate, False
    held = Position.objects.filter(official__in=candidates, unit=unit).first()
    if held is not None:
        return held.official, False
    return max(candidates, key=lambda c: c.rank_as_of or datetime.date.min), False


def _record_position(
    official: Official, *, unit: Unit | None, titles: list[str], rank: str, day
) -> None:
    for title in titles:
        position, _ = Position.objects.get_or_create(
            official=official, unit=unit, title=title[:500], defaults={"rank": rank}
        )
        changed = False
        if day and (position.first_seen is None or day < position.first_seen):
            position.first_seen, changed = day, True
        if day and (position.last_seen is None or day >= position.last_seen):
            position.last_seen, changed = day, True
            if rank and position.rank != rank:
                position.rank = rank
        if changed:
            position.save()


def _update_current(official: Official, *, rank: str, titles: list[str], unit, day) -> None:
    """The official shows what the latest article says (rank history stays on mentions)."""
    if day is None:
        if not official.current_rank and rank:
            official.current_rank = rank
            official.current_title = official.current_title or ", ".join(titles)[:500]
            official.save()
        return
    if official.rank_as_of and day < official.rank_as_of:
        return
    # Same day, two ranks printed: keep the higher one rather than flip-flopping.
    same_day = rank and official.current_rank and official.rank_as_of == day
    if same_day and RANK_ORDER.get(rank, 99) > RANK_ORDER.get(official.current_rank, 99):
        rank = official.current_rank
    official.current_rank = rank or official.current_rank
    if titles:
        official.current_title = ", ".join(titles)[:500]
    official.unit = unit or official.unit
    official.rank_as_of = day
    official.save()


def mention_keys(recognition) -> dict[str, list[str]]:
    """What the recogniser found, as keys kept in the article's import snapshot."""
    return {
        "officials": sorted({name_key(o.name) for o in recognition.officials}),
        "units": sorted({fold(u.name) for u in recognition.units}),
        "events": sorted({f"{e.date}|{e.kind}" for e in recognition.events}),
    }


def save_recognition(article: Article, recognition, *, previous: dict | None = None) -> None:
    """Store the recogniser's findings for `article`.

    `previous` holds the keys found at the last import (None on the first one): a mention
    found then and missing now was removed or moved by an editor, and is not added back.
    """
    day = article.published_at.date() if article.published_at else None
    seen = previous or {"officials": [], "units": [], "events": []}
    first_time = previous is None

    units_by_key: dict[str, Unit] = {}
    for found in recognition.units:
        if found.kind == "police_division" and not (found.parent or found.province):
            continue  # "Phòng Cảnh sát hình sự" of which police? Not a record of its own.
        unit = resolve_unit(
            found.name,
            kind=found.kind,
            parent=found.parent,
            province=found.province,
            spellings=global_spellings(found.name, found.aliases_seen or [], found.province),
        )
        units_by_key[fold(found.name)] = unit
        if not first_time and fold(found.name) in seen["units"]:
            continue
        UnitMention.objects.get_or_create(
            article=article,
            unit=unit,
            defaults={
                "name_as_printed": found.name[:255],
                "confidence": getattr(found, "confidence", 1.0),
            },
        )

    def unit_named(name: str | None) -> Unit | None:
        if not name:
            return None
        return units_by_key.get(fold(name)) or resolve_unit(name)

    officials_by_key: dict[str, Official] = {}
    for found in recognition.officials:
        key = name_key(found.name)
        unit = unit_named(found.unit)
        official, _ = resolve_official(found.name, unit=unit)
        officials_by_key[key] = official
        if not first_time and key in seen["officials"]:
            continue
        if OfficialMention.objects.filter(article=article, official=official).exists():
            continue
        OfficialMention.objects.create(
            article=article,
            official=official,
            name_as_printed=found.name[:120],
            rank=found.rank or "",
            titles=list(found.titles),
            unit=unit,
            confidence=getattr(found, "confidence", 1.0),
        )
        _record_position(
            official, unit=unit, titles=list(found.titles), rank=found.rank or "", day=day
        )
        _update_current(
            official, rank=found.rank or "", titles=list(found.titles), unit=unit, day=day
        )

    if article.events.exists():
        return  # linked already (by an earlier import or by an editor): leave it
    for found in recognition.events:
        if not first_time and f"{found.date}|{found.kind}" in seen["events"]:
            continue
        _attach_event(article, found, officials_by_key, unit_named)


def _attach_event(article: Article, found, officials_by_key: dict, unit_named) -> None:
    date = found.date
    if isinstance(date, str):
        date = datetime.date.fromisoformat(date)
    lead = officials_by_key.get(name_key(found.lead)) if found.lead else None
    host = unit_named(getattr(found, "host_unit", None))
    units = [u for u in (unit_named(n) for n in getattr(found, "units", []) or []) if u]
    participants = [
        officials_by_key[name_key(n)]
        for n in getattr(found, "participants", []) or []
        if name_key(n) in officials_by_key
    ]

    event = None
    if date is not None:
        same_day = Event.objects.filter(date=date)
        if lead is not None:
            event = same_day.filter(lead_official=lead).first()
        if event is None and (units or host):
            unit_ids = [u.pk for u in units] + ([host.pk] if host else [])
            event = (
                same_day.filter(Q(units__in=unit_ids) | Q(host_unit__in=unit_ids))
                .filter(Q(lead_official__isnull=True) | Q(lead_official=lead))
                .distinct()
                .first()
            )
    if event is None:
        kind = found.kind if found.kind in VALID_EVENT_KINDS else Event.Kind.OTHER
        event = Event.objects.create(
            title=article.title[:300],
            kind=kind,
            date=date,
            location=(found.location or "")[:300],
            summary=getattr(found, "summary", "") or "",
            host_unit=host,
            lead_official=lead,
        )
    else:
        changed = False
        for field, value in (("lead_official", lead), ("host_unit", host)):
            if getattr(event, field) is None and value is not None:
                setattr(event, field, value)
                changed = True
        if not event.location and found.location:
            event.location, changed = found.location[:300], True
        if changed:
            event.save()
    event.articles.add(article)
    if participants or lead:
        event.officials.add(*{*participants, *([lead] if lead else [])})
    if units or host:
        event.units.add(*{*units, *([host] if host else [])})
