"""The article form's autosave: an endpoint, and the script that calls it.

The script (newsroom/static/newsroom/admin/autosave.js, loaded from 'self' under the strict
CSP) posts the title, sapo and body of an article being edited at most every few seconds
while they change, and warns before the page is left with changes not saved. A new article not
yet saved has no row to save into: its text is kept in the browser (localStorage) and offered
back when the add page is opened again, so an empty draft is never created behind the
writer's back. The rules of what may be saved are in articles/services/autosave.py.
"""

from __future__ import annotations

from django import forms
from django.http import JsonResponse
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from articles.services.autosave import AUTOSAVED_STATUSES, AutosaveRefused, autosave_draft

AUTOSAVE_SECONDS = 5


class AutosaveAdminMixin:
    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_autosave"
        view = self.admin_site.admin_view(require_POST(self.autosave_view))
        return [path("<int:pk>/tu-dong-luu/", view, name=name), *super().get_urls()]

    def autosave_view(self, request, pk):
        if not self.has_change_permission(request):
            return JsonResponse({"error": "Bạn không được sửa bài viết."}, status=403)
        try:
            article = autosave_draft(
                article_pk=pk,
                user=request.user,
                title=request.POST.get("title", ""),
                lead=request.POST.get("lead", ""),
                body=request.POST.get("body", ""),
            )
        except AutosaveRefused as refused:
            return JsonResponse({"error": str(refused)}, status=refused.code)
        saved = timezone.localtime(article.updated_at)
        return JsonResponse({"saved_at": f"{saved:%H:%M:%S}", "message": "Đã tự động lưu"})

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        may_change = add or self.has_change_permission(request, obj)
        if not may_change:
            mode = ""
        elif obj is None or obj.pk is None:
            mode = "local"
        elif obj.status in AUTOSAVED_STATUSES:
            mode = "server"
        else:
            mode = "warn"  # published or scheduled: only the warning before leaving
        name = f"admin:{self.opts.app_label}_{self.opts.model_name}_autosave"
        context["autosave"] = {
            "mode": mode,
            "url": reverse(name, args=[obj.pk]) if mode == "server" else "",
            "key": f"newsroom-autosave:{request.user.pk}:new" if mode == "local" else "",
            "seconds": AUTOSAVE_SECONDS,
        }
        return super().render_change_form(request, context, add, change, form_url, obj)

    @property
    def media(self):
        return super().media + forms.Media(js=["newsroom/admin/autosave.js"])
