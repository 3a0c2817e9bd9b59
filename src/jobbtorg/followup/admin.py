"""The committee's indicator targets (R31) in the admin: the page where targets are set. No
personal data. The indicator is chosen from the fixed names; who set a target is recorded."""

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from jobbtorg.core.admin import NoPersonalDataAdmin
from jobbtorg.followup.models import IndicatorTarget
from jobbtorg.followup.services.key_figures import INDICATORS


class IndicatorTargetForm(forms.ModelForm):
    indicator = forms.ChoiceField(
        label=_("indicator"), choices=[(name, label) for name, label in INDICATORS.items()]
    )

    class Meta:
        model = IndicatorTarget
        fields = [
            "indicator",
            "target_group",
            "value",
            "higher_is_better",
            "near_margin",
            "valid_from_year",
            "note",
        ]
        help_texts = {
            "value": _("Shares as fractions: 0.84 for 84 %."),
            "near_margin": _("In the same unit as the target: 0.05 for 5 percentage points."),
        }


class IndicatorFilter(admin.SimpleListFilter):
    """The indicators by name (the stored key is the figures' code)."""

    title = _("indicator")
    parameter_name = "indicator"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return list(INDICATORS.items())

    def queryset(self, request: HttpRequest, queryset: Any) -> Any:
        return queryset.filter(indicator=self.value()) if self.value() else queryset


@admin.register(IndicatorTarget)
class IndicatorTargetAdmin(NoPersonalDataAdmin):
    form = IndicatorTargetForm
    list_display = [
        "indicator_name",
        "target_group",
        "value",
        "higher_is_better",
        "near_margin",
        "valid_from_year",
        "set_by",
    ]
    list_filter = [IndicatorFilter, "target_group", "valid_from_year"]
    readonly_fields = ["set_by"]

    @admin.display(description=_("indicator"), ordering="indicator")
    def indicator_name(self, obj: IndicatorTarget) -> str:
        return str(INDICATORS.get(obj.indicator, obj.indicator))

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        obj.set_by = request.user
        super().save_model(request, obj, form, change)
