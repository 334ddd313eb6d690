"""The admin's import page (articles/admin/import_page.py): upload, preview, confirm, refusals.

Upload parses the files and shows a preview without writing any article; the bytes wait on
disk (one directory per user) under a token the session remembers, until the editor confirms;
a confirmation whose token is unknown, expired, foreign or already used imports nothing. A user
without the permission to add articles gets 403 at every step. The preview marks duplicates,
pages without a date or a category, and lets a category be chosen per batch and per file.
"""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from articles.admin.import_page import SESSION_KEY
from articles.ingestion.service import ACTION_LABELS, Importer
from articles.models import Article, Provenance
from articles.tests.factories import CategoryFactory
from articles.tests.ingestion.test_import_command import PAGE
from articles.tests.workflow_helpers import make_user

pytestmark = pytest.mark.django_db

URL = reverse("admin:articles_article_import")


@pytest.fixture(autouse=True)
def preview_dir(settings, tmp_path):
    settings.IMPORT_PREVIEW_DIR = str(tmp_path / "previews")
    return tmp_path / "previews"


def page_upload(name: str = "chau-thanh.txt", content: bytes | None = None):
    return SimpleUploadedFile(name, PAGE.encode("utf-8") if content is None else content)


@pytest.fixture
def editor_client(client):
    client.force_login(make_user("editor"))
    return client


def upload(client, *files, status="draft", category=None):
    data = {"files": list(files), "status": status}
    if category is not None:
        data["category"] = category.pk
    return client.post(URL, data)


def variant(number: int) -> bytes:
    """PAGE with a different body, so it is a different article."""
    return PAGE.replace("120 cán bộ", f"{120 + number} cán bộ").encode()


NO_DATE_PAGE = PAGE.replace("Thứ Ba, 14/03/2023 08:30\n", "").replace("Sáng 14/3, ", "")


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


# --- previews on disk: small session, expiry, per-user cap, owner only -----------------------


def test_uploaded_files_wait_on_disk_and_the_session_row_stays_small(editor_client, preview_dir):
    big = PAGE + "\n".join(f"Đoạn bổ sung số {n} về công tác bảo đảm an toàn." for n in range(8000))
    files = [page_upload(f"trang-{n}.txt", big.replace("120", str(n)).encode()) for n in range(5)]
    assert sum(f.size for f in files) > 2_000_000
    response = upload(editor_client, *files)
    assert response.status_code == 200
    token = response.context["token"]
    row = Session.objects.get(pk=editor_client.session.session_key)
    assert len(row.session_data) < 2_000  # was the files base64-encoded: megabytes
    stored = list((preview_dir).rglob("*"))
    assert sum(p.stat().st_size for p in stored if p.is_file()) > 2_000_000
    editor_client.post(URL, {"token": token, "huy": "1"})  # confirming is tested above
    assert not (preview_dir / str(response.wsgi_request.user.pk) / token).exists()


def test_an_expired_preview_is_refused_with_a_message_and_deleted(
    editor_client, settings, preview_dir
):
    token = upload(editor_client, page_upload()).context["token"]
    settings.IMPORT_PREVIEW_SECONDS = -1
    response = editor_client.post(URL, {"token": token}, follow=True)
    assert "Phiên xem trước đã hết hạn" in response.content.decode()
    assert Article.objects.count() == 0
    assert not list(preview_dir.rglob(token))


def test_each_user_holds_a_limited_number_of_previews(editor_client, settings):
    settings.IMPORT_PREVIEW_MAX_COUNT = 2
    assert upload(editor_client, page_upload(content=variant(1))).status_code == 200
    assert upload(editor_client, page_upload(content=variant(2))).status_code == 200
    refused = upload(editor_client, page_upload(content=variant(3)))
    assert refused.status_code == 400
    assert "Bạn đang có 2 bản xem trước chưa xác nhận (tối đa 2)" in refused.content.decode()
    # Another editor is not held back by the first one's previews.
    other = Client()
    other.force_login(make_user("editor"))
    assert upload(other, page_upload()).status_code == 200


