"""Throttling by client address, on Django's cache: N hits per window per IP and scope.

A fixed-window counter (`cache.add` then `cache.incr`): cheap, no database, and exact enough
for its job (stopping a script that votes or files reports in a loop). On Redis the increment
is atomic; on the file-based cache used without Redis two simultaneous hits may count once,
which only makes the limit a little more lenient.

Why not django-ratelimit: it is maintained and made for this, but its system checks refuse
every cache this project runs on without Redis (file-based, local memory) with an error that
would have to be silenced, and it answers 403 where readers should get a 429 with a Vietnamese
explanation; the part we need is the twenty lines below.
"""

from __future__ import annotations

import functools
import hashlib
import ipaddress
import time

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse
from django.template.response import TemplateResponse

from .failopen import fail_open

DEFAULT_LIMITS = {
    # scope: (hits, seconds)
    "rating": (10, 60),
    "error-report": (5, 600),
}

MESSAGE = "Bạn thao tác quá nhanh. Xin vui lòng đợi ít phút rồi thử lại."


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or X-Forwarded-For behind TRUSTED_PROXY_COUNT proxies."""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def login_client_ip(request) -> str | None:
    """The client address for django-axes: a valid IP address or None (axes stores it in an
    address column; a test client's request or a forged X-Forwarded-For may carry none)."""
    address = client_ip(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def limits_for(scope: str) -> tuple[int, int]:
    configured = getattr(settings, "READER_RATE_LIMITS", {})
    return configured.get(scope, DEFAULT_LIMITS[scope])


@fail_open("rate limits", default=False)
def hit(request, scope: str) -> bool:
    """Count one hit of `scope` from this client; True when it is over the limit.

    Without a working cache the throttle fails open: the request goes through (logged once)."""
    limit, window = limits_for(scope)
    address = hashlib.sha256(client_ip(request).encode()).hexdigest()[:16]
    key = f"rl:{scope}:{address}:{int(time.time() // window)}"
    if cache.add(key, 1, timeout=window + 1):
        return limit < 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window + 1)
        count = 1
    return count > limit


def wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def too_many_requests(request, scope: str):
    _, window = limits_for(scope)
    if wants_json(request):
        response = JsonResponse({"error": MESSAGE}, status=429)
    else:
        response = TemplateResponse(request, "429.html", {"message": MESSAGE}, status=429)
    response["Retry-After"] = str(window)
    return response


def ratelimit(scope: str, methods: tuple[str, ...] = ("POST",)):
    """View decorator: over the limit for `scope`, answer 429 instead of running the view."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods and hit(request, scope):
                return too_many_requests(request, scope)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
