"""The desk on the admin's home page: what each role has to do now, with counts and links.

A reporter sees their drafts and what editors returned to them (with the note); an editor
sees what waits for review, what is scheduled, what was published in the last days, the
mentions to review and the readers' new error reports. Each list is one query on an indexed
filter, reading at most CAP + 1 rows: its count says "99+" past that, so the page does the
same work on 100 articles or on millions.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import Truncator

from articles.models import Article, ArticleTransition, ErrorReport, MentionToReview
from articles.services import workflow

Status = Article.Status

CAP = 99  # counts above this read "99+"
SHOWN = 5  # rows listed per section
RECENT_DAYS = 7  # "Mới xuất bản": published in the last week


@dataclass
class Row:
    title: str
    url: str
    detail: str = ""
    note: str = ""


@dataclass
class Section:
    key: str
    title: str
    url: str
    empty: str
    count: int = 0
    rows: list[Row] = field(default_factory=list)

    @property
    def count_label(self) -> str:
        return f"{CAP}+" if self.count > CAP else str(self.count)


def _fill(section: Section, rows: list, make_row) -> Section:
    section.count = len(rows)
    section.rows = [make_row(r) for r in rows[:SHOWN]]
    return section


def _changelist(**params) -> str:
    url = reverse("admin:articles_article_changelist")
    return f"{url}?{urlencode(params)}" if params else url


def _change(pk: int) -> str:
    return reverse("admin:articles_article_change", args=[pk])


def _time(value) -> str:
    return f"{timezone.localtime(value):%H:%M %d/%m/%Y}" if value else ""


def _article_rows(queryset, *fields):
    return list(queryset.values("pk", "title", *fields)[: CAP + 1])


def last_transition(field_name: str):
    """The article's last status change's `field_name`, as a subquery (for annotate)."""
    last = ArticleTransition.objects.filter(article=OuterRef("pk")).order_by("-at", "-pk")
    return Subquery(last.values(field_name)[:1])


def returned_to_writer(queryset):
    """Drafts whose last status change was an editor returning them from review."""
    return (
        queryset.filter(status=Status.DRAFT)
        .annotate(last_from=last_transition("from_status"), last_note=last_transition("note"))
        .filter(last_from=Status.REVIEW)
    )


def reporter_sections(user) -> list[Section]:
    own = workflow.visible_articles(user).filter(created_by_id=user.pk)
    drafts = Section(
        "drafts",
        "Bài nháp của tôi",
        _changelist(trang_thai=Status.DRAFT, created_by__id__exact=user.pk),
        "Không có bài nháp nào.",
    )
    _fill(
        drafts,
        _article_rows(own.filter(status=Status.DRAFT).order_by("-updated_at"), "updated_at"),
        lambda r: Row(r["title"], _change(r["pk"]), f"sửa lúc {_time(r['updated_at'])}"),
    )
    returned = Section(
        "returned",
        "Bài bị trả lại",
        _changelist(trang_thai="returned", created_by__id__exact=user.pk),
        "Không có bài nào bị trả lại.",
    )
    _fill(
        returned,
        _article_rows(returned_to_writer(own).order_by("-updated_at"), "last_note"),
        lambda r: Row(r["title"], _change(r["pk"]), note=r["last_note"] or ""),
    )
    return [drafts, returned]


def editor_sections(user) -> list[Section]:
    now = timezone.now()
    visible = workflow.visible_articles(user)
    review = Section(
        "review", "Chờ duyệt", _changelist(trang_thai=Status.REVIEW), "Không có bài chờ duyệt."
    )
    _fill(
        review,
        _article_rows(
            visible.filter(status=Status.REVIEW).order_by("-submitted_at", "-pk"),
            "submitted_at",
        ),
        lambda r: Row(r["title"], _change(r["pk"]), f"gửi lúc {_time(r['submitted_at'])}"),
    )
    scheduled = Section(
        "scheduled",
        "Đã lên lịch",
        _changelist(trang_thai="scheduled"),
        "Không có bài nào đang chờ lên trang.",
    )
    _fill(
        scheduled,
        _article_rows(visible.scheduled(at=now).order_by("published_at", "pk"), "published_at"),
        lambda r: Row(r["title"], _change(r["pk"]), f"lên trang {_time(r['published_at'])}"),
    )
    since = now - datetime.timedelta(days=RECENT_DAYS)
    recent = Section(
        "recent",
        "Mới xuất bản",
        _changelist(
            trang_thai="live",
            published_at__gte=timezone.localtime(since).replace(microsecond=0).isoformat(),
        ),
        f"Không có bài nào xuất bản trong {RECENT_DAYS} ngày qua.",
    )
    _fill(
        recent,
        _article_rows(
            visible.published(at=now).filter(published_at__gte=since).order_by("-published_at"),
            "published_at",
        ),
        lambda r: Row(r["title"], _change(r["pk"]), _time(r["published_at"])),
    )
    sections = [review, scheduled, recent]

    if user.has_perm("articles.view_mentiontoreview") or user.has_perm(
        "articles.change_mentiontoreview"
    ):
        mentions = Section(
            "mentions",
            "Nhắc đến cần xem lại",
            reverse("admin:articles_mentiontoreview_changelist"),
            "Không có lần nhắc đến nào cần xem lại.",
        )
        rows = list(
            MentionToReview.objects.to_review()
            .order_by("confidence", "id")
            .values("pk", "name_as_printed", "official__name", "article__title", "confidence")[
                : CAP + 1
            ]
        )
        _fill(
            mentions,
            rows,
            lambda r: Row(
                r["name_as_printed"] or r["official__name"],
                reverse("admin:articles_mentiontoreview_change", args=[r["pk"]]),
                f"trong “{Truncator(r['article__title']).chars(60)}”, "
                f"độ tin cậy {r['confidence']:.2f}",
            ),
        )
        sections.append(mentions)

    if user.has_perm("articles.view_errorreport") or user.has_perm("articles.change_errorreport"):
        reports = Section(
            "reports",
            "Báo lỗi của bạn đọc",
            reverse("admin:articles_errorreport_changelist")
            + "?"
            + urlencode({"status__exact": ErrorReport.Status.NEW}),
            "Không có báo lỗi mới.",
        )
        rows = list(
            ErrorReport.objects.filter(status=ErrorReport.Status.NEW)
            .order_by("-created_at")
            .values("pk", "message", "article__title", "created_at")[: CAP + 1]
        )
        _fill(
            reports,
            rows,
            lambda r: Row(
                Truncator(r["message"]).chars(80),
                reverse("admin:articles_errorreport_change", args=[r["pk"]]),
                f"bài “{Truncator(r['article__title']).chars(60)}”, {_time(r['created_at'])}",
            ),
        )
        sections.append(reports)
    return sections


def desk_for(user) -> dict:
    """The sections of `user`'s desk: an editor's when they may publish, else a writer's."""
    if user is None or not user.is_active or not user.is_staff:
        return {"role": None, "sections": []}
    if user.has_perm(workflow.PUBLISH):
        return {"role": "editor", "sections": editor_sections(user)}
    if user.has_perm(workflow.CHANGE) or user.has_perm("articles.add_article"):
        return {"role": "reporter", "sections": reporter_sections(user)}
    return {"role": None, "sections": []}
