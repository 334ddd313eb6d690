"""Fixtures of the browser tests (the browser and its pages are in the project's conftest)."""

import pytest


@pytest.fixture
def media_served(settings, tmp_path):
    """Uploads go to a temporary folder, served by the live server under /media/."""
    settings.MEDIA_ROOT = tmp_path
    settings.ROOT_URLCONF = "articles.tests.browser.media_urls"
