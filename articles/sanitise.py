"""The one HTML sanitiser for article bodies.

Every body passes through `sanitise_html` when an article is saved (`Article.save()`), so the
admin form, the import service, a restored revision and a shell session all store the same
clean HTML, and the public page renders it through the same function once more (the
`clean_html` filter) for rows written by paths that skip `save()` (fixtures, raw updates).

nh3 (Python bindings of the Rust crate ammonia, maintained, fast) parses the fragment as a
browser would and keeps only the allow-list below: what the body editor can produce
(django-prose-editor, configured with `BODY_EDITOR_EXTENSIONS`) and nothing else. So scripts,
event handlers (onerror=, onclick=), `style` and `class` attributes pasted from Word,
`javascript:` and `data:` addresses, comments and unknown tags never reach readers; their
text is kept, the markup is not.
"""

from __future__ import annotations

import re
import unicodedata

import nh3

# What the editor offers (django-prose-editor extension names). Headings start at h2: the page
# title is the h1.
BODY_EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto", "tel"]},
    "Figure": True,
    "Caption": True,
    "Image": True,
    "History": True,
}

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "h2",
        "h3",
        "h4",
        "strong",
        "em",
        "ul",
        "ol",
        "li",
        "blockquote",
        "a",
        "figure",
        "figcaption",
        "img",
    }
)
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height", "srcset", "sizes", "loading"},
    "ol": {"start"},
}
# Relative addresses (/media/…) are kept; any other scheme, javascript: and data: included,
# loses the attribute.
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})

# srcset candidates: a relative address (/media/…) or http(s), then a width ("640w") or density.
_SRCSET_URL = re.compile(r"^(?:/(?!/)|https?://)[^\s,]+$", re.I)
_SRCSET_DESCRIPTOR = re.compile(r"^(?:\d{1,5}w|\d(?:\.\d+)?x)$")
# sizes: media conditions and lengths only ("(max-width: 760px) 100vw, 760px").
_SIZES = re.compile(r"^[0-9a-z()\-:,. %]{1,200}$", re.I)
_NUMBER = re.compile(r"^\d{1,5}$")


def _safe_srcset(value: str) -> bool:
    for candidate in value.split(","):
        parts = candidate.split()
        if not parts or len(parts) > 2 or not _SRCSET_URL.match(parts[0]):
            return False
        if len(parts) == 2 and not _SRCSET_DESCRIPTOR.match(parts[1]):
            return False
    return True


def _filter_attribute(tag: str, name: str, value: str) -> str | None:
    """Image attributes nh3's scheme check does not cover: srcset holds addresses too."""
    if tag != "img":
        return value
    if name == "srcset":
        return value if _safe_srcset(value) else None
    if name == "sizes":
        return value if _SIZES.match(value) else None
    if name == "loading":
        return value if value in ("lazy", "eager") else None
    if name in ("width", "height"):
        return value if _NUMBER.match(value) else None
    return value


_cleaner = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
    url_schemes=set(ALLOWED_URL_SCHEMES),
    link_rel="noopener noreferrer",
    strip_comments=True,
    attribute_filter=_filter_attribute,
)

# The editor's empty document is one empty paragraph; store it as an empty body.
_EMPTY = re.compile(r"^\s*(?:<p>\s*(?:<br>)?\s*</p>\s*)*$")


def sanitise_html(html: str | None) -> str:
    """Clean HTML for a body: allow-listed tags and attributes only, text in NFC."""
    if not html:
        return ""
    cleaned = _cleaner.clean(unicodedata.normalize("NFC", html))
    return "" if _EMPTY.match(cleaned) else cleaned
