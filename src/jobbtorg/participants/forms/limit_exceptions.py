"""Forms for asking for and deciding an exception to the 18-month limit."""

from django import forms
from django.utils.translation import gettext_lazy as _

from jobbtorg.participants.forms.fields import _date_field


class LimitExceptionForm(forms.Form):
    """The coach's request to go on past the 18 months (R13); the manager decides."""

    reason = forms.CharField(
        label=_("Why the participation should go on"),
        help_text=_("What the person is close to, and why it cannot wait. The manager reads it."),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Give the reasons for the exception.")},
    )
    until = _date_field(
        _("Go on until"),
        missing=_("Give the date the participation should go on until."),
    )


class LimitExceptionDecisionForm(forms.Form):
    """The manager's decision. The note is required by the service when refusing, in its own
    words, so that a role that may not decide gets its refusal, never the form."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("refuse", _("Refuse"))],
        error_messages={
            "required": _("Choose approve or refuse."),
            "invalid_choice": _("Choose approve or refuse."),
        },
    )
    note = forms.CharField(
        label=_("Note on the decision"),
        help_text=_("Required when you refuse: the coach reads why."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    @property
    def approve(self) -> bool:
        return self.cleaned_data.get("decision") == "approve"
