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


def unique_slugs(model, texts: list[str], *, max_length: int = 200) -> list[str]:
    """`unique_slug` for several new rows at once, as if each were saved before the next.

    One query for the plain slugs; a slug already taken is then numbered as `unique_slug`
    numbers it, one query per number tried (rare: a title seen before).
    """
    bases = [slugify_vi(text, max_length=max_length - 6) or "muc" for text in texts]
    taken = set(model._default_manager.filter(slug__in=set(bases)).values_list("slug", flat=True))
    slugs: list[str] = []
    used: set[str] = set()
    for base in bases:
        slug, counter = base, 2
        if slug in used or slug in taken:
            slug = f"{base}-{counter}"
            while slug in used or model._default_manager.filter(slug=slug).exists():
                counter += 1
                slug = f"{base}-{counter}"
        used.add(slug)
        slugs.append(slug)
    return slugs
