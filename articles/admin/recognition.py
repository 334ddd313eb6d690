"""Saving an article in the admin recognises its officials, units and events, like an import."""

from __future__ import annotations

from django.contrib import messages
from django.utils.translation import ngettext

from articles.services.recognition import recognise_article


class RecognitionAdminMixin:
    """After the form and its inlines are saved (so an editor's removals are in the database),
    run articles.services.recognition on the article; say what it linked after the save's
    own message."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        request._recognised = recognise_article(form.instance, request.user)

    def _say_recognised(self, request) -> None:
        added = getattr(request, "_recognised", 0)
        if added:
            text = ngettext(
                "Đã nhận diện và gắn %(n)d cán bộ, đơn vị hoặc sự kiện nhắc đến trong bài.",
                "Đã nhận diện và gắn %(n)d cán bộ, đơn vị hoặc sự kiện nhắc đến trong bài.",
                added,
            )
            self.message_user(request, text % {"n": added}, messages.INFO)

    def response_add(self, request, obj, post_url_continue=None):
        response = super().response_add(request, obj, post_url_continue)
        self._say_recognised(request)
        return response

    def response_change(self, request, obj):
        response = super().response_change(request, obj)
        self._say_recognised(request)
        return response
