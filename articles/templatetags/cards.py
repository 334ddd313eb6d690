"""`{% article_card %}`: an article's card, the one markup of every list of articles.

Built in Python rather than by an `{% include %}` per card: a home page draws about thirty
cards, and the include (a template per card, its context pushed, each variable resolved and
filtered) was a quarter of the page's rendering time. `includes/article_card.html` calls this
tag, so a template that includes it gets the same markup.
"""

from __future__ import annotations

from django import template
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from newsroom.templatetags.vn import vn_date

register = template.Library()

LEAD_WORDS = 50  # articles/services/writing.py cuts a longer sapo to this on the cards too


def _photo(article, url: str, *, big: bool) -> str:
    photo = article.card_photo
    img = photo.card_big if big else photo.card
    if not img:
        return "\n"
    return format_html(
        '<a class="card-photo" href="{}" tabindex="-1"><img src="{}" srcset="{}" sizes="{}" '
        'width="{}" height="{}" alt="{}"{} decoding="async"></a>\n',
        url,
        img["src"],
        img["srcset"],
        img["sizes"],
        img["width"],
        img["height"],
        photo.alt_text,
        mark_safe(' fetchpriority="high"' if big else ' loading="lazy"'),
    )


@register.simple_tag
def article_card(
    article, *, level=3, big=False, show_lead=False, photo=False, hide_category=False
) -> str:
    """A card: photo (with `photo`), title as a heading of `level`, date, category (unless
    `hide_category`), the sapo's first words (with `show_lead`); `big` for the lead story."""
    url = article.get_absolute_url()
    with_photo = bool(photo and article.card_photo)
    level = level or 3
    published = article.published_at
    meta = format_html(
        '<time datetime="{}">{}</time>',
        timezone.localtime(published).isoformat() if published else "",
        vn_date(published, article.publish_time_known),
    )
    if article.category and not hide_category:
        category = article.category
        meta += format_html(' · <a href="{}">{}</a>', category.get_absolute_url(), category.name)
    lead = ""
    if show_lead and article.lead:
        words = Truncator(article.lead).words(LEAD_WORDS, truncate=" …")
        lead = format_html('<p class="lead">{}</p>', words)
    classes = "card" + (" card-big" if big else "") + (" card-with-photo" if with_photo else "")
    return mark_safe(
        f'<article class="{classes}">\n'
        f"  {_photo(article, url, big=big) if with_photo else ''}\n"
        '  <div class="card-text">\n'
        f'  <h{level} class="card-title"><a href="{conditional_escape(url)}">'
        f"{conditional_escape(article.title)}</a></h{level}>\n"
        f'  <p class="meta">{meta}</p>\n'
        f"  {lead}\n"
        "  </div>\n"
        "</article>\n"
    )
