"""Resolution: the recogniser's mentions become rows, one record per person, unit and event.

Runs inside the page's transaction (see service.py). Rules:

- a unit is found by its name or any alias, accent- and case-insensitively, else created with
  its parent (found or created the same way) and the spellings seen kept as aliases;
- an official is found by normalised name ("Hoà" = "Hòa") or a name an editor merged into
  them; when an editor has split a name into several people, the unit decides;
- resolution writes no public fact on shared records: the rank, titles and unit printed in
  each article stay on its mention, and each title it shows is a sighting of a position
  (PositionSighting). Readers see an official's rank, title, unit and a position's first
  and last seen derived from the mentions and sightings of published articles
  (articles.selectors), so a draft changes nothing they see;
- an event is the same event when it falls on the same date and shares its lead or a unit;
- re-importing adds what is new and never undoes an editor's correction: mentions an editor
  confirmed, removed or moved stay as the editor left them.
"""

from __future__ import annotations

import datetime

from django.db.models import Q

from articles.models import Article, Event, OfficialMention, PositionSighting, UnitMention
from articles.signals import touch, touches_withheld
from newsroom.text import fold, name_key
from people.models import Official, Position, Unit, UnitAlias

VALID_UNIT_KINDS = set(Unit.Kind.values)
VALID_EVENT_KINDS = set(Event.Kind.values)


class Directory:
    """What resolution looks up, read once and kept while pages are imported.

    One instance serves every page of an import run (service.Importer holds it); the
    importer drops it whenever a page's transaction rolls back, so it never holds rows
    that are not in the database.
    """

    def __init__(self) -> None:
        self._units: dict[str, Unit] | None = None
        self._officials: dict[str, list[Official]] = {}
        self._positions: dict[tuple, Position] = {}

    def units(self) -> dict[str, Unit]:
        """Every unit by the folded key of its name and of each alias (one query each)."""
        if self._units is None:
            by_pk = {unit.pk: unit for unit in Unit.objects.all()}
            self._units = {unit.name_key: unit for unit in by_pk.values()}
            for key, unit_id in UnitAlias.objects.values_list("key", "unit_id"):
                self._units.setdefault(key, by_pk[unit_id])
        return self._units

    def officials(self, name: str) -> list[Official]:
        key = name_key(name)
        if key not in self._officials:
            self._officials[key] = list(Official.objects.named(name).select_related("unit"))
        return self._officials[key]

    def position(self, official: Official, unit: Unit | None, title: str):
        key = (official.pk, unit.pk if unit else None, title)
        if key not in self._positions:
            self._positions[key], _ = Position.objects.get_or_create(
                official=official, unit=unit, title=title, defaults={"from_articles": True}
            )
        return self._positions[key]


def resolve_unit(
    name: str,
    *,
    kind: str = "",
    parent: str | None = None,
    province: str | None = None,
    spellings: list[str] | tuple[str, ...] = (),
    directory: Directory,
    _depth: int = 0,
) -> Unit:
    known = directory.units()
    unit = known.get(fold(name))
    if unit is None:
        unit = next((known[fold(s)] for s in spellings if fold(s) in known), None)
    if unit is None:
        parent_unit = None
        if parent and _depth < 6 and fold(parent) != fold(name):
            parent_unit = resolve_unit(parent, directory=directory, _depth=_depth + 1)
        unit = Unit.objects.create(
            name=name[:255],
            kind=kind if kind in VALID_UNIT_KINDS else Unit.Kind.OTHER,
            parent=parent_unit,
            province=province or "",
            from_articles=True,
        )
        known[unit.name_key] = unit
    for spelling in spellings:
        key = fold(spelling)
        if spelling and key not in known:
            UnitAlias.objects.create(unit=unit, name=spelling[:255])
            known[key] = unit
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


def resolve_official(
    name: str, *, unit: Unit | None, directory: Directory
) -> tuple[Official, bool]:
    """The one Official called `name`; (official, created)."""
    candidates = directory.officials(name)
    if not candidates:
        # No unit: the one readers see comes from published articles (the mentions).
        official = Official.objects.create(name=name, from_articles=True)
        candidates.append(official)
        return official, True
    if len(candidates) == 1 or unit is None:
        return candidates[0], False
    # An editor split this name into several people: the unit tells them apart.
    for candidate in candidates:
        if candidate.unit_id == unit.pk:
            return candidate, False
    held = Position.objects.filter(official__in=candidates, unit=unit).first()
    if held is not None:
        return next(c for c in candidates if c.pk == held.official_id), False
    return max(candidates, key=lambda c: c.rank_as_of or datetime.date.min), False


def _sightings(
    article: Article,
    official: Official,
    *,
    unit: Unit | None,
    titles: list[str],
    rank: str,
    directory,
) -> list[PositionSighting]:
    """The positions the article shows the official in (the dates come from the article)."""
    return [
        PositionSighting(
            position=directory.position(official, unit, title[:500]), article=article, rank=rank
        )
        for title in dict.fromkeys(titles)
        if title
    ]


def mention_keys(recognition) -> dict[str, list[str]]:
    """What the recogniser found, as keys kept in the article's import snapshot."""
    return {
        "officials": sorted({name_key(o.name) for o in recognition.officials}),
        "units": sorted({fold(u.name) for u in recognition.units}),
        "events": sorted({f"{e.date}|{e.kind}" for e in recognition.events}),
    }


def save_recognition(article: Article, recognition, **options) -> int:
    """Store the recogniser's findings for `article`; returns how many links it added.

    For an article readers cannot see, the rows written touch no public record
    (`articles.signals.touches_withheld`): the portal's validators stay where they were.
    Options: see `_save_recognition`.
    """
    with touches_withheld(not article.public_now()):
        return _save_recognition(article, recognition, **options)


