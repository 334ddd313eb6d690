"""Page-cache hits answered in front of Django's handler (the WSGI application, newsroom/wsgi.py).

With the page cache on Redis, a hit went through Django's whole handler before
PageCacheMiddleware answered it: ~1.4 ms of CPU per hit against ~0.15 ms for a bare hello world
(bench/cache_hit_profile.py). `HitPathApp` wraps the WSGI application and answers a hit itself:

* it looks only at what decides a hit: the method (GET, HEAD), the address (scheme, host, path,
  query: `caching.page_cache_key`, as the middleware computes it, ALLOWED_HOSTS included), the
  cookies (a Django session or a waiting message: the whole stack) and the conditional headers
  (If-None-Match / If-Modified-Since: the middleware answers those with a 304);
* one Redis round trip (`_HIT_SCRIPT`) checks in Redis what the middleware checks in Python:
  the portal clock is the current generation's and still valid, and the page was rendered under
  its moment. Only then does it count the visit and the article's view (the same Lua lines as
  the middleware's script) and return the page and the visitor counters; otherwise it counts
  nothing and the request goes to Django, which renders (and stores) the page afresh;
* it fills the page's per-reader holes and sets the per-reader cookies as the middleware's hit
  does (the reader cookies, the CSRF cookie and token, the visitor-statistics block).

The clock and the page are kept for it in a plain form Lua can read (`store_clock`,
`store_page`, written next to the middleware's pickled entries), so a stale page is never served
here: a write moves the generation, and the page's moment must equal the clock's. Without Redis
(the file cache) nothing is stored this way and every request goes to Django as before.

Each worker keeps the bodies it has served in its own memory (`_Bodies`, bounded), keyed by
the page and its moment. The script returns a page's body only when the worker does not hold
it for the page's current moment: most hits move a few hundred bytes from Redis, not the page
(35 KB for the home page), and the body's holes are found once per copy, not per hit.

Most hits do not even wait for Redis (`_served_here`). A worker that holds the page's body
checks the generation, the clock and the page's head against its own copies of them
(`fastredis.tracked_values`): Redis pushes a message to the worker the moment one of those
keys is written, and the copy is dropped before the next request is answered (and after a
second in any case); a write from this process drops them at once (`fastredis.forget_tracked`).
The checks are the script's, on the same values. The visit and the view are then counted with
the other hits of the same tenth of a second, in one script run by a thread of the worker
(`fastredis.ScriptBatch`), and the visitor counters shown are those this worker read at most a
second before (they are approximate by design: newsroom/visitors.py). Under load, waiting for
Redis and waking it on every hit cost more than the hit's Python (bench/RESULTS-after.md).
"""

from __future__ import annotations

import functools
import json
import operator
import re
import threading
import time
from http.cookies import SimpleCookie

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.core.exceptions import SuspiciousOperation
from django.core.handlers.wsgi import WSGIRequest
from django.core.signals import setting_changed
from django.db import close_old_connections
from django.dispatch import receiver
from django.http import parse_cookie
from django.middleware import csrf
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, CsrfViewMiddleware
from django.utils.http import http_date

from articles.services import view_counts
from newsroom import fastredis, pageclock, readers, visitors
from newsroom.failopen import CACHE_ERRORS, warn_once
from newsroom.templatetags.readers import render_visitor_stats

from . import caching

CLOCK_KEY = "page-clock-plain"
_CSRF_HOLE = caching.CSRF_HOLE.encode()
_STATS_HOLE = caching.STATS_HOLE.encode()


def _page_key(digest: str) -> str:
    # "page-head", not the "page-plain" of the single-value form before it: during a rolling
    # deploy old and new workers share Redis, and neither may read the other's form.
    return f"page-head:{digest}"


def _body_key(page_key: str) -> str:
    """The made key of a page's body, from the made key of its head (one hash slot: {…})."""
    return page_key + ":body"


def _moment_key(moment) -> str:
    return f"{moment.timestamp():.6f}"


def _redis():
    """The page cache's backend when it is Redis on the same server as the default cache (the
    visitor counters), else None: the hit path is then off."""
    pages, default = caches[pageclock.PAGE_CACHE], caches["default"]
    return pages if fastredis.same_server(pages, default) else None


