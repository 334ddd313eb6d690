"""One redis-py client per Django Redis cache backend, for the page cache's hot path.

Django's RedisCache builds a new `redis.Redis` object for every command: about 0.3 ms of
Python each (it fills a table of response callbacks), most of what a cached page may cost. The
connection pool is shared either way; here the client object is made once per backend object
and reused. This relies on two private attributes of Django's backend (`_cache.get_client`,
`_cache._serializer`), unchanged since Django 4.0 brought the backend.
"""

from __future__ import annotations

from django.core.cache.backends.redis import RedisCache


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
    """Run a Lua script (EVALSHA; its text is sent only the first time); `keys` are made keys.
    Returns the script's reply as it comes (values not yet deserialised: see `loads`)."""
    scripts = getattr(backend, "_newsroom_scripts", None)
    if scripts is None:
        scripts = backend._newsroom_scripts = {}
    script = scripts.get(source)
    if script is None:
        script = scripts[source] = client_of(backend).register_script(source)
    return script(keys=keys, args=args)


def loads(backend: RedisCache, raw: list) -> list:
    """Values read from Redis as Django's backend would return them; None where missing."""
    deserialise = backend._cache._serializer.loads
    return [None if value is None else deserialise(value) for value in raw]
