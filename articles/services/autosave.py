"""Autosave: the text of a draft kept on the server while its writer types.

Only the words are saved (title, sapo, body), only on articles readers cannot see (a draft or
one waiting for review), only by someone who may edit the article, and never as a revision:
django-simple-history skips the row (`skip_history_when_saving`), so the history keeps one
version per deliberate save, not one per pause in typing. A published or scheduled article is
never autosaved: its live text changes only when an editor presses a button. Status,
publication time and everything else are untouched: autosave never publishes.
"""

from __future__ import annotations

import unicodedata

from django.db import transaction

from articles.models import Article
from articles.sanitise import sanitise_html
from articles.services import workflow

Status = Article.Status
AUTOSAVED_STATUSES = (Status.DRAFT, Status.REVIEW)
TITLE_MAX = Article._meta.get_field("title").max_length


def _nfc(text) -> str:
    return unicodedata.normalize("NFC", str(text or ""))


class AutosaveRefused(Exception):
    """Why an autosave was not made, in Vietnamese; `code` is the HTTP status to answer."""

    def __init__(self, message: str, code: int = 400):
        super().__init__(message)
        self.code = code


@transaction.atomic
def autosave_draft(*, article_pk: int, user, title: str, lead: str, body: str) -> Article:
    article = Article.objects.select_for_update().filter(pk=article_pk).first()
    if article is None or not workflow.can_view(user, article):
        raise AutosaveRefused("Không có bài viết này.", 404)
    if not workflow.can_edit(user, article):
        raise AutosaveRefused("Bạn không được sửa bài này.", 403)
    if article.status not in AUTOSAVED_STATUSES:
        raise AutosaveRefused(
            "Bài đã xuất bản hoặc đã lên lịch: không tự động lưu, hãy bấm “Lưu lại”.", 409
        )
    title = _nfc(title).strip()
    if not title:
        raise AutosaveRefused("Chưa có tiêu đề: chưa tự động lưu.")
    if len(title) > TITLE_MAX:
        raise AutosaveRefused(f"Tiêu đề dài quá {TITLE_MAX} ký tự: chưa tự động lưu.")
    article.title = title
    article.lead = _nfc(lead).strip()
    article.body = sanitise_html(_nfc(body))
    article.skip_history_when_saving = True  # no revision per autosave
    try:
        article.save(update_fields=["title", "lead", "body", "search_text", "updated_at"])
    finally:
        del article.skip_history_when_saving
    return article
