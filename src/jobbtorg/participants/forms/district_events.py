"""The district's report form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from jobbtorg.participants.models import (
    EventKind,
)


class DistrictReportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What to report"),
        choices=[
            (EventKind.ABSENCE.value, EventKind.ABSENCE.label),
            (EventKind.NON_COOPERATION.value, EventKind.NON_COOPERATION.label),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose absence or non-cooperation.")},
    )
    text = forms.CharField(
        label=_("What happened"),
        help_text=_("Dates and what was agreed. The district decides on consequences."),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Describe what happened.")},
    )
