"""Content-Security-Policy (django-csp): strict on the portal, inline styles in the admin only.

The public pages run no script and use no inline style, so the policy in settings allows
scripts, styles, images and fonts from the site itself only (the JSON-LD block is data, which
CSP does not execute). The admin loads its scripts from 'self' too, but the body editor
(django-prose-editor) and a few admin widgets set `style` attributes, which CSP counts as
inline styles: under the admin's prefix the policy adds 'unsafe-inline' to style-src, never
to script-src.
"""

from __future__ import annotations

from csp.middleware import CSPMiddleware

ADMIN_PREFIX = "/quan-tri/"


class PortalCSPMiddleware(CSPMiddleware):
    def process_response(self, request, response):
        if request.path.startswith(ADMIN_PREFIX) and not hasattr(response, "_csp_update"):
            response._csp_update = {"style-src": ["'self'", "'unsafe-inline'"]}
        return super().process_response(request, response)
