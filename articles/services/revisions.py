"""Article revisions: a readable comparison of any two, and restoring an earlier one.

The revisions themselves are rows of django-simple-history's HistoricalArticle, written on
every `Article.save()` (admin, import service, restore) with the user taken from the request
by HistoryRequestMiddleware. This module only reads them:

- `compare(old, new)` lists, field by field, what differs between two revisions, with a
  word-level diff for the title and the lead and a paragraph-then-word diff for the body;
  every piece of text is escaped before it is wrapped in <del>/<ins>.
- `restore_revision(...)` writes a NEW revision carrying the old content; nothing is deleted.
"""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.utils.formats import date_format
from django.utils.html import escape, format_html, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime

from articles.models import Article

# Content an editor wrote. Restoring brings these back and nothing else: the workflow fields
# (status, publish time, expiry, featured) move only through their own transitions, and
# counters, tags, captions, mentions and authors are left as they are now.
RESTORED_FIELDS = (
    "title",
    "title_is_provisional",
    "slug",
    "lead",
    "body",
    "category",
    "byline",
    "author_unit",
    "source",
    "source_url",
)

# Fields shown with a text diff; the body is HTML and is compared block by block.
WORD_DIFF_FIELDS = ("title", "lead", "byline", "author_unit")
HTML_DIFF_FIELDS = ("body",)

HISTORY_TYPE_LABELS = {"+": "Tạo mới", "~": "Sửa", "-": "Xóa"}

# A block of the body: one paragraph, heading, list item, quote or figure per line.
_BLOCK_END = re.compile(r"(</(?:p|h[1-6]|li|blockquote|figure|ul|ol)>)", re.I)
# Words, punctuation and tags as tokens of their own, and the spaces between them kept.
_TOKEN = re.compile(r"<[^>]*>|\w+|\s+|[^\w\s]")


@dataclass
class FieldChange:
    """One field that differs between two revisions, ready for the template."""

    name: str
    label: str
    old: str
    new: str
    diff: SafeString | None = None


def history_type_label(record) -> str:
    return HISTORY_TYPE_LABELS.get(record.history_type, record.history_type)


def describe(record) -> str:
    """'#12 · 01/11/2021 22:57 · admin' for headings and messages."""
    when = date_format(localtime(record.history_date), "d/m/Y H:i")
    who = record.history_user.get_username() if record.history_user_id else "hệ thống"
    return f"#{record.history_id} · {when} · {who}"


def _render_tokens(tokens: list[str], tag: str | None) -> str:
    text = "".join(
        format_html('<code class="html-tag">{}</code>', token)
        if token.startswith("<")
        else escape(token)
        for token in tokens
    )
    if tag and text.strip():
        return f"<{tag}>{text}</{tag}>"
    return text


def diff_words(old: str, new: str) -> SafeString:
    """Inline diff of two texts, word by word: removed words in <del>, added in <ins>."""
    a, b = _TOKEN.findall(old or ""), _TOKEN.findall(new or "")
    parts = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(_render_tokens(a[i1:i2], None))
            continue
        if op in ("delete", "replace"):
            parts.append(_render_tokens(a[i1:i2], "del"))
        if op in ("insert", "replace"):
            parts.append(_render_tokens(b[j1:j2], "ins"))
    return mark_safe("".join(parts))  # every token went through escape() above


def html_blocks(html: str) -> list[str]:
    """The body's blocks (paragraphs, headings, list items…), one string each."""
    marked = _BLOCK_END.sub("\\1\x00", html or "")
    return [block.strip() for block in marked.split("\x00") if block.strip()]


_IMAGE = re.compile(r"<img\b[^>]*?\balt=\"([^\"]*)\"[^>]*>", re.I)
_BLOCK_KIND = re.compile(r"^\s*<(h[1-6]|li|blockquote|figure)\b", re.I)
_BLOCK_PREFIX = {"li": "• ", "blockquote": "Trích: ", "figure": ""}


