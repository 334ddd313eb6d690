"""Photos on the reader's pages: cards with srcset, Open Graph, RSS enclosures, fixed queries."""

from __future__ import annotations

import datetime
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.tests.factories import ArticleFactory, CategoryFactory
from articles.tests.photo_helpers import make_photo

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def story():
    category = CategoryFactory(name="An ninh trật tự", slug="an-ninh-trat-tu")
    photo = make_photo(alt_text="Lực lượng Cảnh sát giao thông ra quân")
    article = ArticleFactory(
        title="Ra quân bảo đảm trật tự an toàn giao thông",
        category=category,
        cover=photo,
        published_at=timezone.make_aware(datetime.datetime(2021, 11, 1, 9, 0)),
    )
    article.tags.add("giao thông")
    return article, photo


def listing_urls(article) -> dict[str, str]:
    return {
        "home": reverse("articles:home"),
        "category": reverse("articles:category", kwargs={"slug": article.category.slug}),
        "tag": reverse("articles:tag", kwargs={"slug": article.tags.get().slug}),
        "archive": reverse("articles:archive_month", kwargs={"year": 2021, "month": 11}),
        "search": reverse("articles:search") + "?q=ra+quan",
    }


def card_img(html: str, article) -> str:
    card = html.split(f'href="{article.get_absolute_url()}"', 1)
    assert len(card) == 2, "no card for the article"
    found = re.search(r"<img [^>]*>", card[1])
    assert found, "the card has no photo"
    return found.group(0)


def test_cards_on_every_listing_show_the_cover_with_srcset_and_size(client, story):
    article, photo = story
    for name, url in listing_urls(article).items():
        html = client.get(url).content.decode()
        img = card_img(html, article)
        # The home page's only article leads it, in the bigger size.
        card = photo.card_big if name == "home" else photo.card
        assert f'src="{card["src"]}"' in img, name
        assert f'srcset="{photo.srcset}"' in img, name
        assert " 320w" in img and " 640w" in img and 'sizes="' in img, name
        assert f'width="{card["width"]}" height="{card["height"]}"' in img, name
        assert f'sizes="{card["sizes"]}"' in img, name
        assert 'alt="Lực lượng Cảnh sát giao thông ra quân"' in img, name


def test_lead_story_loads_first_the_others_lazily(client, story):
    article, _photo = story
    other = ArticleFactory(category=article.category, cover=make_photo())
    other.published_at = article.published_at - datetime.timedelta(hours=1)
    other.save()
    html = client.get(reverse("articles:home")).content.decode()
    assert 'fetchpriority="high"' in card_img(html, article)
    assert 'loading="lazy"' in card_img(html, other)


def test_without_a_cover_the_card_shows_the_first_photo_of_the_body(client):
    first, second = make_photo(alt_text="Ảnh thứ nhất"), make_photo(alt_text="Ảnh thứ hai")
    article = ArticleFactory(body=f"<p>Mở đầu.</p>{first.figure_html()}{second.figure_html()}")
    html = client.get(reverse("articles:home")).content.decode()
    assert 'alt="Ảnh thứ nhất"' in card_img(html, article)


def test_an_article_without_photos_has_a_card_without_image(client):
    article = ArticleFactory(body="<p>Không có ảnh.</p>")
    html = client.get(reverse("articles:home")).content.decode()
    card = html.split(f'href="{article.get_absolute_url()}"', 1)[1].split("</article>")[0]
    assert "<img" not in card


def test_open_graph_image_is_absolute_and_description_defaults_to_the_sapo(client, story):
    article, photo = story
    html = client.get(article.get_absolute_url()).content.decode()
    share = photo.share
    assert f'<meta property="og:image" content="http://testserver{share["url"]}">' in html
    assert f'<meta property="og:image:width" content="{share["width"]}">' in html
    assert f'<meta property="og:description" content="{article.lead}">' in html
    assert f'<meta name="description" content="{article.lead}">' in html


def test_meta_description_and_social_image_override_the_defaults(client, story):
    article, _cover = story
    social = make_photo(alt_text="Ảnh chia sẻ")
    article.meta_description = "Mô tả riêng cho máy tìm kiếm."
    article.social_image = social
    article.save()
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'content="http://testserver{social.share["url"]}"' in html
    assert '<meta property="og:description" content="Mô tả riêng cho máy tìm kiếm.">' in html
    assert '<meta name="description" content="Mô tả riêng cho máy tìm kiếm.">' in html


def test_body_photo_is_a_figure_with_srcset_on_the_article_page(client):
    photo = make_photo()
    article = ArticleFactory(body=photo.figure_html())
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'srcset="{photo.srcset}"' in html
    assert "<figcaption>Lễ ra quân cao điểm" in html


def test_rss_has_an_enclosure_with_url_length_and_type(client, story):
    article, photo = story
    ArticleFactory(title="Bài không ảnh")
    root = ET.fromstring(client.get(reverse("articles:rss")).content)
    items = {item.findtext("title"): item for item in root.iter("item")}
    enclosure = items[article.title].find("enclosure")
    share = photo.share
    assert enclosure.attrib == {
        "url": f"http://testserver{share['url']}",
        "length": str(share["bytes"]),
        "type": "image/jpeg",
    }
    assert items["Bài không ảnh"].find("enclosure") is None


def test_listing_query_counts_do_not_grow_with_photos(client, story, django_assert_num_queries):
    article, _photo = story
    urls = listing_urls(article)

    def counts():
        measured = {}
        for name, url in urls.items():
            client.get(url)
            with CaptureQueriesContext(connection) as context:
                assert client.get(url).status_code == 200
            measured[name] = len(context.captured_queries)
        return measured

    few = counts()
    for index in range(6):
        extra = ArticleFactory(
            title=f"Ra quân lần {index}",
            category=article.category,
            published_at=article.published_at - datetime.timedelta(hours=index + 1),
            cover=make_photo((400, 300)) if index % 2 else None,
            body=make_photo((400, 300)).figure_html() if not index % 2 else "",
        )
        extra.tags.add("giao thông")
    assert Article.objects.exclude(card_photo=None).count() == 7
    for name, url in urls.items():
        with django_assert_num_queries(few[name], info=name):
            client.get(url)
    with django_assert_num_queries(1):
        client.get(reverse("articles:rss"))


def test_json_ld_names_the_photo_and_the_description(client, story):
    article, photo = story
    article.meta_description = "Mô tả cho máy tìm kiếm."
    article.save()
    html = client.get(article.get_absolute_url()).content.decode()
    data = json.loads(html.split('<script type="application/ld+json">')[1].split("</script>")[0])
    assert data["image"] == [f"http://testserver{photo.share['url']}"]
    assert data["description"] == "Mô tả cho máy tìm kiếm."
