"""The provider register and the activity catalog in the admin (reference data, no personal
data)."""

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from jobbtorg.core.admin import NoPersonalDataAdmin
from jobbtorg.core.errors import ValidationFailed
from jobbtorg.providers.models import (
    ActivityType,
    Contract,
    Offering,
    Provider,
    ProviderKind,
    ProviderLocation,
    Weekday,
)
from jobbtorg.providers.services import (
    CONTRACTED_KINDS,
    contract_in_force,
    offering_problems,
    organisation_number_clean,
)


class ProviderForm(forms.ModelForm):
    # Typed with or without the dash; stored as ten digits.
    organisation_number = forms.CharField(
        label=_("organisation number"), max_length=20, required=False
    )

    class Meta:
        model = Provider
        fields = [
            "name",
            "slug",
            "kind",
            "organisation_number",
            "contact_name",
            "contact_email",
            "contact_phone",
            "is_active",
        ]

    def clean_organisation_number(self) -> str:
        value: str = self.cleaned_data.get("organisation_number", "")
        if not value:
            return value
        try:
            return organisation_number_clean(value)
        except ValidationFailed as error:
            raise ValidationError(error.errors["organisation_number"]) from None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            cleaned.get("kind") != ProviderKind.OWN_OPERATION
            and not cleaned.get("organisation_number")
            and "organisation_number" not in self.errors
        ):
            self.add_error("organisation_number", _("Give the organisation number."))
        return cleaned


class LocationInline(admin.TabularInline):
    model = ProviderLocation
    extra = 0


class ContractInline(admin.TabularInline):
    model = Contract
    extra = 0


@admin.register(Provider)
class ProviderAdmin(NoPersonalDataAdmin):
    form = ProviderForm
    list_display = ["name", "kind", "organisation_number_display", "is_active"]
    list_filter = ["kind", "is_active"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "organisation_number"]
    inlines = [LocationInline, ContractInline]


class OfferingForm(forms.ModelForm):
    weekdays = forms.TypedMultipleChoiceField(
        choices=Weekday.choices,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Offering
        # The contract follows from the provider and the start date.
        fields = [
            "provider",
            "activity_type",
            "location",
            "made_at",
            "capacity",
            "weekdays",
            "starts_at",
            "ends_at",
            "valid_from",
            "valid_until",
            "languages",
            "is_active",
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        needed = ["provider", "activity_type", "location"]
        if all(cleaned.get(name) for name in needed):
            problems = offering_problems(
                provider=cleaned["provider"],
                activity_type=cleaned["activity_type"],
                location=cleaned["location"],
                capacity=cleaned.get("capacity"),
                weekdays=cleaned.get("weekdays") or [],
                starts_at=cleaned.get("starts_at"),
                ends_at=cleaned.get("ends_at"),
                valid_from=cleaned.get("valid_from"),
                valid_until=cleaned.get("valid_until"),
            )
            for field, message in problems.items():
                self.add_error(field if field in self.fields else None, message)
        return cleaned


@admin.register(Offering)
class OfferingAdmin(NoPersonalDataAdmin):
    form = OfferingForm
    list_display = ["activity_type", "provider", "location", "made_at", "capacity", "is_active"]
    list_filter = ["activity_type", "made_at", "is_active"]

    def save_model(self, request: HttpRequest, obj: Offering, form: Any, change: bool) -> None:
        if obj.provider.kind in CONTRACTED_KINDS:
            obj.contract = contract_in_force(obj.provider, obj.valid_from)
        super().save_model(request, obj, form, change)


@admin.register(ActivityType)
class ActivityTypeAdmin(NoPersonalDataAdmin):
    list_display = [
        "code",
        "name_sv",
        "category",
        "daily_attendance",
        "max_length_days",
        "is_active",
    ]
    list_filter = ["category", "is_active"]
    search_fields = ["code", "name_sv", "name_en"]

    def get_readonly_fields(self, request, obj=None):  # type: ignore[no-untyped-def]
        # Codes are contracts with districts' and providers' systems.
        return ["code"] if obj is not None else []


# The contract page with its payment steps inline (R27).
from jobbtorg.providers import admin_payments  # noqa: E402, F401
