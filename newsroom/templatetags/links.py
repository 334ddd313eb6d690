"""`{{ day|month_url:"articles:events_month" }}`: the address of a day's month on a list of
months, without a `{% url %}` (a full reverse()) per month (newsroom/links.py)."""

from django import template

from newsroom import links

register = template.Library()


@register.filter
def month_url(day, viewname: str) -> str:
    return links.month_url(viewname, day.year, day.month)
