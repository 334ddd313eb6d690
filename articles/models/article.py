"""The article itself: its QuerySet, photos with captions, provenance and old addresses."""

from __future__ import annotations

import logging
import operator
from functools import reduce

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connections, models
from django.db.models import Exists, OuterRef, Q
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager
from taggit.models import TaggedItem

from newsroom.links import slug_url
from newsroom.pageclock import GenerationQuerySet
from newsroom.slugs import unique_slug
from people.models import Official, Unit

from ..images import rendition_name, renditions, validate_image_upload
from ..sanitise import BODY_EDITOR_EXTENSIONS, sanitise_html
from ..search import search_document
from .choices import ArticleStatus
from .photos import Photo, link_library_photos
from .taxonomy import Category, Source

logger = logging.getLogger(__name__)


def published_q(prefix: str = "", *, at=None) -> Q:
    """The condition of `ArticleQuerySet.published()`, on a relation path ("article__") too,
    so that a query can join to the article instead of listing every published id."""
    now = at or timezone.now()
    return Q(**{f"{prefix}status": ArticleStatus.PUBLISHED, f"{prefix}published_at__lte": now}) & (
        Q(**{f"{prefix}expires_at__isnull": True}) | Q(**{f"{prefix}expires_at__gt": now})
    )


# What decides whether readers see an article (with the clock).
VISIBILITY_FIELDS = frozenset({"status", "published_at", "expires_at"})
# What readers' actions change (a view, a rating): figures whose age in a cached page is
# bounded by PAGE_CACHE_SECONDS, so they do not make the page cache recompute its clock.
COUNTER_FIELDS = frozenset({"view_count", "rating_score", "rating_votes"})

# Columns a list of cards never reads (ArticleQuerySet.for_listing).
LISTING_DEFERRED = ("body", "search_text", "import_snapshot")

# "Tin liên quan": how many of the newest articles per shared official, tag, event or
# category are candidates, and how many of the article's officials and tags are looked at.
RELATED_PER_LINK = 50
MAX_RELATED_LINKS = 8
# A shared tag scores half a shared official, and its newest articles are found by walking
# the publication index and probing each article's tags: the walk grows as 1/(the tag's
# share of the archive) per candidate (2,100 articles for 50 of a tag on 2.4% of them, 44 ms
# of the page under load). Fewer per tag: the candidates sharing an official outrank them.
RELATED_PER_TAG = 20


def _tagged(tag_id: int):
    """Condition (for Exists): the outer article carries the tag. EXISTS with the content
    type's id written in (a semi-join that the planner walks in publication order). A join
    on taggit's table compares object_id::bigint with the key, which no index serves, and a
    join to the content type table hides the tag's frequency: either way it hashes all of a
    common tag's ~45,000 links first. get_for_model is cached for the process."""
    return TaggedItem.objects.filter(
        content_type_id=ContentType.objects.get_for_model(Article).pk,
        object_id=OuterRef("pk"),
        tag_id=tag_id,
    )


