"""What readers see of officials, positions and events comes from published articles (or an
editor's entry): a draft imported or saved changes no public page, and publishing,
unpublishing, archiving, scheduling and expiry change them at once, with no job (issue 12,
defect 1)."""

from __future__ import annotations

import datetime
from io import StringIO
from unittest import mock

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles.ingestion.service import import_page
from articles.models import Article, Event
from articles.services import workflow
from articles.services.recognition import recognise_article
from articles.tests.factories import ArticleFactory
from articles.tests.workflow_helpers import make_user
from people.models import Official, Position, Unit

pytestmark = pytest.mark.django_db

DRAFT_DAY = "02/11/2026"

# A page the seed's director is named on as "Đại tá" (the seeds print "Thượng tá"), with
# the position "Giám đốc Công an tỉnh Hậu Giang", dated after every seed.
RANK_PAGE = f"""Công an tỉnh Hậu Giang triển khai nhiệm vụ trọng tâm năm 2027

Thứ hai - {DRAFT_DAY} 08:00 10 0
        Ngày {DRAFT_DAY}, tại Hội trường Công an tỉnh Hậu Giang, đồng chí Đại tá Huỳnh Việt Hòa, \
Ủy viên Ban Thường vụ Tỉnh ủy, Giám đốc Công an tỉnh Hậu Giang chủ trì hội nghị triển khai \
nhiệm vụ trọng tâm năm 2027.
Đồng chí Đại tá Huỳnh Việt Hòa đề nghị các đơn vị tập trung thực hiện tốt nhiệm vụ.
"""

# A second page about the seeds' public event (01/11/2021, led by Lê Hồng Nam), naming an
# officer no published article knows.
EVENT_PAGE = """Đoàn công tác Công an Thành phố Hồ Chí Minh thăm Công an tỉnh Hậu Giang

Thứ hai - 01/11/2021 23:30 10 0
        Ngày 01/11/2021, tại Hội trường trực tuyến Công an tỉnh Hậu Giang, đồng chí Thiếu tướng \
Lê Hồng Nam, Giám đốc Công an Thành phố Hồ Chí Minh làm Trưởng đoàn đến thăm, chia sẻ kinh \
nghiệm công tác phòng, chống dịch COVID-19 tại Công an tỉnh Hậu Giang; cùng dự có đồng chí \
Thượng tá Trần Quốc Bảo, Phó Trưởng phòng Tham mưu Công an tỉnh Hậu Giang.
"""
SECRET_OFFICER = "Trần Quốc Bảo"


@pytest.fixture
def seeded():
    call_command("seed", stdout=StringIO())


def director() -> Official:
    return Official.objects.get(name="Huỳnh Việt Hòa")


def the_event() -> Event:
    return Event.objects.get(date=datetime.date(2021, 11, 1))


def pages() -> dict[str, str]:
    unit = Unit.objects.by_alias("Công an tỉnh Hậu Giang").get()
    return {
        "home": reverse("articles:home"),
        "officials": reverse("people:officials"),
        "official": director().get_absolute_url(),
        "unit": unit.get_absolute_url(),
        "events": reverse("articles:events"),
        "event": the_event().get_absolute_url(),
    }


def render(client) -> dict[str, str]:
    out = {}
    for name, url in pages().items():
        for alias in ("default", "pages"):
            caches[alias].clear()  # the visitor counters the footer shows
        response = client.get(url)
        assert response.status_code == 200, url
        out[name] = response.content.decode()
    return out


def import_text(text: str, status: str, name: str = "page.txt") -> Article:
    outcome = import_page(data=text.encode(), file_name=name, status=status)
    return Article.objects.get(pk=outcome.article_id)


def shows_draft_rank(html: str) -> bool:
    return "Đại tá Huỳnh Việt Hòa" in html or DRAFT_DAY in html


# --- the reported case ----------------------------------------------------------------


def test_a_draft_import_changes_no_public_page(client, seeded):
    assert "Đại tá Huỳnh Việt Hòa" not in str(render(client))
    before = render(client)
    import_text(RANK_PAGE, Article.Status.DRAFT, "rank.txt")
    import_text(EVENT_PAGE, Article.Status.DRAFT, "event.txt")
    assert the_event().articles.count() == 3  # the draft joined the public event
    after = render(client)
    for name in before:
        assert after[name] == before[name], name


def test_a_draft_import_moves_no_validator(client, seeded):
    """Nor the ETag and Last-Modified: they would tell outsiders that editors are at work on
    the director and the event (issue 12, defect 12)."""
    home = reverse("articles:home")
    before = client.get(home)
    import_text(RANK_PAGE, Article.Status.DRAFT, "rank.txt")
    import_text(EVENT_PAGE, Article.Status.DRAFT, "event.txt")
    after = client.get(home)
    assert after.headers["ETag"] == before.headers["ETag"]
    assert after.headers["Last-Modified"] == before.headers["Last-Modified"]


def test_a_draft_leaves_the_official_record_as_the_editor_left_it(seeded):
    import_text(RANK_PAGE, Article.Status.DRAFT)
    official = director()
    assert (official.current_rank, official.current_title, official.rank_as_of) == ("", "", None)
    position = Position.objects.get(official=official, title="Giám đốc Công an tỉnh Hậu Giang")
    assert (position.first_seen, position.last_seen, position.rank) == (None, None, "")


# --- each fact, published and hidden ------------------------------------------------


@pytest.mark.parametrize("page", ["official", "officials", "home", "unit"])
def test_rank_follows_publication(client, seeded, page):
    draft = import_text(RANK_PAGE, Article.Status.DRAFT)
    editor = make_user("editor")
    assert not shows_draft_rank(client.get(pages()[page]).content.decode())
    workflow.transition(draft, Article.Status.PUBLISHED, editor)
    assert "Đại tá Huỳnh Việt Hòa" in client.get(pages()[page]).content.decode()
    workflow.transition(draft, Article.Status.ARCHIVED, editor)
    assert not shows_draft_rank(client.get(pages()[page]).content.decode())