def store_clock(clock: dict, timeout: int) -> None:
    """The portal clock as "generation valid_until moment" (PageCacheMiddleware stores it)."""
    pages = _redis()
    if pages is None:
        return
    value = (
        f"{clock['generation']} {clock['valid_until'].timestamp():.6f} "
        f"{_moment_key(clock['moment'])}"
    )
    fastredis.client_of(pages).set(pages.make_key(CLOCK_KEY), value, ex=timeout)
    fastredis.forget_tracked()


def store_page(digest: str, meta: dict, content: bytes, *, html: bool) -> None:
    """The page's head (a line "moment article html", then its headers' line) and its body
    (holes punched) after a line with the same moment, in one transaction."""
    pages = _redis()
    if pages is None:
        return
    moment = _moment_key(meta["moment"])
    head = f"{moment} {meta['article'] or 0} {int(html)}\n"
    headers = json.dumps([meta["headers"], meta["charset"], meta["sized"]])
    key = pages.make_key(_page_key(digest))
    with fastredis.client_of(pages).pipeline(transaction=True) as pipe:
        pipe.set(_body_key(key), moment.encode() + b"\n" + content, ex=settings.PAGE_CACHE_SECONDS)
        pipe.set(key, head + headers, ex=settings.PAGE_CACHE_SECONDS)
        pipe.execute()
    fastredis.forget_tracked()


# KEYS: the generation, the clock, the page's head, the visitor counters `visitors.stats_keys`
# (6), then the keys of visitors.RECORD_LUA (3), the pending views' hash and the page's body.
# ARGV: now, "1" to count, the arguments of RECORD_LUA (3), the reading session's viewed
# articles (",1,5,"), the moment of the body this worker holds for the page ("" if none).
# Returns {head, body or false, the counters...}; nothing is counted unless the page is served.
_HIT_SCRIPT = (
    "local generation = redis.call('GET', KEYS[1])\n"
    "local clock = redis.call('GET', KEYS[2])\n"
    "if not generation or not clock then return false end\n"
    "local clock_generation, valid_until, moment = string.match(clock, '^(%d+) (%S+) (%S+)$')\n"
    "if clock_generation ~= generation or tonumber(ARGV[1]) >= tonumber(valid_until) then\n"
    "  return false\n"
    "end\n"
    "local head = redis.call('GET', KEYS[3])\n"
    "if not head then return false end\n"
    "local page_moment, view_id, html = string.match(head, '^(%S+) (%d+) (%d)\\n')\n"
    "if page_moment ~= moment then return false end\n"
    "local body = false\n"
    "if ARGV[7] ~= moment then\n"
    "  body = redis.call('GET', KEYS[14])\n"
    "  if not body or string.sub(body, 1, #moment + 1) ~= moment .. '\\n' then return false end\n"
    "end\n"
    "if ARGV[2] == '1' and html == '1' then\n"
    "local o, a = 9, 2\n" + visitors.RECORD_LUA + "o = 12\n"
    "local count_view = view_id ~= '0' and not string.find(ARGV[6], ','..view_id..',', 1, true)\n"
    + view_counts.VIEW_LUA
    + "end\n"
    "return {head, body, unpack(redis.call('MGET', unpack(KEYS, 4, 9)))}\n"
)


# The hits answered by a worker itself (`_served_here`) are counted in batches (a tenth of a
# second's, fastredis.ScriptBatch) with the hit script's lines. Per hit, 4 KEYS: those of
# visitors.RECORD_LUA (3) and the pending views' hash; 4 ARGV: the arguments of RECORD_LUA
# (3) and the article to count a view of ("" for none).
_COUNT_SCRIPT = (
    "for i = 0, #KEYS / 4 - 1 do\n"
    "local o, a = i * 4, i * 4\n" + visitors.RECORD_LUA + "local view_id = ARGV[a + 4]\n"
    "local count_view = view_id ~= ''\n"
    "o = o + 3\n" + view_counts.VIEW_LUA + "end\n"
)
_counts = fastredis.ScriptBatch(pageclock.PAGE_CACHE, _COUNT_SCRIPT)


