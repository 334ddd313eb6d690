"""{% article_card %}: the card every list of articles draws (articles/templatetags/cards.py)."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import timezone

from articles.tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def card(article, options: str = "") -> str:
    template = Template("{% load cards %}{% article_card article " + options + " %}")
    return template.render(Context({"article": article}))


def test_title_links_to_the_article_and_is_escaped():
    article = ArticleFactory(title='Tin <b>"đặc biệt"</b> & mới')
    html = card(article)
    assert f'<a href="{article.get_absolute_url()}">' in html
    assert "Tin &lt;b&gt;&quot;đặc biệt&quot;&lt;/b&gt; &amp; mới" in html
    assert "<b>" not in html


def test_heading_level_and_big_card():
    article = ArticleFactory()
    assert '<h2 class="card-title">' in card(article, "level=2")
    assert '<h3 class="card-title">' in card(article)  # the default
    assert 'class="card card-big"' in card(article, "big=True")


def test_date_in_local_time_with_weekday():
    moment = timezone.make_aware(datetime.datetime(2021, 11, 1, 22, 57))
    article = ArticleFactory(published_at=moment)
    html = card(article)
    assert f'<time datetime="{timezone.localtime(moment).isoformat()}">' in html
    assert "Thứ hai, 01/11/2021 22:57</time>" in html


def test_category_unless_hidden():
    article = ArticleFactory()
    link = f'<a href="{article.category.get_absolute_url()}">{article.category.name}</a>'
    assert link in card(article)
    assert link not in card(article, "hide_category=True")


def test_lead_only_when_asked_and_cut_to_fifty_words():
    words = [f"từ{i}" for i in range(80)]
    article = ArticleFactory(lead=" ".join(words) + " <script>")
    assert 'class="lead"' not in card(article)
    html = card(article, "show_lead=True")
    assert " ".join(words[:50]) + " …</p>" in html
    assert "từ50" not in html and "<script>" not in html


def test_no_photo_markup_without_a_card_photo():
    article = ArticleFactory()
    html = card(article, "photo=True")
    assert "card-with-photo" not in html and "<img" not in html
