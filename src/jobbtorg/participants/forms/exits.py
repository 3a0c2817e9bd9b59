"""The exit form."""

from typing import Any

from django import forms
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jobbtorg.core.forms import LookupInput
from jobbtorg.engines.rules import exit as exit_rule
from jobbtorg.participants.forms.fields import _date_field
from jobbtorg.participants.models import (
    EmploymentExtent,
    EmploymentForm,
    ExitReason,
)

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class ExitForm(forms.Form):
    """Reads the exit as typed; whether it may be recorded is the exit rule's to say
    (engines/rules/exit.py), asked here so each problem lands on its field, and again by the
    service with the case's referral date."""

    date = _date_field(_("Exit date"), missing=_("Give the exit date."))
    reason = forms.ChoiceField(
        label=_("Reason for the exit"),
        choices=[("", _("Choose a reason"))] + list(ExitReason.choices),
        error_messages={"required": _("Every exit has a reason: choose one.")},
    )
    reason_text = forms.CharField(
        label=_("Explanation"),
        help_text=_("Required when the reason is other."),
        required=False,
        max_length=exit_rule.REASON_TEXT_MAX_LENGTH,
    )
    employment_form = forms.ChoiceField(
        label=_("Form of employment"),
        choices=[("", _("Choose"))] + list(EmploymentForm.choices),
        required=False,
    )
    extent = forms.ChoiceField(
        label=_("Extent"),
        choices=[("", _("Choose"))] + list(EmploymentExtent.choices),
        required=False,
    )
    hours_per_week = forms.DecimalField(
        label=_("Hours per week"),
        required=False,
        help_text=_("Required for a part-time job."),
        widget=forms.NumberInput(
            attrs={"step": "0.1", "min": "0.1", "max": str(exit_rule.HOURS_AT_MOST)}
        ),
        error_messages={"invalid": _(exit_rule.MESSAGES[exit_rule.Code.HOURS_NOT_ACCEPTED])},
    )
    wage_subsidy = forms.ChoiceField(
        label=_("With wage subsidy"),
        choices=YES_NO,
        required=False,
        widget=forms.RadioSelect,
    )
    employer = forms.CharField(
        label=_("Employer"), required=False, max_length=exit_rule.EMPLOYER_MAX_LENGTH
    )
    # The name of the occupation is typed and picked; the page turns it into its SSYK 2012
    # code before the form reads it, and shows the name again.
    occupation_ssyk = forms.CharField(
        label=_("Occupation"),
        required=False,
        help_text=_("Type a few letters of the occupation and choose it from the list."),
        widget=LookupInput(reverse_lazy("matching:lookup", kwargs={"kind": "yrke"})),
    )

    student_finance = forms.ChoiceField(
        label=_("Studies that qualify for student finance (CSN)"),
        choices=[*YES_NO, ("", _("Not known"))],
        required=False,
        widget=forms.RadioSelect,
        help_text=_("For an exit to studies: the key figures count studies with student finance."),
    )

    EMPLOYMENT_FIELDS = (
        "employment_form",
        "extent",
        "hours_per_week",
        "wage_subsidy",
        "employer",
        "occupation_ssyk",
    )
    # The exit rule's fields, as the fields of this form.
    RULE_FIELDS = {
        exit_rule.Field.REASON: "reason",
        exit_rule.Field.REASON_TEXT: "reason_text",
        exit_rule.Field.DATE: "date",
        exit_rule.Field.EMPLOYMENT_FORM: "employment_form",
        exit_rule.Field.EXTENT: "extent",
        exit_rule.Field.HOURS: "hours_per_week",
        exit_rule.Field.WAGE_SUBSIDY: "wage_subsidy",
        exit_rule.Field.EMPLOYER: "employer",
        exit_rule.Field.OCCUPATION: "occupation_ssyk",
        exit_rule.Field.STUDENT_FINANCE: "student_finance",
    }

    def __init__(self, *args: Any, known_ssyk: frozenset[str] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # The occupation codes of the reference data, so that an unknown one is reported with
        # the rest; the service checks them again.
        self.known_ssyk = known_ssyk

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        job = self.employment()
        proposed = exit_rule.ProposedExit(
            reason=data.get("reason") or "",
            date=data.get("date"),
            reason_text=data.get("reason_text") or "",
            employment=exit_rule.Employment(
                form=job["form"] or "",
                extent=job["extent"] or "",
                hours_per_week=job["hours_per_week"],
                wage_subsidy=job["wage_subsidy"],
                employer=job["employer"],
                occupation_ssyk=job["occupation_ssyk"],
            ),
            studies_with_student_finance=self.studies_with_student_finance(),
        )
        # The referral's date is the service's to check: the form does not know the case.
        for problem in exit_rule.exit_problems(
            proposed, today=timezone.localdate(), referred_on=None, known_ssyk=self.known_ssyk
        ):
            name = self.RULE_FIELDS[problem.field]
            if name not in self.errors:
                self.add_error(name, problem.text(gettext))
        return data

    def employment(self) -> dict[str, Any]:
        """The job as typed, for any reason: an exit that is not to work and names a job is
        refused by the rule, never silently emptied."""
        data = self.cleaned_data
        subsidy = {"yes": True, "no": False}.get(data.get("wage_subsidy") or "")
        return {
            "form": data.get("employment_form") or None,
            "extent": data.get("extent") or None,
            "hours_per_week": data.get("hours_per_week"),
            "wage_subsidy": subsidy,
            "employer": data.get("employer", ""),
            "occupation_ssyk": data.get("occupation_ssyk", ""),
        }

    def studies_with_student_finance(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data.get("student_finance") or "")
