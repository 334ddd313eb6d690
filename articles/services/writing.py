"""Writing aids for the article form: word count, reading time, the sapo's length.

The article form shows these from the stored text and updates them while the writer types
(articles/static/articles/admin/writing.js, which reads the same numbers from the page, so
the rule lives here only).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import unescape

from django.utils.html import strip_tags

# Reading speed for Vietnamese news text, in words (syllables written apart) per minute.
WORDS_PER_MINUTE = 200
# The cards show a sapo's first 50 words (includes/article_card.html); a longer one is cut.
SAPO_MAX_WORDS = 50

# The messages, also handed to the form's script (data attributes) so it says the same.
EMPTY = "Chưa có nội dung."
SUMMARY = "{words} chữ · khoảng {minutes} phút đọc"
SAPO_HINT = "Sapo dài {words} chữ: thẻ bài chỉ hiện {limit} chữ đầu, nên rút gọn còn 2–3 câu."


def words(text: str) -> int:
    return len(text.split())


def html_words(html: str) -> int:
    # Block ends become spaces, so "</p><p>" does not glue two words together.
    spaced = html.replace("<", " <") if html else ""
    return words(unescape(strip_tags(spaced)))


def reading_minutes(count: int) -> int:
    return math.ceil(count / WORDS_PER_MINUTE) if count else 0


@dataclass(frozen=True)
class WritingStats:
    words: int
    minutes: int
    sapo_words: int

    @property
    def summary(self) -> str:
        if not self.words:
            return EMPTY
        return SUMMARY.format(words=self.words, minutes=self.minutes)

    @property
    def sapo_hint(self) -> str:
        if self.sapo_words <= SAPO_MAX_WORDS:
            return ""
        return SAPO_HINT.format(words=self.sapo_words, limit=SAPO_MAX_WORDS)


def writing_stats(*, body: str, lead: str) -> WritingStats:
    count = html_words(body)
    return WritingStats(words=count, minutes=reading_minutes(count), sapo_words=words(lead))
