"""Officials and units an article names, as the recogniser found them or an editor set them."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from newsroom.pageclock import GenerationQuerySet
from people.models import Official, Position, Rank, Unit

from .article import Article
from .choices import ArticleStatus

# Mentions the recogniser was less sure of than this go to the editors' review list.
REVIEW_BELOW_CONFIDENCE = 0.8


def visible_now_q(prefix: str = "", *, at=None) -> Q:
    """Rows whose article readers see now, from the article's visibility copied on the row
    (`visible_from`, `visible_until`): the condition of `published_q()` by time alone, so a
    scheduled article appears and an expired one disappears at its minute, with no job."""
    now = at or timezone.now()
    return Q(**{f"{prefix}visible_from__lte": now}) & (
        Q(**{f"{prefix}visible_until__isnull": True}) | Q(**{f"{prefix}visible_until__gt": now})
    )


def visibility_of(article: Article) -> dict:
    """What a row hanging off `article` copies of its visibility."""
    published = article.status == ArticleStatus.PUBLISHED
    return {
        "visible_from": article.published_at if published else None,
        "visible_until": article.expires_at if published else None,
    }


def copy_visibility_onto(rows) -> None:
    """Set each unsaved row's copy of its article's visibility (before a bulk insert)."""
    for obj in rows:
        for field, value in visibility_of(obj.article).items():
            setattr(obj, field, value)


class VisibilityCopyQuerySet(GenerationQuerySet):
    """Rows that copy their article's visibility: `bulk_create` copies it too."""

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        copy_visibility_onto(objs)
        return super().bulk_create(objs, *args, **kwargs)

    def visible(self, *, at=None):
        return self.filter(visible_now_q(at=at))


