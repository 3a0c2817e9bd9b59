"""Reference data in Django's admin: Jobbtorg, districts, which Jobbtorg a district belongs to,
staff accounts and API tokens. Personal data is never shown here."""

import datetime as dt
from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, SetUnusablePasswordMixin
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from jobbtorg.core.admin import NoPersonalDataAdmin
from jobbtorg.organisation.models import ApiToken, District, DistrictAssignment, JobCentre, User
from jobbtorg.organisation.permissions import can_manage_accounts, can_manage_units
from jobbtorg.organisation.selectors import api_tokens_visible_to, users_visible_to
from jobbtorg.organisation.services import district_assign, district_assignment_problems


class AccountsAdmin(NoPersonalDataAdmin):
    """Staff accounts and their tokens: an administrator's (permissions.py), whatever else the
    account may do in the admin."""

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can_manage_accounts(request.user) and super().has_view_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can_manage_accounts(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can_manage_accounts(request.user) and super().has_delete_permission(request, obj)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return can_manage_accounts(request.user) and super().has_add_permission(request, *args)


class DistrictAssignmentInline(admin.TabularInline):
    model = DistrictAssignment
    extra = 0
    can_delete = False
    fields = ["job_centre", "valid_from", "valid_until"]
    readonly_fields = fields
    verbose_name_plural = _("Belonging history")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class DistrictForm(forms.ModelForm):
    move_to = forms.ModelChoiceField(
        JobCentre.objects.all(),
        required=False,
        label=_("Belongs to Jobbtorg"),
        help_text=_("Choose a Jobbtorg to move the district there from the date below."),
    )
    move_from = forms.DateField(
        required=False,
        label=_("From date"),
        help_text=_("YYYY-MM-DD. The current belonging ends the day before."),
    )

    class Meta:
        model = District
        fields = ["name", "slug", "is_active"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        centre, start = cleaned.get("move_to"), cleaned.get("move_from")
        if self.instance.pk is None and not centre:
            raise ValidationError({"move_to": _("A district belongs to a Jobbtorg: choose one.")})
        if centre and not start:
            raise ValidationError({"move_from": _("Give the date the new belonging starts.")})
        if centre and start:
            problems = district_assignment_problems(
                district=self.instance, job_centre=centre, valid_from=start
            )
            if problems:
                field_names = {"job_centre": "move_to", "valid_from": "move_from"}
                raise ValidationError({field_names[k]: v for k, v in problems.items()})
        return cleaned


class UnitsAdmin(NoPersonalDataAdmin):
    """Jobbtorg and districts: an administrator's (permissions.py)."""

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can_manage_units(request.user) and super().has_change_permission(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return can_manage_units(request.user) and super().has_add_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can_manage_units(request.user) and super().has_delete_permission(request, obj)


@admin.register(District)
class DistrictAdmin(UnitsAdmin):
    form = DistrictForm
    list_display = ["name", "slug", "current_job_centre", "is_active"]
    search_fields = ["name", "slug"]
    inlines = [DistrictAssignmentInline]

    @admin.display(description=_("Jobbtorg today"))
    def current_job_centre(self, obj: District) -> str:
        centre = obj.job_centre_on(timezone.localdate())
        return centre.name if centre else "–"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # Slugs are used by the command line, the API and the transfer format: fixed once made.
        return ["slug"] if obj is not None else []

    def save_model(self, request: HttpRequest, obj: District, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        centre = form.cleaned_data.get("move_to")
        start: dt.date | None = form.cleaned_data.get("move_from")
        if centre is not None and start is not None:
            district_assign(district=obj, job_centre=centre, valid_from=start, actor=request.user)


@admin.register(JobCentre)
class JobCentreAdmin(UnitsAdmin):
    list_display = ["name", "slug", "location", "is_active"]
    search_fields = ["name", "slug"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["slug"] if obj is not None else []


# Django stores a permission's name in English when the table is made ("Can add plan
# version"); the admin lists them by the model's Swedish name and the action in Swedish.
PERMISSION_ACTIONS = {
    "add": _("may add"),
    "change": _("may change"),
    "delete": _("may delete"),
    "view": _("may view"),
}


class PermissionChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Permission) -> str:
        action, _sep, model = obj.codename.partition("_")
        if action in PERMISSION_ACTIONS and model == obj.content_type.model:
            return f"{obj.content_type} | {PERMISSION_ACTIONS[action]}"
        return str(obj)


class PermissionsInSwedish(admin.ModelAdmin):
    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.related_model is Permission:
            kwargs["form_class"] = PermissionChoice
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class StaffPasswordChangeForm(AdminPasswordChangeForm):
    # Django adds its warning to the translated help text in English.
    usable_password_help_text = format_lazy(
        '{}<ul id="id_unusable_warning" class="messagelist"><li class="warning">{}</li></ul>',
        SetUnusablePasswordMixin.usable_password_help_text,
        _("If disabled, the current password for this user will be lost."),
    )


admin.site.unregister(Group)


@admin.register(Group)
class StaffGroupAdmin(PermissionsInSwedish, GroupAdmin):
    pass


@admin.register(User)
class StaffAdmin(PermissionsInSwedish, AccountsAdmin, UserAdmin):
    change_password_form = StaffPasswordChangeForm
    list_display = [
        "username",
        "first_name",
        "last_name",
        "role",
        "job_centre",
        "district",
        "provider",
        "is_active",
    ]
    list_filter = ["role", "job_centre", "district", "is_active"]
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        (_("Role and unit"), {"fields": ["role", "job_centre", "district", "provider"]}),
    )
    add_fieldsets = (
        *(UserAdmin.add_fieldsets or ()),
        (_("Role and unit"), {"fields": ["role", "job_centre", "district", "provider"]}),
    )

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request) & users_visible_to(request.user)


@admin.register(ApiToken)
class ApiTokenAdmin(AccountsAdmin):
    list_display = ["prefix", "user", "created_at", "expires_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "user", "created_at", "expires_at", "last_used_at", "revoked_at"]
    exclude = ["token_hash"]
    actions = ["revoke"]

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request) & api_tokens_visible_to(request.user)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        # Tokens are made with `jobbtorg create_api_token`, which shows the secret and its expiry
        # once. Deactivating an account or changing its password here ends its tokens
        # (organisation/signals.py).
        return False

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request: HttpRequest, queryset: Any) -> None:
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(request, _("%(count)d tokens revoked.") % {"count": count})
