"""Content-Security-Policy (django-csp): strict on the portal, two allowances in the admin.

The public pages run no script and use no inline style, so the policy in settings allows
scripts, styles, images and fonts from the site itself only (the JSON-LD block is data, which
CSP does not execute). Under the admin's prefix:

- the body editor (django-prose-editor) is loaded through an inline import map, which CSP
  counts as an inline script: its exact text is allowed by its SHA-256 hash, computed from
  the page itself (the map names hashed static files in production), never 'unsafe-inline';
- the editor and a few admin widgets set `style` attributes: style-src gets 'unsafe-inline'.
"""

from __future__ import annotations

import base64
import hashlib
import re

from csp.middleware import CSPMiddleware

ADMIN_PREFIX = "/quan-tri/"
_IMPORT_MAP = re.compile(rb'<script type="importmap"[^>]*>(.*?)</script>', re.S)


def _script_hashes(content: bytes) -> list[str]:
    return [
        f"'sha256-{base64.b64encode(hashlib.sha256(body).digest()).decode()}'"
        for body in _IMPORT_MAP.findall(content)
    ]


class PortalCSPMiddleware(CSPMiddleware):
    def process_response(self, request, response):
        if request.path.startswith(ADMIN_PREFIX) and not hasattr(response, "_csp_update"):
            update = {"style-src": ["'unsafe-inline'"]}
            if not response.streaming and response.get("Content-Type", "").startswith("text/html"):
                hashes = _script_hashes(response.content)
                if hashes:
                    update["script-src"] = hashes
            response._csp_update = update
        return super().process_response(request, response)
