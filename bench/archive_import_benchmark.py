"""Background import of an archive, measured: accepting a ZIP, then a real worker importing it.

    .venv/bin/python bench/archive_import_benchmark.py [--pages 500] [--database sqlite|postgres]

Into a fresh database (a SQLite file, or a PostgreSQL database made for the run and dropped
after, on BENCH_POSTGRES_URL's server), a ZIP of generated pages (the seeds under new titles,
articles/tests/ingestion/archive_pages.py) is accepted as a job (the admin's step: checks,
one row per page), then `manage.py rqworker --burst` on a queue of the run's own (Redis at
BENCH_REDIS_URL, DB 5 by default) imports it. Prints the acceptance time, the worker's
pages per second (its start-up included) and its peak memory (max RSS of the worker and its
job process).
"""

from __future__ import annotations

import argparse
import os
import resource
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

ACCEPT = """
import io, time
from articles.ingestion import archive
from articles.models import ImportJob
from articles.tests.ingestion.archive_pages import zip_of_pages
data = zip_of_pages({pages})
started = time.perf_counter()
job = archive.create_job(archive=archive.read_zip(io.BytesIO(data)), kind="zip",
    source_name="bench.zip", user=None, article_status="draft")
print(job.pk, round(time.perf_counter() - started, 2), len(data))
"""

REPORT = """
from articles.models import Article, ImportJob
job = ImportJob.objects.get()
print(job.status, job.processed, job.created, job.failed, Article.objects.count())
"""


def manage(env: dict, *args: str) -> str:
    done = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode:
        sys.exit(f"manage.py {args[0]} failed:\n{done.stderr[-3000:]}")
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    options = parser.parse_args()

    import redis

    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5")
    client = redis.Redis.from_url(redis_url)
    before = set(client.keys())
    queue = f"imports-bench-{secrets.token_hex(4)}"
    tmp = tempfile.TemporaryDirectory()
    env = {
        **os.environ,
        "IMPORT_QUEUE": queue,
        "IMPORT_QUEUE_URL": redis_url,
        "REDIS_URL": "",
        "CACHE_DIR": str(Path(tmp.name) / "cache"),
    }
    dbname = ""
    if options.database == "postgres":
        server = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
        dbname = f"archive_bench_{secrets.token_hex(4)}"
        create = ["psql", f"{server}/postgres", "-qc", f"CREATE DATABASE {dbname}"]
        subprocess.run(create, check=True)
        env["DATABASE_URL"] = f"{server}/{dbname}"
    else:
        env.pop("DATABASE_URL", None)
        env["SQLITE_PATH"] = str(Path(tmp.name) / "db.sqlite3")
    try:
        manage(env, "migrate", "--noinput")
        job_id, accept_seconds, zip_bytes = manage(
            env, "shell", "-c", ACCEPT.format(pages=options.pages)
        ).split()
        started = time.perf_counter()
        subprocess.run(
            [PYTHON, "manage.py", "rqworker", "--burst", "--verbosity", "0", queue],
            cwd=ROOT,
            env=env,
            check=True,
        )
        seconds = time.perf_counter() - started
        status, processed, created, failed, articles = manage(env, "shell", "-c", REPORT).split()
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(
            f"{options.database}: {options.pages} pages, ZIP {int(zip_bytes) / 1e6:.1f} MB "
            f"accepted in {accept_seconds} s; job {job_id} {status}: {processed} processed, "
            f"{created} created, {failed} failed, {articles} articles; worker "
            f"{seconds:.1f} s = {int(processed) / seconds:.1f} pages/s (start-up included); "
            f"peak memory {peak:.0f} MiB"
        )
    finally:
        if dbname:
            subprocess.run(["psql", f"{server}/postgres", "-qc", f"DROP DATABASE {dbname}"])
        left = set(client.keys()) - before
        if left:
            client.delete(*left)
        tmp.cleanup()


if __name__ == "__main__":
    main()
