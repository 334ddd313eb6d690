"""Where a page's time goes: wall time, query count and the slowest queries of each page class.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nr_scale \\
        .venv/bin/python bench/query_profile.py [--runs 3] [--top 3] [--only home,tag] [--explain]

Through Django's test client (no HTTP server), DEBUG off, the page cache off, on whatever
database DATABASE_URL names. The pages are the ones bench/page_benchmark.py times (found in
the database the same way). For each page class: the best, p50 and p95 of --runs wall
times, the query count and the --top slowest queries of that best run; --explain prints PostgreSQL's
EXPLAIN (ANALYZE, BUFFERS) of the slowest one. With --admin, the admin's article pages instead
(logged in as a superuser): the list plain, searched, with each filter, sorted by each
sortable column both ways, deep pages, and the edit page of the newest article.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")


def admin_pages() -> list[tuple[str, str]]:
    """(name, path) of the admin's article pages worth timing, found in the database."""
    from django.db.models import Count
    from django.urls import reverse

    from articles.admin.article import ArticleAdmin
    from articles.models import Article, Category, OfficialMention

    url = reverse("admin:articles_article_changelist")
    category = Category.objects.annotate(n=Count("articles")).order_by("-n").first()
    newest = Article.objects.order_by("-pk").first()
    pages = [
        ("admin list", url),
        ("admin list search", f"{url}?q=hau+giang"),
        ("admin list search accents", f"{url}?q=H%E1%BA%ADu+Giang"),
        ("admin list search rare", f"{url}?q=trai+giam+kenh+5"),
        ("admin list search id", f"{url}?q={newest.pk}"),
        ("admin list search slug", f"{url}?q={newest.slug}"),
        ("admin list filter+search", f"{url}?category__id__exact={category.pk}&q=hau+giang"),
        ("admin list filter category", f"{url}?category__id__exact={category.pk}"),
        ("admin list page 2", f"{url}?p=2"),
        ("admin list page 50", f"{url}?p=50"),
        ("admin list page 200", f"{url}?p=200"),
        ("admin list search page 20", f"{url}?q=hau+giang&p=20"),
    ]
    for value in ["draft", "review", "published", "archived", "live", "scheduled", "expired",
                  "returned"]:  # fmt: skip
        pages.append((f"admin list status {value}", f"{url}?trang_thai={value}"))
    pages += [
        ("admin list filter source", f"{url}?source__isnull=True"),
        ("admin list filter tag", f"{url}?tu_khoa=C%C3%B4ng+an+H%E1%BA%ADu+Giang"),
        ("admin list filter creator", f"{url}?nguoi_tao=bench-admin"),
        ("admin list filter author", f"{url}?tac_gia=Minh"),
        ("admin list filter featured", f"{url}?is_featured__exact=1"),
        ("admin list filter pinned", f"{url}?is_pinned__exact=1"),
        ("admin list filter provisional", f"{url}?title_is_provisional__exact=1"),
        ("admin list date year", f"{url}?published_at__year=2024"),
        ("admin list date month", f"{url}?published_at__year=2024&published_at__month=5"),
    ]
    columns = len(ArticleAdmin.list_display)
    for column in range(1, columns + 1):
        pages.append((f"admin list sort {column}", f"{url}?o={column}"))
        pages.append((f"admin list sort -{column}", f"{url}?o=-{column}"))
    pages.append(("admin edit page", reverse("admin:articles_article_change", args=[newest.pk])))
    # The official named most often (~40,000 articles at 100,000): its page lists the newest.
    most_named = (
        OfficialMention.objects.values("official").annotate(n=Count("pk")).order_by("-n").first()
    )
    if most_named:
        url = reverse("admin:people_official_change", args=[most_named["official"]])
        pages.append(("admin official edit page", url))
    return pages


class TestClientAdapter:
    """The page benchmark's discovery asks its client for the sitemap index: (status, ms, body)."""

    def __init__(self, client):
        self.client = client

    def get(self, path):
        response = self.client.get(path)
        return str(response.status_code), 0.0, response.content


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--top", type=int, default=3)
    parser.add_argument("--only", default="", help="comma-separated page class prefixes")
    parser.add_argument(
        "--explain",
        type=float,
        default=0,
        metavar="MS",
        help="EXPLAIN (ANALYZE, BUFFERS) every query of the page slower than MS (PostgreSQL)",
    )
    parser.add_argument("--search", action="store_true", help="also the 15 search queries")
    parser.add_argument("--admin", action="store_true", help="the admin's article pages instead")
    args = parser.parse_args()

    import django

    django.setup()
    import page_benchmark
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["*"]
    settings.PAGE_CACHE_ENABLED = False
    setup_test_environment()
    client = Client()
    if args.admin:
        from django.contrib.auth import get_user_model

        user, _ = get_user_model().objects.get_or_create(
            username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
        )
        client.force_login(user)
        pages = admin_pages()
    else:
        pages, _ = page_benchmark.discover(TestClientAdapter(client))
    if args.search:
        pages += [
            (f"search {q}", f"/tim-kiem/?q={q.replace(' ', '+')}")
            for q in page_benchmark.SEARCH_QUERIES
        ]
    only = [name.strip() for name in args.only.split(",") if name.strip()]
    for name, path in pages:
        if only and not any(name.startswith(prefix) for prefix in only):
            continue
        best, times = None, []
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(path)
                elapsed = (time.perf_counter() - started) * 1000
            times.append(elapsed)
            if best is None or elapsed < best[0]:
                best = (elapsed, list(queries.captured_queries), response.status_code)
        elapsed, captured, status = best
        total_sql = sum(float(q["time"]) for q in captured) * 1000
        p50, p95 = page_benchmark.percentile(times, 0.5), page_benchmark.percentile(times, 0.95)
        print(f"\n## {name} {path}: {elapsed:.0f} ms (p50 {p50:.0f}, p95 {p95:.0f} of "
              f"{len(times)}), {len(captured)} queries ({total_sql:.0f} ms in SQL), "
              f"status {status}")  # fmt: skip
        slowest = sorted(captured, key=lambda q: -float(q["time"]))[: args.top]
        for query in slowest:
            sql = re.sub(r"\s+", " ", query["sql"])
            print(f"  {float(query['time']) * 1000:7.1f} ms  {sql[:600]}")
        if not args.explain or connection.vendor != "postgresql":
            continue
        for query in slowest:
            if float(query["time"]) * 1000 < args.explain:
                continue
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
                print(f"  EXPLAIN of the {float(query['time']) * 1000:.0f} ms query:")
                print("\n".join("    " + row[0] for row in cursor.fetchall()))


if __name__ == "__main__":
    main()
