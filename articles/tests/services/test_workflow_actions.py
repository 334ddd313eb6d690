"""Bulk actions in the article admin: every role against every action, with the messages."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from articles.models import Article
from articles.tests.factories import ArticleFactory, CategoryFactory
from articles.tests.workflow_helpers import make_user

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")
ACTIONS = [
    "submit_for_review",
    "publish",
    "unpublish",
    "archive",
    "feature",
    "unfeature",
    "move_to_category",
    "delete_selected",
]


@pytest.fixture
def newsroom():
    """One user per role, and three articles: the user's own draft, a review, a published."""

    def build(role):
        user = make_user(role)
        colleague = make_user("reporter")
        target = CategoryFactory(name="An ninh trật tự")
        articles = {
            "own_draft": ArticleFactory(status="draft", published_at=None, created_by=user),
            "other_review": ArticleFactory(
                status="review", published_at=None, created_by=colleague
            ),
            "other_published": ArticleFactory(
                status="published", created_by=colleague, is_featured=True
            ),
        }
        return user, articles, target

    return build


def run_action(client, action, articles, target):
    data = {"action": action, "_selected_action": [a.pk for a in articles.values()]}
    if action == "move_to_category":
        response = client.post(CHANGELIST, data)
        if response.status_code == 200 and "form" in (response.context or {}):
            assert "Chuyển bài sang chuyên mục khác" in response.content.decode()
            data.update(apply="1", category=target.pk)
    if action == "delete_selected":
        data["post"] = "yes"
    return client.post(CHANGELIST, data, follow=True)


def state(articles):
    rows = {a.pk: a for a in Article.objects.all()}
    result = {}
    for name, article in articles.items():
        row = rows.get(article.pk)
        result[name] = None if row is None else (row.status, row.is_featured, row.category_id)
    return result


# Expected end state of each article, per role and action. "same" means unchanged.
MOVED = "moved"
EXPECTED = {
    ("reporter", "submit_for_review"): {"own_draft": "review"},
    ("reporter", "move_to_category"): {"own_draft": MOVED},
    ("editor", "submit_for_review"): {"own_draft": "review"},
    ("editor", "publish"): {"own_draft": "published", "other_review": "published"},
    ("editor", "unpublish"): {"other_published": "draft"},
    ("editor", "archive"): {
        n: "archived" for n in ("own_draft", "other_review", "other_published")
    },
    ("editor", "feature"): {"own_draft": "featured", "other_review": "featured"},
    ("editor", "unfeature"): {"other_published": "unfeatured"},
    ("editor", "move_to_category"): {
        n: MOVED for n in ("own_draft", "other_review", "other_published")
    },
}
for _action in ACTIONS:  # an administrator may do what an editor may, and delete
    EXPECTED[("admin", _action)] = EXPECTED.get(("editor", _action), {})
EXPECTED[("admin", "delete_selected")] = {
    n: "deleted" for n in ("own_draft", "other_review", "other_published")
}


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ["reporter", "editor", "admin", "nogroup"])
def test_every_role_against_every_action(client, newsroom, role, action):
    user, articles, target = newsroom(role)
    before = state(articles)
    client.force_login(user)
    response = run_action(client, action, articles, target)
    after = state(articles)
    expected = EXPECTED.get((role, action), {})
    for name, (status, featured, category) in before.items():
        change = expected.get(name)
        if change is None:
            assert after[name] == (status, featured, category), name
        elif change == "deleted":
            assert after[name] is None
        elif change == MOVED:
            assert after[name] == (status, featured, target.pk), name
        elif change in {"featured", "unfeatured"}:
            assert after[name] == (status, change == "featured", category), name
        else:
            assert after[name] == (change, featured, category), name
    if role == "nogroup":
        assert response.status_code == 403


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_publish_reports_how_many_changed_and_why_others_did_not(client, newsroom):
    editor, _articles, _ = newsroom("editor")
    ArticleFactory(status="archived")
    client.force_login(editor)
    response = client.post(
        CHANGELIST,
        {
            "action": "publish",
            "_selected_action": list(Article.objects.values_list("pk", flat=True)),
        },
        follow=True,
    )
    assert messages_of(response) == [
        "2 bài đã xuất bản; 2 bài không đổi: 1 chuyển trạng thái không hợp lệ, 1 đã ở trạng thái đó"
    ]


def test_reporter_sees_only_the_actions_they_may_use(client):
    client.force_login(make_user("reporter"))
    ArticleFactory(status="draft", published_at=None)
    actions = client.get(CHANGELIST).context["action_form"].fields["action"].choices
    names = {value for value, _ in actions if value}
    assert names == {"submit_for_review", "move_to_category"}


def test_reporter_cannot_run_publish_by_crafting_the_action(client):
    reporter = make_user("reporter")
    article = ArticleFactory(status="draft", published_at=None, created_by=reporter)
    client.force_login(reporter)
    response = client.post(
        CHANGELIST, {"action": "publish", "_selected_action": [article.pk]}, follow=True
    )
    assert response.status_code == 200
    assert Article.objects.get(pk=article.pk).status == "draft"


def test_move_to_category_shows_an_intermediate_page_first(client):
    editor = make_user("editor")
    article = ArticleFactory(status="draft", published_at=None)
    target = CategoryFactory(name="Giao thông")
    client.force_login(editor)
    page = client.post(CHANGELIST, {"action": "move_to_category", "_selected_action": [article.pk]})
    assert page.status_code == 200
    assert article.title in page.content.decode()
    assert Article.objects.get(pk=article.pk).category_id != target.pk
    response = client.post(
        CHANGELIST,
        {
            "action": "move_to_category",
            "_selected_action": [article.pk],
            "apply": "1",
            "category": target.pk,
        },
        follow=True,
    )
    assert Article.objects.get(pk=article.pk).category_id == target.pk
    assert messages_of(response) == ["1 bài đã chuyển sang “Giao thông”"]
