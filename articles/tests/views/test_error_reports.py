"""Readers report errors in articles; editors handle them in an admin queue."""

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client
from django.urls import reverse

from articles.models import Article, ErrorReport
from articles.tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

GOOD = {"noi_dung": "Tên đồng chí Phó Giám đốc bị viết sai.", "ten": "Lan", "email": "lan@a.vn"}


def report_url(article):
    return reverse("articles:report-error", kwargs={"slug": article.slug})


def test_the_article_page_offers_the_form(client):
    article = ArticleFactory()
    content = client.get(article.get_absolute_url()).content.decode()
    assert f'action="{report_url(article)}"' in content
    assert 'name="noi_dung"' in content


def test_a_report_lands_in_the_queue_and_the_reader_is_thanked(client):
    article = ArticleFactory()
    response = client.post(report_url(article), GOOD, follow=True)
    assert response.redirect_chain[-1][0] == article.get_absolute_url()
    assert "Báo lỗi đã được gửi" in response.content.decode()
    report = ErrorReport.objects.get()
    assert (report.article, report.message, report.name, report.email, report.status) == (
        article,
        GOOD["noi_dung"],
        "Lan",
        "lan@a.vn",
        ErrorReport.Status.NEW,
    )


def test_name_and_email_are_optional(client):
    article = ArticleFactory()
    assert client.post(report_url(article), {"noi_dung": "Sai ngày."}).status_code == 302
    assert ErrorReport.objects.get().name == ""


@pytest.mark.parametrize(
    "data, field",
    [
        ({}, "noi_dung"),
        ({"noi_dung": "   "}, "noi_dung"),
        ({"noi_dung": "x" * 2001}, "noi_dung"),
        ({"noi_dung": "Sai tên.", "email": "khong-phai-email"}, "email"),
        ({"noi_dung": "Sai tên.", "ten": "a" * 500}, "ten"),
        ({"noi_dung": "Sai\x00tên."}, "noi_dung"),
    ],
)
def test_invalid_forms_are_shown_again_with_errors(client, data, field):
    article = ArticleFactory()
    response = client.post(report_url(article), data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert "Xin kiểm tra lại" in response.content.decode()
    assert not ErrorReport.objects.exists()


def test_the_form_page_and_unknown_or_unpublished_articles(client):
    article = ArticleFactory()
    assert client.get(report_url(article)).status_code == 200
    draft = ArticleFactory(status=Article.Status.DRAFT)
    assert client.post(report_url(draft), GOOD).status_code == 404
    assert client.get("/tin-tuc/khong-co/bao-loi/").status_code == 404
    assert client.put(report_url(article)).status_code == 405


def test_robots_filling_the_trap_field_are_thanked_but_not_recorded(client):
    article = ArticleFactory()
    response = client.post(report_url(article), {**GOOD, "website": "http://spam.example"})
    assert response.status_code == 302
    assert not ErrorReport.objects.exists()


def test_csrf_is_enforced():
    article = ArticleFactory()
    client = Client(enforce_csrf_checks=True)
    client.get(article.get_absolute_url())
    assert client.post(report_url(article), GOOD).status_code == 403
    token = client.cookies["csrftoken"].value
    assert (
        client.post(report_url(article), {**GOOD, "csrfmiddlewaretoken": token}).status_code == 302
    )
    assert ErrorReport.objects.count() == 1


def test_rate_limit_answers_429(client, settings):
    settings.READER_RATE_LIMITS = {"error-report": (2, 600)}
    article = ArticleFactory()
    statuses = [client.post(report_url(article), GOOD).status_code for _ in range(4)]
    assert statuses == [302, 302, 429, 429]
    assert ErrorReport.objects.count() == 2
    assert client.get(report_url(article)).status_code == 200  # reading the form is not limited


@pytest.fixture
def editor():
    user = User.objects.create_user("bientap", password="x", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="articles",
            codename__in=["view_errorreport", "change_errorreport"],
        )
    )
    return user


def test_editors_see_the_queue_filtered_and_mark_reports_handled(client, editor):
    article = ArticleFactory(title="Bài có lỗi")
    new = ErrorReport.objects.create(article=article, message="Sai chức vụ")
    other = ErrorReport.objects.create(article=article, message="Sai ngày")
    done = ErrorReport.objects.create(
        article=article, message="Đã sửa", status=ErrorReport.Status.HANDLED
    )
    client.force_login(editor)
    url = reverse("admin:articles_errorreport_changelist")
    response = client.get(url, {"status__exact": "new"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Sai chức vụ" in content and "Sai ngày" in content and "Đã sửa" not in content
    response = client.post(
        url,
        {"action": "mark_handled", "_selected_action": [new.pk, done.pk]},
        follow=True,
    )
    assert "Đã đánh dấu 1 báo lỗi là đã xử lý." in response.content.decode()
    new.refresh_from_db()
    other.refresh_from_db()
    assert new.status == ErrorReport.Status.HANDLED
    assert new.handled_by == editor and new.handled_at is not None
    assert other.status == ErrorReport.Status.NEW


def test_staff_without_the_permission_cannot_see_the_queue(client):
    user = User.objects.create_user("phongvien", password="x", is_staff=True)
    client.force_login(user)
    response = client.get(reverse("admin:articles_errorreport_changelist"))
    assert response.status_code == 403


def test_viewers_cannot_run_the_action(client):
    user = User.objects.create_user("xem", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_errorreport"))
    report = ErrorReport.objects.create(article=ArticleFactory(), message="Sai")
    client.force_login(user)
    url = reverse("admin:articles_errorreport_changelist")
    client.post(url, {"action": "mark_handled", "_selected_action": [report.pk]})
    report.refresh_from_db()
    assert report.status == ErrorReport.Status.NEW


def test_admin_queue_query_count_is_fixed(client, editor, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("admin:articles_errorreport_changelist")
    client.force_login(editor)
    for _ in range(3):
        ErrorReport.objects.create(article=ArticleFactory(), message="Sai")
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(30):
        ErrorReport.objects.create(article=ArticleFactory(), message="Sai")
    with django_assert_num_queries(len(few)):
        client.get(url)
