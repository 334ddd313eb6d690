"""Resolution: what the recogniser finds becomes one record per person, unit and event."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles.ingestion.service import import_page
from articles.models import Article, Event, MentionToReview, OfficialMention, UnitMention
from articles.selectors import public_positions, with_public_facts
from newsroom.text import fold, name_key
from people.models import Official, Position, Unit

pytestmark = pytest.mark.django_db

HCM_SPELLINGS = [
    "Công an TP Hồ Chí Minh",
    "Công an TP. Hồ Chí Minh",
    "Công an Thành phố Hồ Chí Minh",
    "Công an TPHCM",
    "Công an TP.HCM",
]


@pytest.fixture
def seeded():
    call_command("seed", stdout=StringIO())


def seed_article(prefix: str) -> Article:
    return Article.objects.get(provenance__file_name__startswith=prefix)


def counts() -> dict[str, int]:
    return {
        "officials": Official.objects.count(),
        "units": Unit.objects.count(),
        "events": Event.objects.count(),
        "positions": Position.objects.count(),
        "official_mentions": OfficialMention.objects.count(),
        "unit_mentions": UnitMention.objects.count(),
        "event_links": Event.articles.through.objects.count(),
    }


def test_seed_gives_one_official_per_person(seeded):
    keys = list(Official.objects.values_list("name_key", flat=True))
    assert len(keys) == len(set(keys)), "two officials with one name after the seed"

    hung = Official.objects.get(name="Lê Quốc Hùng")
    assert {seed_article("001"), seed_article("002")} == set(hung.articles.all())
    hoa = Official.objects.get(name="Huỳnh Việt Hòa")
    assert {seed_article("000"), seed_article("001")} == set(hoa.articles.all())
    # The seed names exactly these people as officials (bylines and credits are not).
    assert {o.name for o in Official.objects.all()} == {
        "Huỳnh Việt Hòa",
        "Lâm Phước Nguyên",
        "Lê Hồng Nam",
        "Lê Minh Tấn",
        "Lê Quốc Hùng",
        "Nghiêm Xuân Thành",
        "Nguyễn Minh Ngọc",
        "Nguyễn Phước Hưng",
        "Nguyễn Văn Sơn",
        "Đồng Văn Thanh",
    }


def test_seed_gives_one_unit_for_ho_chi_minh_city_police_however_spelt(seeded):
    found = {Unit.objects.by_alias(spelling).get() for spelling in HCM_SPELLINGS}
    assert len(found) == 1
    (unit,) = found
    assert unit.kind == Unit.Kind.PROVINCIAL_POLICE
    assert unit.parent.name == "Bộ Công an"
    similar = [
        u
        for u in Unit.objects.filter(kind=Unit.Kind.PROVINCIAL_POLICE)
        if "ho chi minh" in u.name_key
    ]
    assert similar == [unit]
    # Named in 000, 003 and 004 under three spellings, linked to the one unit.
    assert set(unit.articles.all()) == {seed_article(p) for p in ("000", "003", "004")}


def test_seeds_000_and_004_report_one_event(seeded):
    first, second = seed_article("000"), seed_article("004")
    (event,) = first.events.all()
    assert list(second.events.all()) == [event]
    assert event.date == datetime.date(2021, 11, 1)
    assert event.kind == Event.Kind.WORKING_VISIT
    assert event.lead_official.name == "Lê Hồng Nam"
    assert event.host_unit.name == "Công an tỉnh Hậu Giang"
    assert Event.objects.filter(date=datetime.date(2021, 11, 1)).count() == 1


def test_current_rank_and_positions_follow_the_articles(seeded):
    hung = with_public_facts(Official.objects.filter(name="Lê Quốc Hùng")).get()
    # Read from the published articles; nothing an editor typed on the record.
    assert (hung.current_rank, hung.current_title, hung.unit) == ("", "", None)
    assert hung.shown_rank == "Thiếu tướng"
    assert hung.shown_unit.name == "Bộ Công an"
    deputy = public_positions(Position.objects.filter(official=hung)).get(
        title="Thứ trưởng Bộ Công an"
    )
    # 002 (13/7/2021) and 001 (3/8/2021 by the manifest) both print the title.
    shown_in = Article.objects.filter(position_sightings__position=deputy)
    days = sorted(timezone.localdate(a.published_at) for a in shown_in)
    assert len(days) == 2
    assert (deputy.shown_first_seen, deputy.shown_last_seen) == (days[0], days[-1])
    assert (deputy.first_seen, deputy.last_seen) == (None, None)
    # The rank as printed stays on each mention.
    assert set(hung.mentions.values_list("rank", flat=True)) == {"Thiếu tướng"}


def test_seeding_twice_duplicates_nothing(seeded):
    before = counts()
    call_command("seed", stdout=StringIO())
    assert counts() == before


PAGE = """Công an tỉnh Trà Vinh sơ kết công tác quý III

