"""The admin's import page (articles/admin/import_page.py): upload, preview, confirm, refusals.

Upload parses the files and shows a preview without writing any article; the bytes wait in
the session under a token until the editor confirms; a confirmation whose token is unknown or
already used imports nothing. A user without the permission to add articles gets 403 at every
step.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from articles.admin.import_page import SESSION_KEY
from articles.models import Article, Provenance
from articles.tests.ingestion.test_import_command import PAGE
from articles.tests.workflow_helpers import make_user

pytestmark = pytest.mark.django_db

URL = reverse("admin:articles_article_import")


def page_upload(name: str = "chau-thanh.txt", content: bytes | None = None):
    return SimpleUploadedFile(name, PAGE.encode("utf-8") if content is None else content)


@pytest.fixture
def editor_client(client):
    client.force_login(make_user("editor"))
    return client


def upload(client, *files, status="draft"):
    return client.post(URL, {"files": list(files), "status": status})


def test_upload_shows_a_preview_and_writes_nothing(editor_client):
    response = upload(editor_client, page_upload())
    assert response.status_code == 200
    assert response.templates[0].name == "admin/articles/import_preview.html"
    (row,) = response.context["rows"]
    assert row["error"] == ""
    assert row["page"].title.startswith("Công an huyện Châu Thành ra quân")
    assert response.context["token"]
    assert "Công an huyện Châu Thành ra quân" in response.content.decode()
    assert Article.objects.count() == 0


def test_confirm_imports_the_previewed_page_once(editor_client):
    token = upload(editor_client, page_upload()).context["token"]
    response = editor_client.post(URL, {"token": token})
    assert response.status_code == 200
    article = Article.objects.get()
    assert article.title.startswith("Công an huyện Châu Thành ra quân")
    assert article.status == Article.Status.DRAFT
    assert Provenance.objects.get().file_name == "chau-thanh.txt"
    assert token not in editor_client.session.get(SESSION_KEY, {})
    # the same token again: the batch is gone, nothing more is imported
    response = editor_client.post(URL, {"token": token}, follow=True)
    assert "hết hạn" in response.content.decode()
    assert Article.objects.count() == 1


def test_binary_file_is_refused_with_a_message(editor_client):
    binary = page_upload("anh.txt", b"\x89PNG\r\n\x1a\n" + b"\x00\x01\x02" * 300)
    response = upload(editor_client, binary)
    assert response.status_code == 200
    (row,) = response.context["rows"]
    assert "PNG" in row["error"]
    assert "PNG" in response.content.decode()
    assert response.context["token"] == ""  # nothing to confirm
    assert editor_client.session.get(SESSION_KEY, {}) == {}
    assert Article.objects.count() == 0


def test_binary_file_beside_a_good_one_only_the_good_one_is_imported(editor_client):
    response = upload(editor_client, page_upload(), page_upload("rac.txt", b"\x00\xff" * 200))
    errors = [row["error"] for row in response.context["rows"]]
    assert errors[0] == "" and "NUL" in errors[1]
    editor_client.post(URL, {"token": response.context["token"]})
    assert Provenance.objects.get().file_name == "chau-thanh.txt"


def test_expired_token_imports_nothing_and_says_so(editor_client):
    upload(editor_client, page_upload())
    response = editor_client.post(URL, {"token": "het-han-tu-lau"}, follow=True)
    assert response.redirect_chain[-1][0] == URL
    assert "Phiên xem trước đã hết hạn" in response.content.decode()
    assert Article.objects.count() == 0


def test_a_session_that_lost_its_staging_cannot_confirm(editor_client):
    token = upload(editor_client, page_upload()).context["token"]
    session = editor_client.session
    del session[SESSION_KEY]  # the preview expired with the session
    session.save()
    response = editor_client.post(URL, {"token": token}, follow=True)
    assert "hết hạn" in response.content.decode()
    assert Article.objects.count() == 0


def test_a_user_who_may_not_add_articles_gets_403_at_every_step(client):
    user = make_user("nogroup")  # staff, so the admin lets them in, but no role
    assert not user.has_perm("articles.add_article")
    client.force_login(user)
    assert client.get(URL).status_code == 403
    assert upload(client, page_upload()).status_code == 403
    assert client.post(URL, {"token": "bat-ky"}).status_code == 403
    assert Article.objects.count() == 0
    assert SESSION_KEY not in client.session


def test_a_token_from_another_users_preview_is_not_theirs(editor_client):
    token = upload(editor_client, page_upload()).context["token"]
    other = Client()
    other.force_login(make_user("editor"))
    response = other.post(URL, {"token": token}, follow=True)
    assert "hết hạn" in response.content.decode()
    assert Article.objects.count() == 0


def test_reporter_may_import_a_draft(client):
    client.force_login(make_user("reporter"))
    assert client.get(URL).status_code == 200
    token = upload(client, page_upload()).context["token"]
    client.post(URL, {"token": token})
    assert Article.objects.get().status == Article.Status.DRAFT