def block_text(block: str) -> str:
    """A block of the body as a reader reads it: its text, no tags; a heading, a list item,
    a quote or a photo said in words ("Tiêu đề: …", "• …", "[Ảnh: …]")."""
    with_images = _IMAGE.sub(lambda m: f" [Ảnh: {m.group(1) or 'không mô tả'}] ", block)
    text = " ".join(html.unescape(strip_tags(with_images)).split())
    kind = _BLOCK_KIND.match(block)
    if kind:
        name = kind.group(1).lower()
        prefix = "Tiêu đề: " if name.startswith("h") else _BLOCK_PREFIX[name]
        text = prefix + text
    return text


def diff_html(old: str, new: str) -> SafeString:
    """Body diff as readable text: blocks matched first, then changed blocks compared word by
    word on their text (no tags shown); a block whose words stay and whose formatting changed
    says so.

    Unchanged blocks are folded into a count, so a one-word fix in a long article shows as one
    line with its neighbourhood, not as the whole text twice.
    """
    a, b = html_blocks(old), html_blocks(new)
    rows = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            count = i2 - i1
            rows.append(format_html('<div class="diff-same">… {} đoạn không đổi …</div>', count))
        elif op == "replace" and (i2 - i1) == (j2 - j1):
            for old_block, new_block in zip(a[i1:i2], b[j1:j2], strict=True):
                old_text, new_text = block_text(old_block), block_text(new_block)
                if old_text == new_text:
                    rows.append(
                        format_html(
                            '<div class="diff-changed">{} <em class="diff-note">(đổi định dạng)'
                            "</em></div>",
                            new_text,
                        )
                    )
                    continue
                words = diff_words(old_text, new_text)
                rows.append(format_html('<div class="diff-changed">{}</div>', words))
        else:
            for block in a[i1:i2]:
                words = diff_words(block_text(block), "")
                rows.append(format_html('<div class="diff-removed">{}</div>', words))
            for block in b[j1:j2]:
                words = diff_words("", block_text(block))
                rows.append(format_html('<div class="diff-added">{}</div>', words))
    return mark_safe("".join(str(row) for row in rows))  # rows are format_html output


def _display(record, field) -> str:
    value = getattr(record, field.attname)
    if value is None or value == "":
        return "—"
    if field.is_relation:
        try:
            return str(getattr(record, field.name))
        except ObjectDoesNotExist:
            return f"(đã xóa, mã {value})"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if hasattr(value, "tzinfo") and value.tzinfo is not None:
        return date_format(localtime(value), "d/m/Y H:i")
    if isinstance(value, bool):
        return "có" if value else "không"
    return str(value)


def compare(old, new) -> list[FieldChange]:
    """What differs between two revisions of one article, in the form's field order."""
    delta = new.diff_against(old)
    changed = set(delta.changed_fields)
    changes = []
    for field in Article.history.model._meta.get_fields():
        if field.name not in changed:
            continue
        change = FieldChange(
            name=field.name,
            label=str(field.verbose_name),
            old=_display(old, field),
            new=_display(new, field),
        )
        if field.name in WORD_DIFF_FIELDS:
            change.diff = diff_words(getattr(old, field.name), getattr(new, field.name))
        elif field.name in HTML_DIFF_FIELDS:
            change.diff = diff_html(getattr(old, field.name), getattr(new, field.name))
        changes.append(change)
    return changes


@transaction.atomic
def restore_revision(*, article: Article, revision, user=None) -> Article:
    """Bring back the content of `revision` as a new revision of `article`.

    Only RESTORED_FIELDS change. If the old slug now belongs to another article, the current
    slug is kept (a slug is an address; taking someone else's would break theirs); so is
    today's category or source when the old one has been deleted.
    """
    if revision.id != article.pk:
        raise ValueError("Phiên bản không thuộc bài viết này.")
    article = Article.objects.select_for_update().get(pk=article.pk)
    for name in RESTORED_FIELDS:
        field = Article._meta.get_field(name)
        value = getattr(revision, field.attname)
        if name == "slug" and Article.objects.exclude(pk=article.pk).filter(slug=value).exists():
            continue
        gone = field.is_relation and value is not None
        if gone and not field.related_model._default_manager.filter(pk=value).exists():
            continue  # the category or source was deleted since: keep today's
        setattr(article, field.attname, value)
    article._change_reason = f"Khôi phục phiên bản #{revision.history_id}"
    if user is not None:
        article._history_user = user
    article.save()
    return article
