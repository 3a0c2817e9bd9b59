"""The staff's answer to a message of the person."""

from django import forms
from django.utils.translation import gettext_lazy as _


class CaseMessageAnswerForm(forms.Form):
    """An answer in one thread. The length is the service's to check, in its own words."""

    thread = forms.CharField(widget=forms.HiddenInput)
    body = forms.CharField(
        label=_("Your answer"),
        help_text=_("Plain text. The person reads it on their own pages."),
        widget=forms.Textarea(attrs={"rows": 4}),
        strip=True,
        error_messages={"required": _("Write your answer.")},
    )
