"""Wall time of the public pages and of search, one reader at a time, through Django's test
client (no HTTP server, no cache in front), on whatever database DATABASE_URL names.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_scale \\
        .venv/bin/python bench/page_timings.py [--runs 10] [--search-runs 10] [--only search]

Build the archive first (`manage.py seed`, then a large generated corpus). The pages measured
are chosen from the data: the article naming the most officials, the largest category (its
first page and a deep one), the most used tag, the most mentioned official and unit. Prints
p50 and p95 in milliseconds per page class, and any status other than 200.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

SEARCHES = [
    "cong an",
    "hau giang",
    "cong an tinh hau giang",
    "phong chay chua chay",
    "ho chi minh",
    "bo cong an",
    "tri an",
    "dai ta",
    "giam doc",
    "covid",
    "chi vien luc luong",
    "trai giam",
    "tham mua",
    "huynh viet hoa",
    "xyzzy khong co",
]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--search-runs", type=int, default=None)
    parser.add_argument("--deep-page", type=int, default=50)
    parser.add_argument("--only", default="", help="comma-separated page classes")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import setup_test_environment
    from taggit.models import Tag

    from articles.models import Article, Category, OfficialMention, UnitMention

    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["*"]
    setup_test_environment()

    published = Article.objects.published()
    article = (
        published.annotate(n=Count("official_mentions"))
        .order_by("-n", "-published_at")
        .only("slug")
        .first()
    )
    category = (
        Category.objects.filter(parent=None)
        .annotate(n=Count("articles"))
        .order_by("-n")
        .only("slug")
        .first()
    )
    tag = Tag.objects.annotate(n=Count("taggit_taggeditem_items")).order_by("-n").first()
    official_id = (
        OfficialMention.objects.values("official")
        .annotate(n=Count("pk"))
        .order_by("-n")[0]["official"]
    )
    unit_id = UnitMention.objects.values("unit").annotate(n=Count("pk")).order_by("-n")[0]["unit"]
    from people.models import Official, Unit

    pages = {
        "home": ["/"],
        "article": [article.get_absolute_url()],
        "category p1": [f"/chuyen-muc/{category.slug}/"],
        f"category p{args.deep_page}": [f"/chuyen-muc/{category.slug}/?page={args.deep_page}"],
        "tag": [f"/the/{tag.slug}/"],
        "official": [Official.objects.get(pk=official_id).get_absolute_url()],
        "officials index": ["/can-bo/"],
        "unit": [Unit.objects.get(pk=unit_id).get_absolute_url()],
        "search": [f"/tim-kiem/?q={query.replace(' ', '+')}" for query in SEARCHES],
    }
    only = {name.strip() for name in args.only.split(",") if name.strip()}
    client = Client()
    print(f"{published.count()} published articles; {Article.objects.count()} in all")
    print("| page class | p50 ms | p95 ms | max ms | statuses |\n|---|---|---|---|---|")
    for name, urls in pages.items():
        if only and name not in only:
            continue
        runs = args.search_runs if name == "search" and args.search_runs else args.runs
        client.get(urls[0])  # warm up
        times, statuses = [], set()
        for url in urls:
            for _ in range(runs):
                start = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - start) * 1000)
                statuses.add(response.status_code)
        print(
            f"| {name} | {statistics.median(times):.0f} | {percentile(times, 0.95):.0f} "
            f"| {max(times):.0f} | {','.join(map(str, sorted(statuses)))} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
