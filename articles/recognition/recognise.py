"""``recognise()``: officials, units and the event of one article (pure Python, no DB).

Steps, for the title, lead, paragraphs and captions of one article:

1. normalise each block (``newsroom.text.normalize_text``), drop photo credits and bylines;
2. find unit spans (``units.UnitScanner``) and person mentions (``people.PersonScanner``);
3. count the provinces the article names; a bare unit ("Công an tỉnh", "Tỉnh ủy", "UBND tỉnh",
   "Sở Y tế") is resolved, in this order, from the same person's other titles, from the one
   explicit unit of the same family in the article, from the most-mentioned province of the
   right level (``site_province`` weighs one extra mention), else it is dropped with a warning;
4. merge person mentions by ``name_key``; a person is an official when some mention gives a
   rank or a title (a foreign guest's post printed in English counts, kept as printed); titles
   keep the fullest wording the article prints;
5. link short references ("Đại tá Hùng", "đồng chí Giám đốc Công an tỉnh") to the one
   official each fits;
6. find the events (``events.find_events``): the article's event, then one more for each
   later sentence that opens with a date of its own.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import heapq
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from newsroom.text import name_key, normalize_text

from .events import EventInputs, find_events
from .gazetteer import Gazetteer, Province, get_gazetteer
from .model import FoundOfficial, FoundTitle, FoundUnit, Recognition
from .persons import PersonMention, PersonScanner, Title
from .tokens import Token, sentence_spans, tokenize
from .units import CITY_AS_DISTRICT, UnitScanner, UnitSpan

_CREDIT_RE = re.compile(
    r"(?:(?<=[.!?…])|(?<=\s)|^)\s*[(\[]?\s*(?:Ảnh|Nguồn|Photo|Video|Clip)\s*:?\s+"
    r"[^.()]{1,60}?[)\]]?\s*\.?\s*$"
)
_BYLINE_RE = re.compile(r"^\s*(?:Tác giả(?: bài viết)?|Nguồn|Theo|Bài(?: và ảnh)?|Ảnh)\s*:", re.I)

_POLICE_KINDS = {
    "police_ministry",
    "police_department",
    "provincial_police",
    "police_division",
    "district_police",
    "prison",
    "hospital",
    "academy",
}
_CLASS_ORDER = {"head": 0, "deputy": 0, "member": 1, "role": 3}


@dataclass(eq=False)
class _Block:
    index: int
    kind: str
    text: str
    toks: list[Token]
    sentences: list[tuple[int, int]]
    units: UnitScanner | None = None
    people: PersonScanner | None = None

    @property
    def sentence_starts(self) -> list[int]:
        starts = self.__dict__.get("_sentence_starts")
        if starts is None:
            starts = self.__dict__["_sentence_starts"] = [a for a, _b in self.sentences]
        return starts


def _caption_text(c: Any) -> str | None:
    if c is None:
        return None
    if isinstance(c, str):
        return c
    if isinstance(c, dict):
        return c.get("text")
    return getattr(c, "text", None)


def strip_credit(text: str) -> str:
    """'Quang cảnh Hội nghị. Ảnh Đức Trung' -> 'Quang cảnh Hội nghị.'"""
    return _CREDIT_RE.sub("", text).strip()


def _compatible(p: Province, want: str | None) -> bool:
    if want == "tỉnh":
        return p.level == "tỉnh"
    if want == "thành phố":
        return p.is_city
    return want == "any"


class _ExplicitIndex:
    """The spans that name a unit with its place, filed by family key and place, kept up to
    date as spans are resolved, so that ``unique_explicit`` costs no scan of the article.

    A span is filed under (key, "district", level) and its district name, or under
    (key, "province") and its province's name, when it is not generic and its place came from
    the text. For each slot, a heap of the positions of its spans gives the last one printed
    (entries of spans that moved are dropped when they reach the top).
    """

    def __init__(self, spans: list[UnitSpan]) -> None:
        self.pos: dict[UnitSpan, int] = {s: i for i, s in enumerate(spans)}
        self.slot_of: dict[UnitSpan, tuple] = {}
        self.heaps: dict[tuple, list[tuple[int, int]]] = {}
        self.count: dict[tuple, int] = {}
        self.live: dict[tuple, dict[str, Province | None]] = {}
        # level ("huyện", "xã") -> district name -> its live slots (any family)
        self.places: dict[str, dict[str, set[tuple]]] = {}
        self.spans = spans
        for s in spans:
            self.update(s)

    @staticmethod
    def _slot(s: UnitSpan) -> tuple | None:
        if s.generic:
            return None
        if s.district is not None:  # the district's name is always printed
            return ((s.key, "district", s.dlevel.canon), s.district) if s.dlevel else None
        if s.resolved_by != "text":
            return None
        if s.province is not None:
            return ((s.key, "province"), s.province.name)
        return None

    def update(self, s: UnitSpan) -> None:
        pos = self.pos.get(s)
        if pos is None:
            return
        new = self._slot(s)
        old = self.slot_of.get(s)
        if new == old:
            return
        if old is not None:
            del self.slot_of[s]
            self.count[old] -= 1
            if not self.count[old]:
                del self.live[old[0]][old[1]]
                if old[0][1] == "district":
                    slots = self.places[old[0][2]][old[1]]
                    slots.discard(old)
                    if not slots:
                        del self.places[old[0][2]][old[1]]
        if new is not None:
            self.slot_of[s] = new
            self.count[new] = self.count.get(new, 0) + 1
            self.live.setdefault(new[0], {})[new[1]] = s.province
            if new[0][1] == "district":
                self.places.setdefault(new[0][2], {}).setdefault(new[1], set()).add(new)
            heapq.heappush(self.heaps.setdefault(new, []), (-pos, pos))

    def _last(self, slot: tuple) -> UnitSpan:
        heap = self.heaps[slot]
        while True:
            s = self.spans[heap[0][1]]
            if self.slot_of.get(s) == slot:
                return s
            heapq.heappop(heap)

    def unique_place(self, level: str) -> UnitSpan | None:
        """The last span of the one district or commune of this level ("huyện", "xã") that
        the article names, by any family of units, if it names only one."""
        names = self.places.get(level, {})
        if len(names) != 1:
            return None
        (slots,) = names.values()
        return max((self._last(slot) for slot in slots), key=self.pos.__getitem__)

    def unique(self, span: UnitSpan) -> UnitSpan | None:
        key = span.key
        if span.want == "district":
            if not span.dlevel:
                return None
            group = (key, "district", span.dlevel.canon)
            names = list(self.live.get(group, ()))
        else:
            group = (key, "province")
            names = [n for n, p in self.live.get(group, {}).items() if _compatible(p, span.want)]
        if len(names) != 1:
            return None
        return self._last((group, names[0]))


class _Resolver:
    def __init__(self, g: Gazetteer, blocks: list[_Block], site: Province | None) -> None:
        self.g = g
        self.blocks = blocks
        self.site = site
        self.counts: Counter[Province] = Counter()
        self.first_seen: dict[Province, int] = {}
        self.spans: list[UnitSpan] = [s for b in blocks for s in b.units.spans]
        self._explicit: _ExplicitIndex | None = None
        self._count()

    def _see(self, p: Province, weight: int = 1) -> None:
        self.counts[p] += weight
        self.first_seen.setdefault(p, len(self.first_seen))

    def _count(self) -> None:
        g = self.g
        for b in self.blocks:
            covered = set()
            for s in b.units.spans:
                covered.update(range(s.start, s.end))
                if s.province is not None and s.resolved_by == "text" and s.source != "known":
                    self._see(s.province)
            toks = b.toks
            # the tokens of each name: those that start inside it (tokens are in text order)
            starts = [t.start for t in toks]
            for m in b.people.mentions:
                covered.update(
                    range(bisect_left(starts, m.name_start), bisect_left(starts, m.name_end))
                )
            i = 0
            while i < len(toks):
                if i in covered or not toks[i].cap:
                    i += 1
                    continue
                m = g.province_trie.longest(toks, i)
                if m:
                    self._see(m[1][0].province)
                    i = m[0]
                else:
                    i += 1

    def best(self, want: str | None) -> tuple[Province | None, str | None]:
        cands = [p for p in self.counts if _compatible(p, want)]
        if not cands:
            if self.site is not None and _compatible(self.site, want):
                return self.site, "site"
            return None, None

        def score(p: Province) -> tuple[float, int]:
            bonus = 1 if p == self.site else 0
            return (self.counts[p] + bonus, -self.first_seen[p])

        return max(cands, key=score), "article"

    @property
    def article_province(self) -> Province | None:
        return self.best("any")[0]

    def unique_explicit(self, span: UnitSpan) -> UnitSpan | None:
        """The one unit of the same family the article names with its place, if only one
        place is named that way (the last span printed for it), else None."""
        if self._explicit is None:
            self._explicit = _ExplicitIndex(self.spans)
        return self._explicit.unique(span)

    def unique_place_of(self, span: UnitSpan) -> UnitSpan | None:
        """For a bare district or commune ("UBND huyện", "Công an xã"): the one place of its
        level the article names with any unit ("Công an huyện Cao Lãnh", "Huyện ủy Cao
        Lãnh"). For a bare "thành phố" in a province's article: the one city of the province
        the article names ("Công an thành phố Phú Quốc")."""
        if self._explicit is None:
            self._explicit = _ExplicitIndex(self.spans)
        if span.want == "district":
            return self._explicit.unique_place(span.dlevel.canon)
        if span.want == "thành phố":
            prov = self.article_province
            if prov is not None and not prov.is_city:
                group = (span.key, "district", CITY_AS_DISTRICT.canon)
                cities = list(self._explicit.live.get(group, ()))
                if len(cities) == 1 and len(self._explicit.places[CITY_AS_DISTRICT.canon]) == 1:
                    return self._explicit._last((group, cities[0]))
        return None

    def unique_district_unit(self, family_id: str) -> UnitSpan | None:
        """The last span of the one district-level unit of this family (not a commune's)
        that the article names ("Công an huyện Cao Lãnh"), if it names only one."""
        if self._explicit is None:
            self._explicit = _ExplicitIndex(self.spans)
        found: dict[str, tuple] = {}
        for level, names in self._explicit.places.items():
            if level != CITY_AS_DISTRICT.canon and self.g.level_by_canon[level].cls != "district":
                continue
            for name, slots in names.items():
                for slot in slots:
                    if slot[0][0][1] == family_id:
                        found.setdefault(name, slot)
                        if len(found) > 1:
                            return None
        if not found:
            return None
        return self._explicit._last(next(iter(found.values())))

    def resolve(self, span: UnitSpan) -> None:
        self._resolve(span)
        if self._explicit is not None:
            self._explicit.update(span)

    def _resolve(self, span: UnitSpan) -> None:
        if not span.bare or (span.resolved_by is not None and span.name):
            return
        if span.province is None and span.district is None:
            twin = self.unique_explicit(span)
            if twin is None and span.dlevel is not None:
                twin = self.unique_place_of(span)
            if twin is not None:
                span.province = twin.province
                if twin.district is not None:
                    span.district, span.dlevel = twin.district, twin.dlevel
                span.resolved_by = "text"
            elif span.want != "district":
                prov, how = self.best(span.want)
                if prov is not None:
                    span.province = prov
                    span.resolved_by = how
        self.finalize(span)

    def place_name(self, family_id: str, prov: Province) -> str:
        fam = self.g.families[family_id]
        tpl = fam.templates["province"]
        return _fmt(tpl["name"], self.g, prov)

    def finalize(self, span: UnitSpan) -> None:
        self._finalize(span)
        if self._explicit is not None:
            self._explicit.update(span)

    def _finalize(self, span: UnitSpan) -> None:
        g = self.g
        if span.name is not None:
            return
        if span.source == "named":
            parent = None
            if span.parent_span is not None:
                self.resolve(span.parent_span)
                parent = span.parent_span.name
                span.province = span.parent_span.province
            else:
                if span.province is None:
                    span.province, span.resolved_by = self.best("any")
                family = g.named_parent_family.get(span.named_head or "")
                if span.province is not None and family:
                    parent = self.place_name(family, span.province)
            if parent:
                span.name = f"{span.named_head} {parent}"
                span.parent = parent
            return
        if span.source == "place":
            fam = span.family
            if span.district is not None and span.dlevel is not None:
                tpl = fam.templates.get(span.dlevel.cls)
                if tpl is None:
                    return
                span.name = _cap(
                    tpl["name"].format(
                        level=span.dlevel.canon,
                        name=span.district,
                        dparty=span.dlevel.party or "",
                        full="",
                        short="",
                        party="",
                    )
                )
                span.kind = tpl["kind"]
                parent = tpl.get("parent")
                if parent and parent.startswith("{"):
                    parent = self.place_name(parent[1:-1], span.province) if span.province else None
                span.parent = parent
                if span.province is None:
                    prov, _how = self.best("any")
                    span.province = prov
                    if prov is not None and (tpl.get("parent") or "").startswith("{"):
                        span.parent = self.place_name(tpl["parent"][1:-1], prov)
                return
            if span.province is None:
                return
            tpl = fam.templates["province"]
            span.name = _fmt(tpl["name"], g, span.province)
            span.kind = tpl["kind"]
            parent = tpl.get("parent")
            span.parent = None if parent and parent.startswith("{") else parent
            return
        if span.source == "sub":
            sub = span.sub
            if sub.parent_family:
                parent = None
                if span.parent_span is not None:
                    self.resolve(span.parent_span)
                    parent = span.parent_span.name
                    span.province = span.parent_span.province
                elif sub.parent_level == "district":
                    # "Đội …" alone: a team of the one district unit the article names
                    twin = self.unique_district_unit(sub.parent_family)
                    if twin is None:
                        return  # left unresolved, with a warning
                    self.finalize(twin)
                    parent, span.province = twin.name, twin.province
                    if parent is None:
                        return
                else:
                    if span.province is None:
                        prov, how = self.best("any")
                        span.province, span.resolved_by = prov, how
                    if span.province is not None:
                        parent = self.place_name(sub.parent_family, span.province)
                span.parent = parent
                span.name = (
                    sub.template.format(name=span.sub_name, parent=parent)
                    if parent
                    else f"{sub.head} {span.sub_name}"
                )
                return
            if sub.place:
                if span.province is not None:
                    span.name = sub.template.format(name=span.sub_name, full=span.province.full)
                    if sub.parent and sub.parent.startswith("{"):
                        span.parent = self.place_name(sub.parent[1:-1], span.province)
                else:
                    span.name = f"{sub.head} {span.sub_name}"
                    span.confidence = min(span.confidence, 0.5)
                return
            span.name = f"{sub.head} {span.sub_name}"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _fmt(template: str, g: Gazetteer, prov: Province) -> str:
    return _cap(
        template.format(
            full=prov.full,
            short=prov.short,
            party=g.party_by_level.get(prov.level, "Tỉnh ủy"),
            level="",
            name="",
            dparty="",
        )
    )


def _mark_generic(g: Gazetteer, block: _Block) -> None:
    """A bare unit listed with a generic one ('Tỉnh ủy, Ủy ban nhân dân các cấp') is generic."""
    scanner = block.units
    by_start: dict[int, UnitSpan] = {}
    for s in scanner.spans:
        if s.start not in by_start or s.end > by_start[s.start].end:
            by_start[s.start] = s
    toks = block.toks
    for s in scanner.spans:
        if not s.bare or s.district is not None or s.province is not None:
            continue  # only a unit without its place can be one of "các cấp"
        k = s.end
        while k < len(toks):
            if toks[k].key in {",", "và"}:
                k += 1
                continue
            if k in scanner.generic_heads:
                s.generic = True
                break
            nxt = by_start.get(k)
            if nxt is not None:
                k = nxt.end
                continue
            break


def _title_units(mentions: Iterable[PersonMention]) -> Iterable[UnitSpan]:
    for m in mentions:
        for t in m.titles:
            if t.unit is not None:
                yield t.unit


def _best_wording(titles: list[Title]) -> Title:
    def score(t: Title) -> tuple[int, int]:
        explicit = 1 if t.unit is not None and t.unit.resolved_by == "text" else 0
        return (explicit, len(t.text))

    return max(titles, key=score)


def _official(
    key: str, mentions: list[PersonMention], blocks: list[_Block]
) -> FoundOfficial | None:
    rank = next((m.rank for m in mentions if m.rank), None)
    groups: dict[tuple[str, str, str | None], list[Title]] = {}
    order: list[tuple[str, str, str | None]] = []
    for m in mentions:
        for t in m.titles:
            unit = t.unit.name if t.unit is not None and not t.unit.generic else None
            gk = (t.post.text.casefold(), (t.body or "").casefold(), unit)
            if gk not in groups:
                groups[gk] = []
                order.append(gk)
            groups[gk].append(t)
    # a bare post ("Thứ trưởng") adds nothing when a fuller title has the same post
    posts_with_object = {gk[0] for gk in order if gk[1] or gk[2]}
    keep = [gk for gk in order if gk[1] or gk[2] or gk[0] not in posts_with_object]
    positions: list[FoundTitle] = []
    roles: list[str] = []
    for gk in keep:
        best = _best_wording(groups[gk])
        tm = FoundTitle(
            text=best.text,
            post=best.post.text,
            post_class=best.post.cls,
            unit=gk[2],
            body=best.body,
        )
        if tm.is_role:
            roles.append(tm.text)
        else:
            positions.append(tm)
    if rank is None and not positions:
        return None
    # the unit the official belongs to: a post that runs a unit before a seat on a committee,
    # a police or state unit before a party committee, then the order printed
    unit = None
    ranked = []
    for idx, p in enumerate(positions):
        if p.unit is None:
            continue
        kind = _unit_kind_of(p.unit, mentions)
        kind_order = 0 if kind in _POLICE_KINDS else (2 if kind == "party_committee" else 1)
        ranked.append((_CLASS_ORDER.get(p.post_class, 2), kind_order, idx, p.unit))
    if ranked:
        unit = min(ranked)[3]
    name = mentions[0].name
    sentences: list[str] = []
    seen: set[str] = set()
    for m in mentions:
        blk = blocks[m.block]
        # the sentence that holds the name (sentences are in order and do not overlap)
        k = bisect_right(blk.sentence_starts, m.name_start) - 1
        if k >= 0:
            a, b = blk.sentences[k]
            if m.name_start < b:
                sent = blk.text[a:b].strip()
                if sent not in seen:
                    seen.add(sent)
                    sentences.append(sent)
    has_unit_title = any(p.unit for p in positions)
    confidence = 0.35
    confidence += 0.25 if rank else 0
    confidence += 0.25 if has_unit_title else (0.1 if positions else 0)
    confidence += 0.1 if mentions[0].known_surname else 0
    confidence += 0.05 * min(2, len(mentions) - 1)
    return FoundOfficial(
        name=name,
        name_key=key,
        rank=rank,
        titles=[p.text for p in positions],
        unit=unit,
        confidence=round(min(confidence, 0.99), 2),
        mention_count=len(mentions),
        sentences=sentences,
        positions=positions,
        roles=roles,
    )


def _unit_kind_of(unit_name: str, mentions: list[PersonMention]) -> str | None:
    for u in _title_units(mentions):
        if u.name == unit_name:
            return u.kind
    return None


@contextlib.contextmanager
def _no_cyclic_gc():
    """Pause the cycle collector while one article is recognised.

    A long page makes hundreds of thousands of small objects (tokens, spans, mentions) and
    no reference cycles among them; the collector's passes over them, started by the count of
    allocations, cost about a third of the time of a 2 MiB page. Reference counting still
    frees everything, and the collector is switched back on (if it was on) at the end.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def recognise(
    *,
    title: str | None = None,
    lead: str | None = None,
    paragraphs: Sequence[str] = (),
    captions: Sequence[Any] = (),
    published_date: dt.date | None = None,
    site_province: str | None = None,
) -> Recognition:
    """Officials, units and the event named in one article (see the module docstring)."""
    with _no_cyclic_gc():
        return _recognise(
            title=title,
            lead=lead,
            paragraphs=paragraphs,
            captions=captions,
            published_date=published_date,
            site_province=site_province,
        )


def _recognise(
    *,
    title: str | None,
    lead: str | None,
    paragraphs: Sequence[str],
    captions: Sequence[Any],
    published_date: dt.date | None,
    site_province: str | None,
) -> Recognition:
    g = get_gazetteer()
    warnings: list[str] = []
    blocks: list[_Block] = []

    def add(kind: str, text: str | None) -> None:
        if not text:
            return
        text = normalize_text(text).strip()
        if kind == "caption":
            text = strip_credit(text)
        if not text or _BYLINE_RE.match(text):
            return
        toks = tokenize(text)
        blocks.append(_Block(len(blocks), kind, text, toks, sentence_spans(text, toks)))

    add("title", title)
    add("lead", lead)
    for p in paragraphs or ():
        add("para", p)
    for c in captions or ():
        add("caption", _caption_text(c))

    for b in blocks:
        b.units = UnitScanner(g, b.index, b.text, b.toks)
        b.units.scan()
    for b in blocks:
        b.people = PersonScanner(g, b.index, b.text, b.toks, b.units)
        b.people.scan()
        _mark_generic(g, b)

    site = g.find_province(site_province) if site_province else None
    if site_province and site is None:
        warnings.append(f"Tỉnh của trang '{site_province}' không có trong danh mục tỉnh, thành.")
    resolver = _Resolver(g, blocks, site)

    # people, grouped by name key, in order of first mention
    grouped: dict[str, list[PersonMention]] = {}
    key_of: dict[str, str] = {}  # name as printed -> name_key (a name recurs on long pages)
    for b in blocks:
        for m in b.people.mentions:
            key = key_of.get(m.name)
            if key is None:
                key = key_of[m.name] = name_key(m.name)
            grouped.setdefault(key, []).append(m)

    # bare units in a person's titles take the province of that person's explicit titles
    for mentions in grouped.values():
        explicit = {
            u.province
            for u in _title_units(mentions)
            if u.resolved_by == "text" and u.province is not None and u.district is None
        }
        for u in _title_units(mentions):
            if u.bare and u.province is None and u.district is None:
                fits = [p for p in explicit if _compatible(p, u.want)]
                if len(fits) == 1:
                    u.province = fits[0]
                    u.resolved_by = "person"

    ordered = sorted(resolver.spans, key=lambda s: (s.source in {"sub", "named"}, s.block, s.start))
    for span in ordered:
        if span.generic:
            continue
        if span.bare:
            resolver.resolve(span)
        else:
            resolver.finalize(span)

    officials: list[FoundOfficial] = []
    for key, mentions in grouped.items():
        off = _official(key, mentions, blocks)
        if off is not None:
            officials.append(off)

    units = _collect_units(resolver.spans, warnings)

    official_names = {o.name_key: o.name for o in officials}
    references = _short_references(g, blocks, officials)
    inputs = []
    for b in blocks:
        people = [
            (m.char_start, m.char_end, official_names[key_of[m.name]])
            for m in b.people.mentions
            if key_of[m.name] in official_names
        ]
        if references[b.index]:
            people = sorted(people + references[b.index])
        unit_spans = [
            (s.char_start, s.char_end, s.name) for s in b.units.spans if s.name and not s.generic
        ]
        inputs.append(EventInputs(b.kind, b.text, b.sentences, people, unit_spans))
    roles = {o.name: (["role"] if o.roles else []) for o in officials}
    unit_by_name = {o.name: o.unit for o in officials}
    events = find_events(
        g,
        inputs,
        published_date=published_date,
        officials=[o.name for o in officials],
        roles=roles,
        unit_of=unit_by_name.get,
        warnings=warnings,
    )
    prov = resolver.article_province
    return Recognition(
        officials=officials,
        units=units,
        events=events,
        warnings=warnings,
        province=prov.name if prov else None,
    )


_REFERENCE_HONORIFICS = frozenset({"đồng chí", "đ/c", "ông", "bà"})


def _short_references(
    g: Gazetteer, blocks: list[_Block], officials: list[FoundOfficial]
) -> list[list[tuple[int, int, str]]]:
    """Short references to the officials found, per block, as (start, end, name):

    - a rank or "đồng chí"/"ông"/"bà" and one given name ("Đại tá Hùng", "ông Phong"): the one
      official whose name ends with it (and who has that rank, when one is printed);
    - "đồng chí"/"ông"/"bà" and a post, maybe with its unit, and no name ("đồng chí Giám đốc
      Công an tỉnh", "đồng chí Bí thư Thành ủy"): the one official who holds that post (in
      that unit).

    A reference that fits no official, or more than one, is left alone. Each one found adds a
    mention (and its sentence) to its official.
    """
    by_given: dict[str, list[FoundOfficial]] = {}
    by_post: dict[str, list[tuple[FoundOfficial, FoundTitle]]] = {}
    for o in officials:
        by_given.setdefault(o.name.split()[-1].casefold(), []).append(o)
        for p in o.positions:
            by_post.setdefault(p.post.casefold(), []).append((o, p))
    out: list[list[tuple[int, int, str]]] = [[] for _ in blocks]
    if not officials:
        return out
    first_keys = g.person_first_keys
    for b in blocks:
        toks, n = b.toks, len(b.toks)
        taken = {t for m in b.people.mentions for t in range(m.start, m.end)}
        i = 0
        while i < n:
            t = toks[i]
            if t.key not in first_keys or i in taken:
                i += 1
                continue
            rank = honorific = None
            k = i
            h = g.honorifics.longest(toks, k)
            if h and h[1][0].casefold() in _REFERENCE_HONORIFICS:
                honorific, k = h[1][0], h[0]
            else:
                r = g.rank_trie.longest(toks, k)
                if r:
                    rank, k = r[1][0], r[0]
            if honorific is None and rank is None:
                i += 1
                continue
            found: FoundOfficial | None = None
            end = k
            nxt = toks[k] if k < n else None
            given = (
                nxt is not None
                and nxt.alpha
                and nxt.cap
                and not nxt.upper
                and not (k + 1 < n and toks[k + 1].alpha and toks[k + 1].cap)
                and not g.posts.longest(toks, k)
            )
            if given:
                fits = [o for o in by_given.get(nxt.key, ()) if rank is None or o.rank == rank]
                if len(fits) == 1:
                    found, end = fits[0], k + 1
            elif honorific is not None and nxt is not None:
                pm = g.posts.longest(toks, k)
                if pm:
                    post_end = pm[0]
                    unit = b.people.units_by_start.get(post_end)
                    fits = [
                        (o, p)
                        for o, p in by_post.get(pm[1][0].text.casefold(), ())
                        if unit is None or (unit.name is not None and p.unit == unit.name)
                    ]
                    if len({id(o) for o, _p in fits}) == 1:
                        found = fits[0][0]
                        end = unit.end if unit is not None else post_end
            if found is None:
                i += 1
                continue
            cs, ce = toks[i].start, toks[end - 1].end
            out[b.index].append((cs, ce, found.name))
            found.references.append(b.text[cs:ce])
            found.mention_count += 1
            k = bisect_right(b.sentence_starts, cs) - 1
            if k >= 0:
                sent = b.text[slice(*b.sentences[k])].strip()
                if sent not in found.sentences:
                    found.sentences.append(sent)
            i = end
    return out


def _collect_units(spans: list[UnitSpan], warnings: list[str]) -> list[FoundUnit]:
    out: dict[str, FoundUnit] = {}
    unresolved: dict[str, None] = {}
    aliases: dict[str, set[str]] = {}
    for s in sorted(spans, key=lambda s: (s.block, s.start)):
        if s.generic:
            continue
        if s.name is None:
            unresolved.setdefault(s.surface)
            continue
        conf = s.confidence
        if s.resolved_by == "person":
            conf = min(conf, 0.85)
        elif s.resolved_by == "article":
            conf = min(conf, 0.75)
        elif s.resolved_by == "site":
            conf = min(conf, 0.65)
        um = out.get(s.name)
        if um is None:
            um = out[s.name] = FoundUnit(
                name=s.name,
                kind=s.kind or "other",
                parent=s.parent,
                province=s.province.name if s.province else None,
            )
        um.mention_count += 1
        um.confidence = round(max(um.confidence, conf), 2)
        seen = aliases.setdefault(s.name, set(um.aliases_seen))
        if s.surface not in seen:
            seen.add(s.surface)
            um.aliases_seen.append(s.surface)
        if um.parent is None and s.parent:
            um.parent = s.parent
    for surface in unresolved:
        warnings.append(
            f"Không rõ '{surface}' là đơn vị nào (bài không nêu tỉnh, thành để xác định)."
        )
    return list(out.values())
