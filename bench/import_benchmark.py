"""Import throughput and memory, measured on a generated corpus, on SQLite and PostgreSQL.

    .venv/bin/python bench/import_benchmark.py [--pages 2000] [--small 500]
        [--databases sqlite,postgres]

The corpus is made by recombining the paragraphs of the seed pages and of the parser's test
pages (shuffled, with varied numbers, dates, titles and bylines), so that every page is a
distinct article, not a copy of one file. Each run imports the corpus with the real
`import_articles` command in a child process, into a fresh database, and prints pages per
second and the child's peak memory (max RSS). Running a small and a large corpus shows whether
memory stays flat as the corpus grows.
"""

from __future__ import annotations

import argparse
import os
import random
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

WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]
BYLINES = ["Minh Khoa", "Thanh Tâm", "Ngọc Hân - Phòng Tham mưu", "Hồng Thái (TTXVN)", "Bảo An"]
TITLE_OPENINGS = [
    "Công an tỉnh triển khai",
    "Tăng cường công tác",
    "Hội nghị sơ kết",
    "Ra quân cao điểm",
    "Đoàn công tác kiểm tra",
    "Trao tặng quà hỗ trợ",
]
TITLE_TOPICS = [
    "phòng, chống tội phạm",
    "bảo đảm trật tự an toàn giao thông",
    "phòng cháy, chữa cháy",
    "cải cách hành chính",
    "phòng, chống dịch bệnh",
    "xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc",
]


def paragraph_pool() -> list[str]:
    """Long body-like lines of the seeds and of the parser's test pages."""
    from articles.ingestion.parser import parse_bytes

    files = sorted((ROOT / "fixtures" / "sources").glob("*.txt"))
    files += sorted((ROOT / "articles" / "tests" / "pages").glob("*.txt"))
    pool = []
    for path in files:
        try:
            page = parse_bytes(path.read_bytes(), filename=path.name)
        except ValueError:
            continue
        pool += [p for p in [page.lead, *page.paragraphs] if p and len(p) > 80]
    return pool


def make_page(rng: random.Random, pool: list[str], index: int) -> str:
    title = f"{rng.choice(TITLE_OPENINGS)} {rng.choice(TITLE_TOPICS)} đợt {index}"
    day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.randint(2019, 2025)
    weekday = WEEKDAYS[rng.randrange(7)]
    paragraphs = rng.sample(pool, k=min(len(pool), rng.randint(3, 8)))
    # Vary the numbers so that each page's content, and so its fingerprint, is its own.
    paragraphs = [re.sub(r"\d+", lambda m: str(rng.randint(1, 999)), p) for p in paragraphs]
    paragraphs[0] = f"Ngày {day}/{month}, {paragraphs[0][0].lower()}{paragraphs[0][1:]} ({index})"
    lines = [
        title,
        "",
        f"{weekday}, {day:02d}/{month:02d}/{year} {rng.randint(6, 22):02d}:{rng.randint(0, 59):02d}",  # noqa: E501
        "",
    ]
    for paragraph in paragraphs:
        lines += [paragraph, ""]
    lines.append(rng.choice(BYLINES))
    return "\n".join(lines) + "\n"


def write_corpus(directory: Path, pages: int, seed: int = 42) -> None:
    rng = random.Random(seed)
    pool = paragraph_pool()
    for index in range(pages):
        folder = directory / f"lo-{index // 500:03d}"
        folder.mkdir(exist_ok=True)
        (folder / f"trang-{index:05d}.txt").write_text(make_page(rng, pool, index), "utf-8")


def fresh_database(kind: str, workdir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SQLITE_PATH"}}
    env["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
    # Production settings, as a cron job runs them: DEBUG on would keep every SQL query.
    env.update(DEBUG="0", SECRET_KEY=secrets.token_urlsafe(40), ALLOWED_HOSTS="localhost")
    if kind == "sqlite":
        env["SQLITE_PATH"] = str(workdir / f"bench-{time.time_ns()}.sqlite3")
    else:
        import psycopg

        name = "newsroom_bench"
        admin_url = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres")
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name}")
            conn.execute(f"CREATE DATABASE {name}")
        env["DATABASE_URL"] = admin_url.rsplit("/", 1)[0] + f"/{name}"
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    return env


def run_import(kind: str, corpus: Path, workdir: Path) -> tuple[int, float, float]:
    """Import the corpus in a child process; returns (pages, seconds, peak RSS in MiB)."""
    env = fresh_database(kind, workdir)
    command = [
        sys.executable,
        "-c",
        # Report the child's own peak RSS, so earlier runs of this script do not count.
        "import resource, sys, django; django.setup();"
        "from django.core.management import call_command;"
        "call_command('import_articles', sys.argv[1], '--status', 'published');"
        "print('MAXRSS', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)",
        str(corpus),
    ]
    started = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.stderr.write(result.stdout[-2000:] + result.stderr[-2000:])
        raise SystemExit(f"import failed on {kind}")
    created = len(re.findall(r"^created ", result.stdout, flags=re.M))
    rss_kib = int(re.search(r"MAXRSS (\d+)", result.stderr).group(1))
    own = re.search(r"\(([\d.]+) s, \d+ trang/s\)", result.stdout)
    return created, elapsed, rss_kib / 1024, float(own.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--small", type=int, default=500, help="smaller corpus for memory")
    parser.add_argument("--databases", default="sqlite,postgres")
    args = parser.parse_args()

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    django.setup()
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        corpora = {}
        for size in sorted({args.small, args.pages}):
            corpus = workdir / f"corpus-{size}"
            corpus.mkdir()
            write_corpus(corpus, size)
            corpora[size] = corpus
        for kind in args.databases.split(","):
            for size, corpus in corpora.items():
                pages, seconds, rss, importing = run_import(kind, corpus, workdir)
                print(
                    f"{kind:9} {size:6d} pages: {pages} created; import loop {importing:6.1f} s"
                    f" = {pages / importing:6.1f} pages/s (whole process {seconds:5.1f} s = "
                    f"{pages / seconds:6.1f} pages/s); peak RSS {rss:6.1f} MiB"
                )
    own_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"bench process peak RSS {own_rss:.1f} MiB")


if __name__ == "__main__":
    main()
