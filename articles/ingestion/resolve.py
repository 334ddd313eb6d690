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
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import count

from django.db.models import Q

from articles.ingestion.batch import NewRow, instances
from articles.models import Article, Event, OfficialMention, PositionSighting, UnitMention
from articles.signals import touch, touches_withheld
from newsroom import text as _text
from people.models import Official, OfficialAlias, Position, Unit, UnitAlias

# Names (of units, officials, their spellings) come back on page after page: their keys are
# worked out once per process. Bounded, and only ever given names, never whole texts.
fold = lru_cache(maxsize=65536)(_text.fold)
name_key = lru_cache(maxsize=65536)(_text.name_key)

VALID_UNIT_KINDS = set(Unit.Kind.values)
VALID_EVENT_KINDS = set(Event.Kind.values)


def identity(row) -> object:
    """A key for a row, saved (its pk) or still in memory (an import batch's new row)."""
    return row.pk if row.pk is not None else ("new", id(row))


_creation_order = count()


def _current(ref) -> object:
    """identity() of a row given as a pk or as the record (whose pk a batch's insert may
    have set since it was kept)."""
    return ref if ref is None or isinstance(ref, int) else identity(ref)


@dataclass
class KnownEvent:
    """An event as an import batch matches pages against it (see `_attach_event_in_batch`)."""

    event: Event
    lead: object  # its lead official (a pk, or the record), None without one
    host: object  # its host unit (a pk, or the record), None without one
    units: list = field(default_factory=list)  # its units (pks, or records)
    officials: list = field(default_factory=list)  # its officials (pks, or records)
    order: int = field(default_factory=lambda: next(_creation_order))

    def sort_key(self) -> tuple:
        # The order of `Event.objects.filter(date=…).first()`: Meta.ordering, then the pk.
        return (self.event.title, self.event.pk is None, self.event.pk or 0, self.order)


