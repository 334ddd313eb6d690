"""Names in the order written: one "Họ và tên" field, never "Văn Phóng Nguyễn"."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from articles.services import workflow
from articles.tests.factories import ArticleFactory
from articles.tests.workflow_helpers import make_user
from newsroom.users import full_name

pytestmark = pytest.mark.django_db


def test_full_name_puts_a_separate_family_name_first_and_falls_back_to_the_username():
    assert full_name(User(username="a", first_name="Văn Phóng", last_name="Nguyễn")) == (
        "Nguyễn Văn Phóng"
    )
    assert full_name(User(username="a", first_name="Nguyễn Văn Phóng")) == "Nguyễn Văn Phóng"
    assert full_name(User(username="phongvien")) == "phongvien"


def test_user_form_has_one_full_name_field_stored_whole(admin_client):
    user = User.objects.create_user("phong", first_name="Văn Phóng", last_name="Nguyễn")
    url = reverse("admin:auth_user_change", args=[user.pk])
    response = admin_client.get(url)
    form = response.context["adminform"].form
    assert "full_name" in form.fields
    assert "first_name" not in form.fields and "last_name" not in form.fields
    assert form.initial["full_name"] == "Nguyễn Văn Phóng"
    from articles.tests.admin_forms import change_form_data

    data = change_form_data(response)
    data["full_name"] = "  Trần   Thị Hồng  "
    assert admin_client.post(url, data).status_code == 302
    user.refresh_from_db()
    assert (user.first_name, user.last_name) == ("Trần Thị Hồng", "")
    listing = admin_client.get(reverse("admin:auth_user_changelist")).content.decode()
    assert "Trần Thị Hồng" in listing


def test_approval_history_and_return_note_write_names_as_written(client):
    reporter = make_user("reporter")
    editor = make_user("editor")
    editor.first_name, editor.last_name = "Văn Phóng", "Nguyễn"
    editor.save()
    article = ArticleFactory(status="draft", published_at=None, created_by=reporter)
    workflow.transition(article, "review", reporter)
    workflow.transition(article, "draft", editor, note="Bổ sung nguồn.")
    client.force_login(reporter)
    page = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    content = page.content.decode()
    assert "Nguyễn Văn Phóng" in content
    assert "Văn Phóng Nguyễn" not in content
