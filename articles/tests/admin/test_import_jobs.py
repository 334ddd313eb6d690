"""The background import's admin pages (articles/admin/imports.py) and the import page's hand-off.

Jobs run inline here (IMPORT_JOBS_INLINE); the worker itself is in
articles/tests/ingestion/test_archive_worker.py.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from articles.admin.import_page import MAX_FILES
from articles.models import Article, ImportJob
from articles.tests.ingestion.archive_pages import generated_page, zip_of_pages
from articles.tests.workflow_helpers import make_user

pytestmark = pytest.mark.django_db

ADD = reverse("admin:articles_importjob_add")
LIST = reverse("admin:articles_importjob_changelist")
IMPORT_PAGE = reverse("admin:articles_article_import")


@pytest.fixture
def inline(settings, django_capture_on_commit_callbacks):
    """Jobs run in the request, once it "commits": `with inline():` around the upload."""
    settings.IMPORT_JOBS_INLINE = True
    settings.IMPORT_QUEUE_URL = ""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def no_queue(settings):
    settings.IMPORT_JOBS_INLINE = False
    settings.IMPORT_QUEUE_URL = ""


def login(client, role):
    user = make_user(role)
    client.force_login(user)
    return user


def zip_upload(n=3, name="luu-tru.zip"):
    return SimpleUploadedFile(name, zip_of_pages(n), "application/zip")


def test_an_editor_imports_a_zip_and_follows_it(client, inline):
    login(client, "editor")
    with inline():
        response = client.post(ADD, {"archive": zip_upload(3), "status": "draft"})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert (job.status, job.created) == ("done", 3)
    page = client.get(job.get_absolute_url()).content.decode()
    assert '<progress value="3" max="3">' in page
    assert "3/3" in page and "Hoàn tất" in page and "Tạo bài mới" in page
    for index in range(3):
        assert generated_page(index)[0] in page
    assert "Hủy lượt nhập" not in page  # finished: nothing to cancel
    listing = client.get(LIST).content.decode()
    assert "luu-tru.zip" in listing and '<progress value="3" max="3">' in listing
    assert 'http-equiv="refresh"' not in listing


def test_a_bad_zip_is_refused_with_a_message_and_nothing_written(client, inline):
    login(client, "editor")
    bad = SimpleUploadedFile("x.zip", b"not a zip at all", "application/zip")
    with inline():
        response = client.post(ADD, {"archive": bad, "status": "draft"})
    assert response.status_code == 400
    assert "không phải tệp ZIP hợp lệ" in response.content.decode()
    assert ImportJob.objects.count() == 0 and Article.objects.count() == 0


def test_choosing_neither_a_zip_nor_a_folder_is_a_form_error(client, inline):
    login(client, "editor")
    with inline():
        response = client.post(ADD, {"status": "draft"})
    assert response.status_code == 400
    assert "Chọn một tệp ZIP hoặc một thư mục" in response.content.decode()


def test_without_redis_the_admin_says_what_is_needed(client, no_queue):
    login(client, "editor")
    response = client.get(ADD)
    assert "cần Redis" in response.content.decode() and "REDIS_URL" in response.content.decode()
    client.post(ADD, {"archive": zip_upload(1), "status": "draft"})
    assert ImportJob.objects.count() == 0
    assert "cần Redis" in client.get(LIST).content.decode()


def test_an_unfinished_job_refreshes_and_can_be_cancelled(client, no_queue, settings):
    settings.IMPORT_QUEUE_URL = "redis://127.0.0.1:1/0"  # "configured", never reached here
    login(client, "editor")
    client.post(ADD, {"archive": zip_upload(2), "status": "draft"})
    job = ImportJob.objects.get()
    page = client.get(job.get_absolute_url()).content.decode()
    assert 'http-equiv="refresh"' in page and "Hủy lượt nhập" in page
    assert 'http-equiv="refresh"' in client.get(LIST).content.decode()
    cancel = reverse("admin:articles_importjob_cancel", args=[job.pk])
    response = client.post(cancel)
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == "cancelled" and Article.objects.count() == 0


def test_a_reporter_sees_only_their_own_jobs(client, inline):
    login(client, "editor")
    with inline():
        client.post(ADD, {"archive": zip_upload(1, "cua-bien-tap.zip"), "status": "draft"})
    theirs = ImportJob.objects.get()
    client = Client()
    login(client, "reporter")
    with inline():
        client.post(ADD, {"archive": zip_upload(1, "cua-phong-vien.zip"), "status": "draft"})
    listing = client.get(LIST).content.decode()
    assert "cua-phong-vien.zip" in listing and "cua-bien-tap.zip" not in listing
    assert client.get(theirs.get_absolute_url()).status_code == 404
    cancel = reverse("admin:articles_importjob_cancel", args=[theirs.pk])
    assert client.post(cancel).status_code == 404
    client = Client()
    login(client, "editor")
    assert "cua-phong-vien.zip" in client.get(LIST).content.decode()


def test_who_may_not_add_articles_may_not_import(client, inline):
    login(client, "nogroup")
    assert client.get(ADD).status_code == 403
    assert client.post(ADD, {"archive": zip_upload(1), "status": "draft"}).status_code == 403
    assert client.get(LIST).status_code == 403
    assert ImportJob.objects.count() == 0


def test_the_import_page_links_to_the_archive_import(client, inline):
    login(client, "editor")
    assert ADD in client.get(IMPORT_PAGE).content.decode()


def test_a_zip_on_the_import_page_goes_to_the_background(client, inline):
    login(client, "editor")
    with inline():
        response = client.post(IMPORT_PAGE, {"files": [zip_upload(2)], "status": "draft"})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.created == 2


def test_a_batch_over_the_limit_on_the_import_page_goes_to_the_background(client, inline):
    login(client, "editor")
    files = [
        SimpleUploadedFile(*generated_page(index), "text/plain") for index in range(MAX_FILES + 1)
    ]
    with inline():
        response = client.post(IMPORT_PAGE, {"files": files, "status": "draft"})
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert (job.total, job.created) == (MAX_FILES + 1, MAX_FILES + 1)


def test_a_batch_over_the_limit_without_redis_is_refused_with_a_message(client, no_queue):
    login(client, "editor")
    files = [
        SimpleUploadedFile(*generated_page(index), "text/plain") for index in range(MAX_FILES + 1)
    ]
    response = client.post(IMPORT_PAGE, {"files": files, "status": "draft"})
    content = response.content.decode()
    assert f"Tối đa {MAX_FILES} tệp mỗi lần" in content and "cần Redis" in content
    assert ImportJob.objects.count() == 0 and Article.objects.count() == 0
