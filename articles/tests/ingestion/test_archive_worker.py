"""End to end: a ZIP uploaded in the admin, a real RQ worker killed midway, another resuming.

The worker is `manage.py rqworker` in a process of its own, on Redis (DB 5, a queue of this
test's own) and on the test's database: PostgreSQL's test database when the suite runs on
PostgreSQL (committed data: a transactional test), else a SQLite file (the in-memory SQLite
test database is out of another process's reach). It is killed with SIGKILL, its forked
job process with it (the whole session), after some files; a new worker resumes the job when
it starts. Every page must end imported exactly once. Skipped, saying why, only when Redis is
unreachable.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from articles.models import Article, ImportJob, ImportJobFile, Provenance
from articles.tests.ingestion.archive_pages import generated_page, zip_of_pages
from articles.tests.workflow_helpers import make_user

BASE_DIR = Path(__file__).resolve().parents[3]
REDIS_URL = os.environ.get("TEST_IMPORT_QUEUE_URL", "redis://127.0.0.1:6379/5")
PAGES = 40
KILL_AFTER = 5


@pytest.fixture
def queue(settings):
    """A queue of this test's own on Redis DB 5 (its keys deleted afterwards)."""
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError as err:
        pytest.skip(f"Redis unreachable at {REDIS_URL} ({err}): the worker needs it")
    before = set(client.keys())
    name = f"imports-test-{uuid.uuid4().hex[:8]}"
    settings.IMPORT_QUEUE = name
    settings.IMPORT_QUEUE_URL = REDIS_URL
    settings.IMPORT_JOBS_INLINE = False
    settings.RQ_QUEUES = {name: {"URL": REDIS_URL}}
    yield name
    # What the queue, its jobs and workers left in Redis (DB 5 is this test's alone).
    left = set(client.keys()) - before
    if left:
        client.delete(*left)


@pytest.fixture
def shared_database(django_db_blocker, tmp_path):
    """A database the worker's process sees too; the environment that points it there."""
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
        yield {"DATABASE_URL": f"postgres://{auth}@{db['HOST']}:{db['PORT']}/{db['NAME']}"}
        return
    path = tmp_path / "db.sqlite3"
    with django_db_blocker.unblock():
        # Set the in-memory test database aside (closing it would destroy it).
        saved_name, saved_connection = connection.settings_dict["NAME"], connection.connection
        connection.connection = None
        connection.settings_dict["NAME"] = str(path)
        try:
            call_command("migrate", verbosity=0)
            yield {"SQLITE_PATH": str(path), "DATABASE_URL": ""}
        finally:
            connection.close()
            connection.settings_dict["NAME"] = saved_name
            connection.connection = saved_connection


def start_worker(queue_name: str, database_env: dict, *, burst: bool, pause: float = 0):
    env = {
        **os.environ,
        **database_env,
        "IMPORT_QUEUE": queue_name,
        "IMPORT_QUEUE_URL": REDIS_URL,
        "IMPORT_FILE_PAUSE_SECONDS": str(pause),
        "REDIS_URL": "",
        "CACHE_DIR": str(Path(database_env.get("SQLITE_PATH", "/tmp/x")).parent / "cache"),
    }
    if not env["DATABASE_URL"]:
        del env["DATABASE_URL"]
    command = [sys.executable, "manage.py", "rqworker", queue_name]
    if burst:
        command.append("--burst")
    return subprocess.Popen(
        command,
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own session: kill_worker takes its job process too
    )


def kill_worker(worker) -> None:
    """SIGKILL the worker and every process of its session (RQ runs each job in a forked
    process of its own process group): the worker's machine or container going down."""
    session = worker.pid
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == session:  # state, ppid, pgrp, session
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(stat.parent.name), signal.SIGKILL)
    worker.wait(timeout=30)


def wait_for(condition, *, timeout: float, worker, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        if worker.poll() is not None and not condition():
            output = worker.stdout.read().decode(errors="replace")
            pytest.fail(f"the worker stopped before {what}:\n{output[-3000:]}")
        time.sleep(0.1)
    worker_output = ""
    if worker.poll() is not None:
        worker_output = worker.stdout.read().decode(errors="replace")[-3000:]
    pytest.fail(f"timed out waiting for {what}\n{worker_output}")


# Transactional: the worker's process must see what this test commits (and on SQLite, the
# in-memory database is set aside for a file, see shared_database).
@pytest.mark.django_db(transaction=True)
def test_a_killed_worker_s_job_is_resumed_and_imports_every_page_once(
    queue, shared_database, client
):
    client.force_login(make_user("editor"))
    upload = SimpleUploadedFile("luu-tru.zip", zip_of_pages(PAGES), "application/zip")
    response = client.post(
        reverse("admin:articles_importjob_add"), {"archive": upload, "status": "draft"}
    )
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == job.get_absolute_url()
    assert (job.status, job.total, job.files.count()) == ("queued", PAGES, PAGES)
    assert job.queue_job_id  # on the queue in Redis

    # A paced worker, so that it is surely killed in the middle of the archive.
    worker = start_worker(queue, shared_database, burst=False, pause=0.2)
    try:
        wait_for(
            lambda: ImportJob.objects.get(pk=job.pk).processed >= KILL_AFTER,
            timeout=180,
            worker=worker,
            what=f"{KILL_AFTER} files",
        )
    finally:
        kill_worker(worker)

    job.refresh_from_db()
    assert job.status == ImportJob.Status.RUNNING, "the kill left the job as it was"
    assert KILL_AFTER <= job.processed < PAGES, "the worker was not killed midway"
    done = job.files.filter(status=ImportJobFile.Status.DONE)
    # Every file is done with its article, or pending with nothing saved: nothing in between.
    assert done.count() == job.processed == job.created == Article.objects.count()
    assert set(done.values_list("name", flat=True)) == set(
        Provenance.objects.values_list("file_name", flat=True)
    )

    # A new worker resumes the job when it starts (its process is gone), and finishes it.
    worker = start_worker(queue, shared_database, burst=True)
    try:
        wait_for(
            lambda: ImportJob.objects.get(pk=job.pk).is_final,
            timeout=300,
            worker=worker,
            what="the resumed job to end",
        )
        worker.wait(timeout=60)
    finally:
        if worker.poll() is None:
            kill_worker(worker)

    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.error
    assert (job.processed, job.created, job.unchanged, job.failed) == (PAGES, PAGES, 0, 0)
    names = [f"luu-tru/{generated_page(index)[0]}" for index in range(PAGES)]
    # Each page once: one article per file, no file imported twice (not even as "unchanged").
    assert Article.objects.count() == PAGES
    assert sorted(Provenance.objects.values_list("file_name", flat=True)) == sorted(names)
    assert set(job.files.values_list("action", flat=True)) == {"created"}
    assert job.files.filter(article=None).count() == 0

    page = client.get(job.get_absolute_url())
    content = page.content.decode()
    assert f'<progress value="{PAGES}" max="{PAGES}">' in content
    assert "Hoàn tất" in content
    assert 'http-equiv="refresh"' not in content  # finished: the page stops refreshing
