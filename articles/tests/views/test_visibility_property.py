"""Property (issue 12): for a random mix of published and hidden articles naming the same
officials, units, tags and events, every public page, feed, sitemap and search filter is the
same as for the published articles alone.

Each seed builds a random set of published pages through the import pipeline (the path that
resolves officials, units, positions and events), renders every public address readers can
reach, then adds hidden articles of every kind naming the same people, units, tags and
events with other ranks, titles and dates (imported as drafts and in review, scheduled,
archived, expired, and a draft recognised on save in the admin), and renders them again:
every page must be byte for byte the same.
"""

from __future__ import annotations

import datetime
import random
import re

import pytest
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone

from articles.ingestion.service import import_page
from articles.models import Article, OfficialMention
from articles.selectors import public_events, public_officials, public_tags, public_units
from articles.services import workflow
from articles.services.recognition import recognise_article
from articles.tests.factories import ArticleFactory
from articles.tests.workflow_helpers import make_user

pytestmark = pytest.mark.django_db

NAMES = [
    "Huỳnh Việt Hòa",
    "Lâm Phước Nguyên",
    "Nguyễn Thanh Tùng",
    "Trần Minh Đức",
    "Phạm Thị Thu Hà",
]
# Named only by hidden articles: never on a page.
HIDDEN_NAMES = ["Đỗ Văn Kín", "Lý Thị Mật"]
RANKS = ["Đại tá", "Thượng tá", "Trung tá", "Thiếu tướng"]
TITLES = [
    "Giám đốc Công an tỉnh Hậu Giang",
    "Phó Giám đốc Công an tỉnh Hậu Giang",
    "Trưởng phòng Tham mưu Công an tỉnh Hậu Giang",
    "Chánh Văn phòng Cơ quan Cảnh sát điều tra Công an tỉnh Hậu Giang",
]
HIDDEN_TITLES = ["Bí thư Đảng ủy Công an tỉnh Hậu Giang", "Trưởng phòng An ninh mạng"]
TAGS = ["phòng chống dịch", "an ninh trật tự", "cải cách hành chính"]
HIDDEN_TAGS = ["chuyên án bí mật"]
TOPICS = ["triển khai nhiệm vụ", "sơ kết công tác", "tổng kết phong trào", "tập huấn nghiệp vụ"]


def page(*, day: datetime.datetime, lead: tuple, other: tuple, topic: str, number: int) -> str:
    (lead_rank, lead_name, lead_title), (rank, name, title) = lead, other
    date = f"{day:%d/%m/%Y}"
    return (
        f"Công an tỉnh Hậu Giang {topic} đợt {number}\n\n"
        f"Thứ hai - {date} {day:%H:%M} 10 0\n"
        f"        Ngày {date}, tại Hội trường Công an tỉnh Hậu Giang, đồng chí {lead_rank} "
        f"{lead_name}, {lead_title} chủ trì hội nghị {topic} đợt {number}.\n"
        f"Dự hội nghị có đồng chí {rank} {name}, {title}.\n"
    )


def person(rng, names=NAMES, titles=TITLES) -> tuple:
    return rng.choice(RANKS), rng.choice(names), rng.choice(titles)


def import_text(text: str, status: str, number: int) -> Article:
    outcome = import_page(data=text.encode(), file_name=f"trang-{number}.txt", status=status)
    assert outcome.article_id, outcome
    return Article.objects.get(pk=outcome.article_id)


def build_published(rng) -> list[tuple[datetime.datetime, tuple]]:
    """Published pages, a few on the same day with the same lead (one event, several
    reports). Returns each page's day and lead, for hidden pages to join."""
    made = []
    start = datetime.datetime(2021, 3, 1, 8, 0)
    for number in range(rng.randint(4, 7)):
        if made and rng.random() < 0.3:
            day, lead = rng.choice(made)
            day = day + datetime.timedelta(minutes=30)
        else:
            day = start + datetime.timedelta(days=rng.randint(0, 900), hours=rng.randint(0, 10))
            lead = person(rng)
        text = page(day=day, lead=lead, other=person(rng), topic=rng.choice(TOPICS), number=number)
        article = import_text(text, Article.Status.PUBLISHED, number)
        article.tags.add(*rng.sample(TAGS, rng.randint(1, 2)))
        made.append((day, lead))
    assert OfficialMention.objects.exists()
    return made


