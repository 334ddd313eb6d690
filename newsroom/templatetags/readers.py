"""Template tags for reader-facing blocks: `{% visitor_stats %}`."""

from django import template

from newsroom import visitors

register = template.Library()


@register.inclusion_tag("includes/visitor_stats.html")
def visitor_stats():
    """Online now, today, this month, total: read from the cache, no database query."""
    return {"stats": visitors.stats()}
