"""The desk on the admin's home page: each role's lists, counts, links, a fixed query count."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.admin.desk import CAP, desk_for
from articles.models import Article, ErrorReport, OfficialMention
from articles.services import workflow
from articles.tests.factories import ArticleFactory
from articles.tests.workflow_helpers import make_user
from people.tests.factories import OfficialFactory

pytestmark = pytest.mark.django_db

HOME = "/quan-tri/"


def sections(response):
    return {s.key: s for s in response.context["sections"]}


def desk(client, user):
    client.force_login(user)
    response = client.get(HOME)
    assert response.status_code == 200
    return response


def returned(article, editor, note):
    article.status = "review"
    article.save()
    workflow.transition(article, "draft", editor, note=note)


def test_reporter_desk_lists_own_drafts_and_returned_articles_with_the_note(client):
    reporter = make_user("reporter")
    editor = make_user("editor")
    ArticleFactory(status="draft", published_at=None, created_by=reporter, title="Nháp một")
    back = ArticleFactory(status="draft", published_at=None, created_by=reporter, title="Bị trả")
    returned(back, editor, "Bổ sung ảnh và nguồn tin.")
    ArticleFactory(status="draft", published_at=None, created_by=make_user("reporter"))
    ArticleFactory(status="review", published_at=None, created_by=reporter)

    response = desk(client, reporter)
    found = sections(response)
    assert list(found) == ["drafts", "returned"]
    assert found["drafts"].count == 2
    assert {r.title for r in found["drafts"].rows} == {"Nháp một", "Bị trả"}
    assert found["returned"].count == 1
    assert found["returned"].rows[0].note == "Bổ sung ảnh và nguồn tin."
    page = response.content.decode()
    assert "Bài nháp của tôi" in page and "Bài bị trả lại" in page
    assert "Bổ sung ảnh và nguồn tin." in page
    assert "Chờ duyệt" not in page
    # The app list is still there.
    assert 'id="content-main"' in page and "/quan-tri/articles/article/" in page

    # The links lead to the filtered list, which shows the same articles.
    listed = client.get(found["returned"].url)
    assert [a.title for a in listed.context["cl"].result_list] == ["Bị trả"]
    listed = client.get(found["drafts"].url)
    assert {a.title for a in listed.context["cl"].result_list} == {"Nháp một", "Bị trả"}


@pytest.mark.parametrize("role", ["editor", "admin"])
def test_editor_desk_lists_review_scheduled_recent_mentions_and_reports(client, role):
    now = timezone.now()
    ArticleFactory(status="review", published_at=None, title="Chờ một")
    ArticleFactory(status="review", published_at=None, title="Chờ hai")
    ArticleFactory(published_at=now + datetime.timedelta(days=1), title="Hẹn giờ")
    ArticleFactory(published_at=now - datetime.timedelta(hours=2), title="Mới đăng")
    ArticleFactory(published_at=now - datetime.timedelta(days=30), title="Đăng lâu rồi")
    article = ArticleFactory(title="Bài có nhắc tên")
    OfficialMention.objects.create(
        article=article, official=OfficialFactory(name="Nguyễn Văn Chưa Chắc"), confidence=0.5
    )
    OfficialMention.objects.create(
        article=article, official=OfficialFactory(name="Trần Văn Chắc"), confidence=0.95
    )
    ErrorReport.objects.create(article=article, message="Sai tên đơn vị ở đoạn 3.")
    ErrorReport.objects.create(
        article=article, message="Đã sửa rồi.", status=ErrorReport.Status.HANDLED
    )

    response = desk(client, make_user(role))
    found = sections(response)
    assert list(found) == ["review", "scheduled", "recent", "mentions", "reports"]
    assert {r.title for r in found["review"].rows} == {"Chờ một", "Chờ hai"}
    assert [r.title for r in found["scheduled"].rows] == ["Hẹn giờ"]
    assert [r.title for r in found["recent"].rows] == ["Bài có nhắc tên", "Mới đăng"]
    assert [r.title for r in found["mentions"].rows] == ["Nguyễn Văn Chưa Chắc"]
    assert [r.title for r in found["reports"].rows] == ["Sai tên đơn vị ở đoạn 3."]
    assert [s.count for s in found.values()] == [2, 1, 2, 1, 1]
    page = response.content.decode()
    for title in ("Chờ duyệt", "Đã lên lịch", "Mới xuất bản", "Nhắc đến cần xem lại"):
        assert title in page
    assert "Báo lỗi của bạn đọc" in page
    assert "Bài nháp của tôi" not in page

    def listed(key):
        return {str(x) for x in client.get(found[key].url).context["cl"].result_list}

    assert listed("review") == {"Chờ một", "Chờ hai"}
    assert listed("scheduled") == {"Hẹn giờ"}
    assert listed("recent") == {"Bài có nhắc tên", "Mới đăng"}
    assert len(listed("mentions")) == 1
    assert len(listed("reports")) == 1


def test_editor_limited_to_a_category_counts_only_its_articles(client):
    mine = ArticleFactory(status="review", published_at=None, title="Trong chuyên mục")
    ArticleFactory(status="review", published_at=None, title="Ngoài chuyên mục")
    editor = make_user("editor", categories=[mine.category])
    found = sections(desk(client, editor))
    assert [r.title for r in found["review"].rows] == ["Trong chuyên mục"]


def test_counts_are_capped_and_the_list_is_short(client):
    Article.objects.bulk_create(
        Article(title=f"Chờ {i}", slug=f"cho-{i}", status="review") for i in range(CAP + 5)
    )
    found = sections(desk(client, make_user("editor")))
    assert found["review"].count_label == "99+"
    assert len(found["review"].rows) == 5


def _desk_queries(user) -> int:
    user = type(user).objects.get(pk=user.pk)  # fresh: permissions read again
    with CaptureQueriesContext(connection) as ctx:
        desk_for(user)
    return len(ctx.captured_queries)


def _more_data(n: int, reporter, editor) -> None:
    now = timezone.now()
    for i in range(n):
        ArticleFactory(status="review", published_at=None)
        ArticleFactory(published_at=now + datetime.timedelta(days=1 + i))
        article = ArticleFactory(published_at=now - datetime.timedelta(hours=i + 1))
        OfficialMention.objects.create(article=article, official=OfficialFactory(), confidence=0.4)
        ErrorReport.objects.create(article=article, message=f"Lỗi {i}")
        ArticleFactory(status="draft", published_at=None, created_by=reporter)
        back = ArticleFactory(status="draft", published_at=None, created_by=reporter)
        returned(back, editor, f"Sửa lần {i}")


def test_desk_query_count_does_not_grow_with_the_data(client, django_assert_max_num_queries):
    reporter, editor = make_user("reporter"), make_user("editor")
    _more_data(2, reporter, editor)
    small = {"reporter": _desk_queries(reporter), "editor": _desk_queries(editor)}
    _more_data(12, reporter, editor)
    large = {"reporter": _desk_queries(reporter), "editor": _desk_queries(editor)}
    assert large == small
    # Reporter: their permissions (2), categories, drafts, returned ones.
    # Editor: permissions (2), categories, five sections.
    assert small == {"reporter": 5, "editor": 8}
    for user, most in ((reporter, 12), (editor, 16)):
        client.force_login(user)
        with django_assert_max_num_queries(most):
            assert client.get(HOME).status_code == 200
