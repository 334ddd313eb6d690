"""Recognition for articles written or edited in the admin, the same as for an import.

The page the recogniser reads is built from the article's title, lead, body text and photo
captions; `recognise_page` (articles/ingestion/pipeline.py) finds officials, units and events,
and `save_recognition` (articles/ingestion/resolve.py) links them, unsure ones going to the
review list ("Nhắc đến cần xem lại") as for imports.

What an editor removed stays removed: the keys of every mention found so far are kept in the
article's `import_snapshot["mentions"]` (the importer's own mechanism), and a key found before
is never added again, whether the editor deleted the mention or moved it to another person.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from articles.ingestion.html import html_to_text
from articles.ingestion.parser import Caption as FoundCaption
from articles.ingestion.parser import ParsedPage
from articles.ingestion.pipeline import recognise_page
from articles.ingestion.resolve import Directory, mention_keys, save_recognition
from articles.models import Article

EMPTY_KEYS = {"officials": [], "units": [], "events": []}


def page_of(article: Article) -> ParsedPage:
    """The article as the recogniser reads a page: title, lead, paragraphs, captions."""
    paragraphs = [line.strip() for line in html_to_text(article.body or "").splitlines()]
    captions = [
        FoundCaption(text=text, credit=credit or None)
        for text, credit in article.captions.values_list("text", "credit")
        if text
    ]
    return ParsedPage(
        title=article.title,
        title_is_provisional=article.title_is_provisional,
        published_date=timezone.localdate(article.published_at) if article.published_at else None,
        lead=article.lead or None,
        paragraphs=[p for p in paragraphs if p],
        captions=captions,
    )


def merge_keys(previous: dict | None, current: dict) -> dict:
    """Keys found at any recognition so far (a key once found and then removed stays removed)."""
    previous = previous or {}
    return {k: sorted({*previous.get(k, []), *current.get(k, [])}) for k in EMPTY_KEYS}


def recognise_article(article: Article, user=None, *, directory: Directory | None = None) -> int:
    """Recognise `article`'s officials, units and events and link the new ones.

    Returns how many links were added. Mentions found at an earlier recognition (or import)
    and no longer on the article were removed by an editor: they are not added back. `user`
    is who saved the article (kept for the log; the recognition is the same for everyone).
    """
    page = page_of(article)
    recognise_page(page)
    snapshot = dict(article.import_snapshot or {})
    previous = snapshot.get("mentions")
    with transaction.atomic():
        # Never "first time" here: mentions an editor typed into the form already exist, and
        # the keys of an imported article are already in its snapshot.
        seen = {key: list((previous or {}).get(key, [])) for key in EMPTY_KEYS}
        added = save_recognition(article, page, previous=seen, directory=directory or Directory())
        snapshot["mentions"] = merge_keys(previous, mention_keys(page))
        if snapshot != article.import_snapshot:
            # Not a revision of what was written: written without save() and its history.
            Article.objects.filter(pk=article.pk).update(import_snapshot=snapshot)
            article.import_snapshot = snapshot
    return added