Thứ Sáu, 06/10/2023 09:15

Sáng 6/10, Công an tỉnh Trà Vinh tổ chức hội nghị sơ kết công tác bảo đảm an ninh trật tự \
quý III năm 2023. Đại tá {name}, Giám đốc Công an tỉnh chủ trì hội nghị.

Dự hội nghị có lãnh đạo Phòng Cảnh sát hình sự Công an tỉnh Trà Vinh, lãnh đạo Công an \
các huyện, thị xã, thành phố trong tỉnh cùng đại diện các sở, ngành liên quan của địa phương.

Phát biểu chỉ đạo, Đại tá {short} yêu cầu các đơn vị tập trung tấn công trấn áp tội phạm.

Thanh Tâm
"""


def page_bytes(name: str = "Nguyễn Văn Hoà", short: str = "Nguyễn Văn Hoà", **changes) -> bytes:
    text = PAGE.format(name=name, short=short)
    for old, new in changes.items():
        text = text.replace(old, new)
    return text.encode()


def test_tone_mark_placement_does_not_make_two_people():
    import_page(data=page_bytes("Nguyễn Văn Hoà"), file_name="a.txt")
    import_page(
        data=page_bytes("Nguyễn Văn Hòa", "Nguyễn Văn Hòa").replace(b"III", b"II"),
        file_name="b.txt",
    )
    assert Article.objects.count() == 2
    (official,) = Official.objects.filter(name_key=name_key("Nguyễn Văn Hòa"))
    assert official.articles.count() == 2


def test_unit_parent_follows_the_name():
    import_page(data=page_bytes(), file_name="a.txt")
    division = Unit.objects.by_alias("Phòng Cảnh sát hình sự Công an tỉnh Trà Vinh").get()
    assert division.parent.name == "Công an tỉnh Trà Vinh"
    assert division.parent.parent.name == "Bộ Công an"
    # "Công an các huyện" is a generic plural, not a unit.
    assert not Unit.objects.filter(name_key__startswith=fold("Công an các")).exists()


def test_reimport_keeps_an_editors_removal_and_correction():
    outcome = import_page(data=page_bytes(), file_name="a.txt")
    article = Article.objects.get(pk=outcome.article_id)
    division = Unit.objects.by_alias("Phòng Cảnh sát hình sự Công an tỉnh Trà Vinh").get()
    # The editor removes a unit mention and corrects the event's place.
    UnitMention.objects.filter(article=article, unit=division).delete()
    (event,) = article.events.all()
    event.location = "Hội trường Công an tỉnh Trà Vinh"
    event.save()
    before = counts()

    again = import_page(data=page_bytes(), file_name="a.txt", update=True)

    assert again.action == "unchanged"
    assert counts() == before
    assert not UnitMention.objects.filter(article=article, unit=division).exists()
    event.refresh_from_db()
    assert event.location == "Hội trường Công an tỉnh Trà Vinh"


def test_update_adds_what_a_better_recogniser_finds_but_not_what_an_editor_removed(monkeypatch):
    from articles.ingestion import service

    real = service.recognise_page

    def older_recogniser(page, **kwargs):  # knew units but no officials
        real(page, **kwargs)
        page.officials = []

    monkeypatch.setattr(service, "recognise_page", older_recogniser)
    outcome = import_page(data=page_bytes(), file_name="a.txt")
    article = Article.objects.get(pk=outcome.article_id)
    assert not article.officials.exists()
    division = Unit.objects.by_alias("Phòng Cảnh sát hình sự Công an tỉnh Trà Vinh").get()
    UnitMention.objects.filter(article=article, unit=division).delete()  # the editor's choice

    monkeypatch.setattr(service, "recognise_page", real)
    again = import_page(data=page_bytes(), file_name="a.txt", update=True)

    assert again.action == "updated" and "mentions" in again.reason
    assert list(article.officials.values_list("name", flat=True)) == ["Nguyễn Văn Hòa"]
    assert not UnitMention.objects.filter(article=article, unit=division).exists()


def test_same_name_in_two_units_can_be_kept_apart_after_a_split():
    from articles.services.curation import split_official

    import_page(data=page_bytes(), file_name="a.txt")
    other = (
        PAGE.format(name="Nguyễn Văn Hoà", short="Nguyễn Văn Hoà")
        .replace("Trà Vinh", "Vĩnh Long")
        .replace("III", "II")
    )
    import_page(data=other.encode(), file_name="b.txt")
    (merged,) = Official.objects.filter(name_key=name_key("Nguyễn Văn Hoà"))
    vinh_long_mention = merged.mentions.get(unit__name="Công an tỉnh Vĩnh Long")
    split_official(official=merged, mentions=[vinh_long_mention])
    tra_vinh, vinh_long = (
        Official.objects.get(mentions__unit__name=f"Công an tỉnh {p}")
        for p in ("Trà Vinh", "Vĩnh Long")
    )
    assert tra_vinh != vinh_long

    # A third article about the Vĩnh Long director goes to the Vĩnh Long person.
    third = other.replace("II", "IV").replace("06/10/2023", "05/01/2024").replace("6/10", "5/1")
    import_page(data=third.encode(), file_name="c.txt")
    assert vinh_long.articles.count() == 2
    assert tra_vinh.articles.count() == 1


def test_review_list_holds_unsure_mentions_until_confirmed(admin_client):
    import_page(data=page_bytes(), file_name="a.txt")
    mention = OfficialMention.objects.get()
    OfficialMention.objects.filter(pk=mention.pk).update(confidence=0.4)
    url = reverse("admin:articles_mentiontoreview_changelist")

    assert list(MentionToReview.objects.to_review()) == [mention]
    response = admin_client.get(url)
    assert response.status_code == 200
    assert "Nguyễn Văn Hòa" in response.content.decode()  # stored with one tone convention

    response = admin_client.post(
        url, {"action": "confirm_mentions", "_selected_action": [mention.pk]}, follow=True
    )
    assert response.status_code == 200
    mention.refresh_from_db()
    assert mention.confirmed
    assert not MentionToReview.objects.to_review().exists()


def test_split_action_in_the_admin(admin_client):
    import_page(data=page_bytes(), file_name="a.txt")
    import_page(
        data=PAGE.format(name="Nguyễn Văn Hoà", short="Nguyễn Văn Hoà")
        .replace("Trà Vinh", "Vĩnh Long")
        .encode(),
        file_name="b.txt",
    )
    official = Official.objects.get()
    vinh_long = official.mentions.get(unit__name="Công an tỉnh Vĩnh Long")
    url = reverse("admin:articles_officialmention_changelist")
    admin_client.post(url, {"action": "split_mentions", "_selected_action": [vinh_long.pk]})
    assert Official.objects.count() == 2
    vinh_long.refresh_from_db()
    assert vinh_long.official != official and vinh_long.confirmed


NO_YEAR = {"Thứ Sáu, 06/10/2023 09:15\n\n": "", "quý III năm 2023": "quý III"}


def test_an_event_without_a_year_is_found_again_not_made_anew():
    """A page with no year gives an event with no date: importing the page again (after the
    article was deleted, or another site's copy of it) finds that event."""
    import_page(data=page_bytes(**NO_YEAR), file_name="a.txt")
    (event,) = Event.objects.all()
    assert event.date is None
    Article.objects.all().delete()
    import_page(data=page_bytes(**NO_YEAR), file_name="a.txt")
    copy = {**NO_YEAR, "Thanh Tâm": "Hội nghị cũng tổng kết phong trào thi đua.\n\nThanh Tâm"}
    import_page(data=page_bytes(**copy), file_name="copy.txt")
    assert Article.objects.count() == 2
    assert list(Event.objects.all()) == [event]
    assert event.articles.count() == 2


def test_another_undated_event_of_the_same_unit_stays_apart():
    import_page(data=page_bytes(**NO_YEAR), file_name="a.txt")
    other = {
        **NO_YEAR,
        "sơ kết công tác quý III\n": "tổng kết phong trào thi đua\n",
        "Thanh Tâm": "Một đoạn khác.\n\nThanh Tâm",
    }
    import_page(data=page_bytes(**other), file_name="b.txt")
    assert Event.objects.count() == 2
