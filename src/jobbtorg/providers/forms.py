"""Forms of the offering pages: placing a person, the provider's reports, result follow-ups."""

import datetime as dt
from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jobbtorg.core.forms import DATE_ERRORS, DateInput
from jobbtorg.participants.models import EmploymentExtent, EmploymentForm
from jobbtorg.providers.models import (
    AbsenceReason,
    AttendanceStatus,
    Offering,
    PaymentLevel,
    ResultKind,
)
from jobbtorg.providers.services.comparison import BY_ACTIVITY_TYPE, BY_PROVIDER

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date_field(label: Any, missing: Any) -> forms.DateField:
    """A date typed by hand: never filled in, so nothing is sent on a day nobody chose."""
    return forms.DateField(
        label=label,
        widget=DATE_INPUT,
        error_messages={"required": missing, "invalid": _("Give a date.")},
    )


def offerings_in_force(day: dt.date) -> Any:
    """Offerings a person can be placed in: active, of an active provider, running on `day` or
    later, at any Jobbtorg (R2, R22)."""
    return (
        Offering.objects.filter(is_active=True, provider__is_active=True)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
        .select_related("provider", "activity_type", "location", "made_at")
        .order_by("activity_type__name_sv", "provider__name", "location__name")
    )


class OfferingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.activity_type} – {obj.provider} ({obj.location.name}, {obj.made_at.name})"


