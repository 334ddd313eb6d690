"""Admin for the site-wide records: the portal's settings, and the users' names whole."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import User

from .models import PortalSettings
from .users import written_name

NAME_MAX = User._meta.get_field("first_name").max_length


class NewsroomUserChangeForm(UserChangeForm):
    """One "Họ và tên" field instead of Django's first and last name: a Vietnamese name is
    written whole, family name first, and stored whole in `first_name`."""

    full_name = forms.CharField(
        label="Họ và tên",
        max_length=NAME_MAX,
        required=False,
        help_text="Viết đầy đủ, họ trước tên, như khi ký tên: “Nguyễn Văn Phóng”.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("full_name", written_name(self.instance))

    def save(self, commit=True):
        self.instance.first_name = " ".join(self.cleaned_data.get("full_name", "").split())
        self.instance.last_name = ""
        return super().save(commit)


def _without_split_names(fieldsets):
    result = []
    for name, options in fieldsets:
        fields = list(options.get("fields", ()))
        if "first_name" in fields:
            index = fields.index("first_name")
            fields = [f for f in fields if f not in ("first_name", "last_name")]
            fields.insert(index, "full_name")
        result.append((name, {**options, "fields": tuple(fields)}))
    return tuple(result)


admin.site.unregister(User)


@admin.register(User)
class NewsroomUserAdmin(UserAdmin):
    """Django's user admin, the name in one field and shown in the order written."""

    form = NewsroomUserChangeForm
    fieldsets = _without_split_names(UserAdmin.fieldsets)
    list_display = ["username", "name_display", "email", "is_staff", "is_active"]

    @admin.display(description="Họ và tên", ordering="first_name")
    def name_display(self, user):
        return written_name(user) or "—"


@admin.register(PortalSettings)
class PortalSettingsAdmin(admin.ModelAdmin):
    """One row only: no adding a second, no deleting; the pages read it through
    newsroom.context_processors (one query per request)."""

    autocomplete_fields = ["leadership_unit"]
    fieldsets = [
        (None, {"fields": ["name", "tagline", "footer_text"]}),
        ("Liên hệ", {"fields": ["hotline", "phone", "email", "address"]}),
        ("Trang chủ", {"fields": ["leadership_unit"]}),
    ]

    def has_add_permission(self, request):
        # The model permission first: only administrators hold add_portalsettings.
        return super().has_add_permission(request) and not PortalSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
