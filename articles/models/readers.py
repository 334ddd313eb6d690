"""What readers leave on an article: rating votes, error reports, views not yet counted in."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .article import Article


class RatingVote(models.Model):
    """One reader's 1–5 rating of an article; the unique key makes "one vote" a fact.

    `voter_key` is a hash of the reader's signed cookie (newsroom.readers), never an address.
    """

    article = models.ForeignKey(
        Article,
        verbose_name=_("bài viết"),
        on_delete=models.CASCADE,
        related_name="rating_votes_cast",
    )
    voter_key = models.CharField(_("mã bạn đọc"), max_length=64)
    score = models.PositiveSmallIntegerField(_("điểm"))
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("phiếu đánh giá")
        verbose_name_plural = _("phiếu đánh giá")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "voter_key"], name="articles_ratingvote_one_per_reader"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5), name="articles_ratingvote_score_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article} — {self.score}"


class ErrorReport(models.Model):
    """A reader's report of an error in an article, queued for editors in the admin."""

    class Status(models.TextChoices):
        NEW = "new", _("Mới")
        HANDLED = "handled", _("Đã xử lý")

    article = models.ForeignKey(
        Article, verbose_name=_("bài viết"), on_delete=models.CASCADE, related_name="error_reports"
    )
    name = models.CharField(_("họ tên người báo"), max_length=120, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    message = models.TextField(_("nội dung báo lỗi"))
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=Status.choices, default=Status.NEW
    )
    created_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True)
    handled_at = models.DateTimeField(_("xử lý lúc"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xử lý"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("ghi chú của biên tập viên"), blank=True)

    class Meta:
        verbose_name = _("báo lỗi của bạn đọc")
        verbose_name_plural = _("báo lỗi của bạn đọc")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="articles_errorreport_queue"),
        ]

    def __str__(self) -> str:
        return f"{self.article}: {self.message[:60]}"

    def get_absolute_url(self) -> str:
        return self.article.get_absolute_url()


class PendingViews(models.Model):
    """Views of an article counted while Redis is not there, not yet added to its view_count.

    Adding a view to the article row itself costs ~15 ms on PostgreSQL with 100,000 articles
    (view_count is indexed, so the row is copied and every index of the table takes a new
    entry, and the stored search columns are computed again). A view is instead one upsert on
    this two-column row, and the visitor statistics' flush (about once a minute) adds the
    pending views to the articles in one statement (articles.services.view_counts).
    """

    article = models.OneToOneField(
        Article, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    views = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("lượt xem chưa cộng")
        verbose_name_plural = _("lượt xem chưa cộng")

    def __str__(self) -> str:
        return f"{self.article_id}: +{self.views}"
