"""Vietnamese formatting filters: weekday dates, grouped numbers, names in written order."""

from __future__ import annotations

import datetime

from django import template
from django.utils import timezone

from newsroom import users

register = template.Library()

WEEKDAYS = ["Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật"]


@register.filter
def vn_date(value, with_time: bool = True) -> str:
    """'Thứ hai, 01/11/2021 22:57' in the site's time zone; the date alone if with_time is False."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        text = f"{WEEKDAYS[local.weekday()]}, {local:%d/%m/%Y}"
        return f"{text} {local:%H:%M}" if with_time else text
    return f"{WEEKDAYS[value.weekday()]}, {value:%d/%m/%Y}"


@register.filter
def vn_number(value) -> str:
    """Thousands grouped with dots, as Vietnamese pages print them: 2310 -> '2.310'."""
    try:
        return f"{int(value):,}".replace(",", ".")
    except (TypeError, ValueError):
        return ""


@register.filter
def full_name(user) -> str:
    """A user's name in the order written (newsroom/users.py), else their username."""
    return users.full_name(user) if user is not None else ""
