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
