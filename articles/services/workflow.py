"""The editorial workflow: statuses, the allowed transitions, who may do each, and the log.

Statuses go draft → review → published → archived. Every status change, from the admin's
form, its bulk actions, the import command or a test, goes through `transition()` (or, for a
new imported article, `check_initial_status()` + `record_initial_status()`), so the rules are
in one place: the `RULES` table below.

Who may do what is decided in two layers:

- Django permissions (held through the groups of articles.roles): `change_article` to write
  and submit, `publish_article` to publish, schedule and unpublish, `archive_article` to
  archive and restore, `edit_any_article` to touch other people's articles;
- object rules: without `edit_any_article` a user sees only the articles they created and
  edits them only while they are drafts; a user with rows in CategoryPermission works only
  in those categories.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from articles.models import Article, ArticleTransition, Category, CategoryPermission

Status = Article.Status

PUBLISH = "articles.publish_article"
ARCHIVE = "articles.archive_article"
EDIT_ANY = "articles.edit_any_article"
CHANGE = "articles.change_article"
VIEW = "articles.view_article"


@dataclass(frozen=True)
class Rule:
    """One allowed status change and the permission it needs."""

    source: str
    target: str
    permission: str
    label: str


# The one table of allowed transitions.
RULES: tuple[Rule, ...] = (
    Rule(Status.DRAFT, Status.REVIEW, CHANGE, "Gửi duyệt"),
    Rule(Status.REVIEW, Status.DRAFT, PUBLISH, "Trả lại người viết"),
    Rule(Status.DRAFT, Status.PUBLISHED, PUBLISH, "Xuất bản"),
    Rule(Status.REVIEW, Status.PUBLISHED, PUBLISH, "Duyệt và xuất bản"),
    Rule(Status.PUBLISHED, Status.DRAFT, PUBLISH, "Gỡ xuống (về nháp)"),
    Rule(Status.DRAFT, Status.ARCHIVED, ARCHIVE, "Lưu trữ"),
    Rule(Status.REVIEW, Status.ARCHIVED, ARCHIVE, "Lưu trữ"),
    Rule(Status.PUBLISHED, Status.ARCHIVED, ARCHIVE, "Lưu trữ"),
    Rule(Status.ARCHIVED, Status.DRAFT, ARCHIVE, "Khôi phục về nháp"),
)
TRANSITIONS: dict[tuple[str, str], Rule] = {(r.source, r.target): r for r in RULES}

# What a new article may start as, and the permission needed (None: anyone who may add).
INITIAL_STATUSES: dict[str, str | None] = {
    Status.DRAFT: None,
    Status.REVIEW: None,
    Status.PUBLISHED: PUBLISH,
}


class TransitionError(Exception):
    """A status change that is not allowed; `str()` is a Vietnamese message for the editor."""

    INVALID = "chuyển trạng thái không hợp lệ"
    FORBIDDEN = "không có quyền"
    INCOMPLETE = "bài chưa đủ điều kiện"

    def __init__(self, message: str, *, reason: str):
        super().__init__(message)
        self.reason = reason


# --- who may see and touch an article ---------------------------------------------------


def allowed_category_ids(user) -> frozenset[int] | None:
    """The categories a user is limited to, or None when they may work in all of them.

    Read once per user object (one query per request at most).
    """
    if user is None or user.is_superuser:
        return None
    cached = getattr(user, "_newsroom_category_ids", False)
    if cached is not False:
        return cached
    ids = frozenset(
        CategoryPermission.objects.filter(user_id=user.pk).values_list("category_id", flat=True)
    )
    result = ids or None
    user._newsroom_category_ids = result
    return result


def allowed_categories(user):
    """The Category queryset a user may choose in forms and actions."""
    ids = allowed_category_ids(user)
    categories = Category.objects.all()
    return categories if ids is None else categories.filter(pk__in=ids)


def visible_articles(user, queryset=None):
    """Articles a user may see in the admin: own ones for reporters, within their categories."""
    queryset = Article.objects.all() if queryset is None else queryset
    if user is None or user.is_superuser:
        return queryset
    if not user.is_active or not (user.has_perm(VIEW) or user.has_perm(CHANGE)):
        return queryset.none()
    if not user.has_perm(EDIT_ANY):
        queryset = queryset.filter(created_by_id=user.pk)
    ids = allowed_category_ids(user)
    if ids is not None:
        queryset = queryset.filter(
            Q(category_id__in=ids) | Q(category__isnull=True, created_by_id=user.pk)
        )
    return queryset


def _in_reach(user, article: Article) -> bool:
    """Ownership and category rules, without the model permissions."""
    if user.is_superuser:
        return True
    own = article.created_by_id is not None and article.created_by_id == user.pk
    ids = allowed_category_ids(user)
    uncategorised_own = article.category_id is None and own
    if ids is not None and article.category_id not in ids and not uncategorised_own:
        return False
    return own or user.has_perm(EDIT_ANY)


def can_view(user, article: Article) -> bool:
    if user is None or not user.is_active:
        return False
    if not (user.has_perm(VIEW) or user.has_perm(CHANGE)):
        return False
    return _in_reach(user, article)


def can_edit(user, article: Article) -> bool:
    """May change the article's content: editors any, reporters their own drafts."""
    if user is None or not user.is_active or not user.has_perm(CHANGE):
        return False
    if not _in_reach(user, article):
        return False
    return user.has_perm(EDIT_ANY) or article.status == Status.DRAFT


