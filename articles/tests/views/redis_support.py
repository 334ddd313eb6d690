"""The Redis the Redis-backed tests use: TEST_REDIS_URL (default database 15, which they
empty), and whether one answers on 127.0.0.1:6379 (they are skipped otherwise)."""

from __future__ import annotations

import os
import socket

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_running() -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", 6379)) == 0


def redis_cache(location: str, **extra) -> dict:
    return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": location, **extra}
