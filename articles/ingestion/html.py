"""Saved HTML page -> block text, one line per block element (pure Python, no Django).

We use the standard library's ``html.parser`` rather than regular expressions or a third-party
parser: it is a real tokenizer (entities, attributes with ">" inside, comments, CDATA-like
<script>/<style> content are all handled), it tolerates the malformed markup of old portal
templates (unclosed <p>/<li>, stray end tags) instead of failing, it is fast enough for the
import benchmark, and it adds no dependency (lxml/BeautifulSoup are not in requirements).

The text parser (``parser.parse_text``) then runs on the result exactly as on scraped text, so
furniture that survives here (sidebars, counters, related lists) is removed by the same rules.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Elements whose content is never article text.
SKIP_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "math",
        "nav",
        "head",
        "title",
        "iframe",
        "object",
        "embed",
        "canvas",
        "select",
        "option",
        "button",
        "textarea",
        "form",
    }
)

# class/id tokens that mark site furniture (whole tokens only: a wrapper with class
# "menu-open" or "no-sidebar" holds the article too).
SKIP_CLASS_TOKENS = frozenset(
    {
        "breadcrumb",
        "breadcrumbs",
        "menu",
        "mainmenu",
        "main-menu",
        "top-menu",
        "menu-top",
        "menutop",
        "footer-menu",
        "navbar",
        "nav",
        "navigation",
        "share",
        "social",
        "sharing",
        "social-share",
        "share-buttons",
        "comment",
        "comments",
        "comment-list",
        "advertisement",
        "ads",
        "banner",
        "cookie",
        "popup",
        "modal",
    }
)

# Elements never skipped by class (a <body class="no-sidebar menu-open"> holds everything).
_NEVER_SKIP_BY_CLASS = frozenset({"html", "body", "main", "article"})

BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    }
)

VOID_TAGS = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    }
)

_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0]+")
_HTML_START = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S
)
_HTML_TAG = re.compile(
    r"<(?:html|head|body|meta|title|div|p|span|a|br|article|section|h[1-6]|ul|li|table|img|script)"
    r"\b[^<>]*>",
    re.I,
)


def looks_like_html(text: str) -> bool:
    """True when the text is an HTML document (doctype/<html>) or is dense with HTML tags."""
    head = text[:4000]
    if _HTML_START.match(head):
        return True
    tags = _HTML_TAG.findall(head)
    if len(tags) >= 3 and head.lstrip().startswith("<"):
        return True
    return len(tags) >= 10


class _BlockTextParser(HTMLParser):
    def __init__(self, *, skip_by_class: bool = True) -> None:
        super().__init__(convert_charrefs=True)
        self.skip_by_class = skip_by_class
        self.lines: list[str] = []
        self._current: list[str] = []
        self._skip_tag: str | None = None
        self._skip_depth = 0
        self._pre = 0

    # -- helpers -----------------------------------------------------------------------------
    def _flush(self) -> None:
        if not self._current:
            return
        raw = "".join(self._current)
        self._current = []
        if self._pre:
            for line in raw.split("\n"):
                line = line.strip()
                if line:
                    self.lines.append(line)
            return
        line = _SPACES.sub(" ", raw).strip()
        if line:
            self.lines.append(line)

    @staticmethod
    def _furniture_attrs(attrs: list[tuple[str, str | None]]) -> bool:
        for name, value in attrs:
            if name not in ("class", "id", "role") or not value:
                continue
            if name == "role" and value.strip().lower() in ("navigation", "banner", "search"):
                return True
            for token in value.lower().split():
                if token.replace("_", "-") in SKIP_CLASS_TOKENS:
                    return True
        return False

    # -- HTMLParser callbacks -----------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skip_tag is not None:
            if tag == self._skip_tag and tag not in VOID_TAGS:
                self._skip_depth += 1
            return
        if tag in SKIP_TAGS or (
            self.skip_by_class
            and tag not in _NEVER_SKIP_BY_CLASS
            and tag not in VOID_TAGS
            and self._furniture_attrs(attrs)
        ):
            if tag not in VOID_TAGS:
                self._flush()
                self._skip_tag, self._skip_depth = tag, 1
            return
        if tag in BLOCK_TAGS:
            self._flush()
            if tag == "pre":
                self._pre += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skip_tag is None and tag in BLOCK_TAGS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if self._skip_tag is not None:
            if tag == self._skip_tag:
                self._skip_depth -= 1
                if self._skip_depth <= 0:
                    self._skip_tag = None
            elif tag in ("body", "html"):
                self._skip_tag = None  # an unclosed furniture element must not eat the page
            return
        if tag in BLOCK_TAGS:
            self._flush()
            if tag == "pre" and self._pre:
                self._pre -= 1

    def handle_data(self, data: str) -> None:
        if self._skip_tag is None:
            self._current.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def html_to_text(html: str, *, skip_by_class: bool = True) -> str:
    """Reduce an HTML page to its visible block text, one line per block element.

    ``skip_by_class`` also drops elements whose class/id says they are furniture (menus,
    breadcrumbs, share buttons); the caller retries without it if nothing is left.
    """
    parser = _BlockTextParser(skip_by_class=skip_by_class)
    parser.feed(html)
    parser.close()
    return "\n".join(parser.lines)
