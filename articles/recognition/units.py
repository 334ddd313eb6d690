"""Finding unit names in a block of text, and giving each its canonical name.

A scan left to right tries, at every token, the four ways a unit is named (see
``data/units.json``): a known unit or alias ("Bộ Công an", "Cục C08"), a place family
("Công an" + place, "UBND tỉnh", "Tỉnh ủy Hậu Giang"), a sub-unit ("Phòng Cảnh sát hình sự
Công an tỉnh Sóc Trăng", "Sở Y tế"), a named family ("Trại giam Kênh 5", "Bệnh viện 199"),
and keeps the longest. A unit whose place is not printed ("Công an tỉnh") is left *bare* and
resolved later, once the article's provinces have been counted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .gazetteer import (
    Gazetteer,
    KnownUnit,
    Level,
    NamedHead,
    PlaceFamily,
    Province,
    SubFamily,
)
from .tokens import Token

CITY_AS_DISTRICT = Level("thành phố", "district", "Thành ủy")


@dataclass(eq=False)
class UnitSpan:
    """One occurrence of a unit name in one block of text."""

    block: int
    start: int  # token indices
    end: int
    char_start: int
    char_end: int
    surface: str
    source: str  # known | place | sub | named
    kind: str | None = None
    name: str | None = None  # canonical, once resolved
    parent: str | None = None
    province: Province | None = None
    confidence: float = 0.9
    # place families
    family: PlaceFamily | None = None
    want: str | None = None  # for a bare unit: "tỉnh", "thành phố", "any", "district"
    district: str | None = None
    dlevel: Level | None = None
    # sub-units
    sub: SubFamily | None = None
    sub_name: str | None = None
    parent_span: UnitSpan | None = None
    # named units
    named_head: str | None = None
    tail: str | None = None
    generic: bool = False
    resolved_by: str | None = None  # text | person | article | site
    children: list[UnitSpan] = field(default_factory=list)

    @property
    def bare(self) -> bool:
        return self.name is None

    @property
    def key(self) -> tuple[str, ...]:
        """What must be equal for two bare spans to name the same unit."""
        fam = self.family.id if self.family else ""
        sub = self.sub.id if self.sub else ""
        return (self.source, fam, sub, self.sub_name or "", self.named_head or "")


@dataclass
class _Place:
    end: int
    province: Province | None = None
    district: str | None = None
    dlevel: Level | None = None
    level: Level | None = None  # a bare level word ("tỉnh")


class UnitScanner:
    """Finds the unit spans of one block (title, lead, paragraph or caption)."""

    def __init__(self, g: Gazetteer, block: int, text: str, toks: Sequence[Token]) -> None:
        self.g = g
        self.block = block
        self.text = text
        self.toks = toks
        self.n = len(toks)
        self.spans: list[UnitSpan] = []
        self._span_ids: set[int] = set()  # identities of self.spans (spans compare by identity)
        self.generic_heads: set[int] = set()  # token index of heads used generically

    # --- small matchers -------------------------------------------------------------------
    def _starts_something(self, j: int) -> bool:
        """Token j opens a post, rank, honorific or unit head: a name run stops before it."""
        g, toks = self.g, self.toks
        if toks[j].key not in g.something_first_keys:
            return False
        return bool(
            g.posts.longest(toks, j)
            or g.rank_trie.longest(toks, j)
            or g.family_heads.longest(toks, j)
            or g.known_units.longest(toks, j)
            or (toks[j].cap and g.sub_heads.longest(toks, j))
            or g.named_heads.longest(toks, j)
        )

    def province_at(self, j: int):
        if j >= self.n or not self.toks[j].cap:
            return None
        m = self.g.province_trie.longest(self.toks, j)
        if not m:
            return None
        return m[0], m[1][0]

    def _number_like(self, k: int, allow_numbers: bool) -> bool:
        """A number ("199", "30/4") or "số" before one ("số 2")."""
        t = self.toks[k]
        if allow_numbers and t.word and t.text[0].isdigit():
            return True
        return t.key == "số" and k + 1 < self.n and self.toks[k + 1].text[:1].isdigit()

    def cap_run(self, j: int, *, allow_numbers: bool = True, limit: int = 6) -> int:
        """End of a run of capitalised words (and numbers) starting at j, cut before a
        person's name that follows it ("huyện Châu Thành Nguyễn Văn X")."""
        toks = self.toks
        k = j
        while k < self.n and k - j < limit:
            t = toks[k]
            if t.alpha and t.cap and not (t.upper and len(t.text) > 3):
                if k > j and self._starts_something(k):
                    break
                k += 1
            elif self._number_like(k, allow_numbers):
                k += 1
            else:
                break
        # a person's name may follow the unit's own name: cut at a surname that leaves 2-4
        # syllables after it and at least two before it
        surnames = self.g.surnames
        for idx in range(j + 2, k - 1):
            if toks[idx].key in surnames and 2 <= k - idx <= 4 and toks[idx].alpha:
                return idx
        return k

    def parse_place(self, j: int, *, allow_bare: bool = True) -> _Place | None:
        g, toks = self.g, self.toks
        if j >= self.n:
            return None
        lv = g.levels.longest(toks, j)
        level = lv[1][0] if lv else None
        k = lv[0] if lv else j
        pm = self.province_at(k)
        if pm:
            end, match = pm
            prov = match.province
            if match.with_level or level is None or level.cls == "province":
                return _Place(end, province=prov)
            if level.cls == "city":
                if prov.is_city:
                    return _Place(end, province=prov)
                return _Place(end, province=prov, district=prov.name, dlevel=CITY_AS_DISTRICT)
        if level is not None and level.cls in {"district", "commune", "city"}:
            e = self.cap_run(k)
            if e > k:
                dlevel = CITY_AS_DISTRICT if level.cls == "city" else level
                place = _Place(
                    e, district=self.text[toks[k].start : toks[e - 1].end], dlevel=dlevel
                )
                # "huyện Châu Thành, tỉnh Sóc Trăng" / "huyện Châu Thành tỉnh Sóc Trăng"
                s = e + 1 if e < self.n and toks[e].text == "," else e
                lv2 = g.levels.longest(toks, s)
                if lv2 and lv2[1][0].cls in {"province", "city"}:
                    pm2 = self.province_at(lv2[0])
                    if pm2:
                        place.province = pm2[1].province
                        place.end = pm2[0]
                return place
        if level is not None and allow_bare:
            return _Place(k, level=level)
        return None

    def _span(self, start: int, end: int, source: str, **kw) -> UnitSpan:
        toks = self.toks
        cs, ce = toks[start].start, toks[end - 1].end
        return UnitSpan(
            block=self.block,
            start=start,
            end=end,
            char_start=cs,
            char_end=ce,
            surface=self.text[cs:ce],
            source=source,
            **kw,
        )

    # --- the four families ----------------------------------------------------------------
    def known_at(self, i: int) -> list[UnitSpan] | None:
        m = self.g.known_units.longest(self.toks, i)
        if not m or not self.toks[i].cap:
            return None
        ku: KnownUnit = m[1][0]
        prov = self.g.find_province(ku.province) if ku.province else None
        return [
            self._span(
                i,
                m[0],
                "known",
                kind=ku.kind,
                name=ku.name,
                parent=ku.parent,
                province=prov,
                confidence=0.95,
                resolved_by="text",
            )
        ]

    def plural_at(self, head_end: int, family: PlaceFamily, i: int) -> list[UnitSpan] | None:
        """'Công an các tỉnh Bình Dương và Đồng Nai' -> two units; 'các tỉnh, thành' -> none."""
        toks = self.toks
        k = head_end + 1  # after "các"
        while k < self.n and (g_lv := self.g.levels.longest(toks, k)):
            k = g_lv[0]
            if k < self.n and toks[k].text == "," and self.g.levels.longest(toks, k + 1):
                k += 1
        if k < self.n and toks[k].text == ":":
            k += 1
        found: list[tuple[int, int, Province]] = []
        while True:
            pm = self.province_at(k)
            if not pm:
                break
            found.append((k, pm[0], pm[1].province))
            k = pm[0]
            if k < self.n and toks[k].key in {",", "và"} and self.province_at(k + 1):
                k += 1
                continue
            break
        if not found:
            self.generic_heads.add(i)
            return None
        spans = []
        for _s, _e, prov in found:
            span = self._span(i, k, "place", family=family, province=prov, confidence=0.85)
            spans.append(span)
        return spans

    def family_at(self, i: int) -> list[UnitSpan] | None:
        g, toks = self.g, self.toks
        m = g.family_heads.longest(toks, i)
        if not m:
            return None
        head_end, heads = m
        fh = heads[0]
        fam = fh.family
        capital = toks[i].cap
        if head_end < self.n and g.generic_after.longest(toks, head_end):
            if toks[head_end].key == "các":
                return self.plural_at(head_end, fam, i)
            self.generic_heads.add(i)
            return None
        if fh.level is not None:
            # "Tỉnh ủy" carries its level; a province may follow ("Tỉnh ủy Hậu Giang")
            lv = g.levels.longest(toks, head_end)
            pm = self.province_at(lv[0] if lv else head_end)
            if pm:
                prov = pm[1].province
                return [
                    self._span(i, pm[0], "place", family=fam, province=prov, resolved_by="text")
                ]
            if fh.level in {"tỉnh", "thành phố"}:
                return [self._span(i, head_end, "place", family=fam, want=fh.level)]
            # "Huyện ủy Châu Thành"
            e = self.cap_run(head_end)
            if e > head_end:
                dlevel = g.level_by_canon.get(fh.level)
                return [
                    self._span(
                        i,
                        e,
                        "place",
                        family=fam,
                        district=self.text[toks[head_end].start : toks[e - 1].end],
                        dlevel=dlevel,
                    )
                ]
            return None
        place = self.parse_place(head_end)
        if place is None:
            if fam.bare_without_level and capital:
                return [self._span(i, head_end, "place", family=fam, want="any")]
            return None
        if place.level is not None:  # bare level: "Công an tỉnh"
            if fam.bare_needs_capital and not capital:
                return None
            want = {"province": "tỉnh", "city": "thành phố"}.get(place.level.cls, "district")
            span = self._span(i, place.end, "place", family=fam, want=want, dlevel=place.level)
            return [span]
        if place.district is not None:
            if "district" not in fam.templates and place.dlevel.cls == "district":
                return None
            return [
                self._span(
                    i,
                    place.end,
                    "place",
                    family=fam,
                    district=place.district,
                    dlevel=place.dlevel,
                    province=place.province,
                    confidence=0.85,
                    resolved_by="text" if place.province else None,
                )
            ]
        return [
            self._span(
                i, place.end, "place", family=fam, province=place.province, resolved_by="text"
            )
        ]

    def sub_at(self, i: int) -> list[UnitSpan] | None:
        g, toks = self.g, self.toks
        if not toks[i].cap:
            return None
        m = g.sub_heads.longest(toks, i)
        if not m:
            return None
        return self.sub_from(i, m[0], m[1][0])

    def sub_from(self, i: int, j: int, sub: SubFamily) -> list[UnitSpan] | None:
        """A sub-unit whose head ends at j (the head may be implied by a post: i == j)."""
        g, toks = self.g, self.toks
        nm = sub.names.longest(toks, j)
        confidence = 0.9
        if nm:
            k, sub_name = nm[0], nm[1][0].name
        else:
            if sub.listed_only or j >= self.n:
                return None
            if not (toks[j].cap and toks[j].alpha) or toks[j].upper:
                return None
            k = self.cap_run(j, allow_numbers=False)
            if k == j:
                return None
            sub_name = self.text[toks[j].start : toks[k - 1].end]
            confidence = 0.6
        out: list[UnitSpan] = []
        if sub.parent_family:
            parent_spans = None
            fm = g.family_heads.longest(toks, k) if k < self.n else None
            if fm and fm[1][0].family.id == sub.parent_family:
                parent_spans = self.family_at(k)
            if parent_spans and len(parent_spans) == 1:
                parent = parent_spans[0]
                span = self._span(
                    i,
                    parent.end,
                    "sub",
                    sub=sub,
                    sub_name=sub_name,
                    parent_span=parent,
                    kind=sub.kind,
                    confidence=confidence,
                )
                span.children.append(parent)
                return [span, parent]
            out.append(
                self._span(
                    i,
                    k,
                    "sub",
                    sub=sub,
                    sub_name=sub_name,
                    kind=sub.kind,
                    confidence=confidence - 0.1,
                    want="any",
                )
            )
            return out
        if sub.place:
            place = self.parse_place(k)
            if place and place.province and place.district is None:
                return [
                    self._span(
                        i,
                        place.end,
                        "sub",
                        sub=sub,
                        sub_name=sub_name,
                        kind=sub.kind,
                        province=place.province,
                        confidence=confidence,
                        resolved_by="text",
                    )
                ]
            end = place.end if place and place.level is not None else k
            want = "any"
            if place and place.level is not None:
                want = {"province": "tỉnh", "city": "thành phố"}.get(place.level.cls, "any")
            return [
                self._span(
                    i,
                    end,
                    "sub",
                    sub=sub,
                    sub_name=sub_name,
                    kind=sub.kind,
                    want=want,
                    confidence=confidence - 0.1,
                )
            ]
        return [self._span(i, k, "sub", sub=sub, sub_name=sub_name, kind=sub.kind)]

    def named_at(self, i: int) -> list[UnitSpan] | None:
        g, toks = self.g, self.toks
        m = g.named_heads.longest(toks, i)
        if not m:
            return None
        j = m[0]
        nh: NamedHead = m[1][0]
        head = nh.text[:1].upper() + nh.text[1:]
        k = j
        while k < self.n:
            if g.family_heads.longest(toks, k) or g.known_units.longest(toks, k):
                break  # a unit follows: it is the parent, not part of the name
            tp = g.tail_phrases.longest(toks, k)
            if tp:
                k = tp[0]
                continue
            e = self.cap_run(k)
            if e > k:
                k = e
                continue
            break
        if k == j:
            if not nh.family.parent_family:
                return None
            parents = self.family_at(j)
            if parents and len(parents) == 1:
                p = parents[0]
                span = self._span(
                    i, p.end, "named", kind=nh.family.kind, named_head=head, parent_span=p, tail=""
                )
                span.children.append(p)
                return [span, p]
            # "Giám thị Trại tạm giam": the unit of the article's police
            return [
                self._span(
                    i,
                    j,
                    "named",
                    kind=nh.family.kind,
                    named_head=head,
                    tail="",
                    want="any",
                    confidence=0.7,
                )
            ]
        tail_end = k
        # "Bệnh viện Đa khoa tỉnh Sóc Trăng": a place may complete the name
        lv = g.levels.longest(toks, k) if k < self.n else None
        if lv and lv[1][0].cls in {"province", "city"}:
            pm = self.province_at(lv[0])
            if pm:
                tail_end = pm[0]
        tail = self.text[toks[j].start : toks[tail_end - 1].end]
        span = self._span(
            i,
            tail_end,
            "named",
            kind=nh.family.kind,
            named_head=head,
            tail=tail,
            name=f"{head} {tail}",
            parent=nh.family.parent,
            confidence=0.85,
            resolved_by="text",
        )
        return [span]

    # --- the scan -------------------------------------------------------------------------
    def scan(self) -> list[UnitSpan]:
        g, toks = self.g, self.toks
        first_keys = g.unit_first_keys
        i = 0
        while i < self.n:
            t = toks[i]
            if not t.word or t.key not in first_keys:  # opens no unit
                i += 1
                continue
            nu = g.not_units.longest(toks, i)
            if nu and toks[i].cap:
                i = nu[0]
                continue
            best: list[UnitSpan] | None = None
            best_end = i
            for finder in (self.known_at, self.family_at, self.sub_at, self.named_at):
                found = finder(i)
                if found and found[0].end > best_end:
                    best, best_end = found, found[0].end
            if best:
                self.spans.extend(best)
                self._span_ids.update(id(s) for s in best)
                i = best_end
            else:
                i += 1
        return self.spans

    def extra_sub(self, i: int, head: str) -> UnitSpan | None:
        """A sub-unit named after a post that implies its head ("Trưởng phòng" + name)."""
        sub = self.g.sub_families.get(head.casefold())
        if sub is None:
            return None
        found = self.sub_from(i, i, sub)
        if not found:
            return None
        for s in found:
            if id(s) not in self._span_ids:
                self._span_ids.add(id(s))
                self.spans.append(s)
        return found[0]
