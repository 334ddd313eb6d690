"""What a saved HTML page's markup says about its article (pure Python, no Django).

Portals built on WordPress, Joomla, NukeViet 4 or an AMP template state the headline, the
publication time and the author in metadata, in forms a machine can read without guessing:

- Open Graph and article meta tags: ``og:title``, ``og:site_name``,
  ``article:published_time``, ``<meta name="author">``;
- JSON-LD (``<script type="application/ld+json">``) objects of type ``NewsArticle``,
  ``Article``, ``BlogPosting``…: ``headline``, ``datePublished``, ``author``;
- microdata: ``itemprop="headline"``, ``itemprop="datePublished"``, ``itemprop="author"``;
- ``<time datetime="…">`` (the article's own, not one in a comment section), ``<h1>``,
  ``<title>``.

:func:`read_markup` collects them; ``parser.parse_decoded`` cross-checks them against the
visible text (a headline is taken as printed on the page when it is printed there; a date from
metadata is confirmed by a visible date line when there is one) and falls back to the text
rules for whatever the markup does not say.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from .dates import parse_iso_datetime
from .html import SKIP_TAGS, VOID_TAGS, is_furniture

ARTICLE_TYPES = frozenset(
    {
        "newsarticle",
        "article",
        "blogposting",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "backgroundnewsarticle",
        "opinionnewsarticle",
        "reviewnewsarticle",
        "webpage",
    }
)

_SPACES = re.compile(r"\s+")


@dataclass
class Markup:
    """Metadata found in a page's markup, each list strongest source first."""

    titles: list[str] = field(default_factory=list)
    # <h1> and <title>: on many portals the site's name; only used when the text has no title
    weak_titles: list[str] = field(default_factory=list)
    dates: list[tuple[dt.date, dt.time | None]] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    site_name: str | None = None

    @property
    def empty(self) -> bool:
        return not (self.titles or self.weak_titles or self.dates or self.authors)


class _MarkupParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        # (rank, value): lower rank = stronger source
        self.titles: list[tuple[int, str]] = []
        self.dates: list[tuple[int, str]] = []
        self.plain_times: list[str] = []
        self.authors: list[tuple[int, str]] = []
        self.site_name: str | None = None
        self._stack: list[tuple[str, bool]] = []  # (tag, opened a furniture element)
        self._furniture = 0
        self._capture: list[tuple[str, int, str, list[str]]] = []  # (tag, rank, kind, text)
        self._script_jsonld = False
        self._script: list[str] = []
        self._author_depth = 0
        self._skip = 0

    # -- callbacks ------------------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag == "meta":
            self._meta(a)
            return
        if tag == "script":
            self._script_jsonld = "ld+json" in a.get("type", "").lower()
            self._script = []
        if tag in VOID_TAGS:
            return
        furniture = is_furniture(attrs) and tag not in ("html", "body", "main", "article")
        self._stack.append((tag, furniture))
        if furniture:
            self._furniture += 1
        if tag in SKIP_TAGS and tag not in ("script", "title", "head"):
            self._skip += 1
        itemprop = a.get("itemprop", "").lower().split()
        if "author" in itemprop:
            self._author_depth += 1
        if self._furniture:
            return
        if tag == "time" and a.get("datetime"):
            classes = a.get("class", "").lower()
            if "datepublished" in a.get("itemprop", "").lower():
                self.dates.append((3, a["datetime"]))
            elif "updated" in classes.split() and "published" not in classes:
                pass  # the last edit, not the publication
            elif any(w in classes for w in ("published", "entry-date", "post-date", "pubdate")):
                self.dates.append((4, a["datetime"]))
            else:  # any other <time>: an event in the text, a related headline's date…
                self.plain_times.append(a["datetime"])
        if "datepublished" in itemprop and a.get("content"):
            self.dates.append((3, a["content"]))
        if tag == "title":
            self._capture.append((tag, 6, "title", []))
        elif tag == "h1":
            self._capture.append((tag, 5, "title", []))
        elif "headline" in itemprop:
            self._capture.append((tag, 3, "title", []))
        elif "name" in itemprop and self._author_depth:
            self._capture.append((tag, 3, "author", []))
        elif "author" in itemprop:
            self._capture.append((tag, 4, "author", []))
        elif a.get("rel", "").lower() == "author":
            self._capture.append((tag, 5, "author", []))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script_jsonld:
            self._jsonld("".join(self._script))
            self._script_jsonld = False
        if tag in VOID_TAGS:
            return
        # close the innermost open element of this name (tolerate unclosed ones)
        for i in range(len(self._stack) - 1, -1, -1):
            if self._stack[i][0] == tag:
                for closed, furniture in self._stack[i:]:
                    if furniture:
                        self._furniture -= 1
                    if closed in SKIP_TAGS and closed not in ("script", "title", "head"):
                        self._skip -= 1
                del self._stack[i:]
                break
        if self._capture and self._capture[-1][0] == tag:
            _, rank, kind, parts = self._capture.pop()
            text = _SPACES.sub(" ", "".join(parts)).strip()
            if text:
                if kind == "title":
                    self.titles.append((rank, text))
                else:
                    self.authors.append((rank, _strip_author_label(text)))
        # itemprop="author" sits on a container; leave it when that closes
        if (
            self._author_depth
            and tag in ("dd", "span", "div", "a", "p", "li", "address")
            and not any(t == tag for t, _ in self._stack)
        ):
            self._author_depth = max(0, self._author_depth - 1)

    def handle_data(self, data: str) -> None:
        if self._script_jsonld:
            self._script.append(data)
            return
        if self._skip and not (self._capture and self._capture[-1][2] == "title"):
            return
        for _, _, _, parts in self._capture:
            parts.append(data)

    # -- sources ---------------------------------------------------------------------------------
    def _meta(self, a: dict[str, str]) -> None:
        key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
        value = _SPACES.sub(" ", a.get("content", "")).strip()
        if not key or not value:
            return
        if key == "og:title":
            self.titles.append((2, value))
        elif key == "og:site_name":
            self.site_name = value
        elif key in ("article:published_time", "og:published_time", "datepublished"):
            self.dates.append((2, value))
        elif key in ("pubdate", "publishdate", "dc.date.issued", "dcterms.created"):
            self.dates.append((6, value))
        elif key in ("author", "article:author", "dc.creator") and not value.startswith("http"):
            self.authors.append((2, value))

    def _jsonld(self, raw: str) -> None:
        try:
            data = json.loads(raw.strip().rstrip(";"))
        except ValueError:
            return
        for obj in _walk(data):
            types = obj.get("@type")
            types = types if isinstance(types, list) else [types]
            if not any(isinstance(t, str) and t.lower() in ARTICLE_TYPES for t in types):
                continue
            rank = 1 if "webpage" not in {str(t).lower() for t in types} else 7
            if isinstance(obj.get("headline"), str):
                self.titles.append((rank, obj["headline"].strip()))
            if isinstance(obj.get("datePublished"), str):
                self.dates.append((rank, obj["datePublished"]))
            for name in _author_names(obj.get("author")):
                self.authors.append((rank, name))


