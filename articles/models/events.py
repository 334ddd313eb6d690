"""Events: something that happened on a date at a place, reported by one or more articles."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from newsroom.links import slug_url
from newsroom.pageclock import GenerationQuerySet
from newsroom.slugs import unique_slug
from newsroom.text import fold
from people.models import Official, Unit

from .article import Article


class EventQuerySet(GenerationQuerySet):
    def with_public_articles(self):
        return self.filter(articles__in=Article.objects.published()).distinct()


class Event(models.Model):
    """Something that happened on a date at a place: a working visit, a conference…"""

    class Kind(models.TextChoices):
        WORKING_VISIT = "working_visit", _("Thăm và làm việc")
        CONFERENCE = "conference", _("Hội nghị")
        MEETING = "meeting", _("Buổi làm việc, cuộc họp")
        CEREMONY = "ceremony", _("Lễ, trao tặng")
        CAMPAIGN = "campaign", _("Đợt cao điểm, ra quân")
        OTHER = "other", _("Khác")

    title = models.CharField(_("tên sự kiện"), max_length=300)
    slug = models.SlugField(_("đường dẫn"), max_length=200, unique=True)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    date = models.DateField(_("ngày"), null=True, blank=True)
    location = models.CharField(_("địa điểm"), max_length=300, blank=True)
    summary = models.TextField(_("tóm tắt"), blank=True)
    host_unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị chủ trì, đón tiếp"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hosted_events",
    )
    lead_official = models.ForeignKey(
        Official,
        verbose_name=_("người chủ trì, trưởng đoàn"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_events",
    )
    officials = models.ManyToManyField(
        Official, verbose_name=_("thành phần"), related_name="events", blank=True
    )
    units = models.ManyToManyField(
        Unit, verbose_name=_("đơn vị tham gia"), related_name="events", blank=True
    )
    articles = models.ManyToManyField(
        Article, verbose_name=_("bài viết"), related_name="events", blank=True
    )
    from_articles = models.BooleanField(
        _("lấy từ bài viết"),
        default=False,
        editable=False,
        help_text=_("Tạo khi nhập bài: bạn đọc chỉ thấy sự kiện này khi có bài đã xuất bản."),
    )
    search_key = models.TextField(_("khóa không dấu"), blank=True, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("sự kiện")
        verbose_name_plural = _("sự kiện")
        ordering = ["-date", "title"]
        indexes = [
            models.Index(fields=["-date"], name="articles_event_date"),
            models.Index(fields=["updated_at"], name="articles_event_updated"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Event, self.slug_label, instance_pk=self.pk)
        self.search_key = fold(f"{self.title} {self.location} {self.summary}")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return slug_url("articles:event", self.slug)

    @property
    def slug_label(self) -> str:
        """What the slug is made of: the title, and the date when there is one."""
        return f"{self.title} {self.date:%d-%m-%Y}" if self.date else self.title
