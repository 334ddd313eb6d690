"""Background imports of an archive: the job, and one row per page file in it.

A job is created whole when the archive is accepted (every file row pending, with its bytes);
the worker then takes the pending rows in order, each in one transaction with the page's
import, so whatever happens to the worker a row is either done (its article saved) or pending
(nothing saved). See articles/ingestion/archive.py.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .article import Article
from .choices import ArticleStatus
from .taxonomy import Category


class ImportJobQuerySet(models.QuerySet):
    def visible_to(self, user) -> ImportJobQuerySet:
        """Editors and administrators see every job; anybody else only the jobs they started."""
        if user.is_superuser or user.has_perm("articles.edit_any_article"):
            return self
        return self.filter(created_by=user)

    def unfinished(self) -> ImportJobQuerySet:
        return self.filter(status__in=[ImportJob.Status.QUEUED, ImportJob.Status.RUNNING])


class ImportJob(models.Model):
    """One archive (a ZIP or a server folder) imported in the background, with its counts."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang chạy")
        DONE = "done", _("Hoàn tất")
        CANCELLED = "cancelled", _("Đã hủy")
        FAILED = "failed", _("Lỗi")

    class Kind(models.TextChoices):
        ZIP = "zip", _("Tệp ZIP")
        FOLDER = "folder", _("Thư mục trên máy chủ")

    FINAL = (Status.DONE, Status.CANCELLED, Status.FAILED)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="import_jobs",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    kind = models.CharField(_("nguồn"), max_length=8, choices=Kind.choices, default=Kind.ZIP)
    source_name = models.CharField(_("tệp hoặc thư mục"), max_length=500)
    status = models.CharField(
        _("tình trạng"), max_length=12, choices=Status.choices, default=Status.QUEUED
    )
    article_status = models.CharField(
        _("trạng thái bài mới"),
        max_length=16,
        choices=ArticleStatus.choices,
        default=ArticleStatus.DRAFT,
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("chuyên mục"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cancel_requested = models.BooleanField(_("đã yêu cầu hủy"), default=False)
    total = models.PositiveIntegerField(_("số tệp"), default=0)
    processed = models.PositiveIntegerField(_("đã xử lý"), default=0)
    created = models.PositiveIntegerField(_("bài mới"), default=0)
    updated = models.PositiveIntegerField(_("bài cập nhật"), default=0)
    unchanged = models.PositiveIntegerField(_("không đổi"), default=0)
    skipped = models.PositiveIntegerField(_("bỏ qua"), default=0)
    failed = models.PositiveIntegerField(_("lỗi"), default=0)
    error = models.TextField(_("lỗi của lượt nhập"), blank=True)
    # Who is working on the job and when it last moved: a job "running" whose worker is gone
    # (a process no longer alive on this machine, or no progress for a while) is resumed.
    worker_host = models.CharField(_("máy chạy"), max_length=255, blank=True)
    worker_pid = models.PositiveIntegerField(_("tiến trình"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("hoạt động gần nhất"), null=True, blank=True)
    queue_job_id = models.CharField(_("mã việc trong hàng đợi"), max_length=64, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("lượt nhập lưu trữ")
        verbose_name_plural = _("nhập lưu trữ (chạy nền)")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "heartbeat_at"], name="articles_importjob_status"),
            models.Index(fields=["created_by", "-created_at"], name="articles_importjob_by"),
        ]

    def __str__(self) -> str:
        return f"{self.source_name} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("admin:articles_importjob_change", args=[self.pk])

    @property
    def is_final(self) -> bool:
        return self.status in self.FINAL

    @property
    def percent(self) -> int:
        return round(100 * self.processed / self.total) if self.total else 100


class ImportJobFile(models.Model):
    """One page file of an import job: pending until the worker has imported it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Đang chờ")
        DONE = "done", _("Đã xử lý")

    job = models.ForeignKey(
        ImportJob, verbose_name=_("lượt nhập"), on_delete=models.CASCADE, related_name="files"
    )
    position = models.PositiveIntegerField(_("thứ tự"))
    name = models.CharField(_("tên tệp"), max_length=500)
    # The page's bytes while it waits (the worker may run on another machine); emptied once
    # imported, since the article's provenance keeps the text. Empty for a server folder,
    # which the worker reads itself.
    data = models.BinaryField(_("nội dung"), blank=True, default=b"")
    status = models.CharField(
        _("tình trạng"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    action = models.CharField(_("kết quả"), max_length=12, blank=True)
    reason = models.TextField(_("lý do"), blank=True)
    article = models.ForeignKey(
        Article,
        verbose_name=_("bài viết"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    processed_at = models.DateTimeField(_("xử lý lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("tệp của lượt nhập")
        verbose_name_plural = _("tệp của lượt nhập")
        ordering = ["job", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["job", "position"], name="articles_importjobfile_position"
            )
        ]
        indexes = [
            models.Index(fields=["job", "status", "position"], name="articles_importjobfile_next")
        ]

    def __str__(self) -> str:
        return self.name
