"""Site-wide records that belong to no app: the visitor counters."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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
