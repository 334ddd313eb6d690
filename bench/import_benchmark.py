"""Import throughput and memory, measured on a generated corpus, on SQLite and PostgreSQL.

    .venv/bin/python bench/import_benchmark.py [--pages 2000] [--small 500]
        [--databases sqlite,postgres] [--jobs N]
    (PostgreSQL: BENCH_POSTGRES, the server's URL; BENCH_DATABASE, the database to recreate)

The corpus is generated here, never shipped: `articles.ingestion.sample_pages` recombines the
paragraphs of the seed pages and of the test pages (shuffled, with varied numbers, dates,
titles, bylines and officials' names), so that every page is a distinct article, not a copy of
one file. Each run imports the corpus with the real `import_articles` command (`--jobs N`
worker processes; default the machine's cores) in a child process, into a fresh database, and
prints pages per second, peak memory (the command's own process and its largest worker: max
RSS by getrusage of self and of children) and CPU time a page: the command's process, its
workers and, on PostgreSQL on this machine, the server process of its connection (from
/proc). SQL statements are those Django runs; each COPY of an import batch
(articles.ingestion.batch) is one more, not counted. Running a small and a large corpus shows
whether memory stays flat as the corpus grows. The load average is printed before each run:
the figures mean little on a busy machine.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def fresh_database(kind: str, workdir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SQLITE_PATH"}}
    env["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
    # Production settings, as a cron job runs them: DEBUG on would keep every SQL query.
    env.update(DEBUG="0", SECRET_KEY=secrets.token_urlsafe(40), ALLOWED_HOSTS="localhost")
    if kind == "sqlite":
        env["SQLITE_PATH"] = str(workdir / f"bench-{time.time_ns()}.sqlite3")
    else:
        import psycopg

        # Dropped and created again: BENCH_DATABASE names one of your own on a shared server.
        name = os.environ.get("BENCH_DATABASE", "newsroom_bench")
        if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
            raise SystemExit(f"BENCH_DATABASE: not a plain database name: {name!r}")
        admin_url = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres")
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name}")
            conn.execute(f"CREATE DATABASE {name}")
        env["DATABASE_URL"] = admin_url.rsplit("/", 1)[0] + f"/{name}"
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    return env


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def run_import(kind: str, corpus: Path, workdir: Path, jobs: int) -> dict:
    """Import the corpus in a child process; returns its pages, times and peak memory."""
    env = fresh_database(kind, workdir)
    command = [sys.executable, __file__, "--child", str(corpus), "--jobs", str(jobs)]
    load = load_average()
    started = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.stderr.write(result.stdout[-2000:] + result.stderr[-2000:])
        raise SystemExit(f"import failed on {kind}")
    rss_self, rss_children = re.search(r"MAXRSS (\d+) (\d+)", result.stderr).groups()
    cpu_self, cpu_children = re.search(r"CPU ([\d.]+) ([\d.]+)", result.stderr).groups()
    statements = int(re.search(r"STATEMENTS (\d+)", result.stderr).group(1))
    server = float(re.search(r"SERVER_CPU (-?[\d.]+)", result.stderr).group(1))
    own = re.search(r"\(([\d.]+) s, \d+ trang/s\)", result.stdout)
    return {
        "created": len(re.findall(r"^created ", result.stdout, flags=re.M)),
        "seconds": elapsed,
        "loop": float(own.group(1)),
        "rss": int(rss_self) / 1024,
        "worker_rss": int(rss_children) / 1024,
        # CPU time, which a busy machine inflates less than the wall clock.
        "cpu": float(cpu_self),
        "worker_cpu": float(cpu_children),
        "statements": statements,
        "server_cpu": server,
        "load": load,
    }


def server_cpu(connection) -> float:
    """CPU seconds of the PostgreSQL backend serving `connection` (its /proc entry, when the
    server runs on this machine); -1 when unknown (SQLite, a remote server)."""
    if connection.vendor != "postgresql":
        return -1.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return -1.0
    return (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def child(corpus: str, jobs: int) -> None:
    """The measured process: the command, then its SQL statements, CPU time and peak memory
    (its own and its largest worker's) on standard error, so earlier runs do not count."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    statements = 0

    def count(execute, *args):
        nonlocal statements
        statements += 1
        return execute(*args)

    with connection.execute_wrapper(count):
        call_command("import_articles", corpus, "--status", "published", "--jobs", str(jobs))
    print("SERVER_CPU", server_cpu(connection), file=sys.stderr)
    me = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    print("STATEMENTS", statements, file=sys.stderr)
    print("MAXRSS", me.ru_maxrss, workers.ru_maxrss, file=sys.stderr)
    cpu = (me.ru_utime + me.ru_stime, workers.ru_utime + workers.ru_stime)
    print("CPU", *cpu, file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--small", type=int, default=500, help="smaller corpus for memory")
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--child", metavar="CORPUS", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.jobs)
        return

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    django.setup()
    from articles.ingestion.sample_pages import write_pages

    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, --jobs {args.jobs}")
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        corpora = {}
        for size in sorted({args.small, args.pages}):
            corpus = workdir / f"corpus-{size}"
            corpus.mkdir()
            write_pages(corpus, size)
            corpora[size] = corpus
        for kind in args.databases.split(","):
            for size, corpus in corpora.items():
                run = run_import(kind, corpus, workdir, args.jobs)
                pages = run["created"]
                server = ""
                if run["server_cpu"] >= 0:
                    server = f", PostgreSQL backend {1000 * run['server_cpu'] / pages:.1f} ms"
                print(
                    f"{kind:9} {size:6d} pages: {pages} created; import loop {run['loop']:6.1f} s"
                    f" = {pages / run['loop']:6.1f} pages/s (whole process {run['seconds']:5.1f} s"
                    f" = {pages / run['seconds']:6.1f} pages/s); peak RSS {run['rss']:6.1f} MiB,"
                    f" largest worker {run['worker_rss']:6.1f} MiB; CPU a page: main process"
                    f" {1000 * run['cpu'] / pages:.1f} ms, workers"
                    f" {1000 * run['worker_cpu'] / pages:.1f} ms{server}; SQL statements a page"
                    f" {run['statements'] / pages:.1f}; load average before {run['load']}"
                )
    own_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"bench process peak RSS {own_rss:.1f} MiB; load average after {load_average()}")


if __name__ == "__main__":
    main()
