"""Forms for starting and ending an interruption."""

from django import forms
from django.utils.translation import gettext_lazy as _

from jobbtorg.participants.forms.fields import _date_field
from jobbtorg.participants.models import (
    InterruptionReason,
)


class InterruptionStartForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=[("", _("Choose a reason"))] + list(InterruptionReason.choices),
        error_messages={"required": _("Choose the reason for the interruption.")},
    )
    reason_text = forms.CharField(
        label=_("Explanation"),
        help_text=_("Required when the reason is other."),
        required=False,
        max_length=300,
    )
    start = _date_field(_("Interrupted from"), missing=_("Give the first day of the interruption."))
    expected_end = _date_field(_("Expected end"), required=False)


class InterruptionEndForm(forms.Form):
    end = _date_field(
        _("Last day of the interruption"),
        missing=_("Give the last day of the interruption."),
        help_text=_("The participation restarts the day after."),
    )