class VisibilityCopy(models.Model):
    """The article's visibility, copied on the row so that "the latest public row of this
    official" is one index walk (official, visible_from DESC), never a join over the tens of
    thousands of articles naming a provincial director. `Article.save()` (and
    `ArticleQuerySet.update()`) keep the copy in step: one UPDATE per table and article."""

    visible_from = models.DateTimeField(_("hiển thị từ"), null=True, blank=True, editable=False)
    visible_until = models.DateTimeField(_("hiển thị đến"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        for field, value in visibility_of(self.article).items():
            setattr(self, field, value)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "visible_from", "visible_until"}
        super().save(*args, **kwargs)


def copy_visibility(article_ids) -> None:
    """Copy the articles' visibility onto the rows that hang off them (one UPDATE per table)."""
    ids = list(article_ids)
    if not ids:
        return
    published = Q(status=ArticleStatus.PUBLISHED)
    articles = Article.objects.filter(pk=models.OuterRef("article_id"))
    values = {
        "visible_from": models.Subquery(
            articles.filter(published).values("published_at")[:1],
            output_field=models.DateTimeField(),
        ),
        "visible_until": models.Subquery(
            articles.filter(published).values("expires_at")[:1],
            output_field=models.DateTimeField(),
        ),
    }
    for model in (OfficialMention, PositionSighting):
        model.objects.filter(article_id__in=ids).update(**values)


class OfficialMentionQuerySet(VisibilityCopyQuerySet):
    def to_review(self):
        return self.filter(confirmed=False, confidence__lt=REVIEW_BELOW_CONFIDENCE)


class OfficialMention(VisibilityCopy):
    """An official named in an article, with rank and titles as printed there."""

    article = models.ForeignKey(
        Article,
        verbose_name=_("bài viết"),
        on_delete=models.CASCADE,
        related_name="official_mentions",
    )
    official = models.ForeignKey(
        Official, verbose_name=_("cán bộ"), on_delete=models.CASCADE, related_name="mentions"
    )
    name_as_printed = models.CharField(_("tên như in"), max_length=120, blank=True)
    rank = models.CharField(_("cấp bậc như in"), max_length=20, choices=Rank.choices, blank=True)
    titles = models.JSONField(_("chức vụ như in"), default=list, blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị của chức vụ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confidence = models.FloatField(_("độ tin cậy"), default=1.0)
    confirmed = models.BooleanField(_("đã xác nhận"), default=False)

    objects = OfficialMentionQuerySet.as_manager()

    class Meta:
        verbose_name = _("cán bộ được nhắc đến")
        verbose_name_plural = _("cán bộ được nhắc đến")
        ordering = ["article", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "official"], name="articles_officialmention_unique"
            ),
        ]
        indexes = [
            # The review list and the editors' desk read the unsure, unconfirmed mentions,
            # least sure first: a small slice of a table of millions, found through this index.
            models.Index(
                fields=["confidence", "id"],
                condition=models.Q(confirmed=False, confidence__lt=REVIEW_BELOW_CONFIDENCE),
                name="articles_mention_to_review",
            ),
            # Official first: "is this official named in a published article", the capped
            # counts and the coverage lists start from one official's mentions (up to ~40,000).
            models.Index(fields=["official", "article"], name="articles_mention_official"),
            # An official's rank, title and unit as readers see them: the latest public
            # mention that prints one (articles.selectors.public_facts). One index per fact,
            # holding only the mentions that print it, so that the walk for an official
            # never named with a rank stops at once instead of reading all his mentions.
            models.Index(
                fields=["official", "-visible_from"],
                condition=Q(visible_from__isnull=False) & ~Q(rank=""),
                name="articles_mention_rank",
            ),
            models.Index(
                fields=["official", "-visible_from"],
                condition=Q(visible_from__isnull=False) & ~Q(titles=[]),
                name="articles_mention_titles",
            ),
            models.Index(
                fields=["official", "-visible_from"],
                condition=Q(visible_from__isnull=False, unit__isnull=False),
                name="articles_mention_unit_of",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.official} — {self.article}"


class MentionToReview(OfficialMention):
    """The admin's review list: mentions the recogniser was unsure of, not yet confirmed."""

    class Meta:
        proxy = True
        verbose_name = _("nhắc đến cần xem lại")
        verbose_name_plural = _("nhắc đến cần xem lại")


class UnitMention(models.Model):
    """A unit named in an article."""

    article = models.ForeignKey(
        Article, verbose_name=_("bài viết"), on_delete=models.CASCADE, related_name="unit_mentions"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="mentions"
    )
    name_as_printed = models.CharField(_("tên như in"), max_length=255, blank=True)
    confidence = models.FloatField(_("độ tin cậy"), default=1.0)

    objects = GenerationQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị được nhắc đến")
        verbose_name_plural = _("đơn vị được nhắc đến")
        ordering = ["article", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "unit"], name="articles_unitmention_unique"),
        ]
        indexes = [models.Index(fields=["unit", "article"], name="articles_mention_unit")]

    def __str__(self) -> str:
        return f"{self.unit} — {self.article}"


class PositionSighting(VisibilityCopy):
    """An article that shows an official holding a position (a title in a unit), with the
    rank printed then. A position's first and last seen, as readers see them, come from the
    public sightings: what a draft says of a position changes nothing readers see."""

    position = models.ForeignKey(
        Position, verbose_name=_("chức vụ"), on_delete=models.CASCADE, related_name="sightings"
    )
    article = models.ForeignKey(
        Article,
        verbose_name=_("bài viết"),
        on_delete=models.CASCADE,
        related_name="position_sightings",
    )
    rank = models.CharField(_("cấp bậc như in"), max_length=20, choices=Rank.choices, blank=True)

    objects = VisibilityCopyQuerySet.as_manager()

    class Meta:
        verbose_name = _("bài cho thấy chức vụ")
        verbose_name_plural = _("bài cho thấy chức vụ")
        ordering = ["position", "-visible_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["position", "article"], name="articles_positionsighting_unique"
            ),
        ]
        indexes = [
            models.Index(
                fields=["position", "visible_from"],
                condition=models.Q(visible_from__isnull=False),
                name="articles_sighting_visible",
            ),
            # The rank a position was last seen with (selectors.public_positions): only the
            # sightings that print one, so that a party post, never printed with a police
            # rank, stops at once instead of reading its ~19,000 sightings (60 ms a post
            # on the page of Tỉnh ủy Hậu Giang at 100,000 articles).
            models.Index(
                fields=["position", "-visible_from"],
                condition=Q(visible_from__isnull=False) & ~Q(rank=""),
                name="articles_sighting_rank",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position} — {self.article}"
