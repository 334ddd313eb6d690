"""Who is reading: two signed cookies, no database, no Django session for anonymous readers.

- `doc_gia` (a year): a random reader id. It is the voter key of article ratings (one vote
  per reader) and never leaves the server otherwise.
- `phien_doc` (until the browser closes): a random reading-session id and the ids of the
  articles already counted in this session, so that a reload does not count a view twice.
  A new one marks a new visit for the visitor statistics.

Django's own session would write a row per anonymous visitor to the database and read it back
on every request; these cookies cost nothing on the server. Both are signed (SECRET_KEY), so a
reader cannot forge another reader's id or pre-mark articles; deleting them only makes the
reader a new one, as it would with any session.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import os
import re
import threading
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.utils.encoding import force_bytes

READER_COOKIE = "doc_gia"
SESSION_COOKIE = "phien_doc"
READER_MAX_AGE = 365 * 24 * 3600
MAX_VIEWED = 100  # ids of articles remembered per session (the cookie stays under 1 KB)

_SALT_READER = "newsroom.readers.reader"
_SALT_SESSION = "newsroom.readers.session"
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
_BOTS = re.compile(r"bot|crawl|spider|slurp|curl|wget|python-|httpclient|headless", re.I)


def _new_token() -> str:
    # secrets.token_urlsafe(16), from random_bytes
    return base64.urlsafe_b64encode(random_bytes(16)).rstrip(b"=").decode()


_random = threading.local()
_RANDOM_CHUNK = 4096


def random_bytes(count: int) -> bytes:
    """`count` bytes from the operating system's generator (os.urandom, as `secrets`), read
    4 KB at a time: a new reader's page-cache hit draws four tokens, a system call each
    otherwise. Each thread of each process has its own: a forked worker never reuses its
    parent's bytes (the process id is checked), and no byte is handed out twice."""
    pid = os.getpid()
    if getattr(_random, "pid", None) != pid or _random.offset + count > len(_random.pool):
        _random.pool, _random.offset, _random.pid = os.urandom(max(_RANDOM_CHUNK, count)), 0, pid
    start = _random.offset
    _random.offset = start + count
    return _random.pool[start : start + count]


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:32]


@dataclass
class Reader:
    """The reader of the current request, read from (or given) the two cookies."""

    id: str
    session: str
    viewed: list[int] = field(default_factory=list)
    new_reader: bool = False
    new_session: bool = False
    changed: bool = False

    @property
    def key(self) -> str:
        """A stable, non-reversible key for this reader (stored with rating votes)."""
        return _digest(self.id)

    @property
    def session_key(self) -> str:
        return _digest(self.session)

    def has_viewed(self, article_id: int) -> bool:
        return article_id in self.viewed

    def mark_viewed(self, article_id: int) -> None:
        self.viewed = [*self.viewed, article_id][-MAX_VIEWED:]
        self.changed = True

    @classmethod
    def from_request(cls, request) -> Reader:
        return cls.from_cookies(request.COOKIES)

    @classmethod
    def from_cookies(cls, cookies: dict) -> Reader:
        """The reader of these request cookies (new ids where a cookie is missing or forged)."""
        reader_id = _unsign(cookies, READER_COOKIE, _SALT_READER)
        new_reader = not (reader_id and _TOKEN.match(reader_id))
        if new_reader:
            reader_id = _new_token()
        raw = _unsign(cookies, SESSION_COOKIE, _SALT_SESSION)
        session, _, ids = (raw or "").partition(":")
        if _TOKEN.match(session or ""):
            viewed = [int(part) for part in ids.split(",") if part.isdigit()][-MAX_VIEWED:]
            return cls(reader_id, session, viewed, new_reader=new_reader)
        return cls(reader_id, _new_token(), [], new_reader=new_reader, new_session=True)

    def signed_cookies(self) -> list[tuple[str, str, int | None]]:
        """The cookies to set for this reader, as (name, signed value, max_age or None)."""
        cookies = []
        if self.new_reader:
            cookies.append(
                (READER_COOKIE, _sign(READER_COOKIE, _SALT_READER, self.id), READER_MAX_AGE)
            )
        if self.new_session or self.changed:
            value = f"{self.session}:{','.join(map(str, self.viewed))}"
            cookies.append((SESSION_COOKIE, _sign(SESSION_COOKIE, _SALT_SESSION, value), None))
        return cookies

    def write_cookies(self, response) -> None:
        for name, value, max_age in self.signed_cookies():
            response.set_cookie(name, value, max_age=max_age, **cookie_options())


