"""Bounded work per page at archive scale: capped pagination, related articles from a
bounded candidate set, capped counts on the officials index, search ranked over a bounded
set of the newest matches. Runs on SQLite and, with DATABASE_URL set, on PostgreSQL."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import selectors
from articles.models import Article, OfficialMention
from articles.search import ranked
from articles.tests.factories import ArticleFactory, CategoryFactory
from articles.views import directory
from newsroom.pages import CappedPaginator
from people.tests.factories import OfficialFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def dated(days_ago: float, **kwargs) -> Article:
    return ArticleFactory(published_at=NOW - datetime.timedelta(days=days_ago), **kwargs)


def test_capped_paginator_counts_at_most_the_cap_plus_one(django_assert_num_queries):
    category = CategoryFactory()
    for day in range(7):
        dated(day + 1, category=category)
    paginator = CappedPaginator(Article.objects.order_by("-published_at"), 2, max_pages=2)
    with django_assert_num_queries(1):
        assert paginator.count == 4
    assert paginator.capped and paginator.num_pages == 2
    small = CappedPaginator(Article.objects.order_by("-published_at"), 2, max_pages=10)
    assert small.count == 7 and not small.capped and small.num_pages == 4


def test_category_pages_stop_at_the_cap_and_link_to_the_archive(client, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "max_pages", 2)
    category = CategoryFactory()
    articles = [dated(day + 1, category=category) for day in range(45)]
    url = reverse("articles:category", kwargs={"slug": category.slug})
    last = client.get(url, {"page": 2})
    assert last.status_code == 200
    page = last.context["page_obj"]
    assert page.paginator.capped and not page.has_next()
    oldest_shown = timezone.localtime(articles[39].published_at)
    archive = reverse(
        "articles:archive_month", kwargs={"year": oldest_shown.year, "month": oldest_shown.month}
    )
    assert last.context["older_url"] == archive
    assert f'href="{archive}"' in last.content.decode()
    assert client.get(url, {"page": 3}).status_code == 404
    first = client.get(url)
    assert "older_url" not in first.context


def test_category_page_query_count_does_not_grow(client, django_assert_num_queries):
    category = CategoryFactory()
    for day in range(3):
        dated(day + 1, category=category)
    url = reverse("articles:category", kwargs={"slug": category.slug})
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for day in range(40):
        dated(day + 10, category=category)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url, {"page": 2})


def test_related_articles_come_from_the_newest_per_shared_official(monkeypatch):
    monkeypatch.setattr("articles.models.article.RELATED_PER_LINK", 3)
    official = OfficialFactory()
    other = CategoryFactory()
    article = dated(0.5)
    OfficialMention.objects.create(article=article, official=official)
    sharing = [dated(day + 1, category=other) for day in range(6)]
    for shared in sharing:
        OfficialMention.objects.create(article=shared, official=official)
    picked_old = dated(400, category=other)
    article.related_articles.add(picked_old)
    same_category = dated(2, category=article.category)
    unrelated = dated(1, category=other)

    article = Article.objects.prefetch_related("tags", "official_mentions", "events").get(
        pk=article.pk
    )
    candidates = set(Article.objects.published().related_to(article))
    # Newest 3 sharing the official, the editor's pick, the category's newest; never the rest.
    assert candidates == {*sharing[:3], picked_old, same_category}
    assert unrelated not in candidates
    related = selectors.related_articles(article, limit=10)
    assert related[0] == picked_old
    assert related[1:4] == sharing[:3]
    assert related[4] == same_category


def test_related_articles_take_fewer_of_the_newest_per_shared_tag(monkeypatch):
    monkeypatch.setattr("articles.models.article.RELATED_PER_TAG", 2)
    other = CategoryFactory()
    article = dated(0.5)
    article.tags.add("an ninh")
    tagged = [dated(day + 1, category=other) for day in range(4)]
    for shared in tagged:
        shared.tags.add("an ninh")
    article = Article.objects.prefetch_related("tags", "official_mentions", "events").get(
        pk=article.pk
    )
    # The newest two sharing the tag; the older ones are never candidates.
    assert set(Article.objects.published().related_to(article)) == set(tagged[:2])


def test_related_articles_is_one_query(django_assert_num_queries):
    official = OfficialFactory()
    article = dated(0.5)
    article.tags.add("an ninh")
    OfficialMention.objects.create(article=article, official=official)
    for day in range(5):
        shared = dated(day + 1)
        shared.tags.add("an ninh")
        OfficialMention.objects.create(article=shared, official=official)
    article = Article.objects.prefetch_related("tags", "official_mentions", "events").get(
        pk=article.pk
    )
    selectors.related_articles(article)  # the content type is cached for the process
    with django_assert_num_queries(1):
        assert len(selectors.related_articles(article)) == 5


def test_officials_index_counts_are_capped(client, monkeypatch):
    monkeypatch.setattr(directory, "COUNT_CAP", 3)
    busy, quiet = OfficialFactory(name="Nguyễn Văn Bận"), OfficialFactory(name="Trần Văn Ít")
    for day in range(5):
        OfficialMention.objects.create(article=dated(day + 1), official=busy)
    OfficialMention.objects.create(article=dated(1), official=quiet)
    hidden = dated(1, status=Article.Status.DRAFT)
    OfficialMention.objects.create(article=hidden, official=quiet)
    counts = {
        official.pk: official.article_count
        for official in directory.OfficialListView(request=None, kwargs={}).get_queryset()
    }
    assert counts[busy.pk] == 4  # cap + 1: shown as "3+"
    assert counts[quiet.pk] == 1  # the draft is not counted
    page = client.get(reverse("people:officials")).content.decode()
    assert "3+ bài viết" in page and "1 bài viết" in page


def test_ranking_puts_the_exact_phrase_first_then_blends_recency():
    old_phrase = dated(300, title="Công an Hậu Giang ra quân trấn áp tội phạm")
    new_phrase = dated(2, title="Công an Hậu Giang tổng kết năm")
    scattered = dated(1, title="Hậu phương vững: công tác dân vận của an ninh Giang Thành")
    query = "cong an hau giang"
    found = list(ranked(Article.objects.published(), query))
    assert set(found) == {old_phrase, new_phrase, scattered}
    if connection.vendor == "postgresql":
        # The exact phrase first; between equal texts, the newer one.
        assert found == [new_phrase, old_phrase, scattered]
        assert found[0].rank > found[1].rank > found[2].rank
    else:
        assert found == [scattered, new_phrase, old_phrase]  # newest first


def test_ranking_reads_only_the_newest_candidates():
    articles = [dated(day + 1, title=f"Phòng cháy chữa cháy đợt {day}") for day in range(5)]
    query = "phong chay chua chay"
    found = list(ranked(Article.objects.published(), query, candidates=3))
    if connection.vendor == "postgresql":
        assert set(found) == set(articles[:3])
    else:
        assert found == articles  # SQLite: no ranking, every match newest first


@pytest.mark.parametrize("query", ["cong an hau giang", "CÔNG AN HẬU GIANG", "Công an Hậu Giang"])
def test_search_page_ignores_diacritics_and_counts_capped(client, query, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "max_pages", 1)
    for day in range(25):
        dated(day + 1, title=f"Công an Hậu Giang thông báo số {day}")
    response = client.get(reverse("articles:search"), {"q": query})
    assert response.status_code == 200
    assert response.context["paginator"].capped
    assert "hơn 20 bài viết" in response.content.decode()


def test_category_page_lists_its_pinned_articles_first_across_pages(client):
    parent = CategoryFactory()
    child = CategoryFactory(parent=parent)
    newest = [dated(day + 1, category=parent) for day in range(22)]
    second = dated(300, category=parent, is_pinned=True, pinned_order=2)
    first = dated(200, category=parent, is_pinned=True, pinned_order=1)
    pinned_in_child = dated(250, category=child, is_pinned=True, pinned_order=0)
    hidden = dated(100, category=parent, is_pinned=True, status=Article.Status.DRAFT)
    url = reverse("articles:category", kwargs={"slug": parent.slug})

    page_one = client.get(url).context["page_obj"]
    shown = list(page_one.object_list)
    assert shown[:2] == [first, second]  # pinned to this very category, editors' order
    assert shown[2:] == newest[:18]
    assert page_one.paginator.count == 25 and hidden not in shown
    page_two = list(client.get(url, {"page": 2}).context["page_obj"].object_list)
    # A sub-category's pin does not lead the parent's page: it takes its place by date.
    assert page_two == [*newest[18:], pinned_in_child]


def test_pinned_first_slices_like_the_list_it_stands_for():
    category = CategoryFactory()
    rest = [dated(day + 1, category=category) for day in range(5)]
    pinned = [
        dated(50 + day, category=category, is_pinned=True, pinned_order=day) for day in (0, 1)
    ]
    from articles.views.news import PinnedFirst

    articles = Article.objects.published().filter(category=category)
    here = articles.filter(is_pinned=True).order_by("pinned_order")
    listing = PinnedFirst(here, articles.exclude(is_pinned=True).order_by("-published_at"))
    whole = pinned + rest
    for start, stop in [(0, 1), (0, 2), (1, 3), (2, 4), (3, 7), (5, 99), (7, 9), (0, None)]:
        assert listing[start:stop] == whole[start:stop], (start, stop)
    assert listing[3] == whole[3]
    assert listing.count() == len(listing) == 7
    assert listing.capped_count(4) == 4 and listing.capped_count(99) == 7
    assert CappedPaginator(listing, 3, max_pages=2).count == 6


def test_feeds_sitemaps_and_author_pages_have_a_fixed_number_of_queries(
    client, django_assert_num_queries
):
    from articles.models import ArticleAuthor, Author, Event

    author = Author.objects.create(name="Thanh Tâm")
    official = OfficialFactory()

    def grow(count: int, offset: int) -> None:
        for day in range(count):
            article = dated(offset + day + 1)
            ArticleAuthor.objects.create(article=article, author=author)
            OfficialMention.objects.create(article=article, official=official)
            event = Event.objects.create(title=f"Sự kiện {offset + day}", date=NOW.date())
            event.articles.add(article)

    grow(2, 0)
    urls = [
        reverse("articles:author", kwargs={"slug": author.slug}),
        reverse("articles:rss"),
        reverse("sitemap"),
        *(
            reverse("sitemap-section", kwargs={"section": section})
            for section in ("tin-tuc", "chuyen-muc", "can-bo", "don-vi", "su-kien")
        ),
    ]
    counts = {}
    for url in urls:
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        counts[url] = len(queries.captured_queries)
    grow(25, 10)
    for url in urls:
        with django_assert_num_queries(counts[url], info=url):
            client.get(url)


def test_events_list_counts_ten_pages_at_most_and_links_the_older_month(
    client, django_assert_num_queries
):
    from articles.models import Event

    def grow(count: int, first: int) -> None:
        for day in range(first, first + count):
            # Two a day, newest first: 1 October 2021 and back.
            date = datetime.date(2021, 10, 1) - datetime.timedelta(days=day // 2)
            Event.objects.create(title=f"Hội nghị {day:04d}", date=date)

    grow(3, 0)
    url = reverse("articles:events")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    grow(220, 3)  # 223 events: more than 10 pages of 20
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    page = response.context["page_obj"]
    assert page.paginator.capped and page.paginator.num_pages == 10
    last = client.get(url, {"page": 10})
    oldest_shown = list(last.context["events"])[-1].date
    older = reverse("articles:events_month", args=[oldest_shown.year, oldest_shown.month])
    assert last.context["older_url"] == older
    assert f'href="{older}">Sự kiện cũ hơn »' in last.content.decode()
    assert client.get(url, {"page": 11}).status_code == 404
    # Every month with an event is listed, newest first, without counting its events.
    months = response.context["months"]
    assert months[0] == datetime.date(2021, 10, 1) and months[-1] == datetime.date(2021, 6, 1)
    assert len(months) == 5


def test_a_capped_count_is_said_as_more_than_on_tag_and_archive_pages(client, monkeypatch):
    """Past the cap the count is the cap: the page says "hơn 20 bài viết", never a number of
    articles that is not the real one."""
    monkeypatch.setattr(CappedPaginator, "max_pages", 1)
    for day in range(25):
        dated(day + 1).tags.add("Phòng cháy")
    tag = client.get(reverse("articles:tag", kwargs={"slug": "phong-chay"}))
    assert tag.context["paginator"].capped
    assert "hơn 20 bài viết" in tag.content.decode()
    monkeypatch.setattr(CappedPaginator, "max_pages", 5)
    every = client.get(reverse("articles:tag", kwargs={"slug": "phong-chay"}))
    assert '<p class="meta">25 bài viết</p>' in every.content.decode()
