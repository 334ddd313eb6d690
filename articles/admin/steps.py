"""The change form's workflow buttons: "Gửi duyệt", "Trả lại người viết", "Duyệt và xuất bản"…

Each button names a step; a step is a transition of articles/services/workflow.py (the one
table of rules) plus what the newsroom calls it and what it says when done. The buttons shown
are those `workflow.allowed_targets()` allows this user on this article; a pressed button is
checked again on the server (a crafted POST of a step the user may not take is a form error,
and nothing is saved), then the article is saved with the form's edits and moved through
`workflow.transition()`, which logs it with the note.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from django.contrib import messages
from django.utils import timezone

from articles.models import Article, ArticleTransition
from articles.services import workflow

Status = Article.Status

STEP_FIELD = "_workflow_step"
NOTE_FIELD = "_workflow_note"


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    sources: tuple[str, ...]  # the statuses it starts from ("" : a new article)
    target: str
    done: str  # the message, with {title} and {time}
    style: str = ""  # "primary" or "danger" for the button's look
    draft_label: str = ""  # the label when the article is a draft, if another

    def label_for(self, status: str) -> str:
        return self.draft_label if self.draft_label and status in ("", Status.DRAFT) else self.label


STEPS: tuple[Step, ...] = (
    Step(
        "submit",
        "Gửi duyệt",
        ("", Status.DRAFT),
        Status.REVIEW,
        "Đã gửi bài “{title}” cho biên tập viên duyệt.",
        "primary",
    ),
    Step(
        "return",
        "Trả lại người viết",
        (Status.REVIEW,),
        Status.DRAFT,
        "Đã trả bài “{title}” về cho người viết kèm ghi chú.",
        "danger",
    ),
    Step(
        "publish",
        "Duyệt và xuất bản",
        ("", Status.DRAFT, Status.REVIEW),
        Status.PUBLISHED,
        "Đã xuất bản bài “{title}”: bạn đọc đã thấy bài.",
        "primary",
        "Xuất bản ngay",
    ),
    Step(
        "schedule",
        "Lên lịch",
        ("", Status.DRAFT, Status.REVIEW),
        Status.PUBLISHED,
        "Đã lên lịch bài “{title}”: bài sẽ lên trang lúc {time}.",
    ),
    Step(
        "unpublish",
        "Gỡ xuống",
        (Status.PUBLISHED,),
        Status.DRAFT,
        "Đã gỡ bài “{title}” xuống: bạn đọc không còn thấy bài, bài trở về bản nháp.",
        "danger",
    ),
    Step(
        "archive",
        "Lưu trữ",
        (Status.DRAFT, Status.REVIEW, Status.PUBLISHED),
        Status.ARCHIVED,
        "Đã lưu trữ bài “{title}”.",
    ),
    Step(
        "restore",
        "Khôi phục về nháp",
        (Status.ARCHIVED,),
        Status.DRAFT,
        "Đã khôi phục bài “{title}” về bản nháp.",
    ),
)
STEPS_BY_KEY = {step.key: step for step in STEPS}


def _may_start(status: str, user) -> bool:
    try:
        workflow.check_initial_status(status, user)
    except workflow.TransitionError:
        return False
    return True


def available_steps(article: Article | None, user) -> list[Step]:
    """The buttons this user may press on this article (None or unsaved: a new one)."""
    if article is None or article.pk is None:
        return [s for s in STEPS if "" in s.sources and _may_start(s.target, user)]
    targets = set(workflow.allowed_targets(article, user))
    return [s for s in STEPS if article.status in s.sources and s.target in targets]


def buttons(article: Article | None, user) -> list[dict]:
    """What the change form shows: one button per step, labelled for the article's status."""
    status = "" if article is None or article.pk is None else article.status
    return [
        {"key": s.key, "label": s.label_for(status), "style": s.style}
        for s in available_steps(article, user)
    ]


def return_note(article: Article | None) -> ArticleTransition | None:
    """The editor's note when the article's last change returned it to its writer (one query)."""
    if article is None or article.pk is None or article.status != Status.DRAFT:
        return None
    last = article.transitions.select_related("by").order_by("-at", "-pk").first()
    if last and last.from_status == Status.REVIEW and last.to_status == Status.DRAFT:
        return last
    return None


def local_time(value) -> str:
    return f"{timezone.localtime(value):%H:%M %d/%m/%Y}" if value else ""


class WorkflowStepsFormMixin:
    """Form side: checks the pressed step like the status field is checked (a form error)."""

    workflow_step: Step | None = None
    workflow_note: str = ""

    def clean(self):
        cleaned = super().clean()
        key = self.data.get(STEP_FIELD)
        if not key:
            return cleaned
        step = STEPS_BY_KEY.get(key)
        user, article = self.workflow_user, self.instance
        source = "" if self.adding else self.initial_status
        if step is None or source not in step.sources:
            self.add_error(None, "Thao tác này không làm được với bài ở trạng thái hiện tại.")
            return cleaned
        note = (self.data.get(NOTE_FIELD) or "").strip()
        if step.key == "return" and not note:
            self.add_error(None, "Hãy ghi chú cho người viết biết cần sửa gì trước khi trả bài.")
            return cleaned
        now = timezone.now()
        published_at = cleaned.get("published_at", article.published_at)
        if step.key == "schedule":
            if not published_at or published_at <= now:
                self.add_error(
                    "published_at" if "published_at" in self.fields else None,
                    "Để lên lịch, hãy chọn thời điểm xuất bản ở tương lai.",
                )
                return cleaned
        elif step.target == Status.PUBLISHED:
            if not published_at or published_at > now:
                published_at = now  # "Duyệt và xuất bản" publishes now, never schedules
            if "published_at" in self.fields:
                cleaned["published_at"] = published_at
        try:
            if self.adding:
                workflow.check_initial_status(step.target, user)
            else:
                probe = copy.copy(article)
                for name in ("title_is_provisional", "category"):
                    if name in cleaned:
                        setattr(probe, name, cleaned[name])
                probe.status = source
                workflow.check_transition(probe, step.target, user)
        except workflow.TransitionError as err:
            self.add_error(None, str(err))
            return cleaned
        self.workflow_step, self.workflow_note = step, note
        return cleaned


class WorkflowStepsAdminMixin:
    """Admin side: the buttons on the change form, the step applied, the message said."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (WorkflowStepsFormMixin, form), {})

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        may_change = add or self.has_change_permission(request, obj)
        context["workflow_steps"] = buttons(obj, request.user) if may_change else []
        context["workflow_return_note"] = return_note(obj)
        context["workflow_step_field"] = STEP_FIELD
        context["workflow_note_field"] = NOTE_FIELD
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        step = getattr(form, "workflow_step", None)
        if step is None or not change:
            if step is not None:
                obj.status = step.target  # the form has no status field: the button says
            super().save_model(request, obj, form, change)  # a new article starts in its status
        else:
            obj.status = form.initial_status
            workflow.transition(
                obj,
                step.target,
                request.user,
                at=obj.published_at if step.target == Status.PUBLISHED else None,
                note=form.workflow_note,
            )
        if step is not None:
            request._workflow_done = step.done.format(
                title=obj.title, time=local_time(obj.published_at)
            )

    def _step_response(self, request, obj):
        done = getattr(request, "_workflow_done", None)
        if done is None:
            return None
        self.message_user(request, done, messages.SUCCESS)
        return self.response_post_save_change(request, obj)

    def response_change(self, request, obj):
        return self._step_response(request, obj) or super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        response = self._step_response(request, obj)
        return response or super().response_add(request, obj, post_url_continue)
