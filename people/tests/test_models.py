"""The directory's models: slugs and keys that fold Vietnamese, aliases, the unit tree."""

import pytest
from django.db import IntegrityError

from people.models import Official, Unit, UnitAlias

pytestmark = pytest.mark.django_db


def test_official_slug_and_keys_fold_diacritics_and_tone_placement():
    official = Official.objects.create(name="Huỳnh Việt Hoà")
    assert official.slug == "huynh-viet-hoa"
    assert official.search_key == "huynh viet hoa"
    assert Official.objects.named("Huỳnh Việt Hòa").get() == official


def test_unit_alias_lookup_ignores_accents_and_case():
    unit = Unit.objects.create(
        name="Công an Thành phố Hồ Chí Minh", kind=Unit.Kind.PROVINCIAL_POLICE
    )
    UnitAlias.objects.create(unit=unit, name="Công an TPHCM")
    assert list(Unit.objects.by_alias("cong an tphcm")) == [unit]
    assert list(Unit.objects.by_alias("CÔNG AN THÀNH PHỐ HỒ CHÍ MINH")) == [unit]


def test_unit_name_is_unique_whatever_the_accents():
    Unit.objects.create(name="Công an tỉnh Hậu Giang")
    with pytest.raises(IntegrityError):
        Unit.objects.create(name="Cong an tinh Hau Giang", slug="other")


def test_unit_ancestors_stop_on_a_cycle():
    ministry = Unit.objects.create(name="Bộ Công an")
    province = Unit.objects.create(name="Công an tỉnh Hậu Giang", parent=ministry)
    division = Unit.objects.create(name="Phòng Tham mưu", parent=province)
    assert division.ancestors() == [province, ministry]
    ministry.parent = division
    ministry.save()
    assert division.ancestors() == [province, ministry]
