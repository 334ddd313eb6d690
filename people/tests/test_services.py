"""Writes to the directory: merges keep every row of `people`; loading the gazetteer."""

import datetime

import pytest

from people.models import Official, OfficialAlias, Position, Unit, UnitAlias
from people.services import load_units, merge_officials, merge_units
from people.signals import officials_merged
from people.tests.factories import OfficialFactory, UnitFactory

pytestmark = pytest.mark.django_db


def test_merge_officials_refuses_self():
    official = OfficialFactory()
    with pytest.raises(ValueError):
        merge_officials(source=official, target=official)
    assert Official.objects.filter(pk=official.pk).exists()


def test_merge_officials_moves_positions_aliases_and_keeps_the_later_rank():
    unit = UnitFactory(name="Công an tỉnh Hậu Giang", kind=Unit.Kind.PROVINCIAL_POLICE)
    kept = OfficialFactory(name="Huỳnh Việt Hòa", current_rank="Thượng tá")
    kept.rank_as_of = datetime.date(2021, 1, 1)
    kept.save()
    duplicate = OfficialFactory(name="Huỳnh Viết Hòa", current_rank="Đại tá")
    duplicate.rank_as_of = datetime.date(2023, 1, 1)
    duplicate.save()
    Position.objects.create(official=kept, unit=unit, title="Giám đốc")
    Position.objects.create(
        official=duplicate, unit=unit, title="Giám đốc", last_seen=datetime.date(2023, 1, 1)
    )
    OfficialAlias.objects.create(official=duplicate, name="Hòa Huỳnh")
    received = []
    officials_merged.connect(
        lambda sender, **kw: received.append(kw), weak=False, dispatch_uid="test"
    )
    try:
        merge_officials(source=duplicate, target=kept)
    finally:
        officials_merged.disconnect(dispatch_uid="test")

    assert list(Official.objects.all()) == [kept]
    kept.refresh_from_db()
    assert kept.current_rank == "Đại tá"
    position = Position.objects.get()
    assert position.official == kept and position.last_seen == datetime.date(2023, 1, 1)
    assert list(Official.objects.named("Huỳnh Viết Hòa")) == [kept]
    assert list(Official.objects.named("Hòa Huỳnh")) == [kept]
    assert received and received[0]["target"] == kept


def test_merge_units_moves_children_officials_and_names():
    ministry = UnitFactory(name="Bộ Công an", kind=Unit.Kind.POLICE_MINISTRY)
    right = UnitFactory(name="Công an Thành phố Hồ Chí Minh", parent=ministry)
    wrong = UnitFactory(name="Công an TP HCM (nhập sai)")
    UnitAlias.objects.create(unit=wrong, name="Công an TPHCM")
    child = UnitFactory(name="Phòng Cảnh sát hình sự Công an TP HCM", parent=wrong)
    official = OfficialFactory(unit=wrong)

    merge_units(source=wrong, target=right)

    assert not Unit.objects.filter(pk=wrong.pk).exists()
    child.refresh_from_db()
    official.refresh_from_db()
    assert child.parent == right and official.unit == right
    assert list(Unit.objects.by_alias("cong an tphcm")) == [right]
    assert list(Unit.objects.by_alias("Công an TP HCM (nhập sai)")) == [right]


def test_merge_units_refuses_self():
    unit = UnitFactory()
    with pytest.raises(ValueError):
        merge_units(source=unit, target=unit)


def test_load_units_creates_parents_once_and_is_idempotent():
    records = [
        {"name": "Bộ Công an", "kind": "police_ministry"},
        {"name": "Công an tỉnh Hậu Giang", "kind": "provincial_police", "parent": "Bộ Công an"},
    ]
    first = load_units(records)
    again = load_units(records)
    assert first["created"] == 2 and again["created"] == 0
    assert Unit.objects.get(name="Công an tỉnh Hậu Giang").parent.name == "Bộ Công an"


def test_load_units_refuses_a_parent_cycle():
    records = [
        {"name": "Phòng A", "parent": "Phòng B"},
        {"name": "Phòng B", "parent": "Phòng A"},
    ]
    with pytest.raises(ValueError, match="lặp vòng"):
        load_units(records)
