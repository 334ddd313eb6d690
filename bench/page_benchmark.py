"""Page timings of the public site and the admin, and throughput against bare Django (issue 11).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench \\
        .venv/bin/python bench/page_benchmark.py [--repeat 10] [--search-repeat 2] \\
        [--timeout 60] [--port 8765] [--workers 3] [--no-load] [--wrk-seconds 10] \\
        [--redis-url redis://127.0.0.1:6379/3]

The database must hold an archive (`manage.py seed`, then `manage.py generate_corpus`). The
script:

1. runs `collectstatic` into the settings' STATIC_ROOT (`staticfiles/`, git-ignored; it is
   not configurable from the environment, and DEBUG off needs its manifest), then starts
   gunicorn (3 sync workers, otherwise the repository's gunicorn.conf.py, as bare Django
   below) on 127.0.0.1 with DEBUG off, a random SECRET_KEY,
   ALLOWED_HOSTS=127.0.0.1, cookies allowed over plain HTTP and no redirect to https
   (SECURE_COOKIES=0, SECURE_SSL_REDIRECT=0),
   the page cache OFF for the page table (it times the pages, not a cache read), a file
   cache in a temporary directory, and PostgreSQL's statement_timeout and gunicorn's
   worker timeout at --timeout, so that a runaway page cannot keep the machine busy;
2. finds real addresses in the database for every page class (the newest public article,
   the category with the most articles and its page 50 (the cap) or its deepest, the most used tag,
   the newest month, an event, the most named official and unit, the author with the most
   articles, the sitemap index and every section it lists), creates a superuser and logs in;
3. requests each page --repeat times, one at a time (after 3 × --workers unmeasured warm-up
   requests, so that every worker has served it once;
   search has none, and each of its 15 queries is asked --search-repeat times, stopping at
   the first timeout), and prints a Markdown table: page class, p50 ms, p95 ms, statuses;
4. if `wrk` is on PATH (Debian package `wrk`: `apt-get install wrk`), restarts the site with
   its page cache ON (in Redis with --redis-url, else the file cache) next to bare Django
   (bench/bare: hello world and a 30-item template) served the same way, and runs wrk (16
   connections, --wrk-seconds) against hello world, the site's home, article and category
   pages and the 30-item template in turn, --wrk-rounds times; prints requests/s and each
   round's ratios to that round's bare Django, and their medians.

Only 127.0.0.1 is ever contacted; every loop is bounded.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BARE = Path(__file__).resolve().parent / "bare"
HOST = "127.0.0.1"

SEARCH_QUERIES = [
    "cong an",
    "hau giang",
    "phong chay chua chay",
    "cong an tinh hau giang",
    "covid",
    "giam doc cong an tinh",
    "huynh viet hoa",
    "le quoc hung",
    "trai giam kenh 5",
    "an toan giao thong",
    "tin dung den",
    "vi thanh",
    "can cuoc cong dan",
    "ho chi minh",
    "nghiem xuan thanh bi thu",
]


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (p95 of 10 values is the 10th)."""
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, int(-(-share * len(ordered) // 1)) - 1))
    return ordered[index]


def wait_for_port(port: int, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited with {process.returncode} before listening")
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"nothing listens on {HOST}:{port} after {seconds} s")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Client:
    """One reader: sequential requests, cookies kept (for the admin), no redirects followed."""

    def __init__(self, port: int, timeout: float):
        self.base = f"http://{HOST}:{port}"
        self.timeout = timeout
        self.jar = http.cookiejar.CookieJar()

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect
        )

    def get(self, path: str, data: dict | None = None) -> tuple[str, float, bytes]:
        """(status, milliseconds, body); status "timeout" when --timeout passed."""
        assert path.startswith("/"), path
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body)
        if data is not None:
            request.add_header("Referer", self.base + path)
        started = time.perf_counter()
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                content = response.read()
                status = str(response.status)
        except urllib.error.HTTPError as err:
            content = err.read()
            status = str(err.code)
        except TimeoutError:
            return "timeout", (time.perf_counter() - started) * 1000, b""
        except urllib.error.URLError as err:
            if isinstance(err.reason, TimeoutError):
                return "timeout", (time.perf_counter() - started) * 1000, b""
            return f"error ({err.reason})", (time.perf_counter() - started) * 1000, b""
        except (ConnectionError, http.client.HTTPException) as err:
            return f"error ({type(err).__name__})", (time.perf_counter() - started) * 1000, b""
        return status, (time.perf_counter() - started) * 1000, content

    def cookie(self, name: str) -> str:
        return next((c.value for c in self.jar if c.name == name), "")


