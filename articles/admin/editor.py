"""Vietnamese labels for the body editor's dialogs in the admin.

django-prose-editor translates its dialogs ("Image URL", "Caption", "Insert"…) through
Django's JavaScript catalog, but ships no Vietnamese; ours is in
articles/locale/vi/LC_MESSAGES/djangojs.po and is served next to the article form.
"""

from __future__ import annotations

from django import forms
from django.urls import path, reverse
from django.views.i18n import JavaScriptCatalog


class EditorTranslationsMixin:
    """Serves the articles app's JavaScript catalog and loads it with the article form."""

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_editor_jsi18n"
        view = JavaScriptCatalog.as_view(packages=["articles"])
        url = path("bien-tap-jsi18n/", self.admin_site.admin_view(view), name=name)
        return [url, *super().get_urls()]

    @property
    def media(self):
        name = f"admin:{self.opts.app_label}_{self.opts.model_name}_editor_jsi18n"
        return super().media + forms.Media(js=[reverse(name)])