def cookie_options() -> dict:
    return {"httponly": True, "samesite": "Lax", "secure": settings.SESSION_COOKIE_SECURE}


class _CookieSigner(signing.TimestampSigner):
    """Django's cookie signer, with the HMAC key of its main key derived once: salted_hmac
    derives it again on every call, and two cookies are signed on many page-cache hits. Same
    signatures (get_signed_cookie reads them back: test_reader_cookies.py)."""

    def __init__(self, **options):
        super().__init__(**options)
        digest = getattr(hashlib, self.algorithm)
        key = digest(force_bytes(self.salt + "signer") + force_bytes(self.key)).digest()
        self._mac = hmac.new(key, digestmod=digest)

    def signature(self, value, key=None):
        if key is not None and key != self.key:  # a fallback key (SECRET_KEY_FALLBACKS)
            return super().signature(value, key)
        mac = self._mac.copy()
        mac.update(force_bytes(value))
        return signing.b64_encode(mac.digest()).decode()

    _stamp = (None, "")

    def sign(self, value):
        # TimestampSigner.sign, with the timestamp's base 62 worked out once a second.
        second = int(time.time())
        stamp = self._stamp
        if stamp[0] != second:
            stamp = self._stamp = (second, signing.b62_encode(second))
        value = f"{value}{self.sep}{stamp[1]}"
        return f"{value}{self.sep}{self.signature(value)}"


@functools.lru_cache(maxsize=8)
def _signer(salt: str, *keys: str):
    """get_cookie_signer(salt), made once per process (keys: made again when they change)."""
    signer = signing.get_cookie_signer(salt=salt)
    if type(signer) is not signing.TimestampSigner:  # another SIGNING_BACKEND: as it is
        return signer
    return _CookieSigner(
        key=signer.key,
        fallback_keys=list(signer.fallback_keys),  # a one-use iterator in Django
        salt=signer.salt,
        algorithm=signer.algorithm,
    )


def _unsign(cookies: dict, name: str, salt: str) -> str | None:
    """As HttpRequest.get_signed_cookie reads it (None when missing or badly signed), with the
    signer made once per process: a returning reader's two cookies are read on every hit."""
    value = cookies.get(name)
    if value is None:
        return None
    signer = _signer(_cookie_salt(name, salt), settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS)
    try:
        return signer.unsign(value)
    except signing.BadSignature:
        return None


def _cookie_salt(name: str, salt: str) -> str:
    # The salt set_signed_cookie signs with: length-prefixed since Django 5.2.x (a private
    # helper), the name and the salt before it. test_reader_cookies.py checks Django reads
    # back what is signed here.
    salted = getattr(signing, "_cookie_signer_salt", None)
    return salted(name, salt) if salted is not None else name + salt


def _sign(name: str, salt: str, value: str) -> str:
    """As HttpResponse.set_signed_cookie signs (get_signed_cookie reads it back); the signer
    is made once per process (~6 µs each time otherwise, on every page-cache hit)."""
    signer = _signer(_cookie_salt(name, salt), settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS)
    return signer.sign(value)


def is_public_path(path: str) -> bool:
    skipped = (
        "/quan-tri/",
        "/" + settings.STATIC_URL.lstrip("/"),
        "/" + settings.MEDIA_URL.lstrip("/"),
    )
    return not path.startswith(skipped)


def is_bot(request) -> bool:
    return is_bot_agent(request.META.get("HTTP_USER_AGENT", ""))


def is_bot_agent(user_agent: str) -> bool:
    return bool(_BOTS.search(user_agent))


class ReaderMiddleware:
    """Gives public requests a `request.reader`, sets its cookies, and counts the visit."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_public_path(request.path):
            request.reader = None
            return self.get_response(request)
        # The page cache, first in the stack, may have read the reader already.
        if getattr(request, "reader", None) is None:
            request.reader = Reader.from_request(request)
        response = self.get_response(request)
        finish_response(request, response)
        return response


def finish_response(request, response) -> None:
    """Set `request.reader`'s cookies and count the visit: after the view, or on a page-cache
    hit (articles/views/caching.py), which answers before this middleware runs."""
    request.reader.write_cookies(response)
    if (
        request.method == "GET"
        and response.status_code == 200
        and response.get("Content-Type", "").startswith("text/html")
        and not is_bot(request)
    ):
        from . import visitors

        # The page cache reads the visitor counters with the page, and on Redis counts the
        # visit in the same round trip (articles/views/caching.py).
        visitors.record(
            request.reader,
            prefetched=getattr(request, "_visitor_prefetch", None),
            counted=getattr(request, "_visit_counted", False),
            in_request=True,
        )
