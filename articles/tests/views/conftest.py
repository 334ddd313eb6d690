"""Fixtures of the tests that run the page cache and the view buffer on a real Redis
(test_page_cache_redis.py, test_view_buffer_redis.py)."""

from __future__ import annotations

import pytest
import redis
import redis.connection
from django.core.cache import caches

from articles.tests.views.redis_support import REDIS_URL, redis_cache


@pytest.fixture
def redis_caches(settings):
    """Both caches on TEST_REDIS_URL's database, emptied before and after."""
    settings.CACHES = {
        "default": redis_cache(REDIS_URL),
        "pages": redis_cache(REDIS_URL, KEY_PREFIX="pages"),
    }
    settings.PAGE_CACHE_ENABLED = True
    caches["default"].clear()
    yield
    caches["default"].clear()


@pytest.fixture
def redis_commands(monkeypatch):
    """The names of the Redis commands sent, in order (a round trip each), whether through
    redis-py's client or straight on a connection (newsroom.fastredis); a new connection's
    handshake is left out."""
    sent = []
    original = redis.connection.AbstractConnection.send_packed_command

    def counted(self, command, *args, **options):
        packed = command if isinstance(command, bytes) else b"".join(command)
        name = packed.split(b"\r\n", 3)[2].decode().upper()  # *<n> $<len> <name> ...
        if name not in _HANDSHAKE:
            sent.append(name)
        return original(self, command, *args, **options)

    monkeypatch.setattr(redis.connection.AbstractConnection, "send_packed_command", counted)
    return sent


_HANDSHAKE = {"HELLO", "AUTH", "SELECT", "CLIENT"}
