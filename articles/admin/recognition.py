"""Saving an article in the admin recognises its officials, units and events, like an import."""

from __future__ import annotations

from django.contrib import messages
from django.utils.translation import ngettext

from articles.services.recognition import recognise_article


class RecognitionAdminMixin:
    """After the form and its inlines are saved (so an editor's removals are in the database),
    run articles.services.recognition on the article."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        added = recognise_article(form.instance, request.user)
        if added:
            self.message_user(
                request,
                ngettext(
                    "Đã nhận diện và gắn %(n)d cán bộ, đơn vị hoặc sự kiện nhắc đến trong bài.",
                    "Đã nhận diện và gắn %(n)d cán bộ, đơn vị hoặc sự kiện nhắc đến trong bài.",
                    added,
                )
                % {"n": added},
                messages.INFO,
            )
