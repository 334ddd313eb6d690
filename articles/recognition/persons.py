"""Finding people in a block of text: rank, honorific and titles around a name.

A person mention is a name (two to four capitalised syllables, five with a double surname)
with something that says it is an official:

- before it: an honorific ("đồng chí", "ông"), a rank ("Thượng tá", "thiếu tướng"), titles
  ("Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh Đồng Văn Thanh");
- after it: titles separated by commas, a dash or "và" ("…, Ủy viên Ban Thường vụ Tỉnh ủy,
  Giám đốc Công an tỉnh"; "… - Thứ trưởng Bộ Công an").

A title is a post, then maybe a body, then maybe a unit (see ``data/titles.json``). The unit
found by the unit scanner decides where a title ends, so "Giám đốc Công an tỉnh chia sẻ…" stops
before "chia sẻ". Names ending in an initial ("Lê Thị B.") and names after words such as
"đối tượng" or followed by "(SN 1990" are private people, never officials.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .gazetteer import Gazetteer, Post
from .tokens import Token
from .units import UnitScanner, UnitSpan


@dataclass(eq=False)
class Title:
    start: int
    end: int
    text: str
    post: Post
    body: str | None = None
    unit: UnitSpan | None = None


@dataclass(eq=False)
class PersonMention:
    block: int
    start: int  # token indices of the whole mention (prefix, name, titles)
    end: int
    char_start: int
    char_end: int
    name: str
    name_start: int  # character offsets of the name
    name_end: int
    rank: str | None = None
    honorific: str | None = None
    titles: list[Title] = field(default_factory=list)
    known_surname: bool = False


@dataclass
class _Skip:
    end: int
    name: str


class PersonScanner:
    def __init__(
        self, g: Gazetteer, block: int, text: str, toks: Sequence[Token], units: UnitScanner
    ) -> None:
        self.g = g
        self.block = block
        self.text = text
        self.toks = toks
        self.n = len(toks)
        self.units = units
        self.units_by_start: dict[int, UnitSpan] = {}
        self._indexed = 0
        self._index_units()
        self.protected: set[int] = set()
        comma_first = g.comma_phrases.root
        for i in range(self.n):
            if toks[i].key not in comma_first:
                continue
            m = g.comma_phrases.longest(toks, i)
            if m:
                for k in range(i, m[0]):
                    if toks[k].text == ",":
                        self.protected.add(k)
        self.mentions: list[PersonMention] = []
        self.skipped: list[str] = []

    def _index_units(self) -> None:
        """Index the unit spans not indexed yet (the scanner only appends to its list)."""
        spans = self.units.spans
        for s in spans[self._indexed :]:
            cur = self.units_by_start.get(s.start)
            if cur is None or s.end > cur.end:
                self.units_by_start[s.start] = s
        self._indexed = len(spans)

    # --- titles ---------------------------------------------------------------------------
    def _opens_something(self, k: int) -> bool:
        """Token k opens a title, a person or a unit: free title text stops before it."""
        if k >= self.n:
            return True
        g, toks = self.g, self.toks
        t = toks[k]
        return bool(
            not t.word
            or t.cap
            or g.posts.longest(toks, k)
            or g.honorifics.longest(toks, k)
            or g.rank_trie.longest(toks, k)
            or g.stop_words.longest(toks, k)
            or k in self.units_by_start
        )

    def _free(self, k: int) -> int:
        """Free words of an ad hoc body ("Ban Chỉ đạo phòng, chống tội phạm, tệ nạn xã hội và
        xây dựng phong trào…"), up to a unit, a verb, or a comma or "và" before a new title."""
        g, toks = self.g, self.toks
        count = 0
        while k < self.n and count < g.free_text_limit:
            if k in self.units_by_start:
                break
            t = toks[k]
            if not t.word:
                if t.text == "," and (k in self.protected or not self._opens_something(k + 1)):
                    k += 1
                    continue
                break
            if g.stop_words.longest(toks, k):
                if t.key == "và" and count and not self._opens_something(k + 1):
                    k += 1
                    count += 1
                    continue
                break
            if count and t.cap and g.posts.longest(toks, k):
                break
            k += 1
            count += 1
        return k

    def parse_title(self, j: int) -> Title | None:
        g, toks = self.g, self.toks
        if j >= self.n:
            return None
        m = g.posts.longest(toks, j)
        if not m:
            return None
        end, posts = m
        post: Post = posts[0]
        k = end
        unit: UnitSpan | None = None
        body: str | None = None
        if post.implies:
            unit = self.units.extra_sub(k, post.implies)
            if unit is not None:
                self._index_units()
                k = unit.end
        if unit is None:
            u = self.units_by_start.get(k)
            if u is not None and not u.generic:
                unit = u
                k = u.end
        if unit is None:
            b = g.bodies.longest(toks, k)
            bstart = k
            if b:
                k = b[0]
                if b[1][0].free:
                    k = self._free(k)
            if k > bstart:
                body = self.text[toks[bstart].start : toks[k - 1].end]
            u = self.units_by_start.get(k)
            if u is not None and not u.generic:
                unit = u
                k = u.end
        if post.needs_object and unit is None and body is None:
            return None
        return Title(
            start=j,
            end=k,
            text=self.text[toks[j].start : toks[k - 1].end],
            post=post,
            body=body,
            unit=unit,
        )

    def foreign_title(self, j: int) -> Title | None:
        """A post printed in English after a foreign guest's name ("Regional Director",
        "Governor of Svay Rieng Province"): a run of capitalised Latin words, joined by the
        connectors of ``data/titles.json``, holding a foreign post word. Kept as printed."""
        g, toks = self.g, self.toks
        k = j
        has_post = False
        deputy = False
        last = j
        while k < self.n:
            t = toks[k]
            if t.cap and t.alpha and (t.text.isascii() or t.key in g.foreign_posts):
                has_post = has_post or t.key in g.foreign_posts
                deputy = deputy or t.key in g.foreign_deputy
                k += 1
                last = k
            elif k > j and t.key in g.foreign_connectors:
                k += 1
            else:
                break
        if not has_post:
            return None
        text = self.text[toks[j].start : toks[last - 1].end]
        post = Post(text=text, cls="deputy" if deputy else "head")
        return Title(start=j, end=last, text=text, post=post)

    # --- names ----------------------------------------------------------------------------
    def parse_name(self, k: int) -> tuple[int, bool] | None:
        """(end, is_initials) of a personal name starting at token k."""
        g, toks = self.g, self.toks
        if k >= self.n or k in self.units_by_start:
            return None
        j = k
        initials = False
        while j < self.n and j - k < 5:
            t = toks[j]
            if not (t.alpha and t.cap):
                break
            if len(t.text) == 1:
                if t.text.isascii():
                    initials = True
                j += 1
                continue
            if t.upper:
                break
            if j > k and (j in self.units_by_start or self.units._starts_something(j)):
                break
            j += 1
        size = j - k
        if size < 2:
            return None
        if size == 5 and tuple(t.key for t in toks[k : k + 2]) not in g.double_surnames:
            j = k + 4
        if j < self.n and toks[j].text == "." and len(toks[j - 1].text) == 1:
            initials = True
        # a place is not a name ("Hồ Chí Minh", "Hậu Giang")
        pm = g.province_trie.longest(toks, k)
        if pm and pm[0] == j:
            return None
        return j, initials

    def _looks_like_name(self, k: int) -> bool:
        r = self.parse_name(k)
        return bool(r and not r[1] and self.toks[k].key in self.g.surnames)

    def _after_private(self, start: int) -> bool:
        toks = self.toks
        for size, phrases in self.g.not_official_before_by_size:
            if start - size >= 0 and tuple(t.key for t in toks[start - size : start]) in phrases:
                return True
        return False

    def _citizen_after(self, end: int) -> bool:
        toks = self.toks
        for size, phrases in self.g.citizen_after_by_size:
            if tuple(t.key for t in toks[end : end + size]) in phrases:
                return True
        return False

    def post_chain(self, k: int, mention_foreign: bool = False) -> tuple[list[Title], int]:
        toks = self.toks
        titles: list[Title] = []
        while k < self.n:
            sep = toks[k]
            if not (sep.text in {",", "-", "–", "—", "("} or (sep.key == "và" and titles)):
                break
            title = self.parse_title(k + 1)
            if title is None and sep.text in {",", "("} and mention_foreign:
                title = self.foreign_title(k + 1)
            if title is None:
                break
            if self._looks_like_name(title.end):
                break  # the title introduces the next person
            titles.append(title)
            k = title.end
            if sep.text == "(" and k < self.n and toks[k].text == ")":
                k += 1
        return titles, k

    # --- one mention ----------------------------------------------------------------------
    def try_person(self, i: int) -> PersonMention | _Skip | None:
        g, toks = self.g, self.toks
        k = i
        honorific = rank = None
        pre: list[Title] = []
        h = g.honorifics.longest(toks, k)
        if h:
            honorific, k = h[1][0], h[0]
        while True:
            t = self.parse_title(k)
            if t is None or t.post.cls == "role":
                break
            pre.append(t)
            k = t.end
            if k < self.n and toks[k].text == "," and self.parse_title(k + 1):
                k += 1
                continue
            break
        if pre and honorific is None:
            h = g.honorifics.longest(toks, k)
            if h:
                honorific, k = h[1][0], h[0]
        r = g.rank_trie.longest(toks, k)
        if r:
            rank, k = r[1][0], r[0]
            if k < self.n and toks[k].text == "," and g.academic.longest(toks, k + 1):
                k += 1  # "Đại tá, PGS.TS Nguyễn Đắc Hoan"
        a = g.academic.longest(toks, k)
        if a and (rank or honorific or pre):
            k = a[0]
            if k < self.n and toks[k].text == ".":
                k += 1
        parsed = self.parse_name(k)
        if parsed is None:
            return None
        name_end, initials = parsed
        name_start = k
        name = self.text[toks[name_start].start : toks[name_end - 1].end]
        if initials or self._after_private(i) or self._citizen_after(name_end):
            self.skipped.append(name)
            return _Skip(name_end, name)
        known_surname = toks[name_start].key in g.surnames
        # a guest with an honorific, no rank and no Vietnamese surname may carry English posts
        foreign = bool(honorific) and not (rank or pre or known_surname)
        titles, end = self.post_chain(name_end, mention_foreign=foreign)
        if not (honorific or rank or pre or titles):
            return None
        if not (honorific or rank or pre) and not known_surname:
            return None
        all_titles = pre + titles
        return PersonMention(
            block=self.block,
            start=i,
            end=end,
            char_start=toks[i].start,
            char_end=toks[end - 1].end,
            name=name,
            name_start=toks[name_start].start,
            name_end=toks[name_end - 1].end,
            rank=rank,
            honorific=honorific,
            titles=all_titles,
            known_surname=known_surname,
        )

    def scan(self) -> list[PersonMention]:
        toks, first_keys = self.toks, self.g.person_first_keys
        i = 0
        while i < self.n:
            t = toks[i]
            if not t.word or not (t.cap or t.key in first_keys):  # opens no mention
                i += 1
                continue
            res = self.try_person(i)
            if isinstance(res, _Skip):
                i = res.end
            elif res is not None:
                self.mentions.append(res)
                i = res.end
            else:
                i += 1
        return self.mentions
