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


def render_visitor_stats(prefetched: dict | None = None) -> str:
    """Online now, today, this month, total: read from the cache (or from `prefetched`, the
    values of `visitors.stats_keys`), no database query."""
    stats = visitors.stats(prefetched=prefetched)
    block = render_to_string("includes/visitor_stats.html", {"stats": stats})
    return f"{STATS_START}{block}{STATS_END}"


@register.simple_tag
def visitor_stats():
    return mark_safe(render_visitor_stats())
