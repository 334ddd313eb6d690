"""The search page, timed per query through Django's test client (no HTTP server).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nr_scale \\
        .venv/bin/python bench/search_timing.py [--repeat 10] [--sort moi-nhat]

DEBUG off, the page cache off, on whatever database DATABASE_URL names: the whole page (form,
filters, count, ranking, 20 cards), each query of bench/page_benchmark.py's SEARCH_QUERIES and
a few more (two common words never together, a word nowhere, a name with Đ) --repeat times
after one warm-up. Prints per query the median, the slowest, the query count, the time in
SQL and this process's CPU time (Python: less sensitive to the machine's other work than
wall-clock time, though not immune), then p50/p95 over every request, and the load average
before and after (the machine's other work shows in wall-clock times: judge them with it).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

EXTRA_QUERIES = ["dak nong", "xyzzy khong co", "Đồng Văn Thanh"]


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--sort", default="", help="sap_xep: lien-quan, moi-nhat, cu-nhat")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from page_benchmark import SEARCH_QUERIES, percentile

    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["*"]
    settings.PAGE_CACHE_ENABLED = False
    setup_test_environment()
    client = Client()
    print(f"load average before: {load()}")
    print("| query | median ms | max ms | queries | SQL ms (median) | CPU ms (median) | status |")
    print("|---|---|---|---|---|---|---|")
    every = []
    for query in SEARCH_QUERIES + EXTRA_QUERIES:
        params = {"q": query}
        if args.sort:
            params["sap_xep"] = args.sort
        path = "/tim-kiem/?" + urllib.parse.urlencode(params)
        client.get(path)  # warm-up
        times, sql_times, cpu_times, counts, statuses = [], [], [], set(), set()
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as queries:
                started, cpu_started = time.perf_counter(), time.process_time()
                response = client.get(path)
                times.append((time.perf_counter() - started) * 1000)
                cpu_times.append((time.process_time() - cpu_started) * 1000)
            sql_times.append(sum(float(q["time"]) for q in queries.captured_queries) * 1000)
            counts.add(len(queries.captured_queries))
            statuses.add(response.status_code)
        if query in SEARCH_QUERIES:
            every += times
        print(
            f"| {query} | {statistics.median(times):.0f} | {max(times):.0f} | "
            f"{'/'.join(map(str, sorted(counts)))} | {statistics.median(sql_times):.0f} | "
            f"{statistics.median(cpu_times):.0f} | {'/'.join(map(str, sorted(statuses)))} |"
        )
    print(
        f"SEARCH_QUERIES, {len(every)} requests: p50 {percentile(every, 0.5):.0f} ms, "
        f"p95 {percentile(every, 0.95):.0f} ms"
    )
    print(f"load average after: {load()}")


if __name__ == "__main__":
    main()
