"""Admin pages for article revisions: the list, a comparison of any two, restoring one.

Built on django-simple-history's SimpleHistoryAdmin (which lists the revisions and records
the user on save); the comparison and the restore are ours, in Vietnamese, and restore only
the content fields (see articles/revisions.py). Every page checks the same permissions as the
article's change form, so whatever limits an editor there limits them here.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import urlencode
from simple_history.admin import SimpleHistoryAdmin

from articles.models import Article
from articles.services.revisions import (
    RESTORED_FIELDS,
    compare,
    describe,
    history_type_label,
    restore_revision,
)


class CompareForm(forms.Form):
    a = forms.IntegerField(min_value=1)
    b = forms.IntegerField(min_value=1)


class ArticleRevisionsAdminMixin(SimpleHistoryAdmin):
    """Adds 'Lịch sử' (the revisions), 'So sánh' and 'Khôi phục' to the article admin."""

    object_history_template = "admin/articles/article/revisions.html"
    object_history_list_template = "admin/articles/article/revisions_list.html"
    history_list_per_page = 50

    def _url_name(self, view: str) -> str:
        return f"{self.opts.app_label}_{self.opts.model_name}_{view}"

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/phien-ban/so-sanh/",
                wrap(self.revision_compare_view),
                name=self._url_name("revision_compare"),
            ),
            path(
                "<path:object_id>/phien-ban/<int:history_id>/khoi-phuc/",
                wrap(self.revision_restore_view),
                name=self._url_name("revision_restore"),
            ),
            *super().get_urls(),
        ]

    # -- helpers ---------------------------------------------------------------------------

    def _article_or_404(self, request, object_id) -> Article:
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("Không có bài viết này.")
        return article

    def _revisions(self, article):
        return Article.history.filter(id=article.pk).select_related(
            "history_user", "category", "source"
        )

    def _history_url(self, article) -> str:
        return reverse(f"admin:{self._url_name('history')}", args=[article.pk])

    def _context(self, request, article, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "object": article,
            "history_url": self._history_url(article),
            **extra,
        }

    # -- views -----------------------------------------------------------------------------

    def history_view(self, request, object_id, extra_context=None):
        extra = {"title": "Các phiên bản", **(extra_context or {})}
        return super().history_view(request, object_id, extra_context=extra)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """simple-history's single-revision page: shown as a comparison with today's."""
        article = self._article_or_404(request, object_id)
        latest = self._revisions(article).first()
        if latest is None or not str(version_id).isdigit():
            raise Http404
        url = reverse(f"admin:{self._url_name('revision_compare')}", args=[article.pk])
        return HttpResponseRedirect(f"{url}?{urlencode({'a': version_id, 'b': latest.pk})}")

    def revision_compare_view(self, request, object_id):
        article = self._article_or_404(request, object_id)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        form = CompareForm(request.GET)
        records = []
        if form.is_valid():
            ids = {form.cleaned_data["a"], form.cleaned_data["b"]}
            records = sorted(
                self._revisions(article).filter(history_id__in=ids),
                key=lambda r: (r.history_date, r.history_id),
            )
        if not form.is_valid() or len(records) != len(ids) or len(ids) != 2:
            messages.error(request, "Hãy chọn hai phiên bản khác nhau của bài viết này để so sánh.")
            return HttpResponseRedirect(self._history_url(article))
        old, new = records
        context = self._context(
            request,
            article,
            title=f"So sánh hai phiên bản: {article}",
            old=old,
            new=new,
            old_label=describe(old),
            new_label=describe(new),
            old_type=history_type_label(old),
            new_type=history_type_label(new),
            changes=compare(old, new),
            can_restore=self.has_change_permission(request, article),
        )
        return TemplateResponse(request, "admin/articles/article/revision_compare.html", context)

    def revision_restore_view(self, request, object_id, history_id):
        article = self._article_or_404(request, object_id)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        revision = get_object_or_404(self._revisions(article), history_id=history_id)
        if request.method == "POST":
            restored = restore_revision(article=article, revision=revision, user=request.user)
            message = f"Đã khôi phục nội dung phiên bản {describe(revision)}."
            self.log_change(request, restored, message)
            messages.success(request, message + " Thao tác này được lưu thành phiên bản mới.")
            return HttpResponseRedirect(
                reverse(f"admin:{self._url_name('change')}", args=[restored.pk])
            )
        current = self._revisions(article).first() or revision
        changes = [c for c in compare(current, revision) if c.name in RESTORED_FIELDS]
        context = self._context(
            request,
            article,
            title=f"Khôi phục phiên bản: {article}",
            revision=revision,
            revision_label=describe(revision),
            changes=changes,
        )
        return TemplateResponse(request, "admin/articles/article/revision_restore.html", context)
