"""Editors' corrections: merge, split and aliases lose nothing and stick."""

import datetime

import pytest
from django.urls import reverse

from articles.models import OfficialMention, UnitMention
from articles.services.curation import split_official
from articles.tests.factories import ArticleFactory, EventFactory
from people.models import Official, Position, Unit, UnitAlias
from people.services import merge_officials, merge_units

pytestmark = pytest.mark.django_db


@pytest.fixture
def duplicates():
    unit = Unit.objects.create(name="Công an tỉnh Hậu Giang", kind=Unit.Kind.PROVINCIAL_POLICE)
    first = Official.objects.create(name="Huỳnh Việt Hòa", current_rank="Thượng tá", unit=unit)
    second = Official.objects.create(name="Huỳnh Viết Hòa", current_rank="Đại tá")
    second.rank_as_of = datetime.date(2023, 1, 1)
    second.save()
    a1, a2, a3 = ArticleFactory.create_batch(3)
    OfficialMention.objects.create(
        article=a1, official=first, rank="Thượng tá", titles=["Giám đốc"]
    )
    OfficialMention.objects.create(article=a2, official=second, rank="Đại tá", titles=["Giám đốc"])
    # Both spellings in one article: the merge must combine, not drop, the titles.
    OfficialMention.objects.create(article=a3, official=first, titles=["Giám đốc Công an tỉnh"])
    OfficialMention.objects.create(article=a3, official=second, titles=["Ủy viên Ban Thường vụ"])
    Position.objects.create(
        official=first, unit=unit, title="Giám đốc", last_seen=datetime.date(2021, 1, 1)
    )
    Position.objects.create(
        official=second, unit=unit, title="Giám đốc", last_seen=datetime.date(2023, 1, 1)
    )
    event = EventFactory(lead_official=second)
    event.officials.add(first, second)
    return first, second, unit, event


def test_merge_officials_moves_everything_and_keeps_the_name(duplicates):
    first, second, _unit, event = duplicates
    merge_officials(source=second, target=first)
    assert not Official.objects.filter(pk=second.pk).exists()
    assert OfficialMention.objects.filter(official=first).count() == 3
    combined = OfficialMention.objects.filter(official=first).order_by("article_id").last()
    assert set(combined.titles) == {"Giám đốc Công an tỉnh", "Ủy viên Ban Thường vụ"}
    position = Position.objects.get(official=first)
    assert position.last_seen == datetime.date(2023, 1, 1)
    event.refresh_from_db()
    assert event.lead_official == first
    assert list(event.officials.all()) == [first]
    first.refresh_from_db()
    assert first.current_rank == "Đại tá"  # the later rank wins
    assert list(Official.objects.named("Huỳnh Viết Hòa")) == [first]  # old spelling still finds


def test_merge_units_moves_mentions_children_aliases_and_events():
    ministry = Unit.objects.create(name="Bộ Công an")
    right = Unit.objects.create(name="Công an Thành phố Hồ Chí Minh", parent=ministry)
    wrong = Unit.objects.create(name="Công an TP HCM (nhập sai)")
    UnitAlias.objects.create(unit=wrong, name="Công an TPHCM")
    child = Unit.objects.create(name="Phòng Cảnh sát hình sự TPHCM", parent=wrong)
    article = ArticleFactory()
    UnitMention.objects.create(article=article, unit=wrong)
    UnitMention.objects.create(article=article, unit=right)
    other = ArticleFactory()
    UnitMention.objects.create(article=other, unit=wrong)
    official = Official.objects.create(name="Lê Hồng Nam", unit=wrong)
    event = EventFactory(host_unit=wrong)
    event.units.add(wrong)
    merge_units(source=wrong, target=right)
    assert set(UnitMention.objects.values_list("article_id", "unit_id")) == {
        (article.pk, right.pk),
        (other.pk, right.pk),
    }
    child.refresh_from_db()
    official.refresh_from_db()
    event.refresh_from_db()
    assert child.parent == right
    assert official.unit == right
    assert event.host_unit == right and list(event.units.all()) == [right]
    assert list(Unit.objects.by_alias("cong an tphcm")) == [right]
    assert list(Unit.objects.by_alias("Công an TP HCM (nhập sai)")) == [right]


def test_split_official_keeps_two_people_apart(duplicates):
    first, _second, _unit, _event = duplicates
    other_unit = Unit.objects.create(name="Công an tỉnh Sóc Trăng")
    article = ArticleFactory()
    mention = OfficialMention.objects.create(
        article=article, official=first, titles=["Phó Giám đốc"], unit=other_unit
    )
    new = split_official(official=first, mentions=[mention], name="Huỳnh Việt Hòa")
    assert new.pk != first.pk
    mention.refresh_from_db()
    assert mention.official == new and mention.confirmed
    assert OfficialMention.objects.filter(official=first).count() == 2
    with pytest.raises(ValueError):
        split_official(official=first, mentions=[])


def test_admin_merge_action_confirms_then_merges(admin_client, duplicates):
    first, second, *_ = duplicates
    url = reverse("admin:people_official_changelist")
    data = {"action": "merge", "_selected_action": [first.pk, second.pk]}
    page = admin_client.post(url, data)
    assert page.status_code == 200
    content = page.content.decode()
    assert "Gộp" in content and "cán bộ được nhắc đến" in content
    assert Official.objects.count() == 2  # nothing merged before confirmation
    response = admin_client.post(url, {**data, "confirm": "yes", "target": first.pk})
    assert response.status_code == 302
    assert list(Official.objects.all()) == [first]


def test_admin_alias_editing_resolves_new_spelling(admin_client):
    unit = Unit.objects.create(name="Công an thành phố Đà Nẵng")
    url = reverse("admin:people_unit_change", args=[unit.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {key: value for key, value in form.initial.items() if value is not None}
    data.update(
        {
            "name": unit.name,
            "slug": unit.slug,
            "kind": unit.kind,
            "aliases-TOTAL_FORMS": "1",
            "aliases-INITIAL_FORMS": "0",
            "aliases-0-name": "Công an TP. Đà Nẵng",
            "mentions-TOTAL_FORMS": "0",  # the articles naming the unit (none here)
            "mentions-INITIAL_FORMS": "0",
        }
    )
    data.pop("parent", None)
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(Unit.objects.by_alias("cong an tp. da nang")) == [unit]
