"""What the recogniser returns (plain dataclasses, no Django)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

EVENT_KINDS = ("working_visit", "conference", "meeting", "ceremony", "campaign", "other")
UNIT_KINDS = (
    "police_ministry",
    "police_department",
    "provincial_police",
    "police_division",
    "district_police",
    "party_committee",
    "peoples_committee",
    "peoples_council",
    "government_department",
    "prison",
    "hospital",
    "academy",
    "military",
    "border_guard",
    "other",
)


@dataclass
class FoundTitle:
    """One title as printed ("Giám đốc Công an tỉnh") and the unit it belongs to."""

    text: str
    post: str  # canonical post: "Giám đốc", "Ủy viên", "Thứ trưởng"
    post_class: str  # head | deputy | member | role
    unit: str | None = None  # canonical unit name, None when the title names none
    body: str | None = None  # "Ban Thường vụ", "Ban Chỉ đạo phòng, chống dịch bệnh COVID-19"

    @property
    def is_role(self) -> bool:
        """A part in one event ("Trưởng đoàn"), not a position."""
        return self.post_class == "role"


@dataclass
class FoundOfficial:
    name: str
    name_key: str
    rank: str | None = None
    titles: list[str] = field(default_factory=list)
    unit: str | None = None
    confidence: float = 0.0
    mention_count: int = 0
    sentences: list[str] = field(default_factory=list)
    positions: list[FoundTitle] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)  # "Trưởng đoàn"
    # short references as printed ("Đại tá Hùng", "đồng chí Giám đốc Công an tỉnh"), counted
    # in mention_count
    references: list[str] = field(default_factory=list)

    @property
    def evidence_count(self) -> int:
        return self.mention_count

    def to_contract(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "rank": self.rank,
            "titles": list(self.titles),
            "unit": self.unit,
        }


@dataclass
class FoundUnit:
    name: str
    kind: str
    parent: str | None = None
    province: str | None = None
    aliases_seen: list[str] = field(default_factory=list)
    confidence: float = 0.0
    mention_count: int = 0

    def to_contract(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind}


@dataclass
class FoundEvent:
    date: dt.date | None
    kind: str
    location: str | None = None
    lead: str | None = None  # name of the official who chaired / headed / directed
    host_unit: str | None = None  # canonical name of the unit that held or received it
    participants: list[str] = field(default_factory=list)
    units: list[str] = field(default_factory=list)
    summary: str = ""
    date_text: str | None = None  # as printed: "Ngày 03/8"
    year_inferred: bool = False  # the year came from the publication date, not the text
    accompanying: list[str] = field(default_factory=list)  # "Nhân dịp này, ... tặng quà"
    confidence: float = 0.0

    @property
    def host(self) -> str | None:
        return self.host_unit

    def to_contract(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat() if self.date else None,
            "kind": self.kind,
            "location": self.location,
            "lead": self.lead,
        }


@dataclass
class Recognition:
    officials: list[FoundOfficial] = field(default_factory=list)
    units: list[FoundUnit] = field(default_factory=list)
    events: list[FoundEvent] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    province: str | None = None  # the province the article is about, when one stands out

    def to_contract(self) -> dict[str, Any]:
        return {
            "officials": [o.to_contract() for o in self.officials],
            "units": [u.to_contract() for u in self.units],
            "events": [e.to_contract() for e in self.events],
        }

    def official(self, name: str) -> FoundOfficial | None:
        from newsroom.text import name_key

        key = name_key(name)
        return next((o for o in self.officials if o.name_key == key), None)

    def unit(self, name: str) -> FoundUnit | None:
        from newsroom.text import name_key

        key = name_key(name)
        for u in self.units:
            if name_key(u.name) == key or any(name_key(a) == key for a in u.aliases_seen):
                return u
        return None
