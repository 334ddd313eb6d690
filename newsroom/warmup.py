"""What a worker would otherwise do on its first requests, done once in gunicorn's master.

With `preload_app` (gunicorn.conf.py) every worker is forked from the master, and workers are
recycled every ~10,000 requests. Without this, each new worker compiled the templates and
the portal clock's SQL, built the URL resolver and loaded the translations and the static
files' manifest on its first pages: its first home page took ~245 ms instead of ~60 ms
(bench/page_benchmark.py saw it as a p95 twice the p50). Here they are made in the master,
before any fork, and every worker inherits them; each worker then opens its own database
connection before its first request (`warm_worker`): ~88 ms. `warm` opens no database or
Redis connection (a connection must never be shared by forked processes).
"""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.template import engines
from django.template.exceptions import TemplateSyntaxError
from django.urls import get_resolver, reverse
from django.utils import translation

logger = logging.getLogger(__name__)

_SUFFIXES = {".html", ".xml", ".txt"}


def warm() -> int:
    """Compile the project's templates and the portal clock's SQL, build the URL resolver,
    load the Vietnamese catalog and the static manifest; returns how many templates were
    compiled."""
    get_resolver().check()  # builds the resolver and its patterns
    reverse("articles:home")  # and its reverse dictionaries
    with translation.override(settings.LANGUAGE_CODE):
        translation.gettext("Trang chủ")
    _static_manifest()
    _apps_warm_up("warm_up")
    return _compile_templates()


def _apps_warm_up(method: str) -> None:
    """Each app's own part (`warm_up` / `warm_up_worker` on its AppConfig: articles compiles
    and prepares the portal clock's SQL)."""
    for config in apps.get_app_configs():
        hook = getattr(config, method, None)
        if hook is not None:
            hook()


def _compile_templates() -> int:
    """The cached loader keeps every template compiled once: those of the project (its own
    directory and its apps'), not Django's and third parties' (the admin compiles its own on
    an editor's first page)."""
    compiled = 0
    root = Path(settings.BASE_DIR).resolve()
    for engine in engines.all():
        for directory in engine.template_dirs:
            directory = Path(directory).resolve()
            if not directory.is_relative_to(root) or ".venv" in directory.parts:
                continue
            for path in sorted(directory.rglob("*")):
                if path.suffix not in _SUFFIXES or not path.is_file():
                    continue
                try:
                    engine.get_template(path.relative_to(directory).as_posix())
                except TemplateSyntaxError:  # a fragment meant for {% include %} only
                    logger.debug("not compiled ahead: %s", path)
                    continue
                compiled += 1
    return compiled


def _static_manifest() -> None:
    from django.contrib.staticfiles.storage import staticfiles_storage

    # Loads the manifest (DEBUG off); without collectstatic the first page reports it.
    with contextlib.suppress(ValueError):
        staticfiles_storage.url("css/portal.css")


def warm_worker() -> None:
    """In each worker, before its first request (gunicorn's post_worker_init): the apps'
    `warm_up_worker` (articles: the worker's database connection, on which the portal
    clock's statement is prepared and the tables' catalog entries read once; a new worker's
    first page otherwise pays for them)."""
    _apps_warm_up("warm_up_worker")