def _walk(data: Any):
    if isinstance(data, dict):
        yield data
        for value in data.values():
            if isinstance(value, (dict, list)):
                yield from _walk(value)
    elif isinstance(data, list):
        for item in data:
            yield from _walk(item)


def _author_names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value.strip()] if value.strip() and not value.startswith("http") else []
    if isinstance(value, dict):
        name = value.get("name")
        return [name.strip()] if isinstance(name, str) and name.strip() else []
    if isinstance(value, list):
        return [n for item in value for n in _author_names(item)]
    return []


_AUTHOR_LABEL = re.compile(r"^(?:viết bởi|đăng bởi|bởi|tác giả|by|posted by)\s*:?\s*", re.I)


def _strip_author_label(text: str) -> str:
    return _AUTHOR_LABEL.sub("", text).strip()


def read_markup(html: str) -> Markup:
    """Collect the headline, publication dates and authors the page's markup states."""
    parser = _MarkupParser()
    try:
        parser.feed(html)
        parser.close()
    except (AssertionError, ValueError):  # pragma: no cover - html.parser is tolerant
        pass
    ranked = list(parser.dates)
    if len(parser.plain_times) == 1:  # a page's only <time> is its date
        ranked.append((5, parser.plain_times[0]))
    dates: list[tuple[dt.date, dt.time | None]] = []
    for _, value in sorted(ranked, key=lambda r: r[0]):
        parsed = parse_iso_datetime(value)
        if parsed is not None and parsed not in dates:
            dates.append(parsed)
    titles = sorted(parser.titles, key=lambda r: r[0])
    return Markup(
        titles=_unique(v for rank, v in titles if rank <= 3),
        weak_titles=_unique(v for rank, v in titles if rank > 3),
        dates=dates,
        authors=_unique(v for _, v in sorted(parser.authors, key=lambda r: r[0])),
        site_name=parser.site_name,
    )


def _unique(values) -> list[str]:
    out: list[str] = []
    for v in values:
        if v and v not in out:
            out.append(v)
    return out


_TITLE_SEPARATORS = re.compile(r"\s+(?:[-|–—:]{1,2}|::|»)\s+")


def title_variants(title: str, site_name: str | None = None) -> list[str]:
    """A metadata title and the same without the site's name around it:
    "X - Công an tỉnh Quảng Ninh" -> ["X - Công an tỉnh Quảng Ninh", "X"]."""
    variants = [title]
    if site_name and site_name in title:
        stripped = _TITLE_SEPARATORS.sub(" - ", title.replace(site_name, "")).strip(" -|–—:")
        variants.append(stripped)
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) > 1:
        variants.append(_TITLE_SEPARATORS.split(title)[0].strip())
        variants.append(title[: title.rfind(parts[-1])].rstrip(" -|–—:»"))
    return _unique(v for v in variants if v)
