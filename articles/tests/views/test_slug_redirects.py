"""Changing a published article's slug keeps the old address working with a 301."""

from __future__ import annotations

import pytest
from django.urls import reverse

from articles.models import Article, ArticleSlugHistory
from articles.tests.admin_forms import change_form_data
from articles.tests.factories import ArticleFactory
from newsroom.text import slugify_vi

pytestmark = pytest.mark.django_db


def detail(slug: str) -> str:
    return reverse("articles:detail", kwargs={"slug": slug})


def rename(article: Article, slug: str) -> Article:
    article.slug = slug
    article.save()
    return article


def test_slug_is_generated_from_the_vietnamese_title():
    article = ArticleFactory(title="Đại tá Đồng Văn Thanh thăm Công an huyện Châu Thành")
    assert article.slug == "dai-ta-dong-van-thanh-tham-cong-an-huyen-chau-thanh"
    assert article.slug == slugify_vi(article.title)


def test_old_address_redirects_permanently_to_the_new_one(client):
    article = ArticleFactory(slug="le-ra-quan")
    rename(article, "le-ra-quan-cao-diem")
    response = client.get(detail("le-ra-quan"))
    assert response.status_code == 301
    assert response["Location"] == detail("le-ra-quan-cao-diem")
    assert client.get(response["Location"]).status_code == 200


def test_a_chain_of_renames_lands_on_the_current_address_in_one_hop(client):
    article = ArticleFactory(slug="ban-mot")
    rename(article, "ban-hai")
    rename(article, "ban-ba")
    for old in ("ban-mot", "ban-hai"):
        response = client.get(detail(old))
        assert (response.status_code, response["Location"]) == (301, detail("ban-ba"))
    assert set(article.old_slugs.values_list("slug", flat=True)) == {"ban-mot", "ban-hai"}


def test_a_drafts_slug_change_creates_no_redirect(client):
    article = ArticleFactory(slug="nhap-cu", status=Article.Status.DRAFT)
    rename(article, "nhap-moi")
    assert not ArticleSlugHistory.objects.exists()
    assert client.get(detail("nhap-cu")).status_code == 404


def test_redirect_only_while_the_article_is_public(client):
    article = ArticleFactory(slug="cu")
    rename(article, "moi")
    article.status = Article.Status.ARCHIVED
    article.save()
    assert client.get(detail("cu")).status_code == 404


def test_taking_an_old_slug_back_removes_its_redirect(client):
    article = ArticleFactory(slug="goc")
    rename(article, "tam")
    rename(article, "goc")
    assert client.get(detail("goc")).status_code == 200
    response = client.get(detail("tam"))
    assert (response.status_code, response["Location"]) == (301, detail("goc"))
    assert list(article.old_slugs.values_list("slug", flat=True)) == ["tam"]


def test_a_live_article_wins_over_an_old_address(client):
    first = ArticleFactory(slug="hoi-nghi")
    rename(first, "hoi-nghi-2021")
    second = ArticleFactory(slug="hoi-nghi", title="Hội nghị khác")
    response = client.get(detail("hoi-nghi"))
    assert response.status_code == 200
    assert response.context["article"] == second
    assert not ArticleSlugHistory.objects.filter(slug="hoi-nghi").exists()


def test_deleting_the_article_deletes_its_old_addresses(client):
    article = ArticleFactory(slug="xoa-cu")
    rename(article, "xoa-moi")
    article.delete()
    assert not ArticleSlugHistory.objects.exists()
    assert client.get(detail("xoa-cu")).status_code == 404


def test_slug_edited_in_the_admin_redirects(admin_client, client):
    article = ArticleFactory(slug="sua-trong-trang-quan-tri")
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = change_form_data(admin_client.get(url))
    data["slug"] = "da-sua-duong-dan"
    assert admin_client.post(url, data).status_code == 302
    response = client.get(detail("sua-trong-trang-quan-tri"))
    assert (response.status_code, response["Location"]) == (301, detail("da-sua-duong-dan"))
    page = admin_client.get(url).content.decode()
    assert "Đường dẫn cũ" in page and "sua-trong-trang-quan-tri" in page


def test_unknown_slug_is_still_404_with_few_queries(client, django_assert_max_num_queries):
    ArticleFactory(slug="co-that")
    # last-modified check, the article, the old slugs, then the 404 page's menu and settings
    with django_assert_max_num_queries(5):
        assert client.get(detail("khong-co")).status_code == 404


def test_redirect_costs_a_fixed_number_of_queries(client, django_assert_num_queries):
    for index in range(5):
        rename(ArticleFactory(slug=f"cu-{index}"), f"moi-{index}")
    # last-modified check (conditional GET), the missing slug, the old slug
    with django_assert_num_queries(3):
        assert client.get(detail("cu-3")).status_code == 301