class _Bodies:
    """The page bodies this worker has served, by the made key of the page's head: the moment
    they were rendered under and the body cut at its holes. Bounded: emptied when it would hold
    more than MAX_BYTES (a worker serves a few hot pages most of the time)."""

    MAX_BYTES = 32 * 1024 * 1024
    _HOLES = re.compile(b"(" + re.escape(_CSRF_HOLE) + b"|" + re.escape(_STATS_HOLE) + b")")

    def __init__(self):
        self.entries: dict[str, tuple[bytes, list[bytes], int]] = {}
        self.size = 0

    def keep(self, page_key: str, stored: bytes) -> list[bytes]:
        """Keep a body as Redis stores it ("moment\\n" + body); returns its parts: text,
        hole, text, hole, text (a hole is _CSRF_HOLE or _STATS_HOLE)."""
        moment, body = stored.split(b"\n", 1)
        parts = self._HOLES.split(body)
        old = self.entries.pop(page_key, None)
        if old is not None:
            self.size -= old[2]
        if self.size + len(body) > self.MAX_BYTES:
            self.clear()
        self.entries[page_key] = (moment, parts, len(body))
        self.size += len(body)
        return parts

    def clear(self) -> None:
        self.entries.clear()
        self.size = 0


_bodies = _Bodies()


