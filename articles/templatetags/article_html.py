"""Template filters for article HTML."""

from django import template
from django.utils.safestring import mark_safe

from articles.sanitise import sanitise_html

register = template.Library()


@register.filter
def clean_html(value):
    """A body, through the same sanitiser as on save, marked safe only after that."""
    return mark_safe(sanitise_html(value))  # nh3 output: allow-listed tags and attributes only


@register.filter
def absolute_url(url, request):
    """An address with scheme and host, as Open Graph wants (an S3 address is already one)."""
    return request.build_absolute_uri(url) if url and request is not None else url
