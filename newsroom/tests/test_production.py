"""Production: admin login throttling (django-axes), the Content-Security-Policy, the health
endpoint, `check --deploy` with the README's production environment, the replica router."""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.tests.factories import ArticleFactory
from newsroom import routers

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
LOGIN = "/quan-tri/login/"


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user(
        "bientap", password="mat-khau-dung-2026", is_staff=True
    )


def login(client, password, username="bientap", address="10.0.0.7"):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/quan-tri/"},
        REMOTE_ADDR=address,
    )


def test_wrong_passwords_lock_out_then_the_right_one_is_refused(client, editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "sai").status_code == 200  # the form again, with its error
    locked = login(client, "sai")
    assert locked.status_code == 429
    assert "Tạm khóa đăng nhập" in locked.content.decode()
    refused = login(client, "mat-khau-dung-2026")
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session


def test_an_address_is_locked_out_whatever_the_user_names(client, editor, settings):
    for number in range(settings.AXES_FAILURE_LIMIT):
        login(client, "sai", username=f"khach{number}")
    assert login(client, "mat-khau-dung-2026").status_code == 429
    # Another address is not affected.
    assert login(client, "mat-khau-dung-2026", address="10.0.0.8").status_code == 302


def test_axes_reset_unlocks(client, editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "sai")
    assert login(client, "mat-khau-dung-2026").status_code == 429
    call_command("axes_reset")
    assert login(client, "mat-khau-dung-2026").status_code == 302


def test_public_pages_get_the_strict_policy(client):
    article = ArticleFactory()
    policy = client.get(article.get_absolute_url()).headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_admin_change_page_allows_inline_styles_but_no_inline_script(admin_client):
    article = ArticleFactory()
    page = admin_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert page.status_code == 200
    directives = dict(
        part.strip().split(" ", 1) for part in page.headers["Content-Security-Policy"].split(";")
    )
    assert directives["style-src"] == "'self' 'unsafe-inline'"
    assert "unsafe-inline" not in directives["script-src"]
    # Every inline script on the page is data, or the editor's import map allowed by its hash.
    html = page.content.decode()
    for chunk in html.split("<script")[1:]:
        tag, _, rest = chunk.partition(">")
        body = rest.split("</script>")[0]
        if "src=" in tag or not body.strip() or 'type="application/json"' in tag:
            continue
        assert 'type="importmap"' in tag
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in directives["script-src"].split()


def test_health_endpoint(client):
    answer = client.get("/suc-khoe/?format=json")
    assert answer.status_code == 200
    assert set(answer.json().values()) == {"OK"}
    assert len(answer.json()) == 3


def test_health_endpoint_fails_when_the_cache_does(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        },
        "pages": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }
    assert client.get("/suc-khoe/?format=json").status_code == 500


PRODUCTION_ENVIRONMENT = {
    # The README's production section, with example values.
    "DEBUG": "0",
    "ALLOWED_HOSTS": "congan.example.vn",
    "CSRF_TRUSTED_ORIGINS": "https://congan.example.vn",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "SECURE_HSTS_PRELOAD": "1",
}


def test_check_deploy_is_clean_with_the_documented_production_environment():
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_COOKIES"}
    }
    environment.update(PRODUCTION_ENVIRONMENT, SECRET_KEY=secrets.token_urlsafe(50))
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    environment = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    environment.update(PRODUCTION_ENVIRONMENT)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


class FakeRequest:
    def __init__(self, method="GET", path="/", cookies=None):
        self.method, self.path, self.COOKIES = method, path, cookies or {}


@pytest.mark.parametrize(
    ("request_", "replica"),
    [
        (FakeRequest(), True),
        (FakeRequest(path="/tin-tuc/mot-bai/"), True),
        (FakeRequest(method="POST"), False),
        (FakeRequest(path="/quan-tri/articles/article/"), False),
        (FakeRequest(cookies={"sessionid": "x"}), False),
        (FakeRequest(cookies={routers.PIN_COOKIE: "1"}), False),
    ],
)
def test_router_sends_public_reads_to_the_replica_and_the_rest_to_the_primary(
    monkeypatch, request_, replica
):
    from articles.models import Article

    monkeypatch.setattr(routers, "replica_configured", lambda: True)
    router = routers.PrimaryReplicaRouter()
    seen = {}

    def view(request):
        seen["read"] = router.db_for_read(Article)
        seen["write"] = router.db_for_write(Article)
        from django.http import HttpResponse

        return HttpResponse()

    response = routers.PrimaryPinMiddleware(view)(request_)
    assert seen == {"read": "replica" if replica else "default", "write": "default"}
    # Outside a request (commands, the importer) reads go to the primary.
    assert router.db_for_read(Article) == "default"
    assert (routers.PIN_COOKIE in response.cookies) == (request_.method == "POST")
    assert router.allow_migrate("replica", "articles") is False


def test_without_a_replica_everything_reads_the_primary():
    from articles.models import Article

    router = routers.PrimaryReplicaRouter()
    seen = {}

    def view(request):
        seen["read"] = router.db_for_read(Article)
        from django.http import HttpResponse

        return HttpResponse()

    routers.PrimaryPinMiddleware(view)(FakeRequest())
    assert seen == {"read": "default"}


@pytest.mark.skipif(
    "replica" not in __import__("django.conf").conf.settings.DATABASES,
    reason="runs in the subprocess below, with DATABASE_REPLICA_URL set",
)
@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_public_pages_read_the_mirrored_replica_and_a_writer_reads_the_primary(client):
    from django.db import connections
    from django.test.utils import CaptureQueriesContext

    article = ArticleFactory(title="Tin đọc từ bản sao")
    with CaptureQueriesContext(connections["replica"]) as replica:
        page = client.get(article.get_absolute_url())
    assert page.status_code == 200
    assert "Tin đọc từ bản sao" in page.content.decode()
    assert len(replica) > 0
    rated = client.post(reverse("articles:rate", kwargs={"slug": article.slug}), {"diem": "5"})
    assert routers.PIN_COOKIE in rated.cookies
    with CaptureQueriesContext(connections["replica"]) as replica:
        assert client.get(article.get_absolute_url()).status_code == 200
    assert len(replica) == 0


def test_with_a_mirrored_test_replica():
    """Runs the test above with a replica alias that mirrors the default test database."""
    environment = dict(os.environ, DATABASE_REPLICA_URL="sqlite:///unused-mirror")
    if os.environ.get("DATABASE_URL"):
        # Its own database name: this run's test database is in use by this process.
        url = os.environ["DATABASE_URL"].split("?")[0].rstrip("/") + "_mirror"
        environment["DATABASE_URL"] = environment["DATABASE_REPLICA_URL"] = url
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-rs",
            "-p",
            "no:cacheprovider",
            f"{__file__}::test_public_pages_read_the_mirrored_replica_and_a_writer_reads_the_primary",
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "skipped" not in result.stdout and "deselected" not in result.stdout
