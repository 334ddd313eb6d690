"""Unique ASCII slugs for any model's rows (Vietnamese names, đ→d, via newsroom.text)."""

from __future__ import annotations

from .text import slugify_vi


def unique_slug(model, text: str, *, instance_pk=None, max_length: int = 200) -> str:
    """An ASCII slug for `text` that no other row of `model` uses ("-2", "-3"… on clashes)."""
    base = slugify_vi(text, max_length=max_length - 6) or "muc"
    slug, counter = base, 2
    others = model._default_manager.exclude(pk=instance_pk) if instance_pk else model.objects
    while others.filter(slug=slug).exists():
        slug = f"{base}-{counter}"
        counter += 1
    return slug
