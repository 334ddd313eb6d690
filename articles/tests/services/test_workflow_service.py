"""The workflow service: roles from the migration, the transition table, stamps and the log."""

import datetime
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article, ArticleTransition
from articles.services import workflow
from articles.services.roles import ADMINISTRATOR, EDITOR, REPORTER
from articles.tests.factories import ArticleFactory, CategoryFactory
from articles.tests.workflow_helpers import make_user

pytestmark = pytest.mark.django_db

D, R, P, A = "draft", "review", "published", "archived"
ALL_PAIRS = [(s, t) for s in (D, R, P, A) for t in (D, R, P, A) if s != t]
# What an editor (and an administrator) may do, written out independently of workflow.RULES.
EDITOR_PAIRS = {(D, R), (R, D), (D, P), (R, P), (P, D), (D, A), (R, A), (P, A), (A, D)}
REPORTER_PAIRS = {(D, R)}  # on their own article only


def make_article(status, *, by=None, **kwargs):
    published_at = timezone.now() - datetime.timedelta(hours=1) if status == P else None
    return ArticleFactory(status=status, published_at=published_at, created_by=by, **kwargs)


def test_migration_creates_the_three_groups_with_their_permissions():
    perms = {
        name: set(
            Group.objects.get(name=name).permissions.values_list(
                "content_type__app_label", "codename"
            )
        )
        for name in (REPORTER, EDITOR, ADMINISTRATOR)
    }
    assert ("articles", "add_article") in perms[REPORTER]
    assert ("articles", "change_article") in perms[REPORTER]
    assert ("articles", "publish_article") not in perms[REPORTER]
    assert ("articles", "edit_any_article") not in perms[REPORTER]
    assert ("people", "change_official") not in perms[REPORTER]
    for codename in ("publish_article", "archive_article", "edit_any_article", "change_category"):
        assert ("articles", codename) in perms[EDITOR]
    for codename in ("change_official", "delete_unit", "add_position"):
        assert ("people", codename) in perms[EDITOR]
    assert ("taggit", "change_tag") in perms[EDITOR]
    for codename in ("change_author", "change_mentiontoreview", "view_articleslughistory"):
        assert ("articles", codename) in perms[EDITOR]
    for codename in ("add_articleauthor", "view_author"):
        assert ("articles", codename) in perms[REPORTER]
    assert ("articles", "change_author") not in perms[REPORTER]
    assert ("auth", "change_user") not in perms[EDITOR]
    assert ("auth", "change_user") in perms[ADMINISTRATOR]
    assert ("articles", "delete_article") in perms[ADMINISTRATOR]
    assert perms[REPORTER] < perms[ADMINISTRATOR] and perms[EDITOR] < perms[ADMINISTRATOR]


@pytest.mark.parametrize("role", ["reporter", "editor", "admin", "nogroup"])
@pytest.mark.parametrize(("source", "target"), ALL_PAIRS)
def test_every_role_against_every_transition_on_own_article(role, source, target):
    user = make_user(role)
    article = make_article(source, by=user)
    allowed = {"reporter": REPORTER_PAIRS, "nogroup": set()}.get(role, EDITOR_PAIRS)
    if (source, target) in allowed:
        log = workflow.transition(article, target, user)
        article.refresh_from_db()
        assert article.status == target
        assert (log.from_status, log.to_status, log.by) == (source, target, user)
    else:
        with pytest.raises(workflow.TransitionError) as err:
            workflow.transition(article, target, user)
        expected = "invalid" if (source, target) not in EDITOR_PAIRS else "forbidden"
        assert err.value.reason == getattr(workflow.TransitionError, expected.upper())
        article.refresh_from_db()
        assert article.status == source
        assert not ArticleTransition.objects.filter(article=article).exists()


@pytest.mark.parametrize("role", ["reporter", "editor", "admin", "nogroup"])
@pytest.mark.parametrize(("source", "target"), sorted(EDITOR_PAIRS))
def test_every_role_against_every_transition_on_someone_elses_article(role, source, target):
    user = make_user(role)
    article = make_article(source, by=make_user("reporter"))
    if role in {"editor", "admin"}:
        workflow.transition(article, target, user)
        assert Article.objects.get(pk=article.pk).status == target
    else:
        with pytest.raises(workflow.TransitionError, match="không có quyền"):
            workflow.transition(article, target, user)
        assert Article.objects.get(pk=article.pk).status == source


def test_error_message_is_vietnamese_and_names_the_statuses():
    editor = make_user("editor")
    article = make_article(A)
    with pytest.raises(workflow.TransitionError) as err:
        workflow.transition(article, P, editor)
    assert str(err.value) == "Không thể chuyển bài từ “Lưu trữ” sang “Đã xuất bản”."


