"""Titles as printed and a source's other names are edited as lines, never as JSON."""

import pytest
from django.urls import reverse

from articles.models import OfficialMention, Source
from articles.tests.admin_forms import change_form_data
from articles.tests.factories import ArticleFactory, SourceFactory
from newsroom.admin_fields import LineListField
from people.tests.factories import OfficialFactory

pytestmark = pytest.mark.django_db


def test_line_list_field_reads_lines_drops_blanks_and_repeats_and_stores_nfc():
    field = LineListField(required=False)
    assert field.clean("Giám đốc\n\n  Đại   tá \nGiám đốc\n") == ["Giám đốc", "Đại tá"]
    assert field.clean("Hoa\u0300 Bi\u0300nh") == ["Hoà Bình"]
    assert field.prepare_value(["Giám đốc", "Đại tá"]) == "Giám đốc\nĐại tá"
    assert field.clean("") == []


def mention():
    return OfficialMention.objects.create(
        article=ArticleFactory(),
        official=OfficialFactory(name="Nguyễn Văn Phóng"),
        name_as_printed="Nguyễn Văn Phóng",
        titles=["Giám đốc Công an tỉnh", "Ủy viên Ban Thường vụ Tỉnh ủy"],
        confidence=0.3,
    )


def test_review_list_and_form_show_titles_as_text_not_json(admin_client):
    row = mention()
    listing = admin_client.get(reverse("admin:articles_mentiontoreview_changelist"))
    content = listing.content.decode()
    assert "Giám đốc Công an tỉnh; Ủy viên Ban Thường vụ Tỉnh ủy" in content
    assert "[&quot;" not in content and '["' not in content
    url = reverse("admin:articles_officialmention_change", args=[row.pk])
    response = admin_client.get(url)
    page = response.content.decode()
    assert "Giám đốc Công an tỉnh\nỦy viên Ban Thường vụ Tỉnh ủy</textarea>" in page
    data = change_form_data(response)
    data["titles"] = "Giám đốc Công an tỉnh\nĐại biểu Quốc hội\n"
    assert admin_client.post(url, data).status_code == 302
    row.refresh_from_db()
    assert row.titles == ["Giám đốc Công an tỉnh", "Đại biểu Quốc hội"]


def test_article_form_mention_inline_edits_titles_as_lines(admin_client):
    row = mention()
    page = admin_client.get(reverse("admin:articles_article_change", args=[row.article_id]))
    assert (
        "Giám đốc Công an tỉnh\nỦy viên Ban Thường vụ Tỉnh ủy</textarea>" in page.content.decode()
    )


def test_source_aliases_are_edited_as_lines(admin_client):
    source = SourceFactory(name="Thông tấn xã Việt Nam", aliases=["TTXVN", "Thông tấn xã"])
    url = reverse("admin:articles_source_change", args=[source.pk])
    response = admin_client.get(url)
    assert "TTXVN\nThông tấn xã</textarea>" in response.content.decode()
    data = change_form_data(response)
    data["aliases"] = "TTXVN\nVNA"
    assert admin_client.post(url, data).status_code == 302
    assert Source.objects.get(pk=source.pk).aliases == ["TTXVN", "VNA"]
