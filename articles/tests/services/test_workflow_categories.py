"""Rights per category: a limited user works only in their categories, in lists, forms, actions."""

import json

import pytest
from django.urls import reverse

from articles.models import Article
from articles.tests.admin.test_workflow_admin import form_data
from articles.tests.factories import ArticleFactory, CategoryFactory
from articles.tests.workflow_helpers import make_user

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")
ADD = reverse("admin:articles_article_add")


@pytest.fixture
def categories():
    return CategoryFactory(name="An ninh trật tự"), CategoryFactory(name="Giao thông")


def test_limited_editor_lists_only_their_categories(client, categories):
    security, traffic = categories
    inside = ArticleFactory(category=security)
    ArticleFactory(category=traffic)
    client.force_login(make_user("editor", categories=[security]))
    response = client.get(CHANGELIST)
    assert list(response.context["cl"].result_list) == [inside]
    category_filter = next(
        f for f in response.context["cl"].filter_specs if getattr(f, "field_path", "") == "category"
    )
    assert [label for _, label in category_filter.lookup_choices] == ["An ninh trật tự"]


def test_unlimited_editor_lists_every_category(client, categories):
    for category in categories:
        ArticleFactory(category=category)
    client.force_login(make_user("editor"))
    assert len(client.get(CHANGELIST).context["cl"].result_list) == 2


def test_form_offers_only_allowed_categories_and_refuses_others(client, categories):
    security, traffic = categories
    editor = make_user("editor", categories=[security])
    client.force_login(editor)
    field = client.get(ADD).context["adminform"].form.fields["category"]
    assert list(field.queryset) == [security]

    article = ArticleFactory(status="draft", published_at=None, category=security)
    url = reverse("admin:articles_article_change", args=[article.pk])
    response = client.post(url, form_data(article, category=traffic.pk))
    assert response.status_code == 200
    assert "category" in response.context["adminform"].form.errors
    assert Article.objects.get(pk=article.pk).category == security


def test_article_outside_the_categories_cannot_be_opened(client, categories):
    security, traffic = categories
    outside = ArticleFactory(category=traffic)
    client.force_login(make_user("editor", categories=[security]))
    url = reverse("admin:articles_article_change", args=[outside.pk])
    response = client.get(url)
    assert response.status_code == 302  # the admin's "does not exist" redirect
    assert reverse("admin:index") in response["Location"]


def test_category_autocomplete_for_the_article_form_is_limited(client, categories):
    security, _traffic = categories
    client.force_login(make_user("editor", categories=[security]))
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "articles", "model_name": "article", "field_name": "category", "term": ""},
    )
    names = [row["text"] for row in json.loads(response.content)["results"]]
    assert names == ["An ninh trật tự"]


def test_actions_skip_articles_outside_the_categories(client, categories):
    security, traffic = categories
    inside = ArticleFactory(status="review", published_at=None, category=security)
    outside = ArticleFactory(status="review", published_at=None, category=traffic)
    client.force_login(make_user("editor", categories=[security]))
    client.post(CHANGELIST, {"action": "publish", "_selected_action": [inside.pk, outside.pk]})
    assert Article.objects.get(pk=inside.pk).status == "published"
    assert Article.objects.get(pk=outside.pk).status == "review"


def test_move_to_category_offers_only_allowed_targets(client, categories):
    security, traffic = categories
    article = ArticleFactory(status="draft", published_at=None, category=security)
    client.force_login(make_user("editor", categories=[security]))
    data = {"action": "move_to_category", "_selected_action": [article.pk]}
    page = client.post(CHANGELIST, data)
    assert list(page.context["form"].fields["category"].queryset) == [security]
    response = client.post(CHANGELIST, {**data, "apply": "1", "category": traffic.pk})
    assert response.status_code == 200  # the form again, with an error
    assert "category" in response.context["form"].errors
    assert Article.objects.get(pk=article.pk).category == security


def test_limited_reporter_writes_only_in_their_category(client, categories):
    security, traffic = categories
    reporter = make_user("reporter", categories=[traffic])
    own_elsewhere = ArticleFactory(
        status="draft", published_at=None, category=security, created_by=reporter
    )
    own_inside = ArticleFactory(
        status="draft", published_at=None, category=traffic, created_by=reporter
    )
    client.force_login(reporter)
    assert list(client.get(CHANGELIST).context["cl"].result_list) == [own_inside]
    client.post(
        CHANGELIST,
        {"action": "submit_for_review", "_selected_action": [own_elsewhere.pk, own_inside.pk]},
    )
    assert Article.objects.get(pk=own_inside.pk).status == "review"
    assert Article.objects.get(pk=own_elsewhere.pk).status == "draft"
