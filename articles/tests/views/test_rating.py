"""Rating 1–5: one vote per reader, CSRF, bad values, rate limit, atomic average."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Article, RatingVote
from articles.services.readers import rate_article
from articles.tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def rate_url(article):
    return reverse("articles:rate", kwargs={"slug": article.slug})


def reader(article, **client_options):
    """A reader who has opened the article (and so holds the reader cookie)."""
    client = Client(**client_options)
    assert client.get(article.get_absolute_url()).status_code == 200
    return client


def test_article_page_has_the_rating_form(client):
    article = ArticleFactory(rating_score=Decimal("4.50"), rating_votes=12)
    content = client.get(article.get_absolute_url()).content.decode()
    assert f'action="{rate_url(article)}"' in content
    assert "csrfmiddlewaretoken" in content
    assert "4,5/5" in content or "4.5/5" in content
    assert 'name="diem" value="5"' in content


def test_a_vote_is_recorded_and_averaged_with_imported_ratings():
    article = ArticleFactory(rating_score=Decimal("4.00"), rating_votes=3)
    client = reader(article)
    response = client.post(rate_url(article), {"diem": "5"}, follow=True)
    assert response.redirect_chain[-1][0].endswith(article.get_absolute_url() + "#danh-gia")
    assert "Cảm ơn bạn đã đánh giá" in response.content.decode()
    article.refresh_from_db()
    assert article.rating_votes == 4
    assert article.rating_score == Decimal("4.25")
    assert RatingVote.objects.get(article=article).score == 5


def test_first_vote_on_an_unrated_article():
    article = ArticleFactory()
    reader(article).post(rate_url(article), {"diem": "3"})
    article.refresh_from_db()
    assert (article.rating_score, article.rating_votes) == (Decimal("3.00"), 1)


def test_one_vote_per_reader_two_readers_two_votes():
    article = ArticleFactory()
    first = reader(article)
    first.post(rate_url(article), {"diem": "5"})
    again = first.post(rate_url(article), {"diem": "1"}, follow=True)
    assert "đã đánh giá bài viết này rồi" in again.content.decode()
    reader(article).post(rate_url(article), {"diem": "2"})
    article.refresh_from_db()
    assert article.rating_votes == 2
    assert article.rating_score == Decimal("3.50")
    assert RatingVote.objects.filter(article=article).count() == 2


def test_json_answers_for_fetch():
    article = ArticleFactory()
    client = reader(article)
    response = client.post(rate_url(article), {"diem": "4"}, headers={"Accept": "application/json"})
    assert response.status_code == 200
    assert response.json()["votes"] == 1
    assert response.json()["score"] == "4.00"
    again = client.post(rate_url(article), {"diem": "4"}, headers={"Accept": "application/json"})
    assert again.status_code == 409


def test_the_service_refuses_a_second_vote_and_out_of_range_scores():
    article = ArticleFactory()
    assert rate_article(article=article, voter_key="abc", score=5) is True
    assert rate_article(article=article, voter_key="abc", score=1) is False
    with pytest.raises(ValueError):
        rate_article(article=article, voter_key="def", score=6)
    article.refresh_from_db()
    assert (article.rating_score, article.rating_votes) == (Decimal("5.00"), 1)


def test_csrf_is_enforced():
    article = ArticleFactory()
    client = reader(article, enforce_csrf_checks=True)
    assert client.post(rate_url(article), {"diem": "5"}).status_code == 403
    token = client.cookies["csrftoken"].value
    response = client.post(rate_url(article), {"diem": "5", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).rating_votes == 1


@pytest.mark.parametrize("value", ["0", "6", "-1", "abc", "3.5", "", "5" * 500, "\x00"])
def test_bad_values_answer_400(value):
    article = ArticleFactory()
    response = reader(article).post(rate_url(article), {"diem": value})
    assert response.status_code == 400
    assert Article.objects.get(pk=article.pk).rating_votes == 0


def test_missing_value_and_get_are_refused():
    article = ArticleFactory()
    client = reader(article)
    assert client.post(rate_url(article), {}).status_code == 400
    assert client.get(rate_url(article)).status_code == 405


def test_a_client_without_the_reader_cookie_cannot_vote(client):
    article = ArticleFactory()
    response = client.post(rate_url(article), {"diem": "5"})
    assert response.status_code == 400
    assert "cookie" in response.content.decode()
    assert not RatingVote.objects.exists()


def test_unpublished_articles_cannot_be_rated():
    article = ArticleFactory()
    draft = ArticleFactory(status=Article.Status.DRAFT)
    client = reader(article)
    assert client.post(rate_url(draft), {"diem": "5"}).status_code == 404
    assert client.post("/tin-tuc/khong-co/danh-gia/", {"diem": "5"}).status_code == 404


def test_rate_limit_by_address_answers_429(settings):
    settings.READER_RATE_LIMITS = {"rating": (3, 60)}
    articles = [ArticleFactory() for _ in range(5)]
    client = reader(articles[0])
    statuses = [client.post(rate_url(a), {"diem": "4"}).status_code for a in articles]
    assert statuses == [302, 302, 302, 429, 429]
    limited = client.post(rate_url(articles[4]), {"diem": "4"})
    assert "thao tác quá nhanh" in limited.content.decode().lower()
    assert limited["Retry-After"] == "60"
    # Another address is not limited.
    other = reader(articles[0], REMOTE_ADDR="10.0.0.9")
    assert other.post(rate_url(articles[4]), {"diem": "4"}).status_code == 302
    assert RatingVote.objects.count() == 4
