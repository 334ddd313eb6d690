"""Template tags for reader-facing blocks: `{% visitor_stats %}`."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from newsroom import visitors

register = template.Library()

# The block is drawn between these two comments, so that a cached copy of a page can have it
# drawn afresh for each reader (articles.views.caching): the figures move on every visit.
STATS_START = "<!--thong-ke-truy-cap-->"
STATS_END = "<!--/thong-ke-truy-cap-->"


def render_visitor_stats() -> str:
    """Online now, today, this month, total: read from the cache, no database query."""
    block = render_to_string("includes/visitor_stats.html", {"stats": visitors.stats()})
    return f"{STATS_START}{block}{STATS_END}"


@register.simple_tag
def visitor_stats():
    return mark_safe(render_visitor_stats())