def test_reporter_cannot_submit_a_draft_that_is_no_longer_theirs_to_edit():
    reporter = make_user("reporter")
    article = make_article(R, by=reporter)
    with pytest.raises(workflow.TransitionError):
        workflow.transition(article, D, reporter)


def test_submit_then_publish_records_who_and_when():
    reporter, editor = make_user("reporter"), make_user("editor")
    article = make_article(D, by=reporter)
    submitted = timezone.now().replace(microsecond=0) - datetime.timedelta(minutes=30)
    with mock.patch("django.utils.timezone.now", return_value=submitted):
        workflow.transition(article, R, reporter)
    approved = submitted + datetime.timedelta(minutes=20)
    with mock.patch("django.utils.timezone.now", return_value=approved):
        workflow.transition(article, P, editor)
    article.refresh_from_db()
    assert (article.submitted_by, article.submitted_at) == (reporter, submitted)
    assert (article.approved_by, article.approved_at) == (editor, approved)
    assert article.published_at == approved  # no publish time given: now
    log = list(article.transitions.values_list("from_status", "to_status", "by", "at"))
    assert log == [(D, R, reporter.pk, submitted), (R, P, editor.pk, approved)]


def test_publish_with_a_future_time_schedules_and_keeps_it():
    editor = make_user("editor")
    article = make_article(R)
    later = timezone.now() + datetime.timedelta(days=1)
    log = workflow.transition(article, P, editor, at=later)
    article.refresh_from_db()
    assert article.status == P and article.published_at == later
    assert log.publish_at == later
    assert not Article.objects.published().filter(pk=article.pk).exists()
    assert Article.objects.scheduled().filter(pk=article.pk).exists()


def test_publish_keeps_a_time_the_article_already_has():
    editor = make_user("editor")
    earlier = timezone.now() - datetime.timedelta(days=3)
    article = make_article(D)
    article.published_at = earlier
    article.save()
    workflow.transition(article, P, editor)
    article.refresh_from_db()
    assert article.published_at == earlier


def test_cannot_publish_with_a_provisional_title_or_expiry_before_publication():
    editor = make_user("editor")
    article = make_article(D, title_is_provisional=True)
    with pytest.raises(workflow.TransitionError, match="tiêu đề tạm"):
        workflow.transition(article, P, editor)
    article = make_article(D)
    article.expires_at = timezone.now() - datetime.timedelta(minutes=1)
    with pytest.raises(workflow.TransitionError, match="hết hạn"):
        workflow.transition(article, P, editor)
    assert Article.objects.get(pk=article.pk).status == D


def test_category_rights_limit_transitions():
    security, traffic = CategoryFactory(name="An ninh trật tự"), CategoryFactory(name="Giao thông")
    editor = make_user("editor", categories=[security])
    inside, outside = make_article(R, category=security), make_article(R, category=traffic)
    workflow.transition(inside, P, editor)
    with pytest.raises(workflow.TransitionError, match="chuyên mục"):
        workflow.transition(outside, P, editor)
    assert set(workflow.visible_articles(editor)) == {inside}
    assert list(workflow.allowed_categories(editor)) == [security]


def test_allowed_targets_per_role():
    reporter, editor = make_user("reporter"), make_user("editor")
    own_draft = make_article(D, by=reporter)
    assert workflow.allowed_targets(own_draft, reporter) == [R]
    assert sorted(workflow.allowed_targets(own_draft, editor)) == sorted([R, P, A])
    assert workflow.allowed_targets(own_draft, make_user("nogroup")) == []


def test_import_command_goes_through_the_workflow(tmp_path):
    source = tmp_path / "bai.txt"
    source.write_text(
        "Công an tỉnh tổ chức hội nghị tổng kết\n"
        "Thứ hai, 01/11/2021 22:57\n"
        "Sáng nay, Công an tỉnh tổ chức hội nghị tổng kết công tác năm.\n"
        "Hội nghị đánh giá kết quả đạt được và đề ra nhiệm vụ năm tới.\n",
        encoding="utf-8",
    )
    call_command("import_articles", str(source), "--status", "published", stdout=mock.Mock())
    article = Article.objects.get()
    assert article.status == P
    log = article.transitions.get()
    assert (log.from_status, log.to_status, log.by) == ("", P, None)
    assert log.note == "Nhập tệp bai.txt"


def test_import_service_refuses_a_status_the_user_may_not_give():
    from articles.ingestion.service import Action, import_page

    reporter = make_user("reporter")
    outcome = import_page(data=b"Tieu de\nNoi dung.", file_name="x.txt", status=P, user=reporter)
    assert outcome.action == Action.FAILED
    assert "không có quyền" in outcome.reason
    assert not Article.objects.exists()
