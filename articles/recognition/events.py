"""The events an article reports: date, kind, place, who led it.

``find_events`` returns the article's event (below) and then one event for each later sentence
of the lead or body that opens with a date of its own ("Ngày 15/3, …", "Sáng 1/1/2024, …") and
names a kind of event, one per date.

The event sentence is the first sentence of the lead or first paragraphs that carries a date
("Ngày 03/8", "Sáng 1/11", "Chiều 04/7/2021", "Sáng ngày 13-7"). Its kind comes from the first
group of phrases in ``data/events.json`` that it contains; its lead is the official between
"do" and "làm Trưởng đoàn"/"dẫn đầu", or the one just before "chủ trì"; the place follows
"tại". Gifts and awards ("Nhân dịp này, … tặng quà") belong to the same event. A date printed
without a year takes the year that puts it nearest the publication date (so "30/12" in a page
of 2 January is the previous December); with no publication date the year is unknown and the
date is left empty, with a warning.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from .gazetteer import Gazetteer
from .model import FoundEvent
from .tokens import tokenize_prefix

_DO_RE = re.compile(r"(?<!\w)do(?!\w)")
_PUNCT_RE = re.compile(r"[,.;:]")


@dataclass
class EventInputs:
    """What the event finder needs from the rest of the recogniser, per block."""

    kind: str  # title | lead | para | caption
    text: str
    sentences: list[tuple[int, int]]
    # (char_start, char_end, official name) of mentions of officials in this block
    people: list[tuple[int, int, str]]
    # (char_start, char_end, canonical unit name) of the units in this block
    units: list[tuple[int, int, str]]


def infer_year(day: int, month: int, published: dt.date) -> dt.date | None:
    best = None
    best_cost = None
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            cand = dt.date(year, month, day)
        except ValueError:
            continue
        diff = (cand - published).days
        cost = diff * 2 if diff > 0 else -diff
        if best_cost is None or cost < best_cost:
            best, best_cost = cand, cost
    return best


def _sentence_at(sentences: Sequence[tuple[int, int]], pos: int) -> tuple[int, int]:
    for a, b in sentences:
        if a <= pos < b:
            return a, b
    return sentences[0] if sentences else (0, 0)


def _in_order(people: Sequence[tuple[int, int, str]]) -> bool:
    """Mentions in text order that do not overlap (as the person scanner finds them)."""
    return all(x[0] < x[1] for x in people) and all(x[1] <= y[0] for x, y in pairwise(people))


def _lead_in(g: Gazetteer, text: str, a: int, b: int, people, marker_re) -> str | None:
    """The official who leads, by a marker in text[a:b]: the first one between the last "do"
    and the marker, else the one that ends just before the marker."""
    seg = text[a:b]
    do_ends: list[int] | None = None
    ordered = _in_order(people)
    starts = [x[0] for x in people]
    ends = [x[1] for x in people]
    for m in marker_re.finditer(seg):
        q = a + m.start()
        if do_ends is None:
            do_ends = [d.end() for d in _DO_RE.finditer(seg)]
        # a marker starts a word, so no "do" ends where it starts
        k = bisect_right(do_ends, m.start()) - 1
        if k >= 0:
            p = a + do_ends[k]
            if ordered:
                i = bisect_left(starts, p)
                inside = [people[i]] if i < len(people) and people[i][1] <= q else []
            else:
                inside = [x for x in people if x[0] >= p and x[1] <= q]
            if inside:
                return inside[0][2]
        if ordered:
            j = bisect_right(ends, q) - 1
            last = people[j] if j >= 0 and people[j][0] >= a else None
        else:
            before = [x for x in people if a <= x[0] and x[1] <= q]
            last = max(before, key=lambda x: x[1]) if before else None
        if last is not None:
            gap = text[last[1] : q]
            if len(gap) <= 30 and not _PUNCT_RE.search(gap):
                return last[2]
    return None


def _location(g: Gazetteer, text: str, a: int, b: int) -> str | None:
    # the words after "tại": up to 14, and the phrases that may start among them
    limit = 15 + max(g.stop_words.max_len, g.location_points.max_len, g.not_locations.max_len)
    for m in g.tai_re.finditer(text, a, b):
        toks = tokenize_prefix(text, m.end(), b, limit)
        if not toks:
            continue
        if not g.location_points.longest(toks, 0) and g.not_locations.longest(toks, 0):
            continue
        k = 0
        while k < len(toks) and k < 14:
            t = toks[k]
            if not t.word:
                break
            if k and g.stop_words.longest(toks, k):
                break
            k += 1
        if k:
            return text[m.end() + toks[0].start : m.end() + toks[k - 1].end]
    return None


def _host(g: Gazetteer, text: str, a: int, b: int, units) -> str | None:
    """The unit after 'làm việc với' / 'tại' / 'đến thăm', else the one before 'tổ chức'."""
    units = sorted(units)
    starts = [u[0] for u in units]
    for m in g.host_marker_re.finditer(text, a, b):
        e = m.end()
        for s, _e, name in units[bisect_left(starts, e) :]:
            if s - e > 40:
                break
            if not _PUNCT_RE.search(text[e:s]):
                return name
    # "Bộ đội Biên phòng tỉnh Kiên Giang phối hợp với Công an tỉnh Kiên Giang tổ chức": the
    # first unit of the clause that ends with "tổ chức" holds the event
    punct_ends: list[int] | None = None
    for m in g.organiser_re.finditer(text, a, b):
        if punct_ends is None:
            punct_ends = [p.end() for p in _PUNCT_RE.finditer(text, a, b)]
        k = bisect_right(punct_ends, m.start()) - 1
        clause_start = punct_ends[k] if k >= 0 else a
        for u in units[bisect_left(starts, clause_start) :]:
            if u[0] > m.start():
                break
            if u[1] <= m.start():
                return u[2]
    return None


def find_event(
    g: Gazetteer,
    blocks: Sequence[EventInputs],
    *,
    published_date: dt.date | None,
    officials: Sequence[str],
    roles: dict[str, list[str]],
    unit_of: Callable[[str], str | None],
    warnings: list[str],
) -> FoundEvent | None:
    body = [b for b in blocks if b.kind in {"lead", "para"}]
    if not body:
        return None
    found = None
    for blk in body[:3]:
        for m in g.date_re.finditer(blk.text):
            if m.group("trig") or m.group("y"):
                day, month = int(m.group("d")), int(m.group("m"))
                if 1 <= day <= 31 and 1 <= month <= 12:
                    found = (blk, m)
                    break
        if found:
            break
    date = None
    date_text = None
    year_inferred = False
    if found:
        blk, m = found
        a, b = _sentence_at(blk.sentences, m.start())
        day, month = int(m.group("d")), int(m.group("m"))
        date_text = m.group(0).strip()
        if m.group("y"):
            try:
                date = dt.date(int(m.group("y")), month, day)
            except ValueError:
                date = None
        elif published_date is not None:
            date = infer_year(day, month, published_date)
            year_inferred = True
        else:
            warnings.append(
                f"Ngày sự kiện '{date_text}' không có năm và trang không có ngày xuất bản: "
                "để trống ngày."
            )
    else:
        blk = body[0]
        a, b = blk.sentences[0] if blk.sentences else (0, len(blk.text))
    sentence = blk.text[a:b].strip()

    kind = None
    for k, rx in g.event_kinds:
        if rx.search(sentence):
            kind = k
            break
    if kind is None:
        for k, rx in g.event_kinds:
            if rx.search(blk.text):
                kind = k
                break
    if kind is None and not found:
        return None
    kind = kind or "other"

    official_set = set(officials)
    people = [p for p in blk.people if p[2] in official_set]
    lead = _lead_in(g, blk.text, a, b, people, g.lead_marker_re)
    if lead is None:
        lead = _lead_in(g, blk.text, 0, len(blk.text), people, g.lead_marker_re)
    if lead is None:
        lead = next((n for n in officials if "role" in roles.get(n, [])), None)
    if lead is None:
        for other in body:
            ppl = [p for p in other.people if p[2] in official_set]
            lead = _lead_in(g, other.text, 0, len(other.text), ppl, g.direct_marker_re)
            if lead:
                break
    lead_guessed = False
    if lead is None and people:
        # no marker: the first official the event's paragraph names
        lead, lead_guessed = min(people)[2], True

    host = _host(g, blk.text, a, b, blk.units)
    location = _location(g, blk.text, a, b) or _location(g, blk.text, 0, len(blk.text))
    if host is None and lead is not None and kind in {"conference", "meeting"}:
        host = unit_of(lead)
    if location is None:
        location = host

    units = list(dict.fromkeys(name for _s, _e, name in sorted(blk.units)))
    accompanying = []
    for other in body:
        for sa, sb in other.sentences:
            sent = other.text[sa:sb].strip()
            if g.accompanying_re.match(sent):
                accompanying.append(sent)
    confidence = 0.4 + (0.25 if date else 0) + (0.15 if kind != "other" else 0)
    confidence += 0.1 if lead_guessed else (0.2 if lead else 0)
    return FoundEvent(
        date=date,
        kind=kind,
        location=location,
        lead=lead,
        host_unit=host,
        participants=[n for n in officials if n != lead],
        units=units,
        summary=sentence,
        date_text=date_text,
        year_inferred=year_inferred,
        accompanying=accompanying,
        confidence=round(min(confidence, 0.99), 2),
    )


# An article reports a handful of events at most; a long page that opens many paragraphs
# with dates (a chronicle) keeps its first ones.
MAX_EVENTS = 12


def find_events(
    g: Gazetteer,
    blocks: Sequence[EventInputs],
    *,
    published_date: dt.date | None,
    officials: Sequence[str],
    roles: dict[str, list[str]],
    unit_of: Callable[[str], str | None],
    warnings: list[str],
) -> list[FoundEvent]:
    """The article's event (``find_event``), then each later sentence of the lead or body that
    opens with a date of its own and names a kind of event ("Ngày 15/3, đoàn công tác … đến
    thăm …", "Sáng 1/1/2024, … chủ trì Lễ chào cờ"): one event per date, its kind from that
    sentence, its lead by a marker in that sentence, else in the two after it, its year
    inferred from the publication date as for the first."""
    first = find_event(
        g,
        blocks,
        published_date=published_date,
        officials=officials,
        roles=roles,
        unit_of=unit_of,
        warnings=warnings,
    )
    if first is None:
        return []
    events = [first]
    seen = {first.date}
    official_set = set(officials)
    for blk in blocks:
        if blk.kind not in {"lead", "para"}:
            continue
        sentences = blk.sentences
        people_all: list[tuple[int, int, str]] | None = None  # made when first needed
        for idx, (a, b) in enumerate(sentences):
            if len(events) >= MAX_EVENTS:
                return events
            start = a + len(blk.text[a:b]) - len(blk.text[a:b].lstrip())
            m = g.date_re.match(blk.text, start, b)
            if m is None or not (m.group("trig") or m.group("y")):
                continue
            tail = blk.text[m.end() : m.end() + 2]
            if not tail.startswith(","):
                continue  # "Ngày 2/1 là …": a date, not the opening of an event
            day, month = int(m.group("d")), int(m.group("m"))
            date = None
            year_inferred = False
            try:
                if m.group("y"):
                    date = dt.date(int(m.group("y")), month, day)
                elif published_date is not None:
                    date = infer_year(day, month, published_date)
                    year_inferred = True
            except ValueError:
                date = None
            if date is None or date in seen:
                continue
            if published_date is not None and abs((date - published_date).days) > 366:
                continue  # history ("Ngày 19/8/1945, …"), not an event the article reports
            sentence = blk.text[a:b].strip()
            kind = next((k for k, rx in g.event_kinds if rx.search(sentence)), None)
            if kind is None:
                continue
            if people_all is None:
                people_all = sorted(p for p in blk.people if p[2] in official_set)
                people_starts = [p[0] for p in people_all]
                units_all = sorted(blk.units)
                unit_starts = [u[0] for u in units_all]
            # the event's own text: its sentence and the two after it (a long block may hold
            # many events; each looks at its own few sentences only)
            w = sentences[min(idx + 2, len(sentences) - 1)][1]
            people = people_all[bisect_left(people_starts, a) : bisect_left(people_starts, w)]
            units = units_all[bisect_left(unit_starts, a) : bisect_left(unit_starts, w)]
            lead = _lead_in(g, blk.text, a, b, people, g.lead_marker_re)
            if lead is None:
                lead = _lead_in(g, blk.text, a, w, people, g.lead_marker_re)
            host = _host(g, blk.text, a, b, units)
            if host is None and lead is not None and kind in {"conference", "meeting"}:
                host = unit_of(lead)
            location = _location(g, blk.text, a, b) or host
            seen.add(date)
            confidence = 0.4 + 0.25 + (0.15 if kind != "other" else 0) + (0.2 if lead else 0)
            events.append(
                FoundEvent(
                    date=date,
                    kind=kind,
                    location=location,
                    lead=lead,
                    host_unit=host,
                    participants=list(dict.fromkeys(p[2] for p in people if p[2] != lead)),
                    units=list(dict.fromkeys(name for _s, _e, name in units)),
                    summary=sentence,
                    date_text=m.group(0).strip(),
                    year_inferred=year_inferred,
                    confidence=round(min(confidence, 0.99), 2),
                )
            )
    return events
