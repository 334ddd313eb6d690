"""Project-wide pytest fixtures."""

import contextlib
import os
import shutil

import pytest


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_cache(settings):
    """Every test starts with an empty in-memory cache (counters, rate limits)."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t"},
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "p"},
    }
    from django.core.cache import caches

    for alias in ("default", "pages"):
        caches[alias].clear()
    # The page cache is off unless a test asks for it (the `page_cache` fixture): query-count
    # tests measure what rendering a page costs, not what a cache hit costs.
    settings.PAGE_CACHE_ENABLED = False
    yield
    from newsroom.failopen import CACHE_ERRORS

    for alias in ("default", "pages"):
        # A test may have pointed the cache at a stopped Redis or an unusable directory.
        with contextlib.suppress(CACHE_ERRORS):
            caches[alias].clear()


@pytest.fixture
def page_cache(settings):
    """Turns the anonymous readers' page cache on (articles/views/caching.py)."""
    settings.PAGE_CACHE_ENABLED = True


# Generous: CI machines have two cores, shared with the test database and the live server.
BROWSER_TIMEOUT_MS = 60_000

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _chromium_path():
    for name in (os.environ.get("CHROMIUM_PATH", ""), "chromium", "chromium-browser"):
        if name and (path := shutil.which(name)):
            return path
    return None


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium through Playwright.

    Without Chromium on the machine the browser tests are skipped, so that `make test`
    works where only Python and make exist; CI installs Chromium and sets
    REQUIRE_BROWSER=1, which turns a missing browser into a failure instead.
    """
    path = _chromium_path()
    if path is None:
        message = "Chromium not found (apt-get install -y chromium chromium-driver)"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls in the
    # test body are still synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def desktop_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    context.set_default_timeout(BROWSER_TIMEOUT_MS)
    yield context.new_page()
    context.close()


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="vi-VN",
    )
    context.set_default_timeout(BROWSER_TIMEOUT_MS)
    yield context.new_page()
    context.close()