class Directory:
    """What resolution looks up, read once and kept while pages are imported.

    One instance serves every page of an import run (service.Importer holds it); the
    importer drops it whenever a page's transaction rolls back, so it never holds rows
    that are not in the database.

    While an import batch is written at once, `pending` holds its rows not yet inserted
    (articles.ingestion.batch): new officials, positions and events are built in memory and
    kept there, and events are matched against those read for the batch's dates.
    """

    def __init__(self) -> None:
        self._units: dict[str, Unit] | None = None
        self._officials: dict[str, list[Official]] = {}
        self._positions: dict[tuple, Position] = {}
        self._positions_of: dict[int, dict[tuple, Position]] = {}
        self._events_on: dict[datetime.date, list[KnownEvent]] = {}
        self._new_officials: list[Official] = []  # created by the batch being written
        self.pending = None  # a batch.PendingRows while a batch defers its inserts

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

    def read_officials(self, names) -> None:
        """Look up every name of `names` not known yet: two queries for all of them, as
        `Official.objects.named()` would find each (by its name or a merged name), and a
        third for the positions they hold."""
        keys = {name_key(name) for name in names} - self._officials.keys()
        if not keys:
            return
        found: dict[str, dict[int, Official]] = defaultdict(dict)
        for official in Official.objects.filter(name_key__in=keys).select_related("unit"):
            found[official.name_key][official.pk] = official
        aliases = OfficialAlias.objects.filter(key__in=keys).select_related("official__unit")
        for alias in aliases:
            found[alias.key].setdefault(alias.official_id, alias.official)
        for key in keys:
            self._officials[key] = sorted(found[key].values(), key=lambda o: (o.name, o.pk))
        # And the positions they hold, which the batch's sightings look up: one query.
        ids = {pk for officials in found.values() for pk in officials} - self._positions_of.keys()
        for pk in ids:
            self._positions_of[pk] = {}
        for position in Position.objects.filter(official_id__in=ids):
            self._positions_of[position.official_id][position.unit_id, position.title] = position

    def new_unit(self, **values) -> Unit:
        """A unit no name or alias finds (kept for the batch's insert in a batch)."""
        if self.pending is None:
            return Unit.objects.create(**values, from_articles=True)
        unit = Unit(**values, from_articles=True, name_key=fold(values["name"]))
        self.pending.units.append(unit)
        return unit

    def new_alias(self, unit: Unit, name: str) -> None:
        if self.pending is None:
            UnitAlias.objects.create(unit=unit, name=name)
        else:
            self.pending.insert([UnitAlias(unit=unit, name=name, key=fold(name))])

    def new_official(self, name: str) -> Official:
        """A record for a name no official has (kept for the batch's insert in a batch)."""
        if self.pending is None:
            return Official.objects.create(name=name, from_articles=True)
        official = Official(name=name, from_articles=True)
        self.pending.officials.append(official)
        self._new_officials.append(official)
        return official

    def position(self, official: Official, unit: Unit | None, title: str):
        key = (identity(official), identity(unit) if unit else None, title)
        if key in self._positions:
            return self._positions[key]
        if self.pending is None:
            self._positions[key], _ = Position.objects.get_or_create(
                official=official, unit=unit, title=title, defaults={"from_articles": True}
            )
            return self._positions[key]
        held = {} if unit is not None and unit.pk is None else self._held_positions(official)
        position = held.get((unit.pk if unit else None, title))
        if position is None:
            position = Position(official=official, unit=unit, title=title, from_articles=True)
            self.pending.positions.append(position)
            touch(Official, official.pk)  # what Position's post_save receiver does
        self._positions[key] = position
        return position

    def settle(self) -> None:
        """After a batch's insert: the positions it created, found by their new pks; and an
        official it created holds exactly the positions it gave him (no query to read them
        when the next batch names him)."""
        self._positions = {(p.official_id, p.unit_id, p.title): p for p in self._positions.values()}
        for official in self._new_officials:
            self._positions_of.setdefault(official.pk, {})
        self._new_officials = []
        for (official_id, unit_id, title), position in self._positions.items():
            held = self._positions_of.get(official_id)
            if held is not None:  # only lists read whole (or of a new official) are added to
                held[unit_id, title] = position

    def _held_positions(self, official: Official) -> dict[tuple, Position]:
        """The positions an official in the database holds, by (unit, title): one query
        per official and run (a new official holds none)."""
        if official.pk is None:
            return {}
        if official.pk not in self._positions_of:
            self._positions_of[official.pk] = {
                (p.unit_id, p.title): p for p in Position.objects.filter(official=official)
            }
        return self._positions_of[official.pk]

    def read_events(self, dates) -> None:
        """The events of every date of `dates` not read yet, with their units and
        officials: three queries for all of them."""
        missing = {d for d in dates if d is not None} - self._events_on.keys()
        if not missing:
            return
        events = list(Event.objects.filter(date__in=missing).order_by())
        ids = [event.pk for event in events]
        units, officials = defaultdict(set), defaultdict(set)
        for event_id, unit_id in Event.units.through.objects.filter(event_id__in=ids).values_list(
            "event_id", "unit_id"
        ):
            units[event_id].add(unit_id)
        for event_id, official_id in Event.officials.through.objects.filter(
            event_id__in=ids
        ).values_list("event_id", "official_id"):
            officials[event_id].add(official_id)
        for date in missing:
            self._events_on[date] = []
        for event in events:
            known = KnownEvent(
                event,
                event.lead_official_id,
                event.host_unit_id,
                list(units[event.pk]),
                list(officials[event.pk]),
            )
            self._events_on[event.date].append(known)

    def events_on(self, date: datetime.date) -> list[KnownEvent]:
        self.read_events([date])
        return self._events_on[date]


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
        unit = directory.new_unit(
            name=name[:255],
            kind=kind if kind in VALID_UNIT_KINDS else Unit.Kind.OTHER,
            parent=parent_unit,
            province=province or "",
        )
        known[unit.name_key] = unit
    for spelling in spellings:
        key = fold(spelling)
        if spelling and key not in known:
            directory.new_alias(unit, spelling[:255])
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
        official = directory.new_official(name)
        candidates.append(official)
        return official, True
    if len(candidates) == 1 or unit is None:
        return candidates[0], False
    # An editor split this name into several people: the unit tells them apart.
    for candidate in candidates:
        if unit.pk is not None and candidate.unit_id == unit.pk:
            return candidate, False
    held = None
    if unit.pk is not None:  # a unit the batch has just created holds no position
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
) -> list[NewRow]:
    """The positions the article shows the official in (the dates come from the article)."""
    return [
        NewRow(
            PositionSighting,
            position=directory.position(official, unit, title[:500]),
            article=article,
            rank=rank,
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
    `insert(rows, ignore_conflicts=…)` writes the new rows (default: at once, in bulk; in an
    import batch, with the batch's rows when it ends).
    """
    directory = directory or Directory()
    insert = insert or (directory.pending.insert if directory.pending else _bulk_insert)
    seen = previous or {"officials": [], "units": [], "events": []}
    first_time = previous is None
    existing_units: set[int] = set()
    existing_officials: set[int] = set()
    if not first_time:
        existing_units = set(article.unit_mentions.values_list("unit_id", flat=True))
        existing_officials = set(article.official_mentions.values_list("official_id", flat=True))

    units_by_key: dict[str, Unit] = {}
    new_unit_mentions: dict[int, NewRow] = {}
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
            identity(unit),
            NewRow(
                UnitMention,
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
    new_official_mentions: dict[int, NewRow] = {}
    sightings: list[NewRow] = []
    for found in recognition.officials:
        key = name_key(found.name)
        unit = unit_named(found.unit)
        official, _ = resolve_official(found.name, unit=unit, directory=directory)
        officials_by_key[key] = official
        if key in seen["officials"] or official.pk in existing_officials:
            continue
        if identity(official) in new_official_mentions:
            continue
        new_official_mentions[identity(official)] = NewRow(
            OfficialMention,
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
    insert(sightings, ignore_conflicts=True)
    added += len(new_official_mentions)

    if not first_time and article.events.exists():
        return added  # linked already (by an earlier import or by an editor): leave it
    for found in recognition.events:
        if f"{found.date}|{found.kind}" in seen["events"]:
            continue
        _attach_event(article, found, officials_by_key, unit_named, directory)
        added += 1
    return added


def _bulk_insert(rows, *, ignore_conflicts: bool = False) -> None:
    rows = instances(rows)
    if rows:
        type(rows[0]).objects.bulk_create(rows, ignore_conflicts=ignore_conflicts)


def _attach_event(
    article: Article, found, officials_by_key: dict, unit_named, directory: Directory
) -> None:
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
    if directory.pending is not None and date is None:
        # Rare (a page without a year): written at once, the batch's rows first.
        directory.pending.write()
    elif directory.pending is not None:
        _attach_event_in_batch(
            article,
            found,
            directory,
            date=date,
            kind=kind,
            title=title,
            lead=lead,
            host=host,
            units=units,
            participants=participants,
        )
        return
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
        event = Event.objects.create(**_new_event_values(found, title, kind, date, host, lead))
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


def _attach_event_in_batch(
    article: Article,
    found,
    directory: Directory,
    *,
    date: datetime.date,
    kind: str,
    title: str,
    lead: Official | None,
    host: Unit | None,
    units: list[Unit],
    participants: list[Official],
) -> None:
    """`_attach_event` for a dated event inside an import batch: the same event found by the
    same rules, among the events read for the batch's dates and those the batch created; the
    new event and the links kept for the batch's insert, and the rows touched as `add()`
    and the model's receivers would touch them."""
    pending = directory.pending
    lead_key = identity(lead) if lead is not None else None
    same_day = sorted(directory.events_on(date), key=KnownEvent.sort_key)
    known = None
    if lead is not None:
        known = next((k for k in same_day if _current(k.lead) == lead_key), None)
    unit_keys = {identity(u) for u in (*units, *([host] if host else []))}
    if known is None and unit_keys:
        known = next(
            (
                k
                for k in same_day
                if ({_current(ref) for ref in k.units} & unit_keys or _current(k.host) in unit_keys)
                and _current(k.lead) in (None, lead_key)
            ),
            None,
        )
    officials = {identity(o): o for o in (*participants, *([lead] if lead else []))}
    if known is None:
        event = Event(**_new_event_values(found, title, kind, date, host, lead))
        pending.events.append(event)
        known = KnownEvent(event, lead, host)
        directory.events_on(date).append(known)
        touch(Article, article.pk)
        touch(Official, *(official.pk for official in officials.values()))
        touch(Unit, *(unit.pk for unit in (*units, *([host] if host else []))))
    else:
        event = known.event
        changed = False
        if known.lead is None and lead is not None:
            event.lead_official, known.lead, changed = lead, lead, True
        if known.host is None and host is not None:
            event.host_unit, known.host, changed = host, host, True
        if not event.location and found.location and article._public_now():
            # A public event's place comes from a published article, never from a draft.
            event.location, changed = found.location[:300], True
        if changed and event.pk is not None:
            pending.changed_events[event.pk] = event
        # What `event.articles.add()`, `.officials.add()` and `.units.add()` touch.
        touch(Event, event.pk)
        touch(Article, article.pk)
    linked = {_current(ref) for ref in known.officials}
    new_officials = [o for key, o in officials.items() if key not in linked]
    linked = {_current(ref) for ref in known.units}
    new_units = {identity(u): u for u in (*units, *([host] if host else []))}
    new_units = [u for key, u in new_units.items() if key not in linked]
    touch(Official, *(official.pk for official in new_officials))
    touch(Unit, *(unit.pk for unit in new_units))
    known.officials += new_officials
    known.units += new_units
    pending.insert(
        [
            NewRow(Event.articles.through, event=event, article=article),
            *(NewRow(Event.officials.through, event=event, official=o) for o in new_officials),
            *(NewRow(Event.units.through, event=event, unit=u) for u in new_units),
        ],
        ignore_conflicts=True,
    )


def _new_event_values(found, title, kind, date, host, lead) -> dict:
    """The fields of an event that resolution creates, page by page or in a batch."""
    return {
        "title": title,
        "kind": kind,
        "date": date,
        "location": (found.location or "")[:300],
        "summary": getattr(found, "summary", "") or "",
        "host_unit": host,
        "lead_official": lead,
        "from_articles": True,
    }
