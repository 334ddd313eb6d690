"""Reads of the directory alone: rank order, leaders' order, the unit tree.

What depends on articles (is an official named in a published article?) is in
articles.selectors: `people` never imports `articles`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, Value, When

from .models import RANK_ORDER, Unit


def rank_order(field_name: str = "current_rank"):
    """An SQL expression ordering ranks from Đại tướng down; no rank last."""
    whens = [When(**{field_name: rank}, then=Value(index)) for rank, index in RANK_ORDER.items()]
    return Case(*whens, default=Value(len(RANK_ORDER)), output_field=IntegerField())


LEADER_TITLE_ORDER = ["Giám đốc", "Phó Giám đốc", "Chánh", "Trưởng", "Phó"]


def leader_sort_key(title: str, rank: str, name: str) -> tuple:
    """The head of a unit first, then deputies, then by rank and name. A title may list party
    posts first ("Ủy viên Ban Thường vụ Tỉnh ủy, Giám đốc Công an tỉnh"): every
    comma-separated part counts, the most senior one wins."""
    parts = [part.strip() for part in (title or "").split(",")]
    order = min(
        (
            index
            for part in parts
            for index, prefix in enumerate(LEADER_TITLE_ORDER)
            if part.startswith(prefix)
        ),
        default=len(LEADER_TITLE_ORDER),
    )
    return (order, RANK_ORDER.get(rank, len(RANK_ORDER)), name)


@dataclass
class Leader:
    """An official as a unit's page lists him: once, with every title he held there."""

    official: object
    titles: list[str]
    last_seen: object = None


def leaders_from_positions(positions) -> list[Leader]:
    """One Leader per official (positions most recent first), head of the unit first."""
    leaders: dict[int, Leader] = {}
    for position in positions:
        leader = leaders.get(position.official_id)
        if leader is None:
            leaders[position.official_id] = Leader(
                position.official, [position.title], position.shown_last_seen
            )
            continue
        if position.title not in leader.titles:
            leader.titles.append(position.title)
        seen = position.shown_last_seen
        if seen and (leader.last_seen is None or seen > leader.last_seen):
            leader.last_seen = seen

    def key(leader: Leader) -> tuple:
        official = leader.official
        return min(leader_sort_key(t, official.shown_rank, official.name) for t in leader.titles)

    for leader in leaders.values():
        leader.titles.sort(key=lambda t: leader_sort_key(t, "", ""))
    return sorted(leaders.values(), key=key)


# The police organisation; other bodies an article names (a ministry, a hospital, a party
# committee) are listed apart on the units page, not mixed into it.
POLICE_KINDS = frozenset(
    {
        Unit.Kind.POLICE_MINISTRY,
        Unit.Kind.POLICE_DEPARTMENT,
        Unit.Kind.PROVINCIAL_POLICE,
        Unit.Kind.POLICE_DIVISION,
        Unit.Kind.DISTRICT_POLICE,
    }
)


def is_police(unit: Unit) -> bool:
    return unit.kind in POLICE_KINDS


@dataclass
class UnitNode:
    unit: Unit
    children: list[UnitNode] = field(default_factory=list)


def unit_forest(units: list[Unit]) -> tuple[list[UnitNode], dict[int, UnitNode]]:
    """Roots of the unit tree and every node by primary key, built in Python from one query.

    A unit whose parent is hidden or missing is a root; a link that would close a cycle an
    editor made (A under B under A) is cut there, so the tree always ends.
    """
    nodes = {unit.pk: UnitNode(unit) for unit in units}
    attached: dict[int, int] = {}  # child pk -> parent pk
    roots = []
    for unit in units:
        parent_pk = unit.parent_id
        if parent_pk in nodes and not _is_above(unit.pk, parent_pk, attached):
            attached[unit.pk] = parent_pk
            nodes[parent_pk].children.append(nodes[unit.pk])
        else:
            roots.append(nodes[unit.pk])
    return roots, nodes


def _is_above(candidate: int, start: int, attached: dict[int, int]) -> bool:
    """Whether `candidate` is `start` or one of its attached ancestors."""
    node = start
    while node is not None:
        if node == candidate:
            return True
        node = attached.get(node)
    return False
