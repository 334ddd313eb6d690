"""The background import's service (articles/ingestion/archive.py), jobs run in this process.

Archive checks (zip bombs, paths out of the archive, files that are not pages, limits), a job
run from start to end, a job that meets rows already done (a killed worker's leftovers),
cancelling, and which jobs count as stalled. The worker, Redis and a killed process are in
test_archive_worker.py.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile

import pytest
from django.utils import timezone

from articles.ingestion import archive
from articles.ingestion.archive import ArchiveError, read_folder, read_zip
from articles.models import Article, ImportJob, ImportJobFile, Provenance
from articles.tests.ingestion.archive_pages import generated_page, zip_of_pages
from articles.tests.workflow_helpers import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def inline(settings):
    settings.IMPORT_JOBS_INLINE = True
    settings.IMPORT_QUEUE_URL = ""


@pytest.fixture
def queued_only(settings):
    """No queue and no inline run: a job stays as created (what a killed worker leaves)."""
    settings.IMPORT_JOBS_INLINE = False
    settings.IMPORT_QUEUE_URL = ""


def make_zip(members: dict[str, bytes]) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    buffer.seek(0)
    return buffer


@pytest.fixture
def start(django_capture_on_commit_callbacks):
    """Accept a ZIP (members, or `n` generated pages) as a job; queued once "committed"."""

    def start(members, user=None, *, n=None) -> ImportJob:
        read = read_zip(io.BytesIO(zip_of_pages(n)) if n is not None else make_zip(members))
        with django_capture_on_commit_callbacks(execute=True):
            job = archive.create_job(
                archive=read,
                kind=ImportJob.Kind.ZIP,
                source_name="luu-tru.zip",
                user=user or make_user("editor"),
                article_status=Article.Status.DRAFT,
            )
        return job

    return start


# --- checks -------------------------------------------------------------------------------


def test_read_zip_keeps_pages_in_order_and_leaves_out_the_rest():
    read = read_zip(
        io.BytesIO(zip_of_pages(3, extra={"anh/logo.png": b"\x89PNG", "__MACOSX/._x.txt": b"x"}))
    )
    assert [m.name for m in read.members] == [f"luu-tru/{generated_page(i)[0]}" for i in range(3)]
    assert read.members[0].load() == generated_page(0)[1]
    assert read.left_out == ["anh/logo.png"]
    assert "Bỏ qua 1 tệp không phải trang" in read.notice()


@pytest.mark.parametrize("name", ["../ngoai.txt", "/etc/trang.txt", "a/../../b.txt", "C:/x.txt"])
def test_a_member_outside_the_archive_refuses_it(name):
    with pytest.raises(ArchiveError, match="đường dẫn không an toàn"):
        read_zip(make_zip({"tot.txt": b"x", name: b"y"}))


def test_not_a_zip_is_refused():
    with pytest.raises(ArchiveError, match="không phải tệp ZIP hợp lệ"):
        read_zip(io.BytesIO(b"PK\x03\x04 nope"))


def test_a_zip_without_pages_is_refused():
    with pytest.raises(ArchiveError, match="không có trang nào"):
        read_zip(make_zip({"anh.jpg": b"\xff\xd8"}))


def test_a_corrupt_member_refuses_the_archive_and_writes_nothing():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("tot.txt", generated_page(0)[1])
        zf.writestr("hong.txt", b"noi dung nguyen ven")
    damaged = buffer.getvalue().replace(b"nguyen ven", b"nguyen VEN")
    read = read_zip(io.BytesIO(damaged))  # the directory is fine: found when read
    with pytest.raises(ArchiveError, match=r"Không đọc được tệp “hong\.txt”"):
        archive.create_job(
            archive=read,
            kind=ImportJob.Kind.ZIP,
            source_name="hong.zip",
            user=make_user("editor"),
            article_status=Article.Status.DRAFT,
        )
    assert ImportJob.objects.count() == 0 and ImportJobFile.objects.count() == 0


def test_too_many_pages_is_refused(settings):
    settings.IMPORT_ARCHIVE_MAX_FILES = 2
    with pytest.raises(ArchiveError, match="quá giới hạn 2 trang"):
        read_zip(io.BytesIO(zip_of_pages(3)))


def test_a_zip_bomb_is_refused_from_its_declared_sizes(settings, monkeypatch):
    settings.IMPORT_ARCHIVE_MAX_BYTES = 1_000_000
    bomb = make_zip({f"{i}.txt": b"\0" * 400_000 for i in range(4)})  # 1.6 MB in ~6 KB
    assert len(bomb.getvalue()) < 20_000

    def never(*args, **kwargs):
        raise AssertionError("a member was decompressed")

    monkeypatch.setattr(zipfile.ZipFile, "open", never)
    with pytest.raises(ArchiveError, match=r"quá giới hạn 1\.000\.000 byte"):
        read_zip(bomb)


def test_a_page_over_the_size_limit_is_a_failed_row_not_a_refusal(start, settings, inline):
    settings.IMPORT_MAX_BYTES = 100
    job = start({"lon.txt": b"x" * 101, "nho.txt": b"y"})
    rows = {row.name: row for row in job.files.all()}
    assert rows["lon.txt"].action == "failed"
    assert "tệp quá lớn" in rows["lon.txt"].reason
    assert bytes(rows["lon.txt"].data) == b""
    assert rows["nho.txt"].action == "failed"  # one byte: no article body


# --- running ------------------------------------------------------------------------------


def test_a_job_imports_every_page_once_and_counts(start, inline):
    job = start(None, n=6)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert (job.total, job.processed, job.created, job.failed) == (6, 6, 6, 0)
    assert Article.objects.count() == 6
    rows = list(job.files.order_by("position"))
    assert all(row.status == "done" and row.action == "created" for row in rows)
    assert all(bytes(row.data) == b"" for row in rows)  # the provenance keeps the text
    assert sorted(r.article.title for r in rows) == sorted(
        Article.objects.values_list("title", flat=True)
    )
    assert Provenance.objects.count() == 6
    assert job.started_at and job.finished_at


def test_running_a_finished_job_again_imports_nothing(start, inline):
    job = start(None, n=2)
    assert archive.run_import_job(job.pk).startswith("bỏ qua")
    assert Article.objects.count() == 2


def test_rows_already_done_are_not_imported_again(start, queued_only):
    """What a killed worker leaves: some rows done (with their article), the rest pending."""
    job = start(None, n=4)
    first = job.files.get(position=0)
    # Another worker claimed it (its transaction committed): this run must leave it alone.
    ImportJobFile.objects.filter(pk=first.pk).update(status="done", action="created")
    archive.run_import_job(job.pk)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert job.processed == 3
    assert Article.objects.count() == 3


def test_a_page_already_imported_is_unchanged_not_duplicated(start, inline):
    start(None, n=2)
    job = start(None, n=3)
    job.refresh_from_db()
    assert (job.created, job.unchanged) == (1, 2)
    assert Article.objects.count() == 3


def test_the_articles_are_the_job_users(start, inline):
    reporter = make_user("reporter")
    job = start(None, reporter, n=1)
    job.refresh_from_db()
    article = Article.objects.get()
    assert article.created_by == reporter
    assert job.created == 1


# --- cancelling ---------------------------------------------------------------------------


def test_a_queued_job_is_cancelled_at_once_and_never_runs(start, queued_only):
    job = start(None, n=3)
    assert archive.request_cancel(job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CANCELLED and job.finished_at
    assert archive.run_import_job(job.pk).startswith("bỏ qua")
    assert Article.objects.count() == 0


def test_a_running_job_stops_before_its_next_file(start, queued_only):
    job = start(None, n=3)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING)
    assert archive.request_cancel(job)
    archive.run_import_job(job.pk)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CANCELLED
    assert job.processed == 0 and Article.objects.count() == 0
    assert not archive.request_cancel(job)


# --- resuming -----------------------------------------------------------------------------


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def running(job, **fields):
    defaults = {
        "status": ImportJob.Status.RUNNING,
        "worker_host": archive._me()["worker_host"],
        "worker_pid": os.getpid(),
        "heartbeat_at": timezone.now(),
    }
    ImportJob.objects.filter(pk=job.pk).update(**{**defaults, **fields})


def test_a_running_job_whose_process_is_alive_is_not_stalled(start, queued_only):
    job = start(None, n=1)
    running(job)
    assert archive.stalled_jobs() == []


def test_a_running_job_whose_process_is_gone_is_resumed_and_completes(start, queued_only, settings):
    job = start(None, n=3)
    running(job, worker_pid=dead_pid())
    assert [j.pk for j in archive.stalled_jobs()] == [job.pk]
    settings.IMPORT_JOBS_INLINE = True
    assert archive.resume_stalled_jobs() == [job.pk]
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.created == 3


def test_a_job_on_another_machine_is_stalled_only_after_no_progress(start, queued_only, settings):
    job = start(None, n=1)
    running(job, worker_host="may-khac", worker_pid=1)
    assert archive.stalled_jobs() == []
    settings.IMPORT_JOB_STALE_SECONDS = 60
    running(job, worker_host="may-khac", heartbeat_at=timezone.now() - timezone.timedelta(hours=1))
    assert [j.pk for j in archive.stalled_jobs()] == [job.pk]


def test_a_stalled_job_asked_to_cancel_is_cancelled_not_resumed(start, queued_only):
    job = start(None, n=2)
    running(job, worker_pid=dead_pid(), cancel_requested=True)
    assert archive.resume_stalled_jobs() == []
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CANCELLED


# --- a server folder ----------------------------------------------------------------------


def test_a_configured_server_folder_is_imported(
    tmp_path, settings, inline, django_capture_on_commit_callbacks
):
    for index in range(3):
        name, data = generated_page(index)
        (tmp_path / name).write_bytes(data)
    (tmp_path / "ghi-chu.doc").write_bytes(b"x")
    settings.IMPORT_SERVER_FOLDERS = [str(tmp_path)]
    read = read_folder(str(tmp_path))
    assert read.left_out == ["ghi-chu.doc"]
    with django_capture_on_commit_callbacks(execute=True):
        job = archive.create_job(
            archive=read,
            kind=ImportJob.Kind.FOLDER,
            source_name=str(tmp_path),
            user=make_user("editor"),
            article_status=Article.Status.DRAFT,
        )
    job.refresh_from_db()
    assert (job.status, job.created) == (ImportJob.Status.DONE, 3)


def test_a_folder_not_configured_is_refused(tmp_path, settings):
    settings.IMPORT_SERVER_FOLDERS = [str(tmp_path / "cho-phep")]
    with pytest.raises(ArchiveError, match="không nằm trong danh sách"):
        read_folder(str(tmp_path))