class HitPathApp:
    """WSGI middleware: answers page-cache hits, hands every other request to `application`."""

    def __init__(self, application):
        self.application = application
        self.csrf = CsrfViewMiddleware(lambda request: None)

    def __call__(self, environ, start_response):
        try:
            answer = self._hit(environ)
        except CACHE_ERRORS as error:  # Redis down: Django answers (and fails open itself)
            warn_once("page cache (hit path)", type(error).__name__)
            answer = None
        if answer is None:
            return self.application(environ, start_response)
        status, headers, body, after = answer
        start_response(status, headers)
        return _Body(body, after)

    def _hit(self, environ):
        if (
            environ.get("REQUEST_METHOD") not in ("GET", "HEAD")
            or "HTTP_IF_NONE_MATCH" in environ
            or "HTTP_IF_MODIFIED_SINCE" in environ
            or not settings.PAGE_CACHE_ENABLED
        ):
            return None
        backends = _backends()
        if backends is None:  # not both on one Redis: the middleware does it all
            return None
        pages, default, generation_key, clock_key, pending_key = backends
        page_key = _page_address(environ)
        if page_key is None:  # not a public page, or a host Django refuses (400)
            return None
        cookies = parse_cookie(environ["HTTP_COOKIE"]) if environ.get("HTTP_COOKIE") else {}
        if settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies:
            return None  # editors, previews, a reader with a message waiting: the whole stack
        now = time.time()
        reader = readers.Reader.from_cookies(cookies)
        count = environ["REQUEST_METHOD"] == "GET" and not readers.is_bot_agent(
            environ.get("HTTP_USER_AGENT", "")
        )
        record_keys, record_args = visitors.record_keys_and_args(reader, now)
        stats_keys, made_stats_keys = _stats_keys(now)
        held = _bodies.entries.get(page_key)
        if held is not None:
            try:
                head = _served_here(pages, (generation_key, clock_key, page_key), held[0], now)
            except CACHE_ERRORS as error:  # the script below asks Redis (or fails open)
                warn_once("page cache (tracked copies)", type(error).__name__)
                head = None
            if head is not None:
                _, view_id, html = head.split(b"\n", 1)[0].split(b" ")
                if count and html == b"1":  # as the script: only an HTML page is a visit
                    counted_view = view_id != b"0" and not reader.has_viewed(int(view_id))
                    _counts.add(
                        [*record_keys, pending_key],
                        [*record_args, view_id if counted_view else b""],
                    )
                prefetched = _recent_stats(pages, default, stats_keys, made_stats_keys, now)
                return self._answer(
                    environ, cookies, reader, now, head, held[1], prefetched, counted=count
                )
        keys = [
            generation_key,
            clock_key,
            page_key,
            *made_stats_keys,
            *record_keys,
            pending_key,
            _body_key(page_key),
        ]
        viewed = "," + ",".join(map(str, reader.viewed)) + ","
        found = fastredis.run_script(
            pages,
            _HIT_SCRIPT,
            keys=keys,
            args=[repr(now), "1" if count else "0", *record_args, viewed, held[0] if held else b""],
        )
        if found is None:
            return None
        head, body = found[0], found[1]
        # No body: the script found the one held here current (held is the entry it was told).
        parts = held[1] if body is None else _bodies.keep(page_key, body)
        prefetched = {
            key: value
            for key, value in zip(stats_keys, fastredis.loads(default, found[2:]), strict=True)
            if value is not None
        }
        return self._answer(environ, cookies, reader, now, head, parts, prefetched, counted=count)

    def _answer(self, environ, cookies, reader, now, head, parts, prefetched, *, counted: bool):
        head, headers_line = head.split(b"\n", 1)
        _, article, html = head.split(b" ")
        headers, charset, sized = _headers(headers_line)
        article = int(article)
        if counted and html == b"1" and article and not reader.has_viewed(article):
            reader.mark_viewed(article)  # the script counted the view
        set_cookies = [
            _cookie_header(name, value, max_age=max_age, **readers.cookie_options())
            for name, value, max_age in reader.signed_cookies()
        ]
        if len(parts) > 1:  # holes: the forms' CSRF token (rating, error report), the stats
            fills = {}
            if _CSRF_HOLE in parts:
                token = self._csrf_token(environ, cookies, set_cookies)
                fills[_CSRF_HOLE] = token.encode(charset)
            if _STATS_HOLE in parts:
                fills[_STATS_HOLE] = _stats_block(prefetched, charset)
            # Parts alternate text and hole: fill the odd ones.
            body = b"".join(
                [fills[part] if index % 2 else part for index, part in enumerate(parts)]
            )
        else:
            body = parts[0]
        headers = list(headers)
        if sized:
            headers.append(("Content-Length", str(len(body))))
        headers.append(("X-Page-Cache", "hit"))
        headers += [("Set-Cookie", cookie) for cookie in set_cookies]
        after = None
        if counted and html == b"1" and self._flush_due(prefetched, now):
            after = functools.partial(self._flush, now)  # once the body has been sent
        return "200 OK", headers, b"" if environ["REQUEST_METHOD"] == "HEAD" else body, after

    def _csrf_token(self, environ, cookies: dict, set_cookies: list[str]) -> str:
        """The form's token as get_token gives it (the CSRF secret, masked afresh), and the
        CSRF cookie set again as CsrfViewMiddleware does whenever a page uses the token.

        Django draws each of the 32 random characters of a mask or a new secret with its own
        system call (~50 µs a string, a quarter of an article hit): here they come from one
        `readers.random_bytes`, and the masking (csrf's _mask_cipher_secret: the secret's and
        the mask's characters added modulo 62) runs in C. CsrfViewMiddleware checks the token
        as its own (test_hit_path.py posts one)."""
        name, options = _csrf_cookie(_settings_epoch[0])
        secret = None
        if name in cookies:
            if settings.CSRF_USE_SESSIONS:  # Django reads and checks it (not this project's)
                request = WSGIRequest(environ)
                self.csrf.process_request(request)
                secret = request.META.get("CSRF_COOKIE")
            else:
                secret = _csrf_secret(cookies[name])
        if secret is None:
            secret = _random_string(CSRF_SECRET_LENGTH)
        set_cookies.append(_cookie_header(name, secret, **options))
        mask = _random_string(CSRF_SECRET_LENGTH)
        positions = map(
            operator.add,
            secret.encode().translate(_CSRF_POSITION),
            mask.encode().translate(_CSRF_POSITION),
        )
        return mask + bytes(positions).translate(_CSRF_CHAR_OF_SUM).decode()

    @staticmethod
    def _flush_due(prefetched: dict, now: float) -> bool:
        """The visitor statistics' flush is due once a minute (visitors.record's rule)."""
        flushed_at = prefetched.get(visitors.FLUSHED_AT)
        return flushed_at is None or now - flushed_at >= visitors.FLUSH_EVERY

    @staticmethod
    def _flush(now: float) -> None:
        # It writes to the database: connections are handled as around a request.
        close_old_connections()
        try:
            visitors.maybe_flush(now=now)
        except CACHE_ERRORS as error:
            warn_once("visitor statistics (flush)", type(error).__name__)
        finally:
            close_old_connections()


class _Body(list):
    """A hit's body for the WSGI server; `after` runs when the server closes it, that is once
    the body has been written (PEP 3333: the server calls close())."""

    def __init__(self, body: bytes, after=None):
        super().__init__([body])
        self.after = after

    def close(self) -> None:
        if self.after is not None:
            after, self.after = self.after, None
            after()


# The page's address (made key of its plain copy) per request address, or None where Django
# must answer: what a hit would otherwise work out again each time with a WSGIRequest. Bounded
# (emptied when full), and emptied when a test changes the settings.
_ADDRESS_FIELDS = (
    "wsgi.url_scheme",
    "HTTP_HOST",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_X_FORWARDED_PROTO",
    "SERVER_NAME",
    "SERVER_PORT",
    "SCRIPT_NAME",
    "PATH_INFO",
    "QUERY_STRING",
)
_addresses: dict[tuple, str | None] = {}
_MAX_ADDRESSES = 4096


