"""How articles are classified: categories (the portal's sections) and sources."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from newsroom.links import slug_url
from newsroom.pageclock import GenerationQuerySet
from newsroom.slugs import unique_slug
from newsroom.text import fold


class CategoryQuerySet(GenerationQuerySet):
    def menu(self):
        return self.filter(in_menu=True, parent__isnull=True).order_by("order", "name")


class Category(models.Model):
    """A section of the portal ("Hoạt động lực lượng", "An ninh trật tự"…), possibly nested."""

    name = models.CharField(_("tên chuyên mục"), max_length=120)
    slug = models.SlugField(_("đường dẫn"), max_length=140, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("chuyên mục cha"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    description = models.TextField(_("mô tả"), blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    in_menu = models.BooleanField(_("hiện trên menu"), default=True)
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("chuyên mục")
        verbose_name_plural = _("chuyên mục")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Category, self.name, instance_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return slug_url("articles:category", self.slug)


class Source(models.Model):
    """Who first published a story: a portal, a newspaper or a news agency."""

    name = models.CharField(_("tên nguồn"), max_length=200)
    slug = models.SlugField(_("đường dẫn"), max_length=140, unique=True)
    short_name = models.CharField(_("tên viết tắt"), max_length=40, blank=True)
    url = models.URLField(_("địa chỉ trang"), blank=True)
    aliases = models.JSONField(
        _("tên gọi khác"), default=list, blank=True, help_text=_("Cách các trang ghi tên nguồn.")
    )

    objects = GenerationQuerySet.as_manager()

    class Meta:
        verbose_name = _("nguồn tin")
        verbose_name_plural = _("nguồn tin")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Source, self.name, instance_pk=self.pk)
        super().save(*args, **kwargs)

    def spellings(self) -> set[str]:
        """Folded spellings that designate this source."""
        names = [self.name, self.short_name, *self.aliases]
        return {fold(name) for name in names if name}
