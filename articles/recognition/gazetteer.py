"""The recogniser's gazetteers, read from ``data/*.json`` once and compiled into tries.

Everything the rules know about Vietnamese officialdom lives in the JSON files next to this
module: ranks, honorifics, posts and bodies, the 63 provinces and their aliases, unit
families and known units, event words. To teach the recogniser a new post, unit or alias,
edit the data, not the code.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsroom.text import normalize_text

from .tokens import Trie, phrase_keys

DATA_DIR = Path(__file__).with_name("data")


def _norm(value: Any) -> Any:
    if isinstance(value, str):
        return normalize_text(value)
    if isinstance(value, list):
        return [_norm(v) for v in value]
    if isinstance(value, dict):
        return {k: _norm(v) for k, v in value.items()}
    return value


def load_data(name: str) -> dict[str, Any]:
    with (DATA_DIR / name).open(encoding="utf-8") as fh:
        return _norm(json.load(fh))


def _cap_first(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class Province:
    name: str
    level: str  # "tỉnh" or "thành phố"
    full: str  # "tỉnh Hậu Giang", "Thành phố Hồ Chí Minh"
    short: str  # "Hậu Giang", "Thành phố Hồ Chí Minh"

    @property
    def is_city(self) -> bool:
        return self.level == "thành phố"


@dataclass(frozen=True)
class ProvinceMatch:
    province: Province
    with_level: bool  # the alias already carries the level ("TPHCM")


@dataclass(frozen=True)
class Level:
    canon: str  # "tỉnh", "thành phố", "huyện"...
    cls: str  # province | city | district | commune
    party: str | None = None


@dataclass(frozen=True)
class Post:
    text: str
    cls: str  # head | deputy | member | role
    needs_object: bool = False
    implies: str | None = None  # a sub-unit head ("Phòng")


@dataclass(frozen=True)
class Body:
    text: str
    free: bool = False


@dataclass(frozen=True)
class KnownUnit:
    name: str
    kind: str
    parent: str | None = None
    province: str | None = None


@dataclass(frozen=True)
class PlaceFamily:
    id: str
    templates: dict[str, dict[str, Any]]  # level class -> {"name", "kind", "parent"}
    bare_needs_capital: bool = False
    bare_without_level: bool = False


@dataclass(frozen=True)
class FamilyHead:
    family: PlaceFamily
    level: str | None  # an implied level ("Tỉnh ủy" -> "tỉnh")


@dataclass(frozen=True)
class SubFamily:
    id: str
    head: str
    kind: str
    template: str
    parent_family: str | None
    parent: str | None
    place: bool
    names: Trie = field(compare=False, hash=False, repr=False)
    listed_only: bool = False  # only the names listed, no free capitalised name
    parent_level: str | None = None  # "district": the unit of a district, not a province


@dataclass(frozen=True)
class SubName:
    name: str


@dataclass(frozen=True)
class NamedFamily:
    kind: str
    parent: str | None
    parent_family: str | None = None  # the unit is inside a unit of this place family


@dataclass(frozen=True)
class NamedHead:
    family: NamedFamily
    text: str


class Gazetteer:
    """All tries and word lists the recogniser uses."""

    def __init__(self) -> None:
        people = load_data("people.json")
        titles = load_data("titles.json")
        provinces = load_data("provinces.json")
        units = load_data("units.json")
        events = load_data("events.json")

        # --- people -------------------------------------------------------------------------
        self.ranks: list[str] = people["ranks"]
        self.rank_trie = Trie()
        for rank in self.ranks:
            self.rank_trie.add(rank, rank)
        self.honorifics = Trie()
        for h in people["honorifics"]:
            self.honorifics.add(h, h)
        self.academic = Trie()
        for a in people["academic"]:
            self.academic.add(a, a)
        self.surnames = frozenset(s.casefold() for s in people["surnames"])
        self.double_surnames = frozenset(phrase_keys(s) for s in people["double_surnames"])
        self.not_official_before = Trie()
        for w in people["not_official_before"]:
            self.not_official_before.add(w, w)
        self.not_official_before_keys = [phrase_keys(w) for w in people["not_official_before"]]
        self.citizen_after = [phrase_keys(w) for w in people["citizen_after"]]
        # the same phrases filed by length: one set lookup per length at each name
        self.not_official_before_by_size = _by_size(self.not_official_before_keys)
        self.citizen_after_by_size = _by_size(self.citizen_after)

        # --- titles -------------------------------------------------------------------------
        self.posts = Trie()
        for p in titles["posts"]:
            self.posts.add(
                p["text"],
                Post(
                    text=p["text"],
                    cls=p["class"],
                    needs_object=p.get("needs_object", False),
                    implies=p.get("implies"),
                ),
            )
        self.bodies = Trie()
        for b in titles["bodies"]:
            self.bodies.add(b["text"], Body(b["text"], b.get("free", False)))
        self.free_text_limit: int = titles["free_text_limit"]
        self.stop_words = Trie()
        for w in titles["stop_words"]:
            self.stop_words.add(w, w)
        self.comma_phrases = Trie()
        for w in titles["comma_phrases"]:
            self.comma_phrases.add(w, w)
        self.foreign_posts = frozenset(w.casefold() for w in titles["foreign_posts"])
        self.foreign_deputy = frozenset(w.casefold() for w in titles["foreign_deputy"])
        self.foreign_connectors = frozenset(w.casefold() for w in titles["foreign_connectors"])

        # --- provinces ----------------------------------------------------------------------
        self.levels = Trie()
        self.level_by_canon: dict[str, Level] = {}
        for lv in provinces["levels"]:
            level = Level(lv["canon"], lv["class"], lv.get("party"))
            self.level_by_canon[level.canon] = level
            for w in lv["words"]:
                self.levels.add(w, level)
        self.party_by_level: dict[str, str] = provinces["party_by_level"]
        self.provinces: list[Province] = []
        self.province_trie = Trie()
        self.province_by_key: dict[str, Province] = {}
        for p in provinces["provinces"]:
            prov = Province(
                name=p["name"],
                level=p["level"],
                full=p.get("full", f"{p['level']} {p['name']}"),
                short=p.get("short", p["name"]),
            )
            self.provinces.append(prov)
            for alias in [p["name"], *p.get("aliases", [])]:
                self.province_trie.add(alias, ProvinceMatch(prov, False))
                self.province_by_key[" ".join(phrase_keys(alias))] = prov
            for alias in p.get("aliases_with_level", []):
                self.province_trie.add(alias, ProvinceMatch(prov, True))
                self.province_by_key[" ".join(phrase_keys(alias))] = prov

        # --- units --------------------------------------------------------------------------
        self.known_units = Trie()
        self.known_by_name: dict[str, KnownUnit] = {}
        for u in units["known"]:
            ku = KnownUnit(u["name"], u["kind"], u.get("parent"), u.get("province"))
            self.known_by_name[u["name"]] = ku
            for alias in [u["name"], *u.get("aliases", [])]:
                self.known_units.add(alias, ku)
        self.family_heads = Trie()
        self.families: dict[str, PlaceFamily] = {}
        for f in units["place_families"]:
            templates = {k: f[k] for k in ("province", "district", "commune") if k in f}
            fam = PlaceFamily(
                id=f["id"],
                templates=templates,
                bare_needs_capital=f.get("bare_needs_capital", False),
                bare_without_level=f.get("bare_without_level", False),
            )
            self.families[fam.id] = fam
            for head in f["heads"]:
                if isinstance(head, dict):
                    self.family_heads.add(head["text"], FamilyHead(fam, head["level"]))
                else:
                    self.family_heads.add(head, FamilyHead(fam, None))
        self.sub_heads = Trie()
        self.sub_families: dict[str, SubFamily] = {}
        for s in units["sub_families"]:
            names = Trie()
            for entry in s["names"]:
                for alias in [entry["name"], *entry.get("aliases", [])]:
                    names.add(alias, SubName(entry["name"]))
            sub = SubFamily(
                id=s["id"],
                head=s["head"],
                kind=s["kind"],
                template=s["name"],
                parent_family=s.get("parent_family"),
                parent=s.get("parent"),
                place=s.get("place", False),
                names=names,
                listed_only=s.get("listed_only", False),
                parent_level=s.get("parent_level"),
            )
            self.sub_families[sub.head.casefold()] = sub
            self.sub_heads.add(s["head"], sub)
        self.named_heads = Trie()
        self.named_parent_family: dict[str, str] = {}
        for nf in units["named_families"]:
            fam = NamedFamily(nf["kind"], nf.get("parent"), nf.get("parent_family"))
            for head in nf["heads"]:
                self.named_heads.add(head, NamedHead(fam, head))
                if fam.parent_family:
                    self.named_parent_family[_cap_first(head)] = fam.parent_family
        self.tail_phrases = Trie()
        for w in units["name_tail_phrases"]:
            self.tail_phrases.add(w, w)
        self.not_units = Trie()
        for w in units["not_units"]:
            self.not_units.add(w, w)
        self.generic_after = Trie()
        for w in units["generic_after"]:
            self.generic_after.add(w, w)

        # --- events -------------------------------------------------------------------------
        triggers = sorted(events["date_triggers"], key=len, reverse=True)
        trig = "|".join(re.escape(t) for t in triggers)
        self.date_re = re.compile(
            r"(?<!\w)(?:(?P<trig>(?:" + trig + r"))\s+(?:ngày\s+|hôm\s+)?"
            r"(?:\(?(?:thứ\s+\w+|chủ\s+nhật)\)?\s*[,(]?\s*(?:ngày\s+)?)?)?"
            r"(?P<d>\d{1,2})\s*(?P<sep>[/.\-])\s*(?P<m>\d{1,2})"
            r"(?:\s*(?P=sep)\s*(?P<y>\d{4}))?(?![\d/])",
            re.IGNORECASE,
        )
        self.event_kinds: list[tuple[str, re.Pattern[str]]] = [
            (
                k["kind"],
                re.compile(
                    r"(?<!\w)(?:" + "|".join(re.escape(p) for p in k["phrases"]) + r")(?!\w)",
                    re.IGNORECASE,
                ),
            )
            for k in events["kinds"]
        ]

        def alt(words: list[str]) -> str:
            return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))

        self.lead_marker_re = re.compile(r"(?<!\w)(?:" + alt(events["lead_markers"]) + r")(?!\w)")
        self.direct_marker_re = re.compile(
            r"(?<!\w)(?:" + alt(events["direct_markers"]) + r")(?!\w)"
        )
        self.host_marker_re = re.compile(
            r"(?<!\w)(?:" + alt(events["host_markers"]) + r")\s+", re.IGNORECASE
        )
        self.organiser_re = re.compile(
            r"(?<!\w)(?:" + alt(events["organiser_markers"]) + r")(?!\w)", re.IGNORECASE
        )
        self.tai_re = re.compile(r"(?<!\w)tại\s+", re.IGNORECASE)
        self.not_locations = Trie()
        for w in events["not_locations"]:
            self.not_locations.add(w, w)
        self.location_points = Trie()
        for w in events["location_points"]:
            self.location_points.add(w, w)
        self.accompanying_re = re.compile(
            r"^\s*(?:" + alt(events["accompanying"]) + r")(?!\w)", re.IGNORECASE
        )

        # --- first tokens, so that scanners skip the tokens that open nothing ---------------
        # (a token whose key opens none of these tries cannot start a unit / a person's prefix)
        self.unit_first_keys = frozenset().union(
            *(
                t.root.keys()
                for t in (
                    self.not_units,
                    self.known_units,
                    self.family_heads,
                    self.sub_heads,
                    self.named_heads,
                )
            )
        )
        self.something_first_keys = frozenset().union(
            *(
                t.root.keys()
                for t in (
                    self.posts,
                    self.rank_trie,
                    self.family_heads,
                    self.known_units,
                    self.sub_heads,
                    self.named_heads,
                )
            )
        )
        self.person_first_keys = frozenset().union(
            *(t.root.keys() for t in (self.honorifics, self.posts, self.rank_trie, self.academic))
        )

    # --- helpers ----------------------------------------------------------------------------
    def find_province(self, text: str) -> Province | None:
        """The province a free text names ("Hậu Giang", "tỉnh Hậu Giang", "TP HCM")."""
        keys = phrase_keys(normalize_text(text))
        while keys and " ".join(keys) not in self.province_by_key:
            # drop a leading level word ("tỉnh", "thành phố", "TP")
            if keys[0] in {"tỉnh", "tp", "thành", "phố", "."}:
                keys = keys[1:]
            else:
                break
        return self.province_by_key.get(" ".join(keys))


def _by_size(phrases: list[tuple[str, ...]]) -> list[tuple[int, frozenset[tuple[str, ...]]]]:
    sizes = sorted({len(p) for p in phrases if p})
    return [(n, frozenset(p for p in phrases if len(p) == n)) for n in sizes]


@functools.cache
def get_gazetteer() -> Gazetteer:
    return Gazetteer()
