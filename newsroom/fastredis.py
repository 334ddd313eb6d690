"""One redis-py client per Django Redis cache backend, for the page cache's hot path.

Django's RedisCache builds a new `redis.Redis` object for every command: about 0.3 ms of
Python each (it fills a table of response callbacks), most of what a cached page may cost. The
connection pool is shared either way; here the client object is made once per backend object
and reused. This relies on two private attributes of Django's backend (`_cache.get_client`,
`_cache._serializer`), unchanged since Django 4.0 brought the backend.
"""

from __future__ import annotations

import hashlib
import os
import threading

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import NoScriptError, ResponseError

try:  # requirements.txt installs it; redis-py uses it to parse replies too
    import hiredis
except ImportError:  # pragma: no cover
    hiredis = None


def client_of(backend: RedisCache):
    client = getattr(backend, "_newsroom_client", None)
    if client is None:
        client = backend._cache.get_client(write=True)
        backend._newsroom_client = client
    return client


def same_server(*backends) -> bool:
    """True when these are Redis caches on one server and database (one MGET reads them)."""
    return all(isinstance(b, RedisCache) for b in backends) and (
        len({tuple(b._servers) for b in backends}) == 1
    )


def run_script(backend: RedisCache, source: str, *, keys: list[str], args: list) -> list:
    """Run a Lua script (EVALSHA; its text is sent only when Redis does not know it yet);
    `keys` are made keys. Returns the script's reply as it comes (values not yet deserialised:
    see `loads`).

    The command goes straight to a connection of this thread: redis-py's client layers around
    it (pool, command lookup, retries, response callbacks) cost ~80 µs of Python per call, a
    third of a page-cache hit. A connection error is raised as usual (the callers fail open)."""
    digest = _SHAS.get(source)
    if digest is None:
        digest = _SHAS[source] = hashlib.sha1(source.encode()).hexdigest()
    connection = _connection(backend)
    try:
        try:
            connection.send_packed_command(
                _pack(connection, "EVALSHA", digest, len(keys), *keys, *args)
            )
            return connection.read_response()
        except NoScriptError:
            connection.send_command("EVAL", source, len(keys), *keys, *args)
            return connection.read_response()
    except ResponseError:  # an error reply: the connection is in step
        raise
    except BaseException:  # anything else may leave a reply half read: reconnect next time
        connection.disconnect()
        raise


def _connection(backend: RedisCache):
    """This thread's own connection of the backend's pool, kept (not taken and given back on
    each call: ~30 µs). A dropped one reconnects by itself on the next command; a forked
    process makes its own."""
    local = getattr(backend, "_newsroom_local", None)
    if local is None:
        local = backend._newsroom_local = threading.local()
    connection = getattr(local, "connection", None)
    if connection is None or local.pid != os.getpid():
        connection = local.connection = client_of(backend).connection_pool.make_connection()
        local.pid = os.getpid()
    return connection


_SHAS: dict[str, str] = {}


def _pack(connection, *args) -> list:
    """The command in Redis's protocol: hiredis's packer in one C call when it is installed
    (redis-py's own wraps it in a generator over the arguments), else redis-py's."""
    if hiredis is not None:
        return [hiredis.pack_command(args)]  # send_packed_command takes a list of chunks
    return connection.pack_command(*args)


def loads(backend: RedisCache, raw: list) -> list:
    """Values read from Redis as Django's backend would return them; None where missing."""
    deserialise = backend._cache._serializer.loads
    return [None if value is None else deserialise(value) for value in raw]