def _related_union(newest, article, official_ids, event_ids, tag_ids, per_link, per_tag):
    """PostgreSQL: the ids of the "Tin liên quan" candidates (`related_to`), one UNION.

    The same sub-selects the ORM wrote as one queryset per link (`newest.filter(…)[:N]`),
    which cost ~15 ms of CPU to build and compile for an article naming 8 officials: here
    `newest`'s condition (`published_q`, the one statement of visibility) is compiled once
    and each link adds a join or a condition to it.
    """
    connection = connections[newest.db]
    query = newest.query
    where, where_params = query.get_compiler(connection=connection).compile(query.where)
    qn = connection.ops.quote_name
    table = qn(Article._meta.db_table)
    mentions = qn(Article._meta.get_field("official_mentions").related_model._meta.db_table)
    event_links = qn(Article._meta.get_field("events").through._meta.db_table)
    picked = qn(Article.related_articles.through._meta.db_table)
    tagged = qn(TaggedItem._meta.db_table)
    content_type = ContentType.objects.get_for_model(Article).pk

    parts = [f'SELECT "to_article_id" FROM {picked} WHERE "from_article_id" = %s']
    params = [article.pk]

    def newest_where(join: str, condition: str, values: list, limit: int) -> None:
        parts.append(
            f'(SELECT {table}."id" FROM {table} {join} WHERE {where} AND {condition} '
            f'ORDER BY {table}."published_at" DESC, {table}."id" DESC LIMIT %s)'
        )
        params.extend([*where_params, *values, limit])

    for pk in official_ids:
        join = f'INNER JOIN {mentions} link ON (link."article_id" = {table}."id")'
        newest_where(join, 'link."official_id" = %s', [pk], per_link)
    for pk in event_ids:
        join = f'INNER JOIN {event_links} link ON (link."article_id" = {table}."id")'
        newest_where(join, 'link."event_id" = %s', [pk], per_link)
    if article.category_id:
        newest_where("", f'{table}."category_id" = %s', [article.category_id], per_link)
    for pk in tag_ids:
        condition = (
            f'EXISTS (SELECT 1 FROM {tagged} link WHERE link."content_type_id" = %s '
            f'AND link."object_id" = {table}."id" AND link."tag_id" = %s)'
        )
        newest_where("", condition, [content_type, pk], per_tag)
    return RawSQL(" UNION ".join(parts), params)


