"""The follow-up pages' questions: for the dashboard and the report, which tertial, which
breakdown, which Jobbtorg (field names are the Swedish query parameters,
`?ar=2026&tertial=1&per=jobbtorg`); for the effect estimate, which period and breakdown."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jobbtorg.core.forms import DATE_ERRORS, DateInput
from jobbtorg.followup.services.key_figures import BREAKDOWN_LABELS, BREAKDOWNS, TERTIAL_LABELS
from jobbtorg.organisation.models import JobCentre

FIRST_YEAR = 2000
LAST_YEAR = 2100
CITY = "stad"


def _tertial_choices() -> list[tuple[int, Any]]:
    return [(number, label) for number, label in TERTIAL_LABELS.items()]


class TertialForm(forms.Form):
    ar = forms.IntegerField(
        label=_("Year"),
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        error_messages={
            "required": _("Give the year, for example 2026."),
            "invalid": _("Give the year as four digits, for example 2026."),
            "min_value": _("Give a year from 2000 on."),
            "max_value": _("Give a year before 2100."),
        },
    )
    tertial = forms.TypedChoiceField(
        label=_("Tertial"),
        choices=_tertial_choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a tertial: January–April, May–August or September–December."),
            "invalid_choice": _(
                "Choose a tertial: January–April, May–August or September–December."
            ),
        },
    )
    jobbtorg = forms.CharField(
        label=_("Jobbtorg"),
        required=False,
        widget=forms.HiddenInput,
    )

    def clean_jobbtorg(self) -> str | None:
        slug = (self.cleaned_data.get("jobbtorg") or "").strip()
        if not slug or slug == CITY:
            return None
        if not JobCentre.objects.filter(slug=slug).exists():
            raise forms.ValidationError(_("There is no Jobbtorg %(slug)s."), params={"slug": slug})
        return slug


class DashboardForm(TertialForm):
    per = forms.ChoiceField(
        label=_("Breakdown"),
        required=False,
        choices=[("", BREAKDOWN_LABELS[None])] + [(b, BREAKDOWN_LABELS[b]) for b in BREAKDOWNS],
        error_messages={"invalid_choice": _("Choose a breakdown from the list.")},
    )

    field_order = ["ar", "tertial", "per", "jobbtorg"]


class LexSarahForm(TertialForm):
    """Which tertial of the lex Sarah figures: always the whole city with its breakdowns."""

    jobbtorg = None


class ReportForm(TertialForm):
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[("pdf", "PDF"), ("xlsx", "Excel (XLSX)")],
        error_messages={
            "required": _("Choose PDF or XLSX."),
            "invalid_choice": _("Choose PDF or XLSX."),
        },
    )


class EffectForm(forms.Form):
    start = forms.DateField(
        label=_("From"),
        widget=DateInput(),
        error_messages={
            **DATE_ERRORS,
            "required": _("Give the first day of the period."),
        },
    )
    end = forms.DateField(
        label=_("To"),
        widget=DateInput(),
        error_messages={
            **DATE_ERRORS,
            "required": _("Give the last day of the period."),
        },
    )
    by = forms.ChoiceField(
        label=_("Break down by"),
        required=False,
        choices=[
            ("", _("The whole city only")),
            ("jobbtorg", _("Jobbtorg")),
            ("target_group", _("Target group")),
            ("district", _("Home district")),
        ],
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose one of the breakdowns shown.")},
    )