def add_hidden(rng, published) -> None:
    """Hidden articles of every kind, naming the same people, units, events and tags, with
    other ranks, titles and dates (later ones, and the days of the published events)."""
    now = timezone.localtime()
    editor = make_user("editor")
    names = NAMES + HIDDEN_NAMES
    titles = TITLES + HIDDEN_TITLES

    def hidden_page(number: int, *, future: bool = False) -> str:
        if future:
            day = (now + datetime.timedelta(days=rng.randint(1, 30))).replace(tzinfo=None)
        elif rng.random() < 0.5:
            day, lead = rng.choice(published)  # the same day and lead: the same event
            day = day + datetime.timedelta(hours=1)
            return page(
                day=day,
                lead=(rng.choice(RANKS), lead[1], rng.choice(titles)),
                other=person(rng, names, titles),
                topic=rng.choice(TOPICS),
                number=number,
            )
        else:
            day = datetime.datetime(2025, 1, 1, 8) + datetime.timedelta(days=rng.randint(0, 600))
        return page(
            day=day,
            lead=person(rng, names, titles),
            other=person(rng, names, titles),
            topic=rng.choice(TOPICS),
            number=number,
        )

    def tagged(article: Article) -> Article:
        article.tags.add(rng.choice(TAGS), *HIDDEN_TAGS)
        return article

    number = 100
    for kind in ["draft", "review", "archived", "expired", "scheduled", "unpublished"] * 2:
        number += 1
        if kind == "draft":
            tagged(import_text(hidden_page(number), Article.Status.DRAFT, number))
        elif kind == "review":
            tagged(import_text(hidden_page(number), Article.Status.REVIEW, number))
        elif kind == "archived":
            article = tagged(import_text(hidden_page(number), Article.Status.DRAFT, number))
            article.status = Article.Status.ARCHIVED
            article.save()
        elif kind == "expired":
            article = tagged(import_text(hidden_page(number), Article.Status.DRAFT, number))
            article.status = Article.Status.PUBLISHED
            article.expires_at = timezone.now() - datetime.timedelta(minutes=1)
            article.save()
        elif kind == "scheduled":
            text = hidden_page(number, future=True)
            tagged(import_text(text, Article.Status.PUBLISHED, number))
        else:  # published for a moment, then taken down through the workflow
            article = tagged(import_text(hidden_page(number), Article.Status.DRAFT, number))
            article.published_at = timezone.now() + datetime.timedelta(days=3)
            workflow.transition(article, Article.Status.PUBLISHED, editor)
            workflow.transition(article, Article.Status.DRAFT, editor)
    # Written in the admin and recognised on save (articles.services.recognition).
    for _ in range(2):
        number += 1
        text = hidden_page(number)
        body = "".join(f"<p>{line.strip()}</p>" for line in text.split("\n")[3:] if line.strip())
        article = ArticleFactory(
            category=Article.objects.first().category,
            status=Article.Status.DRAFT,
            published_at=None,
            title=text.split("\n")[0],
            lead="",
            body=body,
        )
        recognise_article(article, editor)
        tagged(article)
    assert Article.objects.exclude(pk__in=Article.objects.published()).count() >= 12


def public_addresses() -> list[str]:
    """Every address readers can reach from the published articles."""
    urls = [
        reverse("articles:home"),
        reverse("people:officials"),
        reverse("people:units"),
        reverse("articles:events"),
        reverse("articles:search"),
        reverse("articles:search") + "?q=cong+an",
        reverse("articles:rss"),
        reverse("sitemap"),
        reverse("robots"),
    ]
    urls += [
        reverse("sitemap-section", args=[s])
        for s in ("tin-tuc", "chuyen-muc", "can-bo", "don-vi", "su-kien")
    ]
    for article in Article.objects.published():
        urls.append(article.get_absolute_url())
        urls.append(reverse("articles:archive_year", args=[article.published_at.year]))
        local = timezone.localtime(article.published_at)
        urls.append(
            reverse("sitemap-articles", kwargs={"year": local.year, "month": f"{local.month:02d}"})
        )
        if article.category_id:
            urls.append(article.category.get_absolute_url())
            urls.append(reverse("articles:rss-category", args=[article.category.slug]))
    search = reverse("articles:search")
    for official in public_officials():
        urls += [official.get_absolute_url(), f"{search}?can_bo={official.slug}"]
    for unit in public_units():
        urls += [unit.get_absolute_url(), f"{search}?don_vi={unit.slug}"]
    for event in public_events():
        urls += [event.get_absolute_url(), f"{search}?su_kien={event.slug}"]
        if event.date:
            urls.append(reverse("articles:events_month", args=[event.date.year, event.date.month]))
            urls.append(reverse("sitemap-events", args=[event.date.year]))
    for tag in public_tags():
        urls += [reverse("articles:tag", args=[tag.slug]), f"/tim-kiem/?tu_khoa={tag.slug}"]
    for name in NAMES + HIDDEN_NAMES:
        urls.append(f"{reverse('articles:search')}?q={name}")
    return sorted(set(urls))


# The one volatile part of a page: the CSRF token of the rating and error-report forms is
# masked afresh on every response.
CSRF = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*')


def render(client, urls) -> dict[str, tuple[int, str]]:
    pages = {}
    for url in urls:
        for alias in ("default", "pages"):
            caches[alias].clear()  # the visitor counters in the footer
        response = client.get(url)
        assert response.status_code < 500, url
        body = b"".join(response) if response.streaming else response.content
        pages[url] = (response.status_code, CSRF.sub(r"\1", body.decode()))
    return pages


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_hidden_articles_change_no_public_page(client, seed):
    rng = random.Random(seed)
    published = build_published(rng)
    urls = public_addresses()
    render(client, urls)  # the first reading counts the articles' views
    before = render(client, urls)
    assert len([u for u, (status, _) in before.items() if status == 200]) > 20

    add_hidden(rng, published)
    assert public_addresses() == urls  # no new public record
    after = render(client, urls)
    changed = [url for url in urls if after[url] != before[url]]
    assert not changed, _explain(changed, before, after)
    # (A search for a name echoes it: those pages are compared above, not searched here.)
    shown = [text for url, (_, text) in after.items() if "?q=" not in url]
    for name in HIDDEN_NAMES + HIDDEN_TITLES + HIDDEN_TAGS:
        assert not any(name in text for text in shown), name


def test_the_property_sees_a_leak(client):
    """The check itself fails when a hidden article's rank reaches a page."""
    rng = random.Random(1)
    build_published(rng)
    urls = public_addresses()
    render(client, urls)
    before = render(client, urls)
    official = OfficialMention.objects.exclude(rank="Thiếu tướng").first().official
    official.current_rank = "Thiếu tướng"  # as resolution wrote a draft's rank before
    official.save()
    after = render(client, urls)
    assert any(after[url] != before[url] for url in urls)


def _explain(changed, before, after) -> str:
    import difflib

    url = changed[0]
    diff = difflib.unified_diff(
        before[url][1].splitlines(), after[url][1].splitlines(), lineterm="", n=0
    )
    return f"{len(changed)} pages changed, e.g. {url}:\n" + "\n".join(list(diff)[:30])