def _page_address(environ) -> str | None:
    proxy_header = settings.SECURE_PROXY_SSL_HEADER
    address = (
        *(environ.get(field) for field in _ADDRESS_FIELDS),
        environ.get(proxy_header[0]) if proxy_header else None,
    )
    try:
        return _addresses[address]
    except KeyError:
        pass
    request = WSGIRequest(environ)  # the address as the middleware reads it
    page_key = None
    if readers.is_public_path(request.path):
        try:
            digest = caching.page_cache_key(request)
        except SuspiciousOperation:
            pass
        else:
            page_key = caches[pageclock.PAGE_CACHE].make_key(_page_key(digest))
    if len(_addresses) >= _MAX_ADDRESSES:
        _addresses.clear()
    _addresses[address] = page_key
    return page_key


_stats_memo: dict[int, tuple[list[str], list[str]]] = {}
_local = threading.local()
_settings_epoch = [0]  # moved by a settings change (tests): every thread looks again


def _backends() -> tuple | None:
    """This thread's page and default caches and the made keys of the hit's fixed entries;
    None unless both caches are on one Redis. Kept: looking the caches up cost ~10 µs a hit."""
    backends = getattr(_local, "backends", False)
    if backends is False or _local.settings_epoch != _settings_epoch[0]:
        pages, default = caches[pageclock.PAGE_CACHE], caches["default"]
        backends = None
        if fastredis.same_server(pages, default):
            keys = pages.make_key(pageclock.GENERATION_KEY), pages.make_key(CLOCK_KEY)
            backends = (pages, default, *keys, view_counts.pending_key())
        _local.backends, _local.settings_epoch = backends, _settings_epoch[0]
    return backends