class PlacementForm(forms.Form):
    offering = OfferingChoiceField(
        label=_("Activity and provider"),
        queryset=Offering.objects.none(),
        empty_label=_("Choose…"),
        error_messages={"required": _("Choose the activity and provider.")},
    )
    planned_start = forms.DateField(
        label=_("Starts"),
        widget=DATE_INPUT,
        error_messages={"required": _("Give the day it starts."), "invalid": _("Give a date.")},
    )
    planned_end = forms.DateField(
        label=_("Ends"),
        widget=DATE_INPUT,
        error_messages={"required": _("Give the day it ends."), "invalid": _("Give a date.")},
    )
    level = forms.ChoiceField(
        label=_("Distance from the labour market (payment level)"),
        choices=PaymentLevel.choices,
        initial=PaymentLevel.B,
        help_text=_(
            "As in Arbetsförmedlingen's Rusta och matcha; procured providers are paid by it."
        ),
    )
    waiting_list = forms.BooleanField(
        label=_("Put the person on the waiting list if all places are taken"),
        required=False,
    )

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Choice-system types are placed through the free-choice page, with the person's choice.
        field = self.fields["offering"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = offerings_in_force(today).exclude(activity_type__choice_system=True)


class ProviderReportForm(forms.Form):
    on = _date_field(_("Date"), _("Give the date."))
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    result_kind = forms.ChoiceField(
        label=_("Work or studies"),
        choices=[("", "–"), *ResultKind.choices],
        required=False,
    )
    employer = forms.CharField(label=_("Employer"), required=False, max_length=200)
    employment_form = forms.ChoiceField(
        label=_("Form of employment"),
        choices=[("", "–"), *EmploymentForm.choices],
        required=False,
    )
    extent = forms.ChoiceField(
        label=_("Extent"), choices=[("", "–"), *EmploymentExtent.choices], required=False
    )
    hours_per_week = forms.DecimalField(
        label=_("Hours per week"), required=False, min_value=0, max_value=80, decimal_places=1
    )
    occupation = forms.CharField(label=_("Occupation"), required=False, max_length=200)
    school = forms.CharField(label=_("School or education"), required=False, max_length=200)
    programme = forms.CharField(label=_("Programme or course"), required=False, max_length=200)

    def details(self) -> dict[str, Any]:
        data = self.cleaned_data
        hours = data.get("hours_per_week")
        return {
            "employer": data.get("employer", ""),
            "employment_form": data.get("employment_form", ""),
            "extent": data.get("extent", ""),
            "hours_per_week": str(hours) if hours is not None else "",
            "occupation": data.get("occupation", ""),
            "school": data.get("school", ""),
            "programme": data.get("programme", ""),
        }


def attendance_choices() -> list[tuple[str, str]]:
    """One choice per day and person: present, absent with each valid reason, or absent
    without valid reason ("absent_valid:<reason>" carries the reason)."""
    reasons = [
        (f"{AttendanceStatus.ABSENT_VALID}:{value}", _("Absent: %(reason)s") % {"reason": label})
        for value, label in AbsenceReason.choices
    ]
    return [
        (AttendanceStatus.PRESENT.value, str(AttendanceStatus.PRESENT.label)),
        *reasons,
        (AttendanceStatus.ABSENT_INVALID.value, str(AttendanceStatus.ABSENT_INVALID.label)),
    ]


def status_and_reason(value: str) -> tuple[str, str]:
    """A choice of `attendance_choices` as the register's status and reason."""
    status, _sep, reason = value.partition(":")
    return status, reason


class AttendanceEntryForm(forms.Form):
    """One person's attendance or absence on one day, from their page."""

    day = _date_field(_("Day"), _("Give the day."))
    attendance = forms.ChoiceField(
        label=_("Attendance"),
        choices=[("", _("Choose…"))],
        error_messages={"required": _("Choose present or the kind of absence.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["attendance"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Choose…")), *attendance_choices()]


class ResultFollowUpForm(forms.Form):
    months = forms.TypedChoiceField(
        label=_("Follow-up"),
        choices=[(3, _("3 months after the result")), (6, _("6 months after the result"))],
        coerce=int,
    )
    outcome = forms.ChoiceField(
        label=_("In work, or without assistance, then?"),
        choices=[("yes", _("Yes")), ("no", _("No")), ("unknown", _("Not known"))],
        widget=forms.RadioSelect,
    )

    def in_work_or_without_assistance(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data["outcome"])


class CorrectionForm(forms.Form):
    """A manager's late correction of what the payment runs read (R27)."""

    level = forms.ChoiceField(
        label=_("Payment level"),
        choices=[("", _("Unchanged")), *PaymentLevel.choices],
        required=False,
    )
    started_on = forms.DateField(
        label=_("Start date"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("Leave empty to keep the start date."),
        error_messages={"invalid": _("Give a date.")},
    )
    never_started = forms.BooleanField(label=_("The start never happened"), required=False)
    result_retracted = forms.BooleanField(label=_("Retract the reported result"), required=False)
    note = forms.CharField(
        label=_("Why the facts are corrected"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        error_messages={"required": _("Say why the facts are corrected.")},
    )

    def changes(self) -> dict[str, Any]:
        data = self.cleaned_data
        changes: dict[str, Any] = {
            "note": data["note"],
            "result_retracted": data["result_retracted"],
        }
        if data["level"]:
            changes["level"] = data["level"]
        if data["never_started"]:
            changes["started_on"] = None
        elif data["started_on"]:
            changes["started_on"] = data["started_on"]
        return changes


# The comparison and free choice

LONGEST_PERIOD_DAYS = 366 * 10


class ComparisonForm(forms.Form):
    start = forms.DateField(
        label=_("From"),
        widget=DateInput(),
        error_messages={**DATE_ERRORS, "required": _("Give the first day of the period.")},
    )
    end = forms.DateField(
        label=_("To"),
        widget=DateInput(),
        error_messages={**DATE_ERRORS, "required": _("Give the last day of the period.")},
    )
    by = forms.ChoiceField(
        label=_("Compare"),
        choices=[
            (BY_PROVIDER, _("By provider")),
            (BY_ACTIVITY_TYPE, _("By activity type: own operation and procured side by side")),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how to compare."),
            "invalid_choice": _("Choose how to compare."),
        },
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                self.add_error("end", _("The end of the period is before its start."))
            elif (end - start).days > LONGEST_PERIOD_DAYS:
                self.add_error("start", _("The period can be at most ten years long."))
        return data


class FreeChoiceForm(forms.Form):
    """`offering` is the id of the chosen offering, or "default" when the participant made no
    choice; the radios are drawn by the template, one per provider."""

    DEFAULT = "default"

    offering = forms.CharField(
        label=_("Provider"),
        error_messages={
            "required": _("Choose the provider the participant chose, or the default rule.")
        },
    )
    planned_start = forms.DateField(
        label=_("Starts"),
        widget=DateInput(),
        error_messages={**DATE_ERRORS, "required": _("Give the day the activity starts.")},
    )
    planned_end = forms.DateField(
        label=_("Ends"),
        widget=DateInput(),
        error_messages={**DATE_ERRORS, "required": _("Give the day the activity ends.")},
    )
    level = forms.ChoiceField(
        label=_("Payment level"),
        choices=PaymentLevel.choices,
        initial=PaymentLevel.B,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose level A, B or C."),
            "invalid_choice": _("Choose level A, B or C."),
        },
    )
