"""p50/p95 of the admin's article pages through Django's test client (no server, no template
instrumentation), logged in as a superuser.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nr_admin \\
        .venv/bin/python bench/admin_timings.py [--repeat 10]

The pages are bench/query_profile.py's admin pages (the list searched and filtered, the edit
page of the newest article, ...): one warm-up request each, then --repeat timed requests.
Prints a Markdown table with the load average before and after, and the process's CPU time
per request (time.process_time: Python's part, not PostgreSQL's), steadier than wall-clock
time on a shared machine.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--only", default="", help="comma-separated page name prefixes")
    parser.add_argument(
        "--calls",
        action="store_true",
        help="also count the Python function calls of one request (cProfile): a measure of "
        "the work that the machine's load does not change",
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client
    from page_benchmark import percentile
    from query_profile import admin_pages

    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["*"]
    settings.PAGE_CACHE_ENABLED = False
    user, _ = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    only = [name.strip() for name in args.only.split(",") if name.strip()]
    print(f"load average before: {loadavg()}\n")
    print("| page | p50 ms | p95 ms | CPU p50 ms | statuses |")
    print("|---|---|---|---|---|")
    for name, path in admin_pages():
        if only and not any(name.startswith(prefix) for prefix in only):
            continue
        client.get(path)
        times, cpu_times, statuses = [], [], set()
        for _ in range(args.repeat):
            started, cpu_started = time.perf_counter(), time.process_time()
            statuses.add(client.get(path).status_code)
            times.append((time.perf_counter() - started) * 1000)
            cpu_times.append((time.process_time() - cpu_started) * 1000)
        p50, p95 = percentile(times, 0.5), percentile(times, 0.95)
        cpu = percentile(cpu_times, 0.5)
        print(f"| {name} `{path}` | {p50:.0f} | {p95:.0f} | {cpu:.0f} | {sorted(statuses)} |")
        if args.calls:
            profile = cProfile.Profile()
            profile.runcall(client.get, path)
            calls = pstats.Stats(profile, stream=io.StringIO()).total_calls
            print(f"|   function calls of one request: {calls:,} | | | | |")
    print(f"\nload average after: {loadavg()}")


if __name__ == "__main__":
    main()
