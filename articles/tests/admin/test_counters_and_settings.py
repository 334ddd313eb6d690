"""Counters are never set through a form; the portal's settings belong to administrators."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.urls import reverse

from articles.models import Article
from articles.services.roles import EDITOR
from articles.tests.admin.test_workflow_admin import ADD, change_url, draft, form_data
from articles.tests.factories import ArticleFactory
from articles.tests.workflow_helpers import make_user
from newsroom.models import PortalSettings

pytestmark = pytest.mark.django_db

COUNTERS = {"view_count": 99999, "rating_score": "5.0", "rating_votes": 12345}
SETTINGS_ADD = reverse("admin:newsroom_portalsettings_add")
SETTINGS_FORM = {"name": "Cổng giả mạo", "tagline": "", "footer_text": "", "hotline": "113"}


@pytest.mark.parametrize("role", ["reporter", "editor", "admin"])
def test_counters_are_shown_but_never_taken_from_a_form(client, role):
    user = make_user(role)
    article = draft(created_by=user) if role == "reporter" else ArticleFactory()
    client.force_login(user)
    page = client.get(change_url(article))
    assert page.status_code == 200
    assert not set(COUNTERS) & set(page.context["adminform"].form.fields)
    response = client.post(change_url(article), form_data(article, **COUNTERS))
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    assert (article.view_count, article.rating_score, article.rating_votes) == (0, None, 0)


def test_a_new_article_starts_with_zero_counters_whatever_is_posted(client):
    reporter = make_user("reporter")
    client.force_login(reporter)
    blank = Article(title="Bài mới của phóng viên", slug="bai-moi", lead="Sapo", body="<p>Bài</p>")
    blank.status = "draft"
    response = client.post(ADD, form_data(blank, **COUNTERS))
    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get(slug="bai-moi")
    assert (article.view_count, article.rating_score, article.rating_votes) == (0, None, 0)


@pytest.mark.parametrize("role", ["reporter", "editor"])
def test_reporters_and_editors_cannot_create_the_portal_settings(client, role):
    assert not PortalSettings.objects.exists()
    client.force_login(make_user(role))
    assert client.get(SETTINGS_ADD).status_code == 403
    assert client.post(SETTINGS_ADD, SETTINGS_FORM).status_code == 403
    assert not PortalSettings.objects.exists()


@pytest.mark.parametrize("role", ["reporter", "editor"])
def test_reporters_and_editors_cannot_change_the_portal_settings(client, role):
    settings_row = PortalSettings.objects.create(pk=1, name="Cổng thông tin Công an tỉnh")
    url = reverse("admin:newsroom_portalsettings_change", args=[settings_row.pk])
    client.force_login(make_user(role))
    client.post(url, SETTINGS_FORM)
    settings_row.refresh_from_db()
    assert settings_row.name == "Cổng thông tin Công an tỉnh"
    if role == "editor":  # editors may still read them
        page = client.get(url)
        assert page.status_code == 200
        assert "name" not in page.context["adminform"].form.fields


def test_administrators_create_the_portal_settings(client):
    client.force_login(make_user("admin"))
    assert client.get(SETTINGS_ADD).status_code == 200
    assert client.post(SETTINGS_ADD, SETTINGS_FORM).status_code == 302
    assert PortalSettings.objects.get().name == "Cổng giả mạo"


def test_migration_takes_the_settings_from_editors_and_gives_them_back_on_reverse():
    migration = importlib.import_module("articles.migrations.0005_portal_settings_for_admins")
    editors = Group.objects.get(name=EDITOR)

    def codenames():
        return set(
            editors.permissions.filter(content_type__app_label="newsroom").values_list(
                "codename", flat=True
            )
        )

    assert codenames() == {"view_portalsettings"}  # as migrated
    migration.give_back_to_editors(apps, None)
    assert "change_portalsettings" in codenames()
    migration.take_from_editors(apps, None)
    assert codenames() == {"view_portalsettings"}
