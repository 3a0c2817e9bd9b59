"""A contract's payment model in the admin: its steps edited inline, checked as a whole with the
engine's `payment_model_problems` before anything is saved (R27)."""

from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from jobbtorg.core.admin import NoPersonalDataAdmin
from jobbtorg.engines.payments.model import payment_model_problems
from jobbtorg.providers.models import Contract, ContractPaymentStep, PaymentStepKind
from jobbtorg.providers.payments import payment_model_of


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
            raise ValidationError(problems)


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