def test_position_dates_follow_publication(client, seeded):
    draft = import_text(RANK_PAGE, Article.Status.DRAFT)
    url = pages()["official"]
    assert DRAFT_DAY not in client.get(url).content.decode()
    draft.status, draft.published_at = Article.Status.PUBLISHED, timezone.now()
    draft.save()
    draft.published_at = timezone.make_aware(datetime.datetime(2026, 11, 2, 8, 0))
    draft.save()
    assert f"đến {DRAFT_DAY}" in client.get(url).content.decode()
    draft.status = Article.Status.DRAFT  # unpublished
    draft.save()
    assert DRAFT_DAY not in client.get(url).content.decode()


def test_a_position_only_a_draft_shows_is_not_shown(client, seeded):
    page = RANK_PAGE.replace("Giám đốc Công an tỉnh Hậu Giang", "Chánh Văn phòng Công an tỉnh")
    import_text(page, Article.Status.DRAFT)
    assert Position.objects.filter(title__startswith="Chánh Văn phòng").exists()
    for url in (pages()["official"], pages()["unit"]):
        assert "Chánh Văn phòng" not in client.get(url).content.decode()


def test_title_follows_publication(client, seeded):
    page = RANK_PAGE.replace(
        "Ủy viên Ban Thường vụ Tỉnh ủy, Giám đốc Công an tỉnh Hậu Giang",
        "Bí thư Đảng ủy, Giám đốc Công an tỉnh Hậu Giang",
    )
    draft = import_text(page, Article.Status.DRAFT)
    url = pages()["official"]
    assert "Bí thư Đảng ủy" not in client.get(url).content.decode()
    workflow.transition(draft, Article.Status.PUBLISHED, make_user("editor"))
    assert "Bí thư Đảng ủy" in client.get(url).content.decode()


def test_an_editors_rank_and_position_still_show(client, seeded):
    official = director()
    official.current_rank = "Thiếu tướng"
    official.save()
    Position.objects.create(official=official, title="Cố vấn đặc biệt")
    import_text(RANK_PAGE, Article.Status.PUBLISHED)
    content = client.get(official.get_absolute_url()).content.decode()
    assert "Thiếu tướng Huỳnh Việt Hòa" in content
    assert "Cố vấn đặc biệt" in content


def test_an_event_participant_only_a_draft_names_is_not_shown(client, seeded):
    url = pages()["event"]
    draft = import_text(EVENT_PAGE, Article.Status.DRAFT)
    assert the_event().officials.filter(name=SECRET_OFFICER).exists()
    assert SECRET_OFFICER not in client.get(url).content.decode()
    workflow.transition(draft, Article.Status.PUBLISHED, make_user("editor"))
    assert SECRET_OFFICER in client.get(url).content.decode()


def test_a_participant_an_editor_added_still_shows(client, seeded):
    event = the_event()
    guest = Official.objects.create(name="Phạm Khách Mời")
    event.officials.add(guest)
    assert "Phạm Khách Mời" in client.get(event.get_absolute_url()).content.decode()


def test_admin_recognition_of_a_draft_changes_nothing(client, seeded):
    before = render(client)
    article = ArticleFactory(
        category=Article.objects.first().category,
        status=Article.Status.DRAFT,
        published_at=timezone.make_aware(datetime.datetime(2026, 11, 2, 8, 0)),
        title="Hội nghị triển khai nhiệm vụ",
        lead="",
        body="<p>" + RANK_PAGE.split("\n", 3)[3].strip() + "</p>",
    )
    assert recognise_article(article) > 0
    assert director().mentions.filter(article=article, rank="Đại tá").exists()
    after = render(client)
    for name in before:
        assert after[name] == before[name], name


# --- the clock: scheduled publication and expiry, no job ------------------------------


def at(moment):
    return mock.patch.object(timezone, "now", return_value=moment)


def test_a_scheduled_article_shows_its_rank_at_its_minute(client, seeded):
    now = timezone.now()
    article = import_text(RANK_PAGE, Article.Status.DRAFT)
    article.status, article.published_at = (
        Article.Status.PUBLISHED,
        now + datetime.timedelta(hours=1),
    )
    article.save()
    url = pages()["official"]
    with at(now + datetime.timedelta(minutes=59)):
        assert not shows_draft_rank(client.get(url).content.decode())
    with at(now + datetime.timedelta(hours=1)):
        assert "Đại tá Huỳnh Việt Hòa" in client.get(url).content.decode()


def test_an_expired_article_stops_showing_its_rank(client, seeded):
    now = timezone.now()
    article = import_text(RANK_PAGE, Article.Status.PUBLISHED)
    article.expires_at = now + datetime.timedelta(hours=1)
    article.save()
    url = pages()["official"]
    with at(now + datetime.timedelta(minutes=59)):
        assert "Đại tá Huỳnh Việt Hòa" in client.get(url).content.decode()
    with at(now + datetime.timedelta(hours=1)):
        assert not shows_draft_rank(client.get(url).content.decode())


def test_a_queryset_update_of_the_status_is_followed(client, seeded):
    article = import_text(RANK_PAGE, Article.Status.PUBLISHED)
    url = pages()["official"]
    assert "Đại tá Huỳnh Việt Hòa" in client.get(url).content.decode()
    Article.objects.filter(pk=article.pk).update(status=Article.Status.ARCHIVED)
    assert not shows_draft_rank(client.get(url).content.decode())
