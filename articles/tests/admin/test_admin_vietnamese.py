"""No admin page of the main flows shows English interface text, for any role."""

import json
import pprint

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from articles.models import OfficialMention
from articles.services import workflow
from articles.tests.admin.english import english_in, english_where
from articles.tests.factories import ArticleFactory, CategoryFactory, SourceFactory
from articles.tests.workflow_helpers import make_user
from people.tests.factories import OfficialFactory, UnitFactory

pytestmark = pytest.mark.django_db


def test_the_detector_finds_english_interface_text():
    page = """<html><body><a href="#">Show counts</a>
      <input type="submit" value="Save and continue editing">
      <input placeholder="Search"><p>Đã lưu bài viết.</p>
      <script>var Search = 1;</script><textarea>Delete</textarea></body></html>"""
    assert english_in(page) == ["Show counts", "Save and", "Search"]
    assert english_in("<p>Chọn tất cả, Hiện số lượng, Tìm kiếm</p>") == []


def the_newsroom():
    category = CategoryFactory(name="An ninh trật tự")
    source = SourceFactory(name="Thông tấn xã Việt Nam", aliases=["TTXVN", "Thông tấn xã"])
    reporter = make_user("reporter", username="phongvien")
    editor = make_user("editor", username="bientapvien")
    draft = ArticleFactory(
        status="draft", published_at=None, created_by=reporter, category=category, source=source
    )
    draft.title = "Bài đã sửa một lần"
    draft.body = "<p>Nội dung <strong>đã sửa</strong>.</p>"
    draft.save()
    published = ArticleFactory(category=category, source=source, created_by=editor)
    unit = UnitFactory(name="Công an tỉnh Hậu Giang")
    official = OfficialFactory(name="Nguyễn Văn Phóng", unit=unit)
    mention = OfficialMention.objects.create(
        article=published,
        official=official,
        name_as_printed="Nguyễn Văn Phóng",
        titles=["Giám đốc", "Đại tá"],
        confidence=0.4,
    )
    return locals()


def pages_for(role, data):
    draft, published = data["draft"], data["published"]
    pages = [
        reverse("admin:index"),
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_add"),
        reverse("admin:articles_article_change", args=[draft.pk]),
        reverse("admin:articles_article_history", args=[draft.pk]),
    ]
    if role == "reporter":
        return pages
    history = list(draft.history.order_by("history_id").values_list("history_id", flat=True))
    pages += [
        reverse("admin:articles_article_change", args=[published.pk]),
        reverse("admin:articles_article_revision_compare", args=[draft.pk])
        + f"?a={history[0]}&b={history[-1]}",
        reverse("admin:articles_article_import"),
        reverse("admin:articles_mentiontoreview_changelist"),
        reverse("admin:articles_mentiontoreview_change", args=[data["mention"].pk]),
        reverse("admin:people_official_changelist"),
        reverse("admin:people_official_change", args=[data["official"].pk]),
        reverse("admin:people_unit_change", args=[data["unit"].pk]),
        reverse("admin:articles_source_change", args=[data["source"].pk]),
        reverse("admin:articles_category_changelist"),
    ]
    if role == "admin":
        pages += [
            reverse("admin:auth_user_changelist"),
            reverse("admin:auth_user_add"),
            reverse("admin:auth_user_change", args=[data["reporter"].pk]),
            reverse("admin:auth_group_change", args=[Group.objects.first().pk]),
        ]
    return pages


@pytest.mark.parametrize("role", ["reporter", "editor", "admin"])
def test_main_admin_pages_have_no_english_interface_text(client, role):
    data = the_newsroom()
    user = {"reporter": data["reporter"], "editor": data["editor"]}.get(role)
    if user is None:
        user = make_user("admin", username="quantri")
        user.is_superuser = True
        user.save()
    workflow.transition(data["draft"], "review", data["reporter"])
    workflow.transition(data["draft"], "draft", data["editor"], note="Bổ sung nguồn.")
    client.force_login(user)
    found = {}
    for url in pages_for(role, data):
        response = client.get(url)
        assert response.status_code == 200, url
        english = sorted(set(english_where(response.content.decode())))
        if english:
            found[url] = english
    assert found == {}, pprint.pformat(found, width=100)


@pytest.mark.parametrize(
    "english",
    [
        "Show counts",
        "Password-based authentication",
        "After you’ve created a user, you’ll be able to edit more user options.",
        "A comma-separated list of tags.",
    ],
)
def test_the_project_catalogue_translates_what_djangos_lacks(english):
    from django.utils import translation

    with translation.override("vi"):
        assert translation.gettext(english) != english


def test_the_admin_javascript_catalogue_has_the_selector_strings(client):
    client.force_login(make_user("editor"))
    catalog = client.get(reverse("admin:jsi18n")).content.decode()
    assert json.dumps("Chọn tất cả %s") in catalog  # the catalog is JSON, ASCII-escaped


def test_action_pages_have_no_english_interface_text(admin_client):
    from people.models import Official

    first = Official.objects.create(name="Huỳnh Việt Hòa")
    second = Official.objects.create(name="Huỳnh Viết Hòa")
    merge = admin_client.post(
        reverse("admin:people_official_changelist"),
        {"action": "merge", "_selected_action": [first.pk, second.pk]},
    )
    articles = [ArticleFactory(), ArticleFactory()]
    move = admin_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "move_to_category", "_selected_action": [a.pk for a in articles]},
    )
    for response in (merge, move):
        assert response.status_code == 200
        assert english_where(response.content.decode()) == []
