"""Tables of the editorial workflow: the log of status changes and the rights per category."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from newsroom.pageclock import GenerationQuerySet

from .article import Article
from .choices import ArticleStatus
from .taxonomy import Category


class ArticleTransition(models.Model):
    """One status change of an article: from what, to what, by whom, when."""

    article = models.ForeignKey(
        Article,
        verbose_name=_("bài viết"),
        on_delete=models.CASCADE,
        related_name="transitions",
    )
    from_status = models.CharField(
        _("từ trạng thái"), max_length=16, choices=ArticleStatus.choices, blank=True
    )
    to_status = models.CharField(_("sang trạng thái"), max_length=16, choices=ArticleStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Trống khi hệ thống thực hiện (nhập tệp)."),
    )
    at = models.DateTimeField(_("lúc"), default=timezone.now)
    publish_at = models.DateTimeField(
        _("thời điểm lên trang"),
        null=True,
        blank=True,
        help_text=_("Thời điểm xuất bản của bài sau lần chuyển này (ở tương lai: lên lịch)."),
    )
    # A return note tells the writer what to change: paragraphs, not a 200-character label.
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("lượt chuyển trạng thái")
        verbose_name_plural = _("lịch sử trạng thái")
        ordering = ["article", "at", "pk"]
        indexes = [models.Index(fields=["article", "at"], name="articles_transition_at")]

    def __str__(self) -> str:
        return f"{self.article_id}: {self.from_status or '—'} → {self.to_status}"


class CategoryPermission(models.Model):
    """A category a user may work in. A user with no such row may work in every category."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        related_name="category_permissions",
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("chuyên mục"),
        on_delete=models.CASCADE,
        related_name="user_permissions",
    )

    objects = GenerationQuerySet.as_manager()

    class Meta:
        verbose_name = _("quyền theo chuyên mục")
        verbose_name_plural = _("quyền theo chuyên mục")
        ordering = ["user", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "category"], name="articles_categorypermission_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.category}"
