"""The provider register and the activity catalog in the admin (reference data, no personal
data)."""

from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from jobbtorg.core.admin import CodedReferenceAdmin, NoPersonalDataAdmin
from jobbtorg.core.errors import ValidationFailed
from jobbtorg.engines.payments.model import payment_model_problems
from jobbtorg.providers.models import (
    ActivityType,
    Contract,
    ContractPaymentStep,
    Offering,
    PaymentStepKind,
    Provider,
    ProviderKind,
    ProviderLocation,
    Weekday,
)
from jobbtorg.providers.services.catalog import (
    CONTRACTED_KINDS,
    contract_in_force,
    offering_problems,
    organisation_number_clean,
    payment_model_of,
    payment_problem_text,
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
class ActivityTypeAdmin(CodedReferenceAdmin):
    list_display = [
        "name_sv",
        "code_shown",
        "category",
        "daily_attendance",
        "max_length_days",
        "is_active",
    ]
    list_filter = ["category", "is_active"]
    search_fields = ["code", "name_sv", "name_en"]


# The contract page with its payment steps inline (R27), checked as a whole with the engine's
# `payment_model_problems` before anything is saved.


class PaymentStepFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        steps = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or form.errors:
                continue
            if data.get("kind") not in PaymentStepKind.values:
                continue
            steps.append(SimpleNamespace(**{k: data.get(k) for k in _STEP_FIELDS}))
        contract_ref = self.instance.number or str(self.instance.pk or "")
        problems = payment_model_problems(payment_model_of(contract_ref or "new", steps))
        if problems:
            raise ValidationError([payment_problem_text(p.msgid, dict(p.params)) for p in problems])


_STEP_FIELDS = ("kind", "amount_a", "amount_b", "amount_c")


class PaymentStepForm(forms.ModelForm):
    class Meta:
        model = ContractPaymentStep
        fields = list(_STEP_FIELDS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("amount_a", "amount_b", "amount_c"):
            field = self.fields[name]
            field.min_value = Decimal(0)
            field.validators.append(MinValueValidator(Decimal(0), _("Give 0 or more SEK.")))


class PaymentStepInline(admin.TabularInline):
    model = ContractPaymentStep
    form = PaymentStepForm
    formset = PaymentStepFormSet
    fields = list(_STEP_FIELDS)
    extra = 0


@admin.register(Contract)
class ContractAdmin(NoPersonalDataAdmin):
    list_display = ["number", "provider", "valid_from", "valid_until"]
    list_filter = ["provider"]
    search_fields = ["number", "provider__name"]
    inlines = [PaymentStepInline]
