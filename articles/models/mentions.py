"""Officials and units an article names, as the recogniser found them or an editor set them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from people.models import Official, Rank, Unit

from .article import Article

# Mentions the recogniser was less sure of than this go to the editors' review list.
REVIEW_BELOW_CONFIDENCE = 0.8


class OfficialMentionQuerySet(models.QuerySet):
    def to_review(self):
        return self.filter(confirmed=False, confidence__lt=REVIEW_BELOW_CONFIDENCE)


class OfficialMention(models.Model):
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