def _save_recognition(
    article: Article,
    recognition,
    *,
    previous: dict | None = None,
    directory: Directory | None = None,
    insert=None,
) -> int:
    """Store the recogniser's findings for `article`; returns how many links it added.

    `previous` holds the keys found at the last import (None on the first one): a mention
    found then and missing now was removed or moved by an editor, and is not added back.
    `insert(rows)` writes the new mention rows (default: at once, in bulk); an import batch
    passes its own, to write every page's mentions in one query when the batch ends.
    """
    insert = insert or _bulk_insert
    directory = directory or Directory()
    seen = previous or {"officials": [], "units": [], "events": []}
    first_time = previous is None
    existing_units: set[int] = set()
    existing_officials: set[int] = set()
    if not first_time:
        existing_units = set(article.unit_mentions.values_list("unit_id", flat=True))
        existing_officials = set(article.official_mentions.values_list("official_id", flat=True))

    units_by_key: dict[str, Unit] = {}
    new_unit_mentions: dict[int, UnitMention] = {}
    for found in recognition.units:
        if found.kind == "police_division" and not (found.parent or found.province):
            continue  # "Phòng Cảnh sát hình sự" of which police? Not a record of its own.
        unit = resolve_unit(
            found.name,
            kind=found.kind,
            parent=found.parent,
            province=found.province,
            spellings=global_spellings(found.name, found.aliases_seen or [], found.province),
            directory=directory,
        )
        units_by_key[fold(found.name)] = unit
        if fold(found.name) in seen["units"] or unit.pk in existing_units:
            continue
        new_unit_mentions.setdefault(
            unit.pk,
            UnitMention(
                article=article,
                unit=unit,
                name_as_printed=found.name[:255],
                confidence=found.confidence,
            ),
        )
    insert(new_unit_mentions.values())
    added = len(new_unit_mentions)

    def unit_named(name: str | None) -> Unit | None:
        if not name:
            return None
        return units_by_key.get(fold(name)) or resolve_unit(name, directory=directory)

    officials_by_key: dict[str, Official] = {}
    new_official_mentions: dict[int, OfficialMention] = {}
    sightings: list[PositionSighting] = []
    for found in recognition.officials:
        key = name_key(found.name)
        unit = unit_named(found.unit)
        official, _ = resolve_official(found.name, unit=unit, directory=directory)
        officials_by_key[key] = official
        if key in seen["officials"] or official.pk in existing_officials:
            continue
        if official.pk in new_official_mentions:
            continue
        new_official_mentions[official.pk] = OfficialMention(
            article=article,
            official=official,
            name_as_printed=found.name[:120],
            rank=found.rank or "",
            titles=list(found.titles),
            unit=unit,
            confidence=found.confidence,
        )
        sightings += _sightings(
            article,
            official,
            unit=unit,
            titles=list(found.titles),
            rank=found.rank or "",
            directory=directory,
        )
    insert(new_official_mentions.values())
    PositionSighting.objects.bulk_create(sightings, ignore_conflicts=True)
    added += len(new_official_mentions)

    if not first_time and article.events.exists():
        return added  # linked already (by an earlier import or by an editor): leave it
    for found in recognition.events:
        if f"{found.date}|{found.kind}" in seen["events"]:
            continue
        _attach_event(article, found, officials_by_key, unit_named)
        added += 1
    return added


def _bulk_insert(rows) -> None:
    rows = list(rows)
    if rows:
        type(rows[0]).objects.bulk_create(rows)


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

    kind = found.kind if found.kind in VALID_EVENT_KINDS else Event.Kind.OTHER
    title = article.title[:300]
    event = None
    if date is None:
        # No date to meet on (a page without a year): the same event is the undated one of
        # the same kind and title (the page again, or another site's copy of it), never
        # merely one of the same unit.
        event = (
            Event.objects.filter(date__isnull=True, kind=kind, title=title)
            .filter(Q(lead_official__isnull=True) | Q(lead_official=lead))
            .order_by("pk")
            .first()
        )
    else:
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
    created = event is None
    if event is None:
        event = Event.objects.create(
            title=title,
            kind=kind,
            date=date,
            location=(found.location or "")[:300],
            summary=getattr(found, "summary", "") or "",
            host_unit=host,
            lead_official=lead,
            from_articles=True,
        )
    else:
        changed = False
        for field, value in (("lead_official", lead), ("host_unit", host)):
            if getattr(event, field) is None and value is not None:
                setattr(event, field, value)
                changed = True
        if not event.location and found.location and article._public_now():
            # A public event's place comes from a published article, never from a draft.
            event.location, changed = found.location[:300], True
        if changed:
            event.save()
    officials = {*participants, *([lead] if lead else [])}
    units = {*units, *([host] if host else [])}
    if created:
        _link_new_event(event, article, officials, units)
        return
    event.articles.add(article)
    if officials:
        event.officials.add(*officials)
    if units:
        event.units.add(*units)


def _link_new_event(event: Event, article: Article, officials: set, units: set) -> None:
    """An event just created has no links yet: insert them without looking for existing ones
    (what `add()` does first) and touch the rows at the other end, as `add()` would."""
    Event.articles.through.objects.bulk_create(
        [Event.articles.through(event=event, article=article)]
    )
    Event.officials.through.objects.bulk_create(
        Event.officials.through(event=event, official=official) for official in officials
    )
    Event.units.through.objects.bulk_create(
        Event.units.through(event=event, unit=unit) for unit in units
    )
    touch(Article, article.pk)
    touch(Official, *(official.pk for official in officials))
    touch(Unit, *(unit.pk for unit in units))
