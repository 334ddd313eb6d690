"""One redis-py client per Django Redis cache backend, for the page cache's hot path.

Django's RedisCache builds a new `redis.Redis` object for every command: about 0.3 ms of
Python each (it fills a table of response callbacks), most of what a cached page may cost. The
connection pool is shared either way; here the client object is made once per backend object
and reused. This relies on two private attributes of Django's backend (`_cache.get_client`,
`_cache._serializer`), unchanged since Django 4.0 brought the backend.

Two more tools let a page-cache hit go without waiting for Redis (articles/views/hitpath.py):

* `tracked_values`: a few keys' values kept in this thread and dropped the moment Redis says
  they changed. The connection asks Redis to track what it reads (RESP3 `CLIENT TRACKING`):
  Redis then pushes an "invalidate" message on that connection whenever one of those keys is
  written, expires, is evicted or the database is flushed, and each call first reads what has
  arrived (a poll, no round trip). It is redis-py's own client-side caching, reduced to the
  few keys a hit needs (redis-py's requires Redis 7.4 and its command layers cost ~80 µs).
* `ScriptBatch`: calls of a script (counting a hit) gathered and sent together a tenth of a
  second later by a thread of the process, so that a hit neither waits for Redis nor wakes it.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import threading
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError, NoScriptError, ResponseError, TimeoutError

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
    local = _local_of(backend)
    connection = getattr(local, "connection", None)
    if connection is None or local.pid != os.getpid():
        connection = local.connection = client_of(backend).connection_pool.make_connection()
        local.pid = os.getpid()
    return connection


def _local_of(backend: RedisCache):
    local = getattr(backend, "_newsroom_local", None)
    if local is None:
        local = backend._newsroom_local = threading.local()
    return local


class ScriptBatch:
    """Calls of one script gathered in this process and sent together, at most SEND_EVERY
    seconds after the first one, by a thread of the process (or at once by `send`): the
    page-cache hits' counting (articles/views/hitpath.py), which then neither waits for Redis
    nor wakes it on every hit. The script gets the calls' KEYS and ARGV one call after the
    other (up to MAX_CALLS calls a run), and loops over them.

    What is waiting is sent before anyone reads the counters (`send_batches`, called by
    newsroom.visitors), when the worker exits (gunicorn.conf.py's worker_exit, atexit), and
    is lost only if the process is killed outright (at most SEND_EVERY seconds of counts).
    Redis errors are logged (newsroom.failopen) and the calls dropped: counting fails open."""

    SEND_EVERY = 0.1
    MAX_CALLS = 200  # per script run

    def __init__(self, alias: str, source: str):
        self.alias, self.source = alias, source
        self.calls: list[tuple[list, list]] = []
        self.lock = threading.Lock()  # the list
        self.sending = threading.Lock()  # one send at a time: `send` returns once all is in
        self.wake = threading.Event()
        self.pid = None
        _batches.append(self)

    def add(self, keys: list, args: list) -> None:
        with self.lock:
            self.calls.append((keys, args))
            first = len(self.calls) == 1
        if self.pid != os.getpid():  # the first call in this process (a forked worker)
            self._start()
        if first:
            self.wake.set()

    def _start(self) -> None:
        self.pid = os.getpid()
        threading.Thread(target=self._run, name="redis-script-batch", daemon=True).start()

    def _run(self) -> None:
        pid = os.getpid()
        while self.pid == pid:
            self.wake.wait()
            time.sleep(self.SEND_EVERY)
            self.wake.clear()
            self.send()

    def send(self) -> None:
        from django.core.cache import caches

        from .failopen import CACHE_ERRORS, warn_once

        with self.sending:
            with self.lock:
                calls, self.calls = self.calls, []
            if not calls:
                return
            try:
                backend = caches[self.alias]
                if not isinstance(backend, RedisCache):  # the settings changed (tests)
                    return
                for start in range(0, len(calls), self.MAX_CALLS):
                    chunk = calls[start : start + self.MAX_CALLS]
                    run_script(
                        backend,
                        self.source,
                        keys=[key for keys, _ in chunk for key in keys],
                        args=[arg for _, args in chunk for arg in args],
                    )
            except CACHE_ERRORS as error:
                warn_once("counting page-cache hits", type(error).__name__)

    def drop(self) -> None:
        """Forget the calls not yet sent (the settings changed: tests)."""
        with self.sending, self.lock:
            self.calls = []


_batches: list[ScriptBatch] = []


def send_batches() -> None:
    """Send what every ScriptBatch of this process holds (before reading the counters)."""
    for batch in _batches:
        batch.send()


atexit.register(send_batches)


# --- Tracked values ----------------------------------------------------------------------

# How long a tracked value is used without asking Redis again, even with no invalidation: it
# bounds what a lost message could cost, and lets a key's expiry (which Redis reports only when
# it deletes the key, lazily) be seen within this time.
TRACKED_SECONDS = 1.0
_epoch = [0]  # moved by `forget_tracked`: every thread drops its tracked values


def tracked_epoch() -> int:
    return _epoch[0]


def forget_tracked() -> None:
    """Drop every thread's tracked values: this process has just written one of those keys
    (Redis tells the other processes; this one must not wait for the message)."""
    _epoch[0] += 1


class _Tracking:
    """One thread's tracking connection and the values it has read, by made key."""

    def __init__(self, backend: RedisCache):
        pool = client_of(backend).connection_pool
        self.connection = pool.connection_class(**dict(pool.connection_kwargs, protocol=3))
        self.values: dict[str, tuple[float, bytes | None]] = {}
        self.epoch = _epoch[0]
        self.pid = os.getpid()
        # On every (re)connection: values read before are no longer watched.
        self.connection.register_connect_callback(self._on_connect)

    def _on_connect(self, connection) -> None:
        self.values.clear()
        parser = connection._parser
        if getattr(parser, "_hiredis_PushNotificationType", True) is None:
            raise ConnectionError("this hiredis cannot read Redis's push messages")
        parser.set_invalidation_push_handler(self._invalidated)
        connection.send_command("CLIENT", "TRACKING", "ON")
        connection.read_response()

    def _invalidated(self, message) -> None:
        keys = message[1]
        if keys is None:  # the database was flushed
            self.values.clear()
            return
        for key in keys:
            self.values.pop(key.decode() if isinstance(key, bytes) else key, None)

    def get(self, keys: tuple[str, ...], now: float) -> list:
        if self.epoch != _epoch[0]:
            self.values.clear()
            self.epoch = _epoch[0]
        connection = self.connection
        if connection._sock is None:
            connection.connect()
        # What Redis has pushed since the last call: can_read polls the socket.
        while connection.can_read(0):
            try:
                connection.read_response(push_request=True, timeout=0)
            except TimeoutError:  # part of a message: the rest comes with the next call
                break
        values = self.values
        found = []
        for key in keys:
            entry = values.get(key)
            if entry is None or now - entry[0] >= TRACKED_SECONDS:
                break
            found.append(entry[1])
        else:
            return found
        connection.send_command("MGET", *keys)
        read = connection.read_response()
        read_at = time.time()
        for key, value in zip(keys, read, strict=True):
            values[key] = (read_at, value)
        return read


def tracked_values(backend: RedisCache, keys: tuple[str, ...], now: float) -> list:
    """The values of these made keys (None where missing), from this thread's copies while
    Redis has not reported a write to them (and for at most TRACKED_SECONDS), else read in one
    round trip and kept; None when the server cannot track keys. Errors are raised (the
    callers fall back on asking Redis); the copies are then dropped."""
    if getattr(backend, "_newsroom_untrackable", False):
        return None
    local = _local_of(backend)
    tracking = getattr(local, "tracking", None)
    if tracking is None or tracking.pid != os.getpid():
        tracking = local.tracking = _Tracking(backend)
    try:
        return tracking.get(keys, now)
    except ResponseError:
        # A server without RESP3 or CLIENT TRACKING (Redis before 6): never asked again by
        # this process; the callers ask Redis on every hit instead.
        backend._newsroom_untrackable = True
        local.tracking = None
        tracking.connection.disconnect()
        raise
    except BaseException:
        local.tracking = None
        tracking.connection.disconnect()
        raise


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
