"""Forms of the comparison page and the free-choice page."""

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jobbtorg.participants.forms import DateInput
from jobbtorg.providers.comparison import BY_ACTIVITY_TYPE, BY_PROVIDER
from jobbtorg.providers.models import PaymentLevel

# The comparison covers at most this long a period (a bigger one is a mistake, not a question).
LONGEST_PERIOD_DAYS = 366 * 10

_DATE_ERRORS = {"invalid": _("Write the date as YYYY-MM-DD, for example 2026-03-14.")}


def last_12_months(today: dt.date) -> tuple[dt.date, dt.date]:
    """From the day after the same day a year ago, to today."""
    try:
        year_ago = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        year_ago = today.replace(year=today.year - 1, day=28)
    return year_ago + dt.timedelta(days=1), today


class ComparisonForm(forms.Form):
    start = forms.DateField(
        label=_("From"),
        widget=DateInput(),
        error_messages={**_DATE_ERRORS, "required": _("Give the first day of the period.")},
    )
    end = forms.DateField(
        label=_("To"),
        widget=DateInput(),
        error_messages={**_DATE_ERRORS, "required": _("Give the last day of the period.")},
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
        error_messages={**_DATE_ERRORS, "required": _("Give the day the activity starts.")},
    )
    planned_end = forms.DateField(
        label=_("Ends"),
        widget=DateInput(),
        error_messages={**_DATE_ERRORS, "required": _("Give the day the activity ends.")},
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