def django_setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def discover(client: Client) -> tuple[list[tuple[str, str]], dict]:
    """(page class, path) for every page class, from the database; and facts for the report."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count, Q
    from django.urls import reverse
    from django.utils import timezone
    from taggit.models import Tag

    from articles.models import Article, Author, Category, Event, published_q
    from newsroom.pages import CappedPaginator
    from people.models import Official, Unit

    published = Article.objects.published()
    pages: list[tuple[str, str]] = [("home", reverse("articles:home"))]
    newest = published.order_by("-published_at", "-pk").first()
    if newest is None:
        raise SystemExit("no published article: run manage.py seed and generate_corpus first")
    pages.append(("article", reverse("articles:detail", kwargs={"slug": newest.slug})))
    pages.append(("print view", reverse("articles:print", kwargs={"slug": newest.slug})))

    category = (
        Category.objects.annotate(n=Count("articles", filter=published_q("articles__")))
        .order_by("-n")
        .first()
    )
    category_url = reverse("articles:category", kwargs={"slug": category.slug})
    deepest = max(1, -(-category.n // 20))
    # Lists are capped (newsroom.pages.CappedPaginator): the deepest page a reader can reach.
    page = min(CappedPaginator.max_pages, deepest)
    pages.append(("category, first page", category_url))
    pages.append((f"category, page {page} (deepest)", f"{category_url}?page={page}"))

    tag = Tag.objects.annotate(n=Count("taggit_taggeditem_items")).order_by("-n").first()
    if tag is not None:
        pages.append(("tag", reverse("articles:tag", kwargs={"slug": tag.slug})))
    local = timezone.localtime(newest.published_at)
    pages.append(("archive year", reverse("articles:archive_year", kwargs={"year": local.year})))
    pages.append(
        (
            "archive month",
            reverse("articles:archive_month", kwargs={"year": local.year, "month": local.month}),
        )
    )
    day = {"year": local.year, "month": local.month, "day": local.day}
    pages.append(("archive day", reverse("articles:archive_day", kwargs=day)))
    pages.append(("events list", reverse("articles:events")))
    event = Event.objects.filter(articles__in=published).order_by("-date", "-pk").distinct().first()
    if event is not None:
        pages.append(("event", reverse("articles:event", kwargs={"slug": event.slug})))
    pages.append(("officials index /can-bo/", reverse("people:officials")))
    official = Official.objects.annotate(n=Count("mentions")).order_by("-n").first()
    pages.append(("official", reverse("people:official", kwargs={"slug": official.slug})))
    pages.append(("units tree", reverse("people:units")))
    unit = Unit.objects.annotate(n=Count("mentions")).order_by("-n").first()
    pages.append(("unit", reverse("people:unit", kwargs={"slug": unit.slug})))
    author = Author.objects.annotate(n=Count("article_links")).order_by("-n").first()
    if author is not None:
        pages.append(("author", reverse("articles:author", kwargs={"slug": author.slug})))
    pages.append(("RSS", reverse("articles:rss")))
    index = reverse("sitemap")
    pages.append(("sitemap index", index))
    status, _, body = client.get(index)
    sections: dict[str, str] = {}
    for loc in re.findall(r"<loc>([^<]+)</loc>", body.decode("utf-8", "replace")):
        parsed = urllib.parse.urlsplit(loc)
        path = parsed.path + (f"?{parsed.query}" if parsed.query else "")
        name = parsed.path.rsplit("/", 1)[-1]
        # One page class per kind of piece: the newest month of articles, the newest year
        # of events (sitemap-tin-tuc-2026-11.xml, sitemap-su-kien-2026.xml), each section.
        kind = re.sub(r"-\d{4}(-\d{2})?\.xml$", "-*.xml", name)
        sections.setdefault(kind, (name, path))
    for name, path in sections.values():
        pages.append((f"sitemap {name}", path))
    # The old paged section's first page, kept for crawlers that know it (not in the index).
    if "sitemap-tin-tuc.xml" not in {name for name, _ in sections.values()}:
        old = reverse("sitemap-section", kwargs={"section": "tin-tuc"})
        pages.append(("sitemap sitemap-tin-tuc.xml (old address)", old))

    facts = {
        "articles": Article.objects.count(),
        "published (public)": published.count(),
        "official mentions of the most named official": official.n,
        "most named official": official.name,
        "category": f"{category.name} ({category.n} public articles, {deepest} pages)",
        "sitemap index status": status,
    }
    user_model = get_user_model()
    name = "bench-admin"
    password = secrets.token_urlsafe(16)
    user = user_model.objects.filter(username=name).first()
    if user is None:
        user = user_model.objects.create_superuser(name, "bench@example.invalid", password)
    else:
        user.set_password(password)
        user.is_superuser = user.is_staff = user.is_active = True
        user.save()
    facts["admin"] = {"username": name, "password": password}
    busiest = category
    edit = Article.objects.filter(~Q(pk=newest.pk)).order_by("-pk").first() or newest
    facts["admin_pages"] = [
        (
            "admin article list (filter + search)",
            reverse("admin:articles_article_changelist")
            + f"?category__id__exact={busiest.pk}&q=hau+giang",
        ),
        ("admin edit page", reverse("admin:articles_article_change", args=[edit.pk])),
    ]
    return pages, facts


def login(client: Client, username: str, password: str) -> bool:
    from django.urls import reverse

    path = reverse("admin:login")
    client.get(path)
    token = client.cookie("csrftoken")
    status, _, _ = client.get(
        path,
        {
            "csrfmiddlewaretoken": token,
            "username": username,
            "password": password,
            "next": reverse("admin:index"),
        },
    )
    return status == "302" and bool(client.cookie("sessionid"))


def measure(client: Client, path: str, repeat: int, warm_ups: int = 1) -> dict:
    for _ in range(warm_ups):
        status, _, _ = client.get(path)
        if status == "timeout":
            return {"times": [], "statuses": ["timeout"]}
    times, statuses = [], []
    for _ in range(repeat):
        status, ms, _ = client.get(path)
        times.append(ms)
        statuses.append(status)
        if status == "timeout":
            break
    return {"times": times, "statuses": statuses}


def statuses_text(statuses: list[str]) -> str:
    counts: dict[str, int] = {}
    for status in statuses:
        counts[status] = counts.get(status, 0) + 1
    return ", ".join(f"{count}× {status}" for status, count in sorted(counts.items()))


def row(name: str, result: dict) -> str:
    times = result["times"]
    if not times:
        return f"| {name} | – | – | {statuses_text(result['statuses'])} |"
    p50 = statistics.median(times)
    p95 = percentile(times, 0.95)
    return f"| {name} | {p50:,.0f} | {p95:,.0f} | {statuses_text(result['statuses'])} |"


def start_gunicorn(
    module: str, env: dict, port: int, workers: int, timeout: int, cwd: Path
) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [
        str(gunicorn),
        module,
        # The production configuration for the site and for bare Django alike (preloaded
        # application, recycled workers, access log): the yardstick is served the same way.
        "--config",
        str(ROOT / "gunicorn.conf.py"),
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--timeout",
        str(timeout),
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(
        command, cwd=cwd, env=env, start_new_session=True, stdout=subprocess.DEVNULL
    )
    wait_for_port(port, process)
    return process


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def run_wrk(url: str, seconds: int, connections: int = 16, warm_up: int = 6) -> dict:
    assert url.startswith(f"http://{HOST}:"), url
    # Every worker has booted and rendered the page once before the clock starts.
    for _ in range(warm_up):
        try:
            with urllib.request.urlopen(url, timeout=120) as response:
                response.read()
        except (OSError, urllib.error.URLError):
            pass
    command = [
        "wrk",
        "-t2",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "30s",
        "--latency",
        url,
    ]
    output = subprocess.run(
        command, capture_output=True, text=True, timeout=seconds + 60, check=False
    ).stdout
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)", output)
    errors = re.search(r"Socket errors:.*", output)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    done = re.search(r"(\d+) requests in", output)
    median = None
    if p50:
        value, unit = float(p50.group(1)), p50.group(2)
        median = value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
    return {
        "rate": float(rate.group(1)) if rate else 0.0,
        "p50": median,
        "requests": int(done.group(1)) if done else 0,
        "errors": (errors.group(0) if errors else "")
        + (f" non-2xx {non2xx.group(1)}" if non2xx else ""),
    }


def page_timings(client: Client, pages: list, facts: dict, args, say) -> None:
    """The Markdown table of page classes (and search per query)."""
    say("| page class | p50 ms | p95 ms | status codes |")
    say("|---|---|---|---|")
    results: dict[str, dict] = {}
    # Each worker serves the page before the clock starts (which worker accepts a request is
    # the kernel's choice: three per worker make it near certain). A worker's first page is
    # slower (~90 ms for the home page, newsroom/warmup.py); a worker serves ~10,000 requests
    # before it is recycled, where one warm-up made two of the 20 measured requests first ones.
    warm_ups = 3 * args.workers
    for name, path in pages:
        results[name] = measure(client, path, args.repeat, warm_ups)
        say(row(f"{name} `{path}`", results[name]))

    search_times, search_statuses, per_query = [], [], []
    for query in SEARCH_QUERIES:
        path = "/tim-kiem/?" + urllib.parse.urlencode({"q": query})
        result = measure(client, path, args.search_repeat, warm_ups=0)
        search_times += result["times"]
        search_statuses += result["statuses"]
        per_query.append((query, result))
    results["search"] = {"times": search_times, "statuses": search_statuses}
    say(row(f"search ({len(SEARCH_QUERIES)} queries × ≤{args.search_repeat})", results["search"]))

    admin = facts["admin"]
    if login(client, admin["username"], admin["password"]):
        for name, path in facts["admin_pages"]:
            results[name] = measure(client, path, args.repeat, warm_ups)
            say(row(f"{name} `{path}`", results[name]))
    else:
        say("| admin | – | – | login failed |")
    say()
    say("Search, per query (ms, each request):")
    say()
    say("| query | times ms | status codes |")
    say("|---|---|---|")
    for query, result in per_query:
        times = ", ".join(f"{t:,.0f}" for t in result["times"])
        say(f"| {query} | {times} | {statuses_text(result['statuses'])} |")


def load_row(name: str, result: dict) -> str:
    return (
        f"| {name} | {result['rate']:.1f} | {result['requests']} | {result['p50'] or 0:,.0f} | "
        f"{result['errors'] or '–'} |"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--search-repeat", type=int, default=2)
    parser.add_argument("--timeout", type=int, default=60, help="seconds per request")
    parser.add_argument("--port", type=int, default=0, help="0: a free port")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--no-load", action="store_true", help="skip the wrk part")
    parser.add_argument("--wrk-seconds", type=int, default=10)
    parser.add_argument("--wrk-rounds", type=int, default=3)
    parser.add_argument("--only-load", action="store_true", help="skip the page timings")
    parser.add_argument(
        "--redis-url", default="", help="the page cache in this Redis for the load part"
    )
    args = parser.parse_args()
    if not args.database_url.startswith(("postgres://", "postgresql://", "sqlite:")):
        parser.error("give --database-url or DATABASE_URL (postgres://… or sqlite:///…)")
    if not (1 <= args.repeat <= 100 and 1 <= args.search_repeat <= 20):
        parser.error("--repeat 1..100, --search-repeat 1..20")
    if not 1 <= args.wrk_rounds <= 10:
        parser.error("--wrk-rounds 1..10")

    django_setup(args.database_url)
    work = Path(tempfile.mkdtemp(prefix="page-benchmark-"))
    env = dict(os.environ)
    server_url = args.database_url
    if server_url.startswith("postgres"):
        joiner = "&" if "?" in server_url else "?"
        server_url += joiner + urllib.parse.urlencode(
            {"options": f"-c statement_timeout={args.timeout * 1000}"}
        )
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=f"{HOST},localhost",
        SECURE_COOKIES="0",
        SECURE_SSL_REDIRECT="0",  # plain HTTP on 127.0.0.1: no redirect to https
        CACHE_DIR=str(work / "cache"),
        DATABASE_URL=server_url,
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        PYTHONDONTWRITEBYTECODE="1",
    )
    # STATIC_ROOT is fixed by the settings (BASE_DIR/staticfiles, git-ignored): fill it once.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    )
    port = args.port or free_port()
    # The page table measures the pages themselves: the page cache off (a warmed cache would
    # time a cache read). The load part runs with it on, as production does (Redis when
    # --redis-url is given, else the file cache).
    bare_pages = dict(env, PAGE_CACHE_ENABLED="0")
    # Before the first start: with --only-load that server is the one wrk loads.
    if args.redis_url:
        env["REDIS_URL"] = args.redis_url
    server = start_gunicorn(
        "newsroom.wsgi:application",
        env if args.only_load else bare_pages,
        port,
        args.workers,
        args.timeout,
        ROOT,
    )
    lines: list[str] = []

    def say(text: str = "") -> None:
        print(text, flush=True)
        lines.append(text)

    try:
        client = Client(port, args.timeout)
        pages, facts = discover(client)
        say(f"Database: {facts['articles']} articles, {facts['published (public)']} public; "
            f"{facts['most named official']} named in "
            f"{facts['official mentions of the most named official']}; "
            f"busiest category: {facts['category']}")  # fmt: skip
        say(f"gunicorn {args.workers} sync workers, DEBUG off, one reader, {args.repeat} requests "
            f"per page after {3 * args.workers} warm-ups; timeout {args.timeout} s")  # fmt: skip
        say()
        if not args.only_load:
            page_timings(client, pages, facts, args, say)
        if args.no_load:
            return 0
        if not shutil.which("wrk"):
            say()
            say("wrk is not on PATH: load part skipped (Debian: apt-get install wrk).")
            return 0

        article_path = next(path for name, path in pages if name == "article")
        category_path = next(path for name, path in pages if name == "category, first page")
        if not args.only_load:
            stop(server)
            server = start_gunicorn(
                "newsroom.wsgi:application", env, port, args.workers, args.timeout, ROOT
            )
        bare_env = dict(os.environ)
        bare_env.update(DJANGO_SETTINGS_MODULE="bare.settings", PYTHONDONTWRITEBYTECODE="1")
        bare_port = free_port()
        bare = start_gunicorn(
            "bare.wsgi:application", bare_env, bare_port, args.workers, 30, BARE.parent
        )
        try:
            load_rounds(args, port, bare_port, article_path, category_path, say)
        finally:
            stop(bare)
    finally:
        stop(server)
        shutil.rmtree(work, ignore_errors=True)
    return 0


def load_rounds(args, port: int, bare_port: int, article_path: str, category_path: str, say):
    """wrk against the site (page cache on) and bare Django, both served all along, in
    --wrk-rounds rounds that take each target in turn: on a shared machine the throughput of
    the same server drifts by a quarter from one minute to the next, so each round's ratios
    are taken against that round's bare Django, and their medians reported."""
    from django.urls import reverse

    cache = "Redis" if args.redis_url else "file cache"
    say()
    say(f"Load: wrk 2 threads, 16 connections, {args.wrk_seconds} s a target, "
        f"{args.wrk_rounds} rounds taking the targets in turn; gunicorn {args.workers} sync "
        f"workers on this machine for both, each with the repository's gunicorn.conf.py; the "
        f"site with its page cache on ({cache})")  # fmt: skip
    say()
    say("| round | target | requests/s | requests done | p50 ms | errors |")
    say("|---|---|---|---|---|---|")
    targets = [
        ("bare hello world", bare_port, "/hello/"),
        ("site home", port, reverse("articles:home")),
        ("site article", port, article_path),
        ("site category", port, category_path),
        ("bare 30-item template", bare_port, "/items/"),
    ]
    rounds, errors = [], {}
    for number in range(1, args.wrk_rounds + 1):
        load = {}
        for name, target_port, path in targets:
            load[name] = run_wrk(f"http://{HOST}:{target_port}{path}", args.wrk_seconds)
            say(f"| {number} " + load_row(name, load[name]))
            if load[name]["errors"]:
                errors[f"{name} (round {number})"] = load[name]["errors"]
        rounds.append(load)
    say()
    if errors:
        say(f"Warning: errors or non-2xx answers under load: {errors}")
    for name in ("site home", "site article", "site category"):
        to_items, to_hello = [], []
        for load in rounds:
            items = load["bare 30-item template"]["rate"] or float("nan")
            hello = load["bare hello world"]["rate"] or float("nan")
            to_items.append(load[name]["rate"] / items)
            to_hello.append(load[name]["rate"] / hello)
        say(f"- {name} / bare 30-item template: median {statistics.median(to_items):.3f} "
            f"(rounds {', '.join(f'{r:.3f}' for r in to_items)}); / bare hello world: median "
            f"{statistics.median(to_hello):.3f} "
            f"(rounds {', '.join(f'{r:.3f}' for r in to_hello)})")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
