"""Reads of the directory alone: the order of leaders and ranks, the unit tree."""

import pytest

from people.models import Official, Unit
from people.selectors import leader_sort_key, rank_order, unit_forest


def test_leader_sort_key_puts_the_head_first_even_after_party_posts():
    director = leader_sort_key(
        "Ủy viên Ban Thường vụ Tỉnh ủy, Giám đốc Công an tỉnh", "Đại tá", "Nguyễn Văn A"
    )
    deputy = leader_sort_key("Phó Giám đốc Công an tỉnh", "Thiếu tướng", "Trần Văn B")
    nobody = leader_sort_key("", "Đại tướng", "Lê Văn C")
    assert sorted([nobody, deputy, director]) == [director, deputy, nobody]


def test_leader_sort_key_orders_equal_titles_by_rank_then_name():
    higher = leader_sort_key("Phó Giám đốc", "Đại tá", "Zô Văn Z")
    lower = leader_sort_key("Phó Giám đốc", "Thượng tá", "An Văn A")
    assert higher < lower


def unit(pk, parent=None, name=None):
    return Unit(pk=pk, parent_id=parent, name=name or f"Đơn vị {pk}")


def test_unit_forest_builds_the_tree_from_a_flat_list():
    roots, nodes = unit_forest([unit(1), unit(2, 1), unit(3, 2), unit(4)])
    assert [node.unit.pk for node in roots] == [1, 4]
    assert [child.unit.pk for child in nodes[1].children] == [2]
    assert [child.unit.pk for child in nodes[2].children] == [3]


def test_unit_forest_cuts_a_cycle_and_makes_an_orphan_a_root():
    # 1 -> 2 -> 1 is a cycle an editor made; 5's parent (99) is hidden or missing.
    roots, _ = unit_forest([unit(1, 2), unit(2, 1), unit(5, 99)])
    root_pks = {node.unit.pk for node in roots}
    assert 5 in root_pks
    assert len(root_pks & {1, 2}) == 1  # exactly one of the pair becomes the root


@pytest.mark.django_db
def test_rank_order_sorts_from_the_highest_rank_and_no_rank_last():
    for name, rank in [("A", "Thiếu tá"), ("B", ""), ("C", "Thiếu tướng"), ("D", "Đại tá")]:
        Official.objects.create(name=f"Nguyễn Văn {name}", current_rank=rank)
    ordered = Official.objects.order_by(rank_order(), "name").values_list("current_rank", flat=True)
    assert list(ordered) == ["Thiếu tướng", "Đại tá", "Thiếu tá", ""]
