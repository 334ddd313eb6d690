"""gunicorn settings for production (`make serve`); each one can be overridden from the
environment (GUNICORN_* below) or on the command line."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Sync workers: the pages are CPU-bound rendering plus short queries.
workers = int(os.environ.get("GUNICORN_WORKERS", str(multiprocessing.cpu_count() * 2 + 1)))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# The application is imported once, in the master, and each worker is forked with it loaded:
# importing Django and the project costs ~1.4 s of CPU per worker (bench/bare: 0.4 s), which
# recycling workers (below) would otherwise pay again every few seconds under load. Nothing
# opens a database or Redis connection at import time, so no connection is shared by forks.
preload_app = True
# Recycle workers now and then (bounded memory after long import previews or image uploads).
# Not too often: a worker answering page-cache hits serves ~800 a second, and each new one
# forks, connects to PostgreSQL and Redis and fetches its pages' bodies again. At 2,000 a
# worker was replaced every ~2.5 s under wrk, and hits ran 10-20% slower than at 10,000
# (bench/RESULTS-after.md, fourth part); memory stays bounded either way (the held bodies
# are capped, newsroom/fastredis.py and articles/views/hitpath.py).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "10000"))
max_requests_jitter = max_requests // 10
# Large imports are bounded by IMPORT_MAX_BYTES; the proxy in front limits bodies too.
limit_request_line = 8190
# The load balancer / reverse proxy sets X-Forwarded-*; trust it only from these addresses.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
wsgi_app = "newsroom.wsgi:application"


def worker_exit(server, worker):
    """Send the page-cache hits' counts this worker still holds (newsroom/fastredis.py,
    ScriptBatch: at most a tenth of a second's)."""
    import sys

    fastredis = sys.modules.get("newsroom.fastredis")  # not loaded: another application
    if fastredis is not None:
        fastredis.send_batches()


def when_ready(server):
    """The preloaded application compiles its templates and builds its URL resolver here,
    once, before the workers are forked (newsroom/warmup.py)."""
    import sys

    if "newsroom.wsgi" in sys.modules:  # not loaded: another application, or no preload
        from newsroom import warmup

        server.log.info("warm-up: %d templates compiled before forking", warmup.warm())


def post_worker_init(worker):
    """Each worker opens its database connection before its first request (warmup.py)."""
    import sys

    if "newsroom.wsgi" in sys.modules:
        from newsroom import warmup

        warmup.warm_worker()
