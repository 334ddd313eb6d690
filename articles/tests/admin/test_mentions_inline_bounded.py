"""An official or unit named in tens of thousands of articles: its edit page shows the newest
mentions as forms, links to all of them, and costs the same whatever their number."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import OfficialMention, UnitMention
from articles.tests.factories import ArticleFactory
from newsroom.admin_mixins import NewestRowsFormSet
from people.models import Official, Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def few_rows(monkeypatch):
    monkeypatch.setattr(NewestRowsFormSet, "max_rows", 3)


@pytest.fixture
def official():
    return Official.objects.create(name="Huỳnh Việt Hòa", current_rank="Thượng tá")


def mention(official, n):
    return OfficialMention.objects.create(
        article=ArticleFactory(title=f"Bài nhắc đến số {n}"), official=official, titles=["Giám đốc"]
    )


def change_page(client, official):
    return client.get(reverse("admin:people_official_change", args=[official.pk]))


def post_data(page) -> dict:
    """The change form as the browser would post it, unchanged."""
    data = {}
    form = page.context["adminform"].form
    for name, field in form.fields.items():
        value = form[name].value()
        if value is not None:
            data[name] = field.widget.format_value(value) if name == "titles" else value
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        data.update({management.add_prefix(k): v for k, v in management.initial.items()})
        for row in formset.forms:
            for name in row.fields:
                value = row[name].value()
                if value is not None and value != []:
                    data[row.add_prefix(name)] = (
                        "\n".join(value) if isinstance(value, list) else value
                    )
    return {k: v for k, v in data.items() if not isinstance(v, bool) or v}


def test_only_the_newest_mentions_are_forms(admin_client, official, few_rows):
    mentions = [mention(official, n) for n in range(5)]
    page = change_page(admin_client, official)
    assert page.status_code == 200
    formset = next(
        f.formset for f in page.context["inline_admin_formsets"] if f.formset.prefix == "mentions"
    )
    shown = [row.instance.pk for row in formset.forms]
    assert shown == [m.pk for m in reversed(mentions)][:3]  # the last added first
    html = page.content.decode()
    assert "Bài nhắc đến số 4" in html and "Bài nhắc đến số 1" not in html
    listing = reverse("admin:articles_officialmention_changelist")
    assert f"{listing}?official__id__exact={official.pk}" in html
    assert "5 bài" in html


def test_no_link_for_an_editor_who_may_not_list_the_mentions(client, official, few_rows):
    from django.contrib.auth.models import Permission, User

    for n in range(2):
        mention(official, n)
    editor = User.objects.create_user("bien-tap-danh-ba", is_staff=True)
    editor.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_official", "change_official"])
    )
    client.force_login(editor)
    page = change_page(client, official)
    assert page.status_code == 200
    html = page.content.decode()
    assert "2 bài" in html
    assert reverse("admin:articles_officialmention_changelist") not in html
    assert client.get(reverse("admin:articles_officialmention_changelist")).status_code == 403


def test_the_link_lists_every_mention_of_that_official(admin_client, official, few_rows):
    for n in range(5):
        mention(official, n)
    other = Official.objects.create(name="Nguyễn Văn Khác")
    mention(other, 99)
    listing = reverse("admin:articles_officialmention_changelist")
    page = admin_client.get(listing, {"official__id__exact": official.pk})
    assert page.status_code == 200
    assert page.context["cl"].result_count == 5


def test_the_page_costs_the_same_whatever_the_number_of_mentions(admin_client, official, few_rows):
    for n in range(4):
        mention(official, n)
    change_page(admin_client, official)
    with CaptureQueriesContext(connection) as four:
        change_page(admin_client, official)
    for n in range(4, 12):
        mention(official, n)
    with CaptureQueriesContext(connection) as twelve:
        page = change_page(admin_client, official)
    assert page.status_code == 200
    assert len(twelve) == len(four)


def test_a_shown_mention_is_edited_and_saved(admin_client, official, few_rows):
    mentions = [mention(official, n) for n in range(5)]
    page = change_page(admin_client, official)
    data = post_data(page)
    newest = mentions[-1]
    row = next(k for k, v in data.items() if k.endswith("-id") and v == newest.pk)
    data[row.replace("-id", "-name_as_printed")] = "Đại tá Huỳnh Việt Hòa"
    response = admin_client.post(page.request["PATH_INFO"], data)
    assert response.status_code == 302, response.content.decode()[:3000]
    newest.refresh_from_db()
    assert newest.name_as_printed == "Đại tá Huỳnh Việt Hòa"
    assert OfficialMention.objects.filter(official=official).count() == 5  # none lost


def test_a_unit_page_is_bounded_too(admin_client, few_rows):
    unit = Unit.objects.create(name="Công an tỉnh Hậu Giang", kind=Unit.Kind.PROVINCIAL_POLICE)
    for n in range(5):
        UnitMention.objects.create(article=ArticleFactory(title=f"Bài đơn vị {n}"), unit=unit)
    page = admin_client.get(reverse("admin:people_unit_change", args=[unit.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Bài đơn vị 4" in html and "Bài đơn vị 0" not in html
    assert f"?unit__id__exact={unit.pk}" in html and "5 bài" in html
