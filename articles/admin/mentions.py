"""Curating what the recogniser found: the review list, confirming and splitting mentions."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.models import REVIEW_BELOW_CONFIDENCE, MentionToReview, OfficialMention, UnitMention
from articles.services.curation import split_official
from newsroom.admin_fields import LineListAdminMixin, lines_display
from newsroom.admin_mixins import BoundedInlineMixin, FoldedSearchMixin, NewestRowsFormSet
from newsroom.templatetags.vn import vn_number
from people.admin import OfficialAdmin, UnitAdmin
from people.models import Official, Unit


class ConfidenceFilter(admin.SimpleListFilter):
    title = _("độ tin cậy")
    parameter_name = "tin_cay"

    def lookups(self, request, model_admin):
        return [
            ("thap", _("Thấp (cần xem lại)")),
            ("cao", _("Cao")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "thap":
            return queryset.filter(confidence__lt=REVIEW_BELOW_CONFIDENCE)
        if self.value() == "cao":
            return queryset.filter(confidence__gte=REVIEW_BELOW_CONFIDENCE)
        return queryset


@admin.action(description=_("Xác nhận đúng người, đúng chức vụ"), permissions=["change"])
def confirm_mentions(modeladmin, request, queryset):
    count = queryset.filter(confirmed=False).update(confirmed=True)
    modeladmin.message_user(
        request,
        ngettext("Đã xác nhận %d lần nhắc đến.", "Đã xác nhận %d lần nhắc đến.", count) % count,
        messages.SUCCESS,
    )


@admin.action(
    description=_("Tách thành một cán bộ khác (trùng tên, khác người)"),
    permissions=["change"],
)
def split_mentions(modeladmin, request, queryset):
    mentions = list(queryset.select_related("official").order_by("article__published_at", "pk"))
    officials = {m.official_id for m in mentions}
    if len(officials) != 1:
        modeladmin.message_user(
            request,
            _("Chọn các lần nhắc đến của cùng một cán bộ để tách."),
            messages.ERROR,
        )
        return
    try:
        new = split_official(official=mentions[0].official, mentions=mentions)
    except ValueError as err:
        modeladmin.message_user(request, str(err), messages.ERROR)
        return
    modeladmin.message_user(
        request,
        _("Đã tách %(n)d lần nhắc đến sang cán bộ mới «%(name)s» (mã %(pk)d).")
        % {"n": len(mentions), "name": new.name, "pk": new.pk},
        messages.SUCCESS,
    )


@admin.register(OfficialMention)
class OfficialMentionAdmin(LineListAdminMixin, FoldedSearchMixin, admin.ModelAdmin):
    line_list_fields = ("titles",)
    list_display = [
        "official",
        "name_as_printed",
        "rank",
        "titles_display",
        "unit",
        "article",
        "confidence",
        "confirmed",
    ]
    list_filter = [ConfidenceFilter, "confirmed", "rank"]
    list_select_related = ["official", "article", "unit"]
    search_fields = ["official__search_key", "article__search_text"]
    autocomplete_fields = ["official", "article", "unit"]
    actions = [confirm_mentions, split_mentions]

    @admin.display(description=_("chức vụ như in"))
    def titles_display(self, mention):
        return lines_display(mention.titles)


@admin.register(MentionToReview)
class MentionToReviewAdmin(OfficialMentionAdmin):
    """Least sure first; a mention leaves the list once an editor confirms or corrects it."""

    list_filter = ["rank"]
    ordering = ["confidence", "pk"]

    def get_queryset(self, request):
        return super().get_queryset(request).to_review()

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        obj.confirmed = True  # an editor looked at it and saved it: it is reviewed
        super().save_model(request, obj, form, change)


@admin.register(UnitMention)
class UnitMentionAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["unit", "article", "name_as_printed", "confidence"]
    list_filter = [ConfidenceFilter, "unit__kind"]
    list_select_related = ["unit", "article"]
    search_fields = ["unit__name_key", "name_as_printed", "article__search_text"]
    autocomplete_fields = ["unit", "article"]


class _MentionsInline(BoundedInlineMixin, admin.TabularInline):
    """The articles that name an official or unit, the last added first, editable where they
    stand: only the newest NewestRowsFormSet.max_rows, the parent's "all_mentions" links to
    the rest (walked backwards on the (official|unit, article) index, not sorted by date)."""

    formset = NewestRowsFormSet
    extra = 0
    show_change_link = True
    autocomplete_fields = ["article"]

    def get_queryset(self, request):
        return super().get_queryset(request).order_by("-article_id", "-pk")


class MentionsOfOfficialInline(LineListAdminMixin, _MentionsInline):
    model = OfficialMention
    line_list_fields = ("titles",)
    fk_name = "official"
    fields = ["article", "name_as_printed", "rank", "titles", "unit", "confidence", "confirmed"]
    autocomplete_fields = ["article", "unit"]
    verbose_name_plural = _("các bài nhắc đến cán bộ này (mới nhất)")


class MentionsOfUnitInline(_MentionsInline):
    model = UnitMention
    fk_name = "unit"
    fields = ["article", "name_as_printed", "confidence"]
    verbose_name_plural = _("các bài nhắc đến đơn vị này (mới nhất)")


class AllMentionsLinkMixin:
    """A read-only "các bài nhắc đến" line: how many articles (counted up to a cap) and a
    link to all of them in the mentions' list, filtered by this official or unit."""

    mentions_model = OfficialMention
    mentions_fk = "official"
    count_cap = 10_000

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is None:
            return fields
        # The line is drawn from the object alone: whether this editor may open the mentions'
        # list (else no link to a 403) travels with it.
        mentions_admin = self.admin_site._registry.get(self.mentions_model)
        obj._may_list_mentions = bool(
            mentions_admin and mentions_admin.has_view_permission(request)
        )
        return [*fields, "all_mentions"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or "all_mentions" in flatten_fieldsets(fieldsets):
            return fieldsets  # (without fieldsets of its own, the admin lists it already)
        return [*fieldsets, (None, {"fields": ["all_mentions"]})]

    @admin.display(description=_("các bài nhắc đến"))
    def all_mentions(self, obj):
        rows = self.mentions_model.objects.filter(**{self.mentions_fk: obj}).order_by()
        count = rows[: self.count_cap + 1].count()
        if not count:
            return _("chưa có bài nào")
        shown = min(count, NewestRowsFormSet.max_rows)
        if count > self.count_cap:
            total = _("hơn %(n)s bài") % {"n": vn_number(self.count_cap)}
        else:
            total = ngettext("%(n)s bài", "%(n)s bài", count) % {"n": vn_number(count)}
        newest = _("%(n)d bài mới nhất sửa được ở cuối trang") % {"n": shown}
        if not getattr(obj, "_may_list_mentions", False):
            return format_html("{} ({})", total, newest)
        opts = self.mentions_model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        url += f"?{self.mentions_fk}__id__exact={obj.pk}"
        return format_html('{} — <a href="{}">{}</a> ({})', total, url, _("xem tất cả"), newest)


# people.admin knows nothing of articles: the articles app registers its own subclasses of
# the directory's admins, with the articles that name each official or unit.
admin.site.unregister(Official)
admin.site.unregister(Unit)


@admin.register(Official)
class OfficialWithMentionsAdmin(AllMentionsLinkMixin, OfficialAdmin):
    inlines = [*OfficialAdmin.inlines, MentionsOfOfficialInline]


@admin.register(Unit)
class UnitWithMentionsAdmin(AllMentionsLinkMixin, UnitAdmin):
    mentions_model = UnitMention
    mentions_fk = "unit"

    inlines = [*UnitAdmin.inlines, MentionsOfUnitInline]
