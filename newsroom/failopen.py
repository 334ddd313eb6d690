"""Counters, throttles and the page cache fail open when the cache does not answer.

The cache (Redis, or the file cache without it) holds only what a page can do without: visitor
counts, rate-limit windows, rendered copies of public pages. When it is unreachable (Redis
stopped, a full or unwritable CACHE_DIR) the page is still served: the counter is skipped, the
throttle lets the request through, the page is rendered afresh. The first failure of each kind
is logged once per process (a warning per request would bury the log); every request tries the
cache again, so counting resumes by itself as soon as it is back.
"""

from __future__ import annotations

import functools
import logging
import pickle

logger = logging.getLogger("newsroom.cache")

try:  # redis is a runtime dependency, but only used when REDIS_URL is set
    from redis.exceptions import RedisError
except ImportError:  # pragma: no cover
    RedisError = OSError

# What a cache backend raises when its server or directory is unusable (not programming errors).
CACHE_ERRORS = (OSError, EOFError, pickle.UnpicklingError, RedisError)


@functools.cache
def warn_once(what: str, error: str) -> None:
    """Log the first failure of `what` with this kind of error in this process."""
    logger.warning(
        "Cache unavailable for %s (%s): served without it; retried on every request.",
        what,
        error,
    )


def fail_open(what: str, default=None):
    """Decorator: on a cache error, log once and return `default` (called if callable)."""

    def decorator(function):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            try:
                return function(*args, **kwargs)
            except CACHE_ERRORS as error:
                warn_once(what, type(error).__name__)
                return default() if callable(default) else default

        return wrapper

    return decorator
