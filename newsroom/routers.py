"""An optional read replica (DATABASE_REPLICA_URL): public reads go to it, the rest to the primary.

Reads go to the replica only inside a request that `PrimaryPinMiddleware` has marked as safe
for it: a GET or HEAD outside the admin, from a client without a Django session (editors
always read the primary) and without the "pinned" cookie. After any other request (a POST
that rates an article, files a report, logs in…) the response sets that cookie for
REPLICA_PIN_SECONDS, so the writer's next pages read the primary and show what was just
written, whatever the replica's lag. Outside requests (commands, shells, the importer) every
read goes to the primary. Writes and migrations always go to the primary.

Without DATABASE_REPLICA_URL there is no "replica" alias and the router sends everything to
"default".
"""

from __future__ import annotations

import contextlib
import contextvars

from django.conf import settings

REPLICA = "replica"
PIN_COOKIE = "ghi_gan_day"  # "wrote recently": read the primary for a few seconds
ADMIN_PREFIX = "/quan-tri/"

# Per request (and per thread or task), set by the middleware; the default is the primary.
_replica_allowed = contextvars.ContextVar("replica_allowed", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def request_may_use_replica(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.path.startswith(ADMIN_PREFIX)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and PIN_COOKIE not in request.COOKIES
    )


@contextlib.contextmanager
def reads_for(request):
    """Reads inside the block go where PrimaryPinMiddleware would send this request's reads
    (for the page cache, which answers before that middleware runs)."""
    token = _replica_allowed.set(request_may_use_replica(request))
    try:
        yield
    finally:
        _replica_allowed.reset(token)


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if _replica_allowed.get() and replica_configured():
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class PrimaryPinMiddleware:
    """Marks the requests whose reads may go to the replica; pins writers to the primary."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _replica_allowed.set(request_may_use_replica(request))
        try:
            response = self.get_response(request)
        finally:
            _replica_allowed.reset(token)
        if request.method not in ("GET", "HEAD", "OPTIONS") and replica_configured():
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.REPLICA_PIN_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response