def test_each_user_holds_a_limited_number_of_bytes(editor_client, settings):
    settings.IMPORT_PREVIEW_MAX_BYTES = int(len(PAGE.encode()) * 1.5)
    assert upload(editor_client, page_upload()).status_code == 200
    refused = upload(editor_client, page_upload(content=variant(1)))
    assert refused.status_code == 400
    assert "Hãy xác nhận hoặc hủy bớt" in refused.content.decode()


def test_cancelling_a_preview_frees_its_place(editor_client, settings, preview_dir):
    settings.IMPORT_PREVIEW_MAX_COUNT = 1
    token = upload(editor_client, page_upload()).context["token"]
    response = editor_client.post(URL, {"token": token, "huy": "1"}, follow=True)
    assert "Đã hủy bản xem trước" in response.content.decode()
    assert not list(preview_dir.rglob(token))
    assert upload(editor_client, page_upload()).status_code == 200
    assert Article.objects.count() == 0


def test_a_stolen_token_in_another_users_session_confirms_nothing(editor_client):
    token = upload(editor_client, page_upload()).context["token"]
    thief = Client()
    thief.force_login(make_user("editor"))
    session = thief.session
    session[SESSION_KEY] = [token]
    session.save()
    response = thief.post(URL, {"token": token}, follow=True)
    assert "hết hạn hoặc không thuộc về bạn" in response.content.decode()
    assert Article.objects.count() == 0
    # The owner still can.
    editor_client.post(URL, {"token": token})
    assert Article.objects.count() == 1


@pytest.mark.parametrize("token", ["../../etc", "..", "a" * 22 + "/..", "", "x" * 500])
def test_a_forged_token_is_refused(editor_client, token):
    upload(editor_client, page_upload())
    response = editor_client.post(URL, {"token": token}, follow=True)
    assert response.status_code == 200
    assert "hết hạn" in response.content.decode()
    assert Article.objects.count() == 0


def test_expired_previews_are_swept_by_the_command_and_by_a_new_preview(
    editor_client, settings, preview_dir
):
    old = upload(editor_client, page_upload()).context["token"]
    (manifest,) = preview_dir.rglob(f"{old}/manifest.json")
    data = json.loads(manifest.read_text())
    data["created"] -= settings.IMPORT_PREVIEW_SECONDS + 1
    manifest.write_text(json.dumps(data))
    fresh = upload(editor_client, page_upload(content=variant(1))).context["token"]
    assert not list(preview_dir.rglob(old))  # swept when the new one was made
    call_command("clear_import_previews", stdout=(out := __import__("io").StringIO()))
    assert list(preview_dir.rglob(fresh))  # not expired: kept
    assert "0" in out.getvalue()
    call_command("clear_import_previews", "--all", stdout=out)
    assert not list(preview_dir.rglob(fresh))


# --- what the preview says: duplicates, dates, categories, warnings ---------------------------


def test_a_duplicate_the_user_may_see_is_linked(editor_client):
    existing = Importer(user=make_user("editor")).import_page(data=PAGE.encode(), file_name="a")
    response = upload(editor_client, page_upload())
    html = response.content.decode()
    assert "Trùng với bài đã có" in html
    link = reverse("admin:articles_article_change", args=[existing.article_id])
    assert f'href="{link}"' in html


def test_a_duplicate_the_reporter_may_not_see_is_named_by_nothing(client):
    existing = Importer(user=make_user("editor")).import_page(data=PAGE.encode(), file_name="a")
    article = Article.objects.get(pk=existing.article_id)
    article.title = "Tiêu đề riêng của biên tập viên"
    article.save()
    client.force_login(make_user("reporter"))
    html = upload(client, page_upload()).content.decode()
    assert "Trùng với một bài đã có mà bạn không được xem" in html
    assert "Tiêu đề riêng của biên tập viên" not in html
    assert reverse("admin:articles_article_change", args=[article.pk]) not in html


