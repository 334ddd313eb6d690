"""The tokenizer's and the trie's fast paths give what the plain code gives."""

from __future__ import annotations

from articles.recognition.tokens import _TOKEN_RE, Token, Trie, tokenize

TEXT = (
    "Sáng 30/4, Đại tá Nguyễn Văn A, Giám đốc Công an TP.HCM, dự hội nghị của Bộ LĐ-TB&XH "
    "về COVID-19… Ông B. Trần nói: “Đã xong!”"
)


def _plain(text: str) -> list[Token]:
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN_RE.finditer(text)]


def _as_tuples(toks):
    return [(t.text, t.start, t.end, t.key, t.word, t.alpha, t.cap, t.upper) for t in toks]


def test_tokenize_builds_the_tokens_token_init_builds():
    assert _as_tuples(tokenize(TEXT)) == _as_tuples(_plain(TEXT))
    assert tokenize("") == []


def test_longest_past_the_end_and_on_a_token_opening_nothing():
    trie = Trie()
    trie.add("Công an", "unit")
    toks = tokenize("Công an tỉnh")
    assert trie.longest(toks, 0) == (2, ["unit"])
    assert trie.longest(toks, 2) is None
    assert trie.longest(toks, 3) is None
    assert trie.longest(toks, 10) is None