def can_preview(user, article: Article) -> bool:
    """The author or an editor in reach may see the unpublished page; nobody else."""
    return user is not None and user.is_authenticated and user.is_staff and can_view(user, article)


# --- transitions ---------------------------------------------------------------------------


def status_label(status: str) -> str:
    return str(Status(status).label) if status in Status.values else status


def check_transition(article: Article, to_status: str, user) -> Rule:
    """The rule that allows this change for this user, or TransitionError saying why not.

    `user` None means the system (an import), which holds every permission.
    """
    current = article.status
    rule = TRANSITIONS.get((current, to_status))
    if rule is None:
        raise TransitionError(
            f"Không thể chuyển bài từ “{status_label(current)}” sang “{status_label(to_status)}”.",
            reason=TransitionError.INVALID,
        )
    if user is not None:
        if not user.is_active or not user.has_perm(rule.permission):
            raise TransitionError(
                f"Bạn không có quyền “{rule.label.lower()}” bài viết.",
                reason=TransitionError.FORBIDDEN,
            )
        if not _in_reach(user, article):
            raise TransitionError(
                "Bạn không có quyền với bài viết này (bài của người khác hoặc ngoài chuyên mục "
                "được giao).",
                reason=TransitionError.FORBIDDEN,
            )
        if rule.permission == CHANGE and not can_edit(user, article):
            raise TransitionError(
                "Bạn chỉ được gửi duyệt bài nháp của chính mình.",
                reason=TransitionError.FORBIDDEN,
            )
    if to_status == Status.PUBLISHED and article.title_is_provisional:
        raise TransitionError(
            "Bài còn tiêu đề tạm: hãy viết tiêu đề và bỏ dấu “tiêu đề tạm” trước khi xuất bản.",
            reason=TransitionError.INCOMPLETE,
        )
    return rule


def allowed_targets(article: Article, user) -> list[str]:
    """The statuses this user may move this article to (not including its current one)."""
    targets = []
    for (source, target), _rule in TRANSITIONS.items():
        if source != article.status:
            continue
        try:
            check_transition(article, target, user)
        except TransitionError:
            continue
        targets.append(target)
    return targets


def _check_times(article: Article) -> None:
    if article.expires_at and article.published_at and article.expires_at <= article.published_at:
        raise TransitionError(
            "Thời điểm hết hạn phải sau thời điểm xuất bản.", reason=TransitionError.INCOMPLETE
        )


def _stamp(article: Article, to_status: str, user, now) -> None:
    """Set the fields a status change carries: who submitted, who approved, publish time."""
    user_id = user.pk if user is not None else None
    if to_status == Status.REVIEW:
        article.submitted_by_id, article.submitted_at = user_id, now
    elif to_status == Status.PUBLISHED:
        article.approved_by_id, article.approved_at = user_id, now


def transition(
    article: Article, to_status: str, user, *, at=None, note: str = ""
) -> ArticleTransition:
    """Move `article` to `to_status` on behalf of `user` (None: the system), or raise.

    Publishing sets the publish time: `at` when given, else the article's own time when it
    has one (a future one schedules it), else now. Saves the article (with any other pending
    change on the instance) and records the change, in one transaction.
    """
    check_transition(article, to_status, user)
    now = timezone.now()
    if to_status == Status.PUBLISHED:
        article.published_at = at or article.published_at or now
        _check_times(article)
    from_status = article.status
    _stamp(article, to_status, user, now)
    article.status = to_status
    with transaction.atomic():
        article.save()
        return ArticleTransition.objects.create(
            article=article,
            from_status=from_status,
            to_status=to_status,
            by=user,
            at=now,
            publish_at=article.published_at if to_status == Status.PUBLISHED else None,
            note=note,
        )


def check_initial_status(status: str, user) -> None:
    """May `user` (None: the system) create an article directly in `status`?"""
    if status not in INITIAL_STATUSES:
        raise TransitionError(
            f"Bài mới không thể ở trạng thái “{status_label(status)}”.",
            reason=TransitionError.INVALID,
        )
    permission = INITIAL_STATUSES[status]
    if user is not None and (
        not user.has_perm("articles.add_article") or (permission and not user.has_perm(permission))
    ):
        raise TransitionError(
            f"Bạn không có quyền tạo bài ở trạng thái “{status_label(status)}”.",
            reason=TransitionError.FORBIDDEN,
        )


def prepare_initial_status(article: Article, status: str, user) -> None:
    """Before a new article's first save: its status and the stamps that go with it."""
    check_initial_status(status, user)
    if status == Status.PUBLISHED and article.published_at is None:
        article.published_at = timezone.now()
    _stamp(article, status, user, timezone.now())
    article.status = status


def record_initial_status(article: Article, user, *, note: str = "") -> ArticleTransition | None:
    """After a new article's first save: log how it entered the workflow (drafts need no log)."""
    transition = initial_transition(article, user, note=note)
    if transition is not None:
        transition.save()
    return transition


def initial_transition(article: Article, user, *, note: str = "") -> ArticleTransition | None:
    """The (unsaved) log row of how a new article entered the workflow; None for a draft."""
    if article.status == Status.DRAFT:
        return None
    return ArticleTransition(
        article=article,
        from_status="",
        to_status=article.status,
        by=user,
        publish_at=article.published_at if article.status == Status.PUBLISHED else None,
        note=note,
    )
