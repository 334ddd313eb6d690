"""Microseconds of CPU per page-cache hit, in one process, through Django's WSGI handler.

    DATABASE_URL=postgres://… .venv/bin/python bench/cache_hit_profile.py \\
        --redis-url redis://127.0.0.1:6379/5 [--path /] [--requests 2000] [--profile 25]

Runs the WSGI application the way gunicorn does (DEBUG off, the page cache in Redis), warms the
page up with one request, then times --requests more. Each request comes from a new reader
(no cookies sent back, as wrk does), so it is the dearest kind of hit: new reader and session
cookies, a new visit, and on an article page a counted view. With --cookies the reader's
cookies are sent back (a reader reloading the page). Prints µs per hit (wall and CPU), and
with --profile the top functions by cumulative time (cProfile).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import secrets
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--redis-url", required=True)
    parser.add_argument("--path", default="/")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--profile", type=int, default=0, help="print this many functions")
    parser.add_argument("--cookies", action="store_true", help="send the reader's cookies back")
    parser.add_argument("--sort", default="cumulative", help="cProfile order (tottime…)")
    parser.add_argument(
        "--bare", action="store_true", help="time bench/bare's hello world instead (the yardstick)"
    )
    args = parser.parse_args()
    if args.bare:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        os.environ["DJANGO_SETTINGS_MODULE"] = "bare.settings"
        args.path = "/hello/"
    os.environ.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_COOKIES="0",
        SECURE_SSL_REDIRECT="0",
        REDIS_URL=args.redis_url,
        PAGE_CACHE_ENABLED="1",
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    if args.bare:
        from django.core.wsgi import get_wsgi_application

        application = get_wsgi_application()
    else:
        from newsroom.wsgi import application
    cookie_header = ""

    def request() -> tuple[str, dict]:
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": args.path,
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000",
            "HTTP_HOST": "127.0.0.1:8000",
            "HTTP_USER_AGENT": "Mozilla/5.0 (profile)",
            "HTTP_COOKIE": cookie_header,
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(b""),
            "wsgi.errors": sys.stderr,
        }
        answer = {}

        def start_response(status, headers, exc_info=None):
            answer["status"] = status
            answer["headers"] = headers

        body = b"".join(application(environ, start_response))
        answer["length"] = len(body)
        return answer["status"], dict(answer["headers"]), answer

    status, headers, _ = request()
    status, headers, _ = request()
    if headers.get("X-Page-Cache") != "hit" and not args.bare:
        sys.exit(f"not a hit: {status} {headers.get('X-Page-Cache')!r}")
    if args.cookies:
        cookie_header = "; ".join(
            value.split(";", 1)[0]
            for name, value in _all_headers(application, args.path)
            if name == "Set-Cookie"
        )
    profiler = cProfile.Profile() if args.profile else None
    wall, cpu, times = time.perf_counter(), time.process_time(), os.times()
    if profiler:
        profiler.enable()
    for _ in range(args.requests):
        request()
    if profiler:
        profiler.disable()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    user, system = (after - before for after, before in zip(os.times()[:2], times[:2], strict=True))
    who = (
        "bare Django"
        if args.bare
        else "returning reader"
        if args.cookies
        else "new reader each time"
    )
    print(
        f"{args.path} ({who}): "
        f"{args.requests} hits, {wall / args.requests * 1e6:.0f} µs wall, "
        f"{cpu / args.requests * 1e6:.0f} µs CPU per hit (user {user / args.requests * 1e6:.0f}, "
        f"system {system / args.requests * 1e6:.0f}){' (profiled)' if profiler else ''}; "
        f"loadavg {Path('/proc/loadavg').read_text().split()[:3]}"
    )
    if profiler:
        stream = io.StringIO()
        pstats.Stats(profiler, stream=stream).sort_stats(args.sort).print_stats(args.profile)
        print(stream.getvalue())


def _all_headers(application, path: str) -> list[tuple[str, str]]:
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "HTTP_HOST": "127.0.0.1:8000",
        "HTTP_USER_AGENT": "Mozilla/5.0 (profile)",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
    }
    captured: list[tuple[str, str]] = []

    def start_response(status, headers, exc_info=None):
        captured.extend(headers)

    b"".join(application(environ, start_response))
    return captured


if __name__ == "__main__":
    main()
