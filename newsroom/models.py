"""Site-wide records that belong to no feature app: the portal's settings, visitor counters.

The core depends on no feature app; the leadership unit is named by its label, "people.Unit".
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .pageclock import GenerationQuerySet


class VisitorCount(models.Model):
    """Visits (new reading sessions) on one day, moved here from the cache once a minute."""

    day = models.DateField(_("ngày"), unique=True)
    visits = models.PositiveBigIntegerField(_("lượt truy cập"), default=0)

    class Meta:
        verbose_name = _("lượt truy cập trong ngày")
        verbose_name_plural = _("lượt truy cập theo ngày")
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y}: {self.visits}"


def default_portal_name() -> str:
    return settings.PORTAL_NAME


def default_portal_tagline() -> str:
    return settings.PORTAL_TAGLINE


class PortalSettings(models.Model):
    """The one row of portal settings: name, hotline, contacts, the unit whose leaders show.

    A singleton: the row always has primary key 1 (`load()` reads it, the admin allows no
    second row). Until an editor saves it, the defaults come from the environment settings.
    """

    SINGLETON_PK = 1

    name = models.CharField(_("tên cổng"), max_length=200, default=default_portal_name)
    tagline = models.CharField(
        _("dòng trên tên"), max_length=200, default=default_portal_tagline, blank=True
    )
    hotline = models.CharField(_("đường dây nóng"), max_length=50, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=50, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    leadership_unit = models.ForeignKey(
        "people.Unit",
        verbose_name=_("đơn vị có lãnh đạo hiện trên trang chủ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    footer_text = models.TextField(
        _("chân trang"),
        blank=True,
        default="Ghi rõ nguồn khi phát hành lại thông tin từ trang này.",
    )
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)

    objects = GenerationQuerySet.as_manager()

    class Meta:
        verbose_name = _("cấu hình cổng thông tin")
        verbose_name_plural = _("cấu hình cổng thông tin")
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="newsroom_portalsettings_single")
        ]

    def __str__(self) -> str:
        return str(_("Cấu hình cổng thông tin"))

    def save(self, *args, **kwargs):
        self.pk = self.SINGLETON_PK
        super().save(*args, **kwargs)

    @classmethod
    def load(cls) -> PortalSettings:
        """The saved row (one query), or an unsaved row with the defaults; never writes."""
        saved = cls.objects.select_related("leadership_unit").filter(pk=cls.SINGLETON_PK).first()
        return saved or cls(pk=cls.SINGLETON_PK)
