"""Tokens, phrase tries and sentence spans for the recogniser (pure Python).

Text is cut into word tokens (``\\w`` runs, keeping "30/4", "COVID-19", "TP.HCM" and
"LĐ-TB&XH" whole) and single punctuation marks. Gazetteer phrases are cut the same way, so
matching a phrase is walking a trie of case-folded tokens.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

_TOKEN_RE = re.compile(r"\w+(?:[./\-&]\w+)*|[^\w\s]")

# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = frozenset(
    {"tp", "tx", "tt", "p", "q", "ths", "ts", "pgs", "gs", "th", "đ", "st", "bs", "ks", "sn"}
)


_SHAPES: dict[str, tuple[str, bool, bool, bool, bool]] = {}
_SHAPES_MAX = 200_000  # distinct token texts kept (a page's vocabulary is far smaller)


def _shape(text: str) -> tuple[str, bool, bool, bool, bool]:
    """(key, word, alpha, cap, upper) of a token text, computed once per distinct text."""
    shape = _SHAPES.get(text)
    if shape is None:
        first = text[0]
        shape = (
            text.casefold(),
            first.isalnum() or first == "_",
            text.isalpha(),
            first.isupper(),
            len(text) > 1 and text.isupper(),
        )
        if len(_SHAPES) >= _SHAPES_MAX:
            _SHAPES.clear()
        _SHAPES[text] = shape
    return shape


class Token:
    """One token: its text, its case-folded key, character offsets and shape flags."""

    __slots__ = ("alpha", "cap", "end", "key", "start", "text", "upper", "word")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text = text
        self.start = start
        self.end = end
        self.key, self.word, self.alpha, self.cap, self.upper = _shape(text)

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Token({self.text!r})"


def tokenize(text: str) -> list[Token]:
    # What `[Token(m.group(), m.start(), m.end()) for m in ...]` builds, without a call to
    # __init__ and _shape per token: a page has hundreds of tokens, mostly of known shape.
    shapes = _SHAPES
    new = object.__new__
    out = []
    append = out.append
    for m in _TOKEN_RE.finditer(text):
        tok = new(Token)
        tok.text = word = m.group()
        tok.start, tok.end = m.span()
        tok.key, tok.word, tok.alpha, tok.cap, tok.upper = shapes.get(word) or _shape(word)
        append(tok)
    return out


def tokenize_prefix(text: str, start: int, end: int, limit: int) -> list[Token]:
    """The first ``limit`` tokens of ``text[start:end]``, with offsets in that slice (the same
    tokens ``tokenize(text[start:end])`` begins with, without cutting up the rest)."""
    out = []
    for m in _TOKEN_RE.finditer(text, start, end):
        if len(out) >= limit:
            break
        out.append(Token(m.group(), m.start() - start, m.end() - start))
    return out


def phrase_keys(phrase: str) -> tuple[str, ...]:
    return tuple(m.group().casefold() for m in _TOKEN_RE.finditer(phrase))


class Trie:
    """Longest-match lookup of token sequences (keys are case-folded token texts)."""

    __slots__ = ("max_len", "root")

    def __init__(self) -> None:
        self.root: dict[Any, Any] = {}
        self.max_len = 0  # tokens in the longest phrase

    def add(self, phrase: str | Sequence[str], payload: Any) -> None:
        keys = phrase_keys(phrase) if isinstance(phrase, str) else tuple(phrase)
        if not keys:
            return
        node = self.root
        for key in keys:
            node = node.setdefault(key, {})
        node.setdefault(None, []).append(payload)
        self.max_len = max(self.max_len, len(keys))

    def add_all(self, phrases: Iterable[str], payload: Any) -> None:
        for phrase in phrases:
            self.add(phrase, payload)

    def longest(self, toks: Sequence[Token], i: int) -> tuple[int, list[Any]] | None:
        """(end index, payloads) of the longest phrase starting at token ``i``, or None."""
        # Called hundreds of times a page, mostly past the end or on a token that opens no
        # phrase: those two cases cost one lookup.
        try:
            node = self.root.get(toks[i].key)
        except IndexError:
            return None
        if node is None:  # most tokens open no phrase
            return None
        j = i + 1
        best = (j, node[None]) if None in node else None
        n = len(toks)
        while j < n:
            node = node.get(toks[j].key)
            if node is None:
                break
            j += 1
            if None in node:
                best = (j, node[None])
        return best

    def all_matches(self, toks: Sequence[Token], i: int) -> list[tuple[int, list[Any]]]:
        """Every phrase starting at ``i``, shortest first."""
        node = self.root
        out = []
        j = i
        n = len(toks)
        while j < n:
            node = node.get(toks[j].key)
            if node is None:
                break
            j += 1
            if None in node:
                out.append((j, node[None]))
        return out


def sentence_spans(text: str, toks: Sequence[Token]) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text`` (a full stop after "TP" or an initial
    such as the "B." of "Lê Thị B." does not end a sentence)."""
    spans = []
    start = 0
    n = len(toks)
    for i, tok in enumerate(toks):
        if tok.text not in {".", "!", "?", "…"}:
            continue
        if i + 1 >= n:
            continue
        nxt = toks[i + 1]
        if not (nxt.cap or nxt.text in {'"', "“", "(", "-", "–"}):
            continue
        if tok.text == "." and i > 0:
            prev = toks[i - 1]
            if prev.key in _ABBREVIATIONS or (len(prev.text) == 1 and prev.cap):
                continue
        spans.append((start, tok.end))
        start = nxt.start
    if start < len(text):
        spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]
