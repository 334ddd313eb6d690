"""Authors as signed under articles, and their links to the articles they wrote."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from newsroom.links import slug_url
from newsroom.pageclock import GenerationQuerySet
from newsroom.slugs import unique_slug
from newsroom.text import fold, name_key

from .article import Article


class Author(models.Model):
    """A writer as signed under articles: a name or pen name and the unit or agency.

    "Ngô Văn Thật" of "Phòng Tham mưu" and "Hồng Thái" of "TTXVN" are two records; the same
    name under another unit is another record. Identity is the name with its diacritics
    (NFC, one tone-mark convention, case-folded: "Hồng Thái" is not "Hồng Thải") plus the
    accent-folded unit; search ignores diacritics (search_key).
    """

    name = models.CharField(_("tên, bút danh"), max_length=120)
    slug = models.SlugField(_("đường dẫn"), max_length=140, unique=True)
    unit_or_agency = models.CharField(_("đơn vị, cơ quan"), max_length=200, blank=True)
    name_key = models.CharField(_("khóa tên"), max_length=120, editable=False)
    unit_key = models.CharField(_("khóa đơn vị"), max_length=200, editable=False, blank=True)
    search_key = models.CharField(_("khóa không dấu"), max_length=330, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    objects = GenerationQuerySet.as_manager()

    class Meta:
        verbose_name = _("tác giả")
        verbose_name_plural = _("tác giả")
        ordering = ["name", "unit_or_agency"]
        constraints = [
            models.UniqueConstraint(
                fields=["name_key", "unit_key"], name="articles_author_unique_name_unit"
            ),
        ]
        indexes = [models.Index(fields=["search_key"], name="articles_author_search_key")]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit_or_agency})" if self.unit_or_agency else self.name

    def save(self, *args, **kwargs):
        self.name_key = name_key(self.name)
        self.unit_key = fold(self.unit_or_agency)
        self.search_key = fold(f"{self.name} {self.unit_or_agency}")
        if not self.slug:
            self.slug = unique_slug(Author, self.name, instance_pk=self.pk, max_length=140)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return slug_url("articles:author", self.slug)


class ArticleAuthor(models.Model):
    """An author of an article, in byline order."""

    article = models.ForeignKey(
        Article,
        verbose_name=_("bài viết"),
        on_delete=models.CASCADE,
        related_name="article_authors",
    )
    author = models.ForeignKey(
        Author, verbose_name=_("tác giả"), on_delete=models.CASCADE, related_name="article_links"
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    objects = GenerationQuerySet.as_manager()

    class Meta:
        verbose_name = _("tác giả của bài")
        verbose_name_plural = _("tác giả của bài")
        ordering = ["article", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "author"], name="articles_articleauthor_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.author} — {self.article}"
