"""Officials, units and the positions that tie them together.

`people` never imports `articles`: articles point at people, not the reverse.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from newsroom.links import slug_url
from newsroom.pageclock import GenerationQuerySet
from newsroom.slugs import unique_slug
from newsroom.text import fold, name_key


class Rank(models.TextChoices):
    """Police ranks, highest first; the integer order lives in RANK_ORDER."""

    DAI_TUONG = "Đại tướng", "Đại tướng"
    THUONG_TUONG = "Thượng tướng", "Thượng tướng"
    TRUNG_TUONG = "Trung tướng", "Trung tướng"
    THIEU_TUONG = "Thiếu tướng", "Thiếu tướng"
    DAI_TA = "Đại tá", "Đại tá"
    THUONG_TA = "Thượng tá", "Thượng tá"
    TRUNG_TA = "Trung tá", "Trung tá"
    THIEU_TA = "Thiếu tá", "Thiếu tá"
    DAI_UY = "Đại úy", "Đại úy"
    THUONG_UY = "Thượng úy", "Thượng úy"
    TRUNG_UY = "Trung úy", "Trung úy"
    THIEU_UY = "Thiếu úy", "Thiếu úy"


RANK_ORDER = {value: index for index, value in enumerate(Rank.values)}


class UnitQuerySet(GenerationQuerySet):
    def roots(self):
        return self.filter(parent__isnull=True)

    def by_alias(self, text: str):
        """Units whose name or one of whose aliases folds to the same key as `text`."""
        key = fold(text)
        return self.filter(Q(name_key=key) | Q(aliases__key=key)).distinct()


class Unit(models.Model):
    """An organisation: a police unit, a party committee, a People's Committee, a prison…"""

    class Kind(models.TextChoices):
        POLICE_MINISTRY = "police_ministry", _("Bộ Công an")
        POLICE_DEPARTMENT = "police_department", _("Cục, Vụ, Bộ Tư lệnh thuộc Bộ")
        PROVINCIAL_POLICE = "provincial_police", _("Công an tỉnh, thành phố")
        POLICE_DIVISION = "police_division", _("Phòng thuộc Công an tỉnh")
        DISTRICT_POLICE = "district_police", _("Công an huyện, quận, thị xã")
        PARTY_COMMITTEE = "party_committee", _("Cấp ủy Đảng")
        PEOPLES_COMMITTEE = "peoples_committee", _("Ủy ban nhân dân")
        PEOPLES_COUNCIL = "peoples_council", _("Hội đồng nhân dân")
        GOVERNMENT_DEPARTMENT = "government_department", _("Sở, ban, ngành")
        MINISTRY = "ministry", _("Bộ, ngành trung ương")
        PRISON = "prison", _("Trại giam, cơ sở giáo dục")
        HOSPITAL = "hospital", _("Bệnh viện")
        ACADEMY = "academy", _("Học viện, nhà trường")
        MILITARY = "military", _("Quân đội")
        BORDER_GUARD = "border_guard", _("Bộ đội Biên phòng")
        OTHER = "other", _("Khác")

    name = models.CharField(_("tên đơn vị"), max_length=255)
    slug = models.SlugField(_("đường dẫn"), max_length=200, unique=True)
    name_key = models.CharField(_("khóa tìm kiếm"), max_length=255, editable=False, db_index=True)
    kind = models.CharField(_("loại"), max_length=32, choices=Kind.choices, default=Kind.OTHER)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    province = models.CharField(_("tỉnh, thành phố"), max_length=100, blank=True)
    functions = models.TextField(_("chức năng, nhiệm vụ"), blank=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=50, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    website = models.URLField(_("trang thông tin"), blank=True)
    contact_officials = models.ManyToManyField(
        "Official",
        verbose_name=_("cán bộ đầu mối liên hệ"),
        related_name="contact_for_units",
        blank=True,
        help_text=_("Người phát ngôn, cán bộ tiếp nhận thông tin (Nghị định 42/2022)."),
    )
    from_articles = models.BooleanField(
        _("lấy từ bài viết"),
        default=False,
        editable=False,
        help_text=_(
            "Tạo khi nhập bài: bạn đọc chỉ thấy đơn vị này khi có bài đã xuất bản nhắc đến."
        ),
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["name"]
        # updated_at: the public pages' Last-Modified takes its maximum on every request.
        indexes = [models.Index(fields=["updated_at"], name="people_unit_updated")]
        constraints = [
            models.UniqueConstraint(fields=["name_key"], name="people_unit_unique_name_key"),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="people_unit_not_own_parent"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name_key = fold(self.name)
        if not self.slug:
            self.slug = unique_slug(Unit, self.name, instance_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return slug_url("people:unit", self.slug)

    def ancestors(self) -> list[Unit]:
        """Parents from the nearest up, stopping on a cycle an editor may have made."""
        chain, seen, node = [], {self.pk}, self.parent
        while node is not None and node.pk not in seen:
            chain.append(node)
            seen.add(node.pk)
            node = node.parent
        return chain


class UnitAlias(models.Model):
    """Another spelling of a unit's name ("Công an TPHCM" for "Công an Thành phố Hồ Chí Minh")."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="aliases"
    )
    name = models.CharField(_("tên gọi khác"), max_length=255)
    key = models.CharField(_("khóa"), max_length=255, editable=False)

    objects = GenerationQuerySet.as_manager()

    class Meta:
        verbose_name = _("tên gọi khác")
        verbose_name_plural = _("tên gọi khác")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["key"], name="people_unitalias_unique_key"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.key = fold(self.name)
        super().save(*args, **kwargs)


class OfficialQuerySet(GenerationQuerySet):
    def named(self, name: str):
        """Officials called `name`, by their name or a name an editor merged into them."""
        key = name_key(name)
        return self.filter(Q(name_key=key) | Q(aliases__key=key)).distinct()


class Official(models.Model):
    """A person named in the news: an officer or a civilian leader."""

    name = models.CharField(_("họ và tên"), max_length=120)
    slug = models.SlugField(_("đường dẫn"), max_length=140, unique=True)
    name_key = models.CharField(_("khóa tên"), max_length=120, editable=False, db_index=True)
    search_key = models.CharField(_("khóa không dấu"), max_length=120, editable=False)
    current_rank = models.CharField(
        _("cấp bậc hiện tại"),
        max_length=20,
        choices=Rank.choices,
        blank=True,
        help_text=_("Để trống: bạn đọc thấy cấp bậc in trong bài đã xuất bản mới nhất."),
    )
    current_title = models.CharField(
        _("chức vụ hiện tại"),
        max_length=500,
        blank=True,
        help_text=_("Để trống: bạn đọc thấy chức vụ in trong bài đã xuất bản mới nhất."),
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị công tác"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="officials",
    )
    rank_as_of = models.DateField(
        _("cấp bậc tính đến ngày"),
        null=True,
        blank=True,
        help_text=_("Ngày của bài mới nhất đã cho biết cấp bậc hiện tại."),
    )
    bio = models.TextField(_("tiểu sử"), blank=True)
    from_articles = models.BooleanField(
        _("lấy từ bài viết"),
        default=False,
        editable=False,
        help_text=_(
            "Tạo khi nhập bài: bạn đọc chỉ thấy cán bộ này khi có bài đã xuất bản nhắc đến."
        ),
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)

    objects = OfficialQuerySet.as_manager()

    class Meta:
        verbose_name = _("cán bộ")
        verbose_name_plural = _("cán bộ")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["search_key"], name="people_official_search_key"),
            # The public pages' Last-Modified takes its maximum on every request.
            models.Index(fields=["updated_at"], name="people_official_updated"),
        ]

    def __str__(self) -> str:
        return f"{self.shown_rank} {self.name}".strip()

    def save(self, *args, **kwargs):
        self.name_key = name_key(self.name)
        self.search_key = fold(self.name)
        if not self.slug:
            self.slug = unique_slug(Official, self.name, instance_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return slug_url("people:official", self.slug)

    # What readers see: what an editor typed on the record, else what the latest published
    # article printed (annotated by articles.selectors.with_public_facts; `people` does not
    # read articles). Without the annotation, only the editor's entry.

    @property
    def shown_rank(self) -> str:
        return self.current_rank or getattr(self, "derived_rank", None) or ""

    @property
    def shown_title(self) -> str:
        titles = getattr(self, "derived_titles", None) or []
        return self.current_title or ", ".join(titles)[:500]

    @property
    def shown_unit(self) -> Unit | None:
        if self.unit_id is not None:
            return self.unit
        pk = getattr(self, "derived_unit_id", None)
        if pk is None:
            return None
        return Unit(pk=pk, name=self.derived_unit_name, slug=self.derived_unit_slug)


class OfficialAlias(models.Model):
    """Another spelling of an official's name, kept when an editor merges two records."""

    official = models.ForeignKey(
        Official, verbose_name=_("cán bộ"), on_delete=models.CASCADE, related_name="aliases"
    )
    name = models.CharField(_("tên gọi khác"), max_length=120)
    key = models.CharField(_("khóa"), max_length=120, editable=False, db_index=True)

    objects = GenerationQuerySet.as_manager()

    class Meta:
        verbose_name = _("tên gọi khác của cán bộ")
        verbose_name_plural = _("tên gọi khác của cán bộ")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["official", "key"], name="people_officialalias_unique_key"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.key = name_key(self.name)
        super().save(*args, **kwargs)


class Position(models.Model):
    """An official's title in a unit, with the rank printed then, first and last seen."""

    official = models.ForeignKey(
        Official, verbose_name=_("cán bộ"), on_delete=models.CASCADE, related_name="positions"
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="positions",
    )
    title = models.CharField(_("chức vụ"), max_length=500)
    rank = models.CharField(_("cấp bậc khi đó"), max_length=20, choices=Rank.choices, blank=True)
    first_seen = models.DateField(_("thấy lần đầu"), null=True, blank=True)
    last_seen = models.DateField(_("thấy lần cuối"), null=True, blank=True)
    from_articles = models.BooleanField(
        _("lấy từ bài viết"),
        default=False,
        editable=False,
        help_text=_(
            "Tạo khi nhập bài: bạn đọc chỉ thấy chức vụ này khi có bài đã xuất bản cho thấy nó."
        ),
    )

    objects = GenerationQuerySet.as_manager()

    class Meta:
        verbose_name = _("chức vụ")
        verbose_name_plural = _("chức vụ")
        ordering = ["-last_seen", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["official", "unit", "title"], name="people_position_unique_title"
            ),
            models.CheckConstraint(
                condition=Q(first_seen__isnull=True)
                | Q(last_seen__isnull=True)
                | Q(first_seen__lte=models.F("last_seen")),
                name="people_position_seen_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.official.name}: {self.title}"

    # What readers see of a position found in articles: the first and last publication and
    # the latest rank of the published articles that show it (annotated by
    # articles.selectors.public_positions); of one an editor entered, what the editor typed.

    @property
    def shown_first_seen(self):
        return self._seen("seen_first", self.first_seen)

    @property
    def shown_last_seen(self):
        return self._seen("seen_last", self.last_seen)

    @property
    def shown_rank(self) -> str:
        seen = getattr(self, "seen_rank", None)
        return seen or ("" if self.from_articles else self.rank)

    def _seen(self, name: str, typed):
        seen = getattr(self, name, None)
        if seen is not None:
            return timezone.localdate(seen)
        return None if self.from_articles else typed
