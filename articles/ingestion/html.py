"""Saved HTML page -> block text, one line per block element (pure Python, no Django).

We use the standard library's ``html.parser`` rather than regular expressions or a third-party
parser: it is a real tokenizer (entities, attributes with ">" inside, comments, CDATA-like
<script>/<style> content are all handled), it tolerates the malformed markup of old portal
templates (unclosed <p>/<li>, stray end tags) instead of failing, it is fast enough for the
import benchmark, and it adds no dependency (lxml/BeautifulSoup are not in requirements).

The text parser (``parser.parse_text``) then runs on the result exactly as on scraped text, so
furniture that survives here (sidebars, counters, related lists) is removed by the same rules.
What the markup itself says (og: and JSON-LD metadata, <time datetime>) is read by
``markup.py``.
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
        "marquee",
        "amp-sidebar",
    }
)

# A <form> is skipped only when it is a comment, search or login form: ASP.NET WebForms
# portals wrap the whole page, article included, in one <form id="aspnetForm">.
_FURNITURE_FORM = re.compile(
    r"comment|binh-?luan|y-?kien|search|tim-?kiem|login|dang-?nhap|poll|vote|subscribe", re.I
)

# Class/id tokens of furniture by pattern: comment sections ("comments-area", "box-comment",
# "cmt-item", "fb-comments"), share bars ("sharedaddy", "social-bar", "td-post-sharing"),
# news tickers, and the header's clock or today's date ("date-now", "td_data_time").
_FURNITURE_TOKEN = re.compile(
    r"(?:^|-)(?:comments?|cmt|binh-?luan|share|sharing|sharedaddy|sharethis|addthis|social|"
    r"ticker|breaking|marquee|date-?now|current-?date|data-?time|ngay-?hien-?tai)(?:$|-)"
)
# Whole tokens only: a "today-news" block may hold the article.
_FURNITURE_EXACT = frozenset(
    {"today", "date-today", "today-date", "clock", "weather", "ngay-hom-nay", "top-date"}
)
_FURNITURE_SUBSTRING = re.compile(r"ngayhientai|currentdate|datenow|todaydate|commentlist")

# Elements whose text is a photo caption.
CAPTION_TAGS = frozenset({"figcaption"})
_CAPTION_TOKEN = re.compile(
    r"(?:^|-)(?:caption|image-caption|wp-caption-text|img-caption|photo-caption|pcaption|"
    r"photocms-caption|chu-thich|chuthich)(?:$|-)"
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
        self.captions: list[str] = []
        self._caption_tag: str | None = None
        self._caption_depth = 0
        self._caption_start = 0

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
        return is_furniture(attrs)

    # -- HTMLParser callbacks -----------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skip_tag is not None:
            if tag == self._skip_tag and tag not in VOID_TAGS:
                self._skip_depth += 1
            return
        if (
            tag in SKIP_TAGS
            or (tag == "form" and _furniture_form(attrs))
            or (
                self.skip_by_class
                and tag not in _NEVER_SKIP_BY_CLASS
                and tag not in VOID_TAGS
                and self._furniture_attrs(attrs)
            )
        ):
            if tag not in VOID_TAGS:
                self._flush()
                self._skip_tag, self._skip_depth = tag, 1
            return
        if self._caption_tag is None and tag not in VOID_TAGS and is_caption(tag, attrs):
            self._flush()
            self._caption_tag, self._caption_depth = tag, 1
            self._caption_start = len(self.lines)
        elif tag == self._caption_tag:
            self._caption_depth += 1
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
        if tag == self._caption_tag:
            self._caption_depth -= 1
            if self._caption_depth <= 0:
                self._flush()
                self.captions.extend(self.lines[self._caption_start :])
                self._caption_tag = None
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


def _tokens(attrs: list[tuple[str, str | None]], names: tuple[str, ...]) -> list[str]:
    return [
        token.replace("_", "-")
        for name, value in attrs
        if name in names and value
        for token in value.lower().split()
    ]


def is_furniture(attrs: list[tuple[str, str | None]]) -> bool:
    """The class/id/role attributes say the element is site furniture (menu, share bar,
    comment section, ticker, the header's date)."""
    for name, value in attrs:
        if name == "role" and value and value.strip().lower() in ("navigation", "banner", "search"):
            return True
    for token in _tokens(attrs, ("class", "id")):
        if (
            token in SKIP_CLASS_TOKENS
            or token in _FURNITURE_EXACT
            or _FURNITURE_TOKEN.search(token)
            or _FURNITURE_SUBSTRING.search(token)
        ):
            return True
    return False


def is_caption(tag: str, attrs: list[tuple[str, str | None]]) -> bool:
    """A photo caption element: <figcaption>, or class "caption", "wp-caption-text"…"""
    if tag in CAPTION_TAGS:
        return True
    return any(_CAPTION_TOKEN.search(t) for t in _tokens(attrs, ("class",)))


def _furniture_form(attrs: list[tuple[str, str | None]]) -> bool:
    return any(
        value and _FURNITURE_FORM.search(value)
        for name, value in attrs
        if name in ("class", "id", "action", "name")
    )


def html_blocks(html: str, *, skip_by_class: bool = True) -> tuple[str, list[str]]:
    """(block text, caption lines): the visible text one line per block element, and the
    lines of it that sit in a caption element (<figcaption>, class "caption"…)."""
    parser = _BlockTextParser(skip_by_class=skip_by_class)
    parser.feed(html)
    parser.close()
    return "\n".join(parser.lines), parser.captions


def html_to_text(html: str, *, skip_by_class: bool = True) -> str:
    """Reduce an HTML page to its visible block text, one line per block element.

    ``skip_by_class`` also drops elements whose class/id says they are furniture (menus,
    breadcrumbs, share buttons, comment sections, tickers, the header's date); the caller
    retries without it if nothing is left.
    """
    return html_blocks(html, skip_by_class=skip_by_class)[0]