def test_a_file_repeating_another_of_the_batch_is_marked(editor_client):
    html = upload(editor_client, page_upload("a.txt"), page_upload("b.txt")).content.decode()
    assert "Cùng nội dung với tệp a.txt trong lô này" in html


def test_no_date_and_no_category_are_warned(editor_client):
    response = upload(editor_client, page_upload(content=NO_DATE_PAGE.encode()))
    html = response.content.decode()
    assert "Chưa biết ngày xuất bản" in html
    assert "Chưa có chuyên mục" in html


def test_with_a_batch_category_there_is_no_category_warning(editor_client):
    category = CategoryFactory(name="An ninh trật tự")
    html = upload(editor_client, page_upload(), category=category).content.decode()
    assert "Chưa có chuyên mục" not in html


def test_the_batch_category_and_a_files_own_category_are_applied(editor_client):
    batch, own = CategoryFactory(name="Tin trong tỉnh"), CategoryFactory(name="An toàn giao thông")
    response = upload(
        editor_client, page_upload("a.txt", variant(1)), page_upload("b.txt", variant(2))
    )
    token = response.context["token"]
    editor_client.post(URL, {"token": token, "category": batch.pk, "category_1": own.pk})
    by_file = {p.file_name: p.article.category for p in Provenance.objects.all()}
    assert by_file == {"a.txt": batch, "b.txt": own}


def test_a_category_the_reporter_may_not_use_is_refused_and_the_preview_kept(client):
    mine, other = CategoryFactory(name="Của tôi"), CategoryFactory(name="Không phải của tôi")
    client.force_login(make_user("reporter", categories=[mine]))
    token = upload(client, page_upload()).context["token"]
    response = client.post(URL, {"token": token, "category": other.pk})
    assert response.status_code == 400
    assert Article.objects.count() == 0
    client.post(URL, {"token": token, "category": mine.pk})
    assert Article.objects.get().category == mine


def test_the_pages_speak_vietnamese_and_look_like_the_admin(editor_client):
    response = upload(editor_client, page_upload(content=NO_DATE_PAGE.encode()))
    assert 'class="module aligned' in response.content.decode()
    assert 'class="submit-row"' in response.content.decode()
    result = editor_client.post(URL, {"token": response.context["token"]})
    html = result.content.decode()
    labels = [r["label"] for r in result.context["results"]]
    assert labels == [ACTION_LABELS["created"]]
    visible_text = re.sub(r"<[^>]+>", " ", html.split('id="content-main"', 1)[1])
    for english in ("created", "updated", "unchanged", "skipped", "failed", "draft"):
        assert not re.search(rf"\b{english}\b", visible_text, re.IGNORECASE), english


def test_the_preview_says_every_warning_the_import_will_give(editor_client):
    unit = ("Phòng Cảnh sát điều tra tội phạm về trật tự xã hội " * 6).strip()
    content = NO_DATE_PAGE.replace("Minh Khoa\n", f"Tác giả: Minh Khoa - {unit}\n").encode()
    response = upload(editor_client, page_upload(content=content))
    (row,) = response.context["rows"]
    html = response.content.decode()
    assert any("dài quá 200 ký tự" in w for w in row["warnings"])
    for warning in row["warnings"]:
        assert warning in html
    outcome = editor_client.post(URL, {"token": response.context["token"]})
    (result,) = outcome.context["results"]
    assert set(row["warnings"]) <= set(result["outcome"].warnings)


def test_an_unusable_preview_directory_is_a_clear_message(editor_client, settings, tmp_path):
    blocker = tmp_path / "khong-phai-thu-muc"
    blocker.write_text("một tệp ở chỗ thư mục")
    settings.IMPORT_PREVIEW_DIR = str(blocker / "previews")
    response = upload(editor_client, page_upload())
    assert response.status_code == 503
    assert "Không lưu được bản xem trước" in response.content.decode()
    assert Article.objects.count() == 0