def _stats_keys(now: float) -> tuple[list[str], list[str]]:
    """visitors.stats_keys(now) and their made keys: the same for every hit in one online
    window of one day."""
    # The day never changes inside a window (visitors.record_keys_and_args).
    window = int(now // visitors.ONLINE_WINDOW)
    found = _stats_memo.get(window)
    if found is None:
        keys = visitors.stats_keys(now)
        _stats_memo.clear()
        found = _stats_memo[window] = (keys, [caches["default"].make_key(key) for key in keys])
    return found


def _served_here(pages, keys: tuple[str, str, str], held_moment: bytes, now: float):
    """The page's head when this worker may serve the body it holds (rendered under
    `held_moment`): the hit script's checks, on this worker's tracked copies of the
    generation, the clock and the head (`keys`). None: ask Redis (the script)."""
    values = fastredis.tracked_values(pages, keys, now)
    if values is None:  # a server that cannot track keys
        return None
    generation, clock, head = values
    if not generation or not clock or not head:
        return None
    clock_generation, valid_until, moment = clock.split(b" ")
    if clock_generation != generation or now >= float(valid_until):
        return None
    if head.split(b" ", 1)[0] != moment or held_moment != moment:
        return None
    return head


# The visitor counters a hit served here shows, read at most this long before (per thread).
STATS_SECONDS = 1.0


def _recent_stats(pages, default, stats_keys, made_stats_keys, now: float) -> dict:
    """visitors.stats_keys' values as the hit script reads them, read again (one round trip)
    when older than STATS_SECONDS, in another online window, or after a flush."""
    recent = getattr(_local, "stats", None)
    epoch = (fastredis.tracked_epoch(), made_stats_keys[0], made_stats_keys[3])
    if recent is not None and recent[1] == epoch and 0 <= now - recent[0] < STATS_SECONDS:
        return recent[2]
    raw = fastredis.run_script(pages, _MGET_SCRIPT, keys=made_stats_keys, args=[])
    prefetched = {
        key: value
        for key, value in zip(stats_keys, fastredis.loads(default, raw), strict=True)
        if value is not None
    }
    _local.stats = (now, epoch, prefetched)
    return prefetched


_MGET_SCRIPT = "return redis.call('MGET', unpack(KEYS))"


def _stats_block(prefetched: dict, charset: str) -> bytes:
    """The visitor-statistics block drawn from these counters: drawn again only for another
    reading of them (hits served here share one reading for up to STATS_SECONDS)."""
    drawn = getattr(_local, "stats_block", None)
    if drawn is None or drawn[0] is not prefetched or drawn[1] != charset:
        drawn = _local.stats_block = (
            prefetched,
            charset,
            render_visitor_stats(prefetched).encode(charset),
        )
    return drawn[2]


def _csrf_secret(cookie: str) -> str | None:
    """The secret CsrfViewMiddleware.process_request reads from the CSRF cookie (None where
    it would make a new one): its `_get_secret` steps, without a WSGIRequest (~40 µs a
    returning reader's hit). Django's own private helpers: test_hit_path.py compares."""
    try:
        csrf._check_token_format(cookie)
    except csrf.InvalidTokenFormat:
        return None
    if len(cookie) == csrf.CSRF_TOKEN_LENGTH:  # a masked cookie (Django before 4.1)
        return csrf._unmask_cipher_token(cookie)
    return cookie


@functools.lru_cache(maxsize=1)
def _csrf_cookie(settings_epoch: int) -> tuple[str, dict]:
    """The CSRF cookie's name and attributes, as CsrfViewMiddleware sets it (read from the
    settings once per settings epoch: ~1 µs an attribute otherwise)."""
    return settings.CSRF_COOKIE_NAME, {
        "max_age": settings.CSRF_COOKIE_AGE,
        "domain": settings.CSRF_COOKIE_DOMAIN,
        "path": settings.CSRF_COOKIE_PATH,
        "secure": settings.CSRF_COOKIE_SECURE,
        "httponly": settings.CSRF_COOKIE_HTTPONLY,
        "samesite": settings.CSRF_COOKIE_SAMESITE,
    }


@functools.lru_cache(maxsize=64)
def _headers(line: bytes) -> tuple[tuple, str, bool]:
    headers, charset, sized = json.loads(line)
    return tuple((name, value) for name, value in headers), charset, sized


@receiver(setting_changed)
def _settings_changed(**kwargs) -> None:
    _settings_epoch[0] += 1
    _addresses.clear()
    _stats_memo.clear()
    _bodies.clear()
    fastredis.forget_tracked()  # also makes every thread read the visitor counters again
    _counts.drop()


_ENCODER = SimpleCookie()
_CSRF_BYTES = CSRF_ALLOWED_CHARS.encode()
# Translation tables: a character to its position in the alphabet, a byte to a character
# (uniformly below 248 = 4 × 62; the bytes above are dropped), a sum of positions (< 124) to
# the character of that sum modulo 62.
_CSRF_POSITION = bytes.maketrans(_CSRF_BYTES, bytes(range(len(_CSRF_BYTES))))
_UNBIASED = 256 - 256 % len(_CSRF_BYTES)
_CSRF_CHAR_OF_BYTE = bytes(_CSRF_BYTES[byte % len(_CSRF_BYTES)] for byte in range(256))
_CSRF_BIASED = bytes(range(_UNBIASED, 256))
_CSRF_CHAR_OF_SUM = _CSRF_CHAR_OF_BYTE


def _random_string(length: int) -> str:
    """`length` characters of CSRF_ALLOWED_CHARS, uniformly drawn (one system call)."""
    drawn = b""
    while len(drawn) < length:
        drawn += readers.random_bytes(length + 8).translate(_CSRF_CHAR_OF_BYTE, _CSRF_BIASED)
    return drawn[:length].decode()


@functools.lru_cache(maxsize=4)
def _expires(second: int, max_age: int) -> str:
    return http_date(second + max_age)


def _cookie_header(
    name: str,
    value: str,
    *,
    max_age: int | None = None,
    path: str = "/",
    domain: str | None = None,
    secure: bool = False,
    httponly: bool = False,
    samesite: str | None = None,
) -> str:
    """A Set-Cookie value as HttpResponse.set_cookie and the WSGI handler write it (the same
    attributes, quoting and order), without building a response and a SimpleCookie per hit
    (~25 µs a cookie)."""
    parts = [f"{name}={_ENCODER.value_encode(value)[1]}"]
    if domain:
        parts.append(f"Domain={domain}")
    if max_age is not None:
        parts.append(f"expires={_expires(int(time.time()), int(max_age))}")
    if httponly:
        parts.append("HttpOnly")
    if max_age is not None:
        parts.append(f"Max-Age={int(max_age)}")
    parts.append(f"Path={path}")
    if samesite:
        parts.append(f"SameSite={samesite}")
    if secure:
        parts.append("Secure")
    return "; ".join(parts)
