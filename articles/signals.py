"""Every signal receiver of the articles app, connected once by ArticlesConfig.ready().

- Last-Modified: keep `updated_at` honest for the public pages (see articles/views/caching.py).
  Rows that hang off an article, an event, an official or a unit (mentions, captions, tags,
event links, positions, contact officials) have no `updated_at` of their own: when they change,
  their parent is touched, so a reader's cached page is never served after such an edit.
- Tags get ASCII Vietnamese slugs (/the/phong-chong-dich/), as every other public address.
  django-taggit keeps Unicode in slugs by default; its ASCII option needs the GPL `Unidecode`
  package and would not map đ to d.
- Merges in `people` send a signal; what articles own (mentions, events) moves with them.
- Article views buffered in Redis or in the database (articles.services.view_counts) are
  written whenever the visitor statistics flush (newsroom.visitors.counters_flushing).
- The page cache's generation (newsroom/pageclock.py): any write to a model that public pages
  draw from moves it when the transaction commits, so the next reader recomputes the portal
  clock instead of trusting the stored one.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone
from taggit.models import Tag

from newsroom import pageclock, visitors
from newsroom.failopen import CACHE_ERRORS, warn_once
from newsroom.models import PortalSettings
from newsroom.slugs import unique_slug
from people.models import Official, Position, Unit
from people.signals import officials_merged, positions_merged, units_merged

from .models import (
    Article,
    Author,
    Caption,
    Category,
    Event,
    OfficialMention,
    Photo,
    Source,
    UnitMention,
)
from .services import curation

# Inside `deferred_touches()`: the rows to touch, by model, written once when it ends.
_deferred: ContextVar[dict | None] = ContextVar("deferred_touches", default=None)
# Inside `touches_withheld()`: nothing is touched.
_withheld: ContextVar[bool] = ContextVar("touches_withheld", default=False)


def touch(model, *pks) -> None:
    pks = [pk for pk in pks if pk is not None]
    if not pks or _withheld.get():
        return
    pending = _deferred.get()
    if pending is not None:
        pending.setdefault(model, set()).update(pks)
        return
    model._default_manager.filter(pk__in=pks).update(updated_at=timezone.now())


@contextmanager
def deferred_touches():
    """Touch each row once, when the block ends, rather than at every change inside it.

    For a batch of writes inside one transaction (an import batch touches the same event or
    official many times): readers see the rows only at the commit, so one UPDATE per model at
    the end of the block has the same effect. Nothing is touched if the block raises.
    """
    pending: dict = {}
    token = _deferred.set(pending)
    try:
        yield
    finally:
        _deferred.reset(token)
    now = timezone.now()
    for model, pks in pending.items():
        model._default_manager.filter(pk__in=pks).update(updated_at=now)


@contextmanager
def touches_withheld(withheld: bool = True):
    """Touch nothing inside the block (when `withheld`).

    For rows written on behalf of an article readers cannot see (a draft's mentions,
    positions and event links): they change no public page, so touching the public official
    or event they hang off would move the portal's ETag and tell outsiders when editors work.
    Publishing the article later moves it through the article itself.
    """
    token = _withheld.set(withheld or _withheld.get())
    try:
        yield
    finally:
        _withheld.reset(token)


@receiver([post_save, post_delete], sender=OfficialMention)
@receiver([post_save, post_delete], sender=UnitMention)
@receiver([post_save, post_delete], sender=Caption)
def touch_article_of_row(sender, instance, **kwargs):
    touch(Article, instance.article_id)


@receiver([post_save, post_delete], sender=Position)
def touch_official_of_position(sender, instance, **kwargs):
    touch(Official, instance.official_id)


def _has_updated_at(model) -> bool:
    return any(field.name == "updated_at" for field in model._meta.concrete_fields)


@receiver(m2m_changed, sender=Event.articles.through)
@receiver(m2m_changed, sender=Event.officials.through)
@receiver(m2m_changed, sender=Event.units.through)
@receiver(m2m_changed, sender=Unit.contact_officials.through)
@receiver(m2m_changed, sender=Article.tags.through)
def touch_both_sides(sender, instance, action, model, pk_set, **kwargs):
    """Both ends of a link that changed (taggit sends this for tags, with Tag as `model`)."""
    if not action.startswith("post_"):
        return
    if _has_updated_at(type(instance)):
        touch(type(instance), instance.pk)
    if pk_set and _has_updated_at(model):
        touch(model, *pk_set)


TAG_SLUG_MAX_LENGTH = Tag._meta.get_field("slug").max_length


@receiver(pre_save, sender=Tag)
def ascii_tag_slug(sender, instance, raw=False, **kwargs):
    """Replace a non-ASCII tag slug with `slugify_vi` of the name, unique among tags."""
    if raw or (instance.slug and instance.slug.isascii()):
        return
    instance.slug = unique_slug(
        Tag, instance.name, instance_pk=instance.pk, max_length=TAG_SLUG_MAX_LENGTH
    )


@receiver(officials_merged)
def move_official_rows(sender, *, source, target, **kwargs) -> None:
    curation.move_official_rows(source=source, target=target)


@receiver(units_merged)
def move_unit_rows(sender, *, source, target, **kwargs) -> None:
    curation.move_unit_rows(source=source, target=target)


@receiver(positions_merged)
def move_position_rows(sender, *, source, target, **kwargs) -> None:
    curation.move_position_rows(source=source, target=target)


# The apps whose rows the public pages show, and their models that no public page shows (or
# only as counters, whose age the page cache bounds by PAGE_CACHE_SECONDS anyway).
_PUBLIC_APPS = frozenset({"articles", "people", "newsroom", "taggit"})
_NOT_ON_PUBLIC_PAGES = frozenset(
    {
        "newsroom.visitorcount",
        "articles.ratingvote",
        "articles.pendingviews",  # readers' counters: added to view_count by a raw UPDATE
        "articles.errorreport",
        "articles.importjob",
        "articles.importjobfile",
        "articles.articletransition",
    }
)


def _shown_on_public_pages(model) -> bool:
    meta = model._meta
    return (
        meta.app_label in _PUBLIC_APPS
        and meta.label_lower not in _NOT_ON_PUBLIC_PAGES
        # django-simple-history's revisions: the article's own save already counts.
        and not meta.model_name.startswith("historical")
    )


@receiver([post_save, m2m_changed])
def move_page_generation(sender, using=None, **kwargs):
    if kwargs.get("action", "post_").startswith("post_") and _shown_on_public_pages(sender):
        pageclock.bump_on_commit(using or "default")


# Deletions: only the rows that are deleted on their own. A post_delete receiver on every model
# would cost Django's fast delete (one DELETE per cascade, no row fetched) everywhere; the rows
# deleted with an article, official or unit (votes, links, aliases) move the generation
# through that parent's own deletion, in the same transaction.
for _model in (
    Article,
    Caption,
    Category,
    Event,
    Official,
    OfficialMention,
    Photo,
    PortalSettings,
    Position,
    Source,
    Tag,
    Unit,
    UnitMention,
    Author,
):
    post_delete.connect(move_page_generation, sender=_model, dispatch_uid="page-generation")


@receiver(visitors.counters_flushing)
def flush_article_views(sender, *, now, **kwargs) -> str | None:
    from .services import view_counts

    try:
        views = view_counts.flush(now=now)
    except view_counts.ClaimLost:  # a later flush took the batch over and writes it
        return None
    except CACHE_ERRORS as error:  # Redis down: the batch waits for the next flush
        warn_once("article views (flush)", type(error).__name__)
        return None
    return f"{views} lượt xem bài viết đã ghi vào cơ sở dữ liệu."