class ArticleQuerySet(GenerationQuerySet):
    def published(self, *, at=None):
        """What readers may see: published, publish time reached, not expired."""
        return self.filter(published_q(at=at))

    def in_category(self, category: Category):
        """A category's articles, those pinned at its top first (by their order), then newest."""
        return self.filter(category=category).order_by(
            "-is_pinned", "pinned_order", "-published_at", "-pk"
        )

    def featured(self):
        """Home page headlines, in the order editors gave them, then newest."""
        return self.filter(is_featured=True).order_by("featured_order", "-published_at", "-pk")

    def scheduled(self, *, at=None):
        """Published, but the publish time is still ahead: readers do not see them yet."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__gt=at or timezone.now())

    def expired(self, *, at=None):
        """Published, but past their expiry time: readers no longer see them."""
        return self.filter(status=Article.Status.PUBLISHED, expires_at__lte=at or timezone.now())

    def related_to(self, article: Article, *, per_link: int | None = None):
        """ "Tin liên quan" candidates for `article`, from a bounded set: those an editor
        picked, then the newest `per_link` articles of each official, tag and event the
        article shares and of its category (RELATED_PER_LINK; RELATED_PER_TAG for tags).
        Annotated with `picked`; those first, then newest.

        Never every article sharing an official: a provincial director is named in tens of
        thousands. Each "newest N" is a top-N walk of the publication index that stops after
        N rows, so the candidates are at most (links + 1) * per_link + picked rows, whatever
        the archive's size. Reads the article's links from its prefetched relations when
        there are any (ArticleDetailView prefetches them).
        """
        official_ids = [
            mention.official_id
            for mention in list(article.official_mentions.all())[:MAX_RELATED_LINKS]
        ]
        event_ids = [event.pk for event in article.events.all()[:3]]
        tag_ids = [tag.pk for tag in list(article.tags.all())[:MAX_RELATED_LINKS]]
        per_link, per_tag = per_link or RELATED_PER_LINK, per_link or RELATED_PER_TAG
        newest = self.exclude(pk=article.pk).order_by("-published_at", "-pk").values("pk")
        if connections[self.db].vendor == "postgresql":
            # pk IN (one UNION of the picked ids and the LIMITed sub-selects, each an index
            # walk): a semi-join on a few hundred ids. An OR of several IN (…) would be
            # checked against every published row instead.
            candidates = Q(
                pk__in=_related_union(
                    newest, article, official_ids, event_ids, tag_ids, per_link, per_tag
                )
            )
        else:
            # SQLite allows no LIMIT inside UNION branches: pk IN (…) OR pk IN (…).
            links = [newest.filter(official_mentions__official_id=pk) for pk in official_ids]
            links += [newest.filter(events__id=pk) for pk in event_ids]
            if article.category_id:
                links.append(newest.filter(category_id=article.category_id))
            links = [link[:per_link] for link in links]
            links += [newest.filter(Exists(_tagged(pk)))[:per_tag] for pk in tag_ids]
            picked_ids = Article.related_articles.through.objects.filter(
                from_article_id=article.pk
            ).values("to_article_id")
            candidates = reduce(
                operator.or_, (Q(pk__in=link) for link in links), Q(pk__in=picked_ids)
            )
        picked = Article.related_articles.through.objects.filter(
            from_article_id=article.pk, to_article_id=OuterRef("pk")
        )
        return (
            self.exclude(pk=article.pk)
            .filter(candidates)
            .annotate(picked=Exists(picked))
            .order_by("-picked", "-published_at", "-pk")
        )

    def for_listing(self):
        """What a card shows (articles/templatetags/cards.py): the category and the card photo
        in the same query (a join, not one per card); not the texts a card never shows (body,
        search text: ~5 kB a row, read and decoded for nothing)."""
        return (
            self.select_related("category", "card_photo")
            .defer(*LISTING_DEFERRED)
            .order_by("-published_at", "-pk")
        )

    # The readers' counters: writing only these leaves the page cache's generation alone.
    counter_fields = COUNTER_FIELDS

    def update(self, **kwargs):
        """As QuerySet.update() (which moves the page cache's generation); a change of
        visibility is copied onto the mention rows."""
        if not VISIBILITY_FIELDS.intersection(kwargs):
            return super().update(**kwargs)
        ids = list(self.values_list("pk", flat=True))
        count = super().update(**kwargs)
        from .mentions import copy_visibility

        copy_visibility(ids)
        return count


class Article(models.Model):
    """A news story, written in the admin or imported from a scraped page."""

    Status = ArticleStatus

    title = models.CharField(_("tiêu đề"), max_length=500)
    title_is_provisional = models.BooleanField(
        _("tiêu đề tạm"),
        default=False,
        help_text=_("Trang nguồn không có tiêu đề; tiêu đề được lấy tạm từ sapo."),
    )
    slug = models.SlugField(_("đường dẫn"), max_length=200, unique=True)
    lead = models.TextField(_("sapo"), blank=True)
    # Edited with django-prose-editor; stored as HTML cleaned by articles/sanitise.py, both
    # in the form and again in save(), whatever wrote it.
    body = ProseEditorField(
        _("nội dung"),
        blank=True,
        help_text=_("HTML đã làm sạch."),
        config={"extensions": BODY_EDITOR_EXTENSIONS},
        sanitize=sanitise_html,
    )
    # The media library (articles.models.photos): the editor's cover, else the body's first
    # library photo, becomes the card photo, kept by save() so that a list of cards joins
    # one row per card instead of reading bodies.
    cover = models.ForeignKey(
        Photo,
        verbose_name=_("ảnh đại diện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cover_of",
        help_text=_(
            "Ảnh trên thẻ bài ở trang chủ, chuyên mục, từ khóa, lưu trữ và tìm kiếm; "
            "để trống thì dùng ảnh đầu tiên trong nội dung."
        ),
    )
    card_photo = models.ForeignKey(
        Photo,
        verbose_name=_("ảnh trên thẻ bài"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    social_image = models.ForeignKey(
        Photo,
        verbose_name=_("ảnh chia sẻ mạng xã hội"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Để trống thì dùng ảnh đại diện."),
    )
    meta_description = models.CharField(
        _("mô tả cho máy tìm kiếm"),
        max_length=300,
        blank=True,
        help_text=_("Thẻ meta description và og:description; để trống thì dùng sapo."),
    )
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("thời điểm xuất bản"), null=True, blank=True)
    publish_time_known = models.BooleanField(
        _("có giờ xuất bản"),
        default=True,
        help_text=_("Tắt khi nguồn chỉ ghi ngày, không ghi giờ."),
    )
    expires_at = models.DateTimeField(_("hết hạn lúc"), null=True, blank=True)
    category = models.ForeignKey(
        Category,
        verbose_name=_("chuyên mục"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    tags = TaggableManager(_("từ khóa"), blank=True)
    byline = models.CharField(_("tác giả"), max_length=200, blank=True)
    author_unit = models.CharField(_("đơn vị tác giả"), max_length=200, blank=True)
    source = models.ForeignKey(
        Source,
        verbose_name=_("nguồn"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    source_url = models.URLField(_("địa chỉ bài gốc"), max_length=500, blank=True)
    view_count = models.PositiveIntegerField(_("lượt xem"), default=0)
    rating_score = models.DecimalField(
        _("điểm đánh giá"), max_digits=3, decimal_places=2, null=True, blank=True
    )
    rating_votes = models.PositiveIntegerField(_("số phiếu"), default=0)
    is_featured = models.BooleanField(_("tin nổi bật"), default=False)
    featured_order = models.PositiveSmallIntegerField(
        _("thứ tự nổi bật"), default=0, help_text=_("Trên trang chủ; số nhỏ đứng trước.")
    )
    is_pinned = models.BooleanField(
        _("ghim đầu chuyên mục"), default=False, help_text=_("Đứng đầu trang chuyên mục của bài.")
    )
    pinned_order = models.PositiveSmallIntegerField(
        _("thứ tự ghim"), default=0, help_text=_("Số nhỏ đứng trước.")
    )
    related_articles = models.ManyToManyField(
        "self",
        verbose_name=_("bài liên quan (chọn tay)"),
        symmetrical=False,
        blank=True,
        related_name="+",
    )
    fingerprint = models.CharField(
        _("dấu vân tay nội dung"), max_length=64, unique=True, null=True, blank=True, editable=False
    )
    search_text = models.TextField(_("văn bản tìm kiếm"), blank=True, editable=False)
    import_snapshot = models.JSONField(
        _("giá trị lúc nhập"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_("Giá trị trình nhập ghi lần cuối; trường nào khác đi là do biên tập viên sửa."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)
    # When a save last took the article off the public pages (unpublished, archived,
    # rescheduled, expiry moved back): once hidden, its updated_at no longer counts for the
    # portal's Last-Modified (articles/views/caching.py), this moment does.
    hidden_at = models.DateTimeField(_("thôi hiển thị lúc"), null=True, blank=True, editable=False)
    # Who moved the article through the workflow (articles.workflow); the full log is in
    # ArticleTransition.
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người gửi duyệt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    submitted_at = models.DateTimeField(_("gửi duyệt lúc"), null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người duyệt xuất bản"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    approved_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True, editable=False)

    officials = models.ManyToManyField(
        Official, through="OfficialMention", related_name="articles", blank=True
    )
    units = models.ManyToManyField(Unit, through="UnitMention", related_name="articles", blank=True)
    authors = models.ManyToManyField(
        "Author",
        through="ArticleAuthor",
        verbose_name=_("tác giả (hồ sơ)"),
        related_name="articles",
        blank=True,
    )

    # One row per save (django-simple-history): who, when, the values. Derived or counted
    # fields are left out, so a revision is about what an editor wrote (articles/revisions.py).
    history = HistoricalRecords(
        verbose_name=_("phiên bản bài viết"),
        verbose_name_plural=_("phiên bản bài viết"),
        excluded_fields=[
            "search_text",
            "import_snapshot",
            "view_count",
            "rating_score",
            "rating_votes",
            "updated_at",
            "card_photo",
        ],
        user_related_name="+",
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("bài viết")
        verbose_name_plural = _("bài viết")
        ordering = ["-published_at", "-pk"]
        get_latest_by = "published_at"
        permissions = [
            ("publish_article", _("Có thể xuất bản, lên lịch và gỡ bài")),
            ("archive_article", _("Có thể lưu trữ và khôi phục bài")),
            ("edit_any_article", _("Có thể sửa bài của người khác")),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="articles_status_pub"),
            models.Index(
                fields=["category", "status", "-published_at"], name="articles_cat_status_pub"
            ),
            models.Index(fields=["status", "-view_count"], name="articles_status_views"),
            # The public pages' Last-Modified (articles/views/caching.py) takes these three
            # maxima on every request: each must be an index seek, not a table scan.
            # (Only published articles count, so status leads the first and third.)
            models.Index(fields=["status", "updated_at"], name="articles_status_updated"),
            models.Index(fields=["published_at"], name="articles_published_at"),
            models.Index(fields=["status", "expires_at"], name="articles_status_expires"),
            models.Index(fields=["hidden_at"], name="articles_hidden_at"),
            # What readers may see, newest first, with what the condition reads: counting
            # public articles is an index-only scan, not a table scan.
            models.Index(
                fields=["-published_at"],
                include=["expires_at"],
                condition=models.Q(status="published"),
                name="articles_public",
            ),
            # The admin's article list, in its default order (Meta.ordering): a page is an
            # index walk of LIMIT rows, drafts (no publication time, first) included; also
            # within a category, the list's commonest filter.
            models.Index(fields=["-published_at", "-id"], name="articles_admin_order"),
            models.Index(
                fields=["category", "-published_at", "-id"], name="articles_admin_category"
            ),
            # The admin list's other sortable columns (articles/admin/article.py sortable_by).
            models.Index(fields=["title"], name="articles_admin_title"),
            models.Index(fields=["-view_count", "-id"], name="articles_admin_views"),
            # The admin's "tiêu đề tạm" filter: the few imported pages without a title.
            models.Index(
                fields=["-published_at", "-id"],
                condition=models.Q(title_is_provisional=True),
                name="articles_admin_provisional",
            ),
            # A category page's pinned articles (articles.views.news.PinnedFirst).
            models.Index(
                fields=["category", "pinned_order"],
                condition=models.Q(is_pinned=True),
                name="articles_pinned",
            ),
            # The home page's headline: the few featured articles, not a scan of all of them.
            models.Index(
                fields=["featured_order", "-published_at"],
                condition=models.Q(is_featured=True),
                name="articles_featured",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="articles_published_has_time",
            ),
            models.CheckConstraint(
                condition=Q(rating_score__isnull=True)
                | Q(rating_score__gte=0, rating_score__lte=5),
                name="articles_rating_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Article, self.title, instance_pk=self.pk)
        self.derive_stored_fields()
        if self.pk is not None and self._was_public() and not self._public_now():
            self.hidden_at = timezone.now()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "hidden_at"}
        if {"body", "cover"} & set(kwargs.get("update_fields") or ()):
            kwargs["update_fields"] = {*kwargs["update_fields"], "card_photo"}
        stored = getattr(self, "_stored_visibility", None)
        existed = self.pk is not None and not self._state.adding
        super().save(*args, **kwargs)
        self._record_slug_change()
        visibility = (self.status, self.published_at, self.expires_at)
        if existed and stored != visibility:
            from .mentions import copy_visibility

            copy_visibility([self.pk])
        self._stored_visibility = visibility

    def get_absolute_url(self) -> str:
        return slug_url("articles:detail", self.slug)

    def derive_stored_fields(
        self, *, sanitised: bool = False, body_words: str | None = None
    ) -> None:
        """What `save()` derives before writing: the sanitised body with its library photos,
        the card photo and the search text (the import's bulk insert calls it too, with
        `sanitised` when the body is `sanitise_html()`'s output already: it is idempotent,
        and the body's folded words when its worker made them: see `search_document`)."""
        body = self.body if sanitised else sanitise_html(self.body)
        self.body, first_photo = link_library_photos(body)
        if self.body != body:
            body_words = None  # made for the body before its photos were linked
        self.card_photo_id = self.cover_id or (first_photo.pk if first_photo else None)
        if self.card_photo_id is None and self.pk is not None:
            self.card_photo_id = self.first_caption_photo_id()
        self.search_text = self.build_search_text(body_words=body_words)

    def mark_stored(self) -> None:
        """After a bulk insert: remember the slug, status and visibility as stored, as
        `save()` and `from_db()` do, so a later save notices what changes."""
        self._stored_slug = self.slug
        self._stored_status = self.status
        self._stored_visibility = (self.status, self.published_at, self.expires_at)

    def build_search_text(self, *, body_words: str | None = None) -> str:
        """The folded text readers' searches run on (title, lead, body, byline; see search.py).

        `save()` calls it, so every way an article is written (admin, import, shell) keeps it
        current; code that writes with `QuerySet.update()` must call it too.
        """
        return search_document(
            title=self.title,
            lead=self.lead,
            body=self.body,
            byline=self.byline,
            author_unit=self.author_unit,
            body_words=body_words,
        )

    def public_now(self) -> bool:
        """Do readers see this article now, as it stands in memory? (No query.)"""
        return self._public_now()

    def _public_now(self, visibility=None) -> bool:
        status, published_at, expires_at = visibility or (
            self.status,
            self.published_at,
            self.expires_at,
        )
        now = timezone.now()
        return (
            status == ArticleStatus.PUBLISHED
            and published_at is not None
            and published_at <= now
            and (expires_at is None or expires_at > now)
        )

    def _was_public(self) -> bool:
        """Was the stored row public before this save? (From what was loaded, else a query.)"""
        stored = getattr(self, "_stored_visibility", None)
        if stored is None:
            return Article.objects.published().filter(pk=self.pk).exists()
        return self._public_now(stored)

    def first_caption_photo_id(self) -> int | None:
        """The library copy of the first photo uploaded on a caption row (Caption.photo)."""
        return (
            Caption.objects.filter(article_id=self.pk, photo__isnull=False)
            .order_by("position", "pk")
            .values_list("photo_id", flat=True)
            .first()
        )

    @property
    def description_text(self) -> str:
        """For <meta name=description> and og:description: the editor's, else the sapo."""
        return self.meta_description or strip_tags(self.lead)

    @property
    def share_photo(self) -> Photo | None:
        """og:image: the social image, else the card photo (the cover, else the first)."""
        return self.social_image or self.card_photo

    @property
    def is_public(self) -> bool:
        return Article.objects.published().filter(pk=self.pk).exists()

    def _record_slug_change(self) -> None:
        """Keep the old slug as a redirect (ArticleSlugHistory) if readers could have seen it."""
        stored_slug = getattr(self, "_stored_slug", None)
        if stored_slug != self.slug:
            # The slug is this article's now: it is nobody's old address any more.
            ArticleSlugHistory.objects.filter(slug=self.slug).delete()
            if stored_slug and getattr(self, "_stored_status", None) == ArticleStatus.PUBLISHED:
                ArticleSlugHistory.objects.update_or_create(
                    slug=stored_slug, defaults={"article": self}
                )
        self._stored_slug = self.slug
        self._stored_status = self.status

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # The address and status as stored, to notice a published article's slug change.
        loaded = dict(zip(field_names, values, strict=True))
        instance._stored_slug = loaded.get("slug")
        instance._stored_status = loaded.get("status")
        if {"status", "published_at", "expires_at"} <= loaded.keys():
            instance._stored_visibility = (
                loaded["status"],
                loaded["published_at"],
                loaded["expires_at"],
            )
        return instance


class Caption(models.Model):
    """A photo of an article with its caption and credit ("Ảnh: Hồng Thái/TTXVN").

    Imported pages bring the caption text without the photo file; an editor can upload the
    photo on the same row. The sizes the pages show are made on save (articles/images.py).
    """

    article = models.ForeignKey(
        Article, verbose_name=_("bài viết"), on_delete=models.CASCADE, related_name="captions"
    )
    position = models.PositiveSmallIntegerField(_("vị trí"), default=0)
    text = models.TextField(_("chú thích"))
    credit = models.CharField(_("nguồn ảnh"), max_length=200, blank=True)
    image = models.ImageField(
        _("ảnh"),
        upload_to="anh/%Y/%m/",
        blank=True,
        validators=[validate_image_upload],
        help_text=_("JPEG, PNG, WebP hoặc GIF. Trang bài viết dùng bản rộng tối đa 1200 điểm ảnh."),
    )
    alt_text = models.CharField(
        _("mô tả ảnh (alt)"),
        max_length=300,
        blank=True,
        help_text=_("Cho người đọc không xem được ảnh; để trống thì dùng chú thích."),
    )
    image_display = models.ImageField(
        _("ảnh cỡ trang"), upload_to="anh/co-trang/%Y/%m/", blank=True, editable=False
    )
    image_thumb = models.ImageField(
        _("ảnh thu nhỏ"), upload_to="anh/thu-nho/%Y/%m/", blank=True, editable=False
    )
    display_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    display_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # The same photo in the media library (same original file, the library's sizes): so a
    # photo uploaded on a caption can be reused, and is the article's card photo when the
    # article has no cover and no library photo in its body.
    photo = models.ForeignKey(
        Photo,
        verbose_name=_("ảnh trong thư viện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = GenerationQuerySet.as_manager()

    class Meta:
        verbose_name = _("chú thích ảnh")
        verbose_name_plural = _("chú thích ảnh")
        ordering = ["article", "position"]

    def __str__(self) -> str:
        return self.text[:80]

    def save(self, *args, **kwargs):
        new_upload = bool(self.image) and not getattr(self.image, "_committed", True)
        if not self.image:
            self.image_display = self.image_thumb = ""
            self.display_width = self.display_height = None
        super().save(*args, **kwargs)
        if new_upload or (self.image and not self.image_display):
            self._make_renditions()

    def _make_renditions(self) -> None:
        try:
            display, thumb, (width, height) = renditions(self.image)
        except (OSError, ValueError) as err:  # the stored original is missing or unreadable
            logger.warning("Không tạo được ảnh cỡ trang cho %s: %s", self.image.name, err)
            return
        self.image_display.save(rendition_name(self.image.name, "1200"), display, save=False)
        self.image_thumb.save(rendition_name(self.image.name, "the"), thumb, save=False)
        self.display_width, self.display_height = width, height
        Caption.objects.filter(pk=self.pk).update(
            image_display=self.image_display.name,
            image_thumb=self.image_thumb.name,
            display_width=width,
            display_height=height,
        )
        self._add_to_library()

    def _add_to_library(self) -> None:
        """Register the uploaded photo in the media library (no copy of the original) and
        make it the article's card photo if the article has none."""
        photo = Photo(alt_text=self.alt[:300], caption=self.text, credit=self.credit)
        photo.image.name = self.image.name
        photo.save()
        if not photo.renditions:
            photo.delete()
            return
        self.photo = photo
        Caption.objects.filter(pk=self.pk).update(photo=photo)
        Article.objects.filter(pk=self.article_id, card_photo__isnull=True).update(
            card_photo=photo, updated_at=timezone.now()
        )

    @property
    def alt(self) -> str:
        return self.alt_text or self.text


class Provenance(models.Model):
    """Where an article came from: the raw text, the file, its hash, the parser, the warnings."""

    article = models.ForeignKey(
        Article, verbose_name=_("bài viết"), on_delete=models.CASCADE, related_name="provenance"
    )
    file_name = models.CharField(_("tên tệp"), max_length=500)
    content_hash = models.CharField(_("mã băm SHA-256"), max_length=64)
    raw_text = models.TextField(_("văn bản gốc"))
    parser_version = models.CharField(_("phiên bản bộ phân tích"), max_length=40)
    parsed = models.JSONField(_("kết quả phân tích"), default=dict)
    manifest = models.JSONField(
        _("thông tin biên tập bổ sung"),
        default=dict,
        blank=True,
        help_text=_("Những gì tòa soạn biết mà trang không ghi (ví dụ năm xuất bản)."),
    )
    warnings = models.JSONField(_("cảnh báo"), default=list, blank=True)
    imported_at = models.DateTimeField(_("nhập lúc"), auto_now=True)

    objects = GenerationQuerySet.as_manager()

    class Meta:
        verbose_name = _("nguồn gốc")
        verbose_name_plural = _("nguồn gốc")
        ordering = ["-imported_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "content_hash"], name="articles_provenance_unique_file"
            ),
        ]

    def __str__(self) -> str:
        return self.file_name


class ArticleSlugHistory(models.Model):
    """An address a published article had before its slug was changed; it redirects (301)."""

    article = models.ForeignKey(
        Article, verbose_name=_("bài viết"), on_delete=models.CASCADE, related_name="old_slugs"
    )
    slug = models.SlugField(_("đường dẫn cũ"), max_length=200, unique=True)
    created_at = models.DateTimeField(_("đổi lúc"), auto_now_add=True)

    objects = GenerationQuerySet.as_manager()

    class Meta:
        verbose_name = _("đường dẫn cũ")
        verbose_name_plural = _("đường dẫn cũ")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.slug
