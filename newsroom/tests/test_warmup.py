"""The warm-up gunicorn's master runs before forking its workers (newsroom/warmup.py)."""

from __future__ import annotations

from django.template import engines

from newsroom import warmup


def test_the_warm_up_compiles_the_project_s_templates_without_the_database():
    # No django_db mark: any database access fails the test (pytest-django).
    engine = engines["django"].engine
    for loader in engine.template_loaders:
        if hasattr(loader, "reset"):
            loader.reset()
    compiled = warmup.warm()
    assert compiled >= 20
    cached = {
        name
        for loader in engine.template_loaders
        for name in getattr(loader, "get_template_cache", {})
    }
    assert {"base.html", "articles/home.html"} <= cached


def test_a_worker_s_warm_up_prepares_the_portal_clock(django_assert_max_num_queries, db):
    from django.db import connection

    with django_assert_max_num_queries(2):  # the clock's UNION (and its PREPARE)
        warmup.warm_worker()
    assert connection.connection is not None  # kept open for the requests
