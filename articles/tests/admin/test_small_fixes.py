"""The smaller defects of issue 13, each fixed with a test that failed before."""

import json

import pytest
from django.urls import reverse

from articles.tests.factories import ArticleFactory, CategoryFactory, SourceFactory
from articles.tests.workflow_helpers import make_user

pytestmark = pytest.mark.django_db

AUTOCOMPLETE = reverse("admin:autocomplete")


def autocomplete(client, model, field, term):
    response = client.get(
        AUTOCOMPLETE,
        {"app_label": "articles", "model_name": model, "field_name": field, "term": term},
    )
    assert response.status_code == 200
    return [row["text"] for row in json.loads(response.content)["results"]]


def test_category_autocomplete_finds_names_typed_without_diacritics(client):
    CategoryFactory(name="An toàn giao thông")
    CategoryFactory(name="An ninh trật tự")
    client.force_login(make_user("editor"))
    assert autocomplete(client, "article", "category", "an toan giao") == ["An toàn giao thông"]
    assert autocomplete(client, "article", "category", "AN TOÀN") == ["An toàn giao thông"]
    assert autocomplete(client, "article", "category", "trat tu") == ["An ninh trật tự"]


def test_category_autocomplete_keeps_the_reporters_category_rights(client):
    mine = CategoryFactory(name="An toàn giao thông")
    CategoryFactory(name="An toàn thực phẩm")
    client.force_login(make_user("reporter", categories=[mine]))
    assert autocomplete(client, "article", "category", "an toan") == ["An toàn giao thông"]


def test_source_autocomplete_finds_names_and_aliases_without_diacritics(client):
    SourceFactory(name="Thông tấn xã Việt Nam", aliases=["TTXVN"])
    client.force_login(make_user("editor"))
    assert autocomplete(client, "article", "source", "thong tan") == ["Thông tấn xã Việt Nam"]
    assert autocomplete(client, "article", "source", "ttxvn") == ["Thông tấn xã Việt Nam"]


def test_view_on_site_of_a_draft_opens_its_preview_not_a_404(client):
    editor = make_user("editor")
    draft = ArticleFactory(status="draft", published_at=None)
    live = ArticleFactory()
    client.force_login(editor)
    page = client.get(reverse("admin:articles_article_change", args=[draft.pk]))
    preview = reverse("articles:preview", args=[draft.pk])
    assert page.context["absolute_url"] == preview
    assert client.get(preview).status_code == 200
    page = client.get(reverse("admin:articles_article_change", args=[live.pk]))
    assert page.context["absolute_url"] == live.get_absolute_url()


def checked_target(content: str) -> int:
    import re

    return int(re.search(r'name="target" value="(\d+)"[^>]*checked', content).group(1))


@pytest.mark.parametrize("newer_name", ["A Văn Mới", "Z Văn Mới"])  # listed first, then last
def test_merge_preselects_the_record_with_the_most_attached_not_the_empty_newer_one(
    admin_client, newer_name
):
    from articles.models import OfficialMention
    from people.models import Official

    old = Official.objects.create(name="Huỳnh Việt Hòa")
    OfficialMention.objects.create(article=ArticleFactory(), official=old, titles=["Giám đốc"])
    OfficialMention.objects.create(article=ArticleFactory(), official=old, titles=["Giám đốc"])
    newer = Official.objects.create(name=newer_name)
    url = reverse("admin:people_official_changelist")
    page = admin_client.post(url, {"action": "merge", "_selected_action": [old.pk, newer.pk]})
    assert page.status_code == 200
    assert checked_target(page.content.decode()) == old.pk


def test_merge_of_records_with_nothing_attached_preselects_the_oldest(admin_client):
    from people.models import Official

    old = Official.objects.create(name="Z Văn Cũ")
    newer = Official.objects.create(name="A Văn Mới")
    url = reverse("admin:people_official_changelist")
    page = admin_client.post(url, {"action": "merge", "_selected_action": [old.pk, newer.pk]})
    assert checked_target(page.content.decode()) == old.pk
