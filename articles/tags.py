"""Tags get ASCII Vietnamese slugs (/the/phong-chong-dich/), as every other public address.

django-taggit keeps Unicode in slugs by default ("phòng-chống-dịch"); its ASCII option needs
the GPL `Unidecode` package and would not map đ to d through our own fold(). This receiver
replaces a non-ASCII slug with `slugify_vi` of the name, unique among tags.
"""

from __future__ import annotations

from django.db.models.signals import pre_save
from django.dispatch import receiver
from taggit.models import Tag

from people.models import unique_slug

TAG_SLUG_MAX_LENGTH = Tag._meta.get_field("slug").max_length


@receiver(pre_save, sender=Tag)
def ascii_tag_slug(sender, instance, raw=False, **kwargs):
    if raw or (instance.slug and instance.slug.isascii()):
        return
    instance.slug = unique_slug(
        Tag, instance.name, instance_pk=instance.pk, max_length=TAG_SLUG_MAX_LENGTH
    )
