"""Forms for registering and finding a participant."""

from django import forms
from django.utils.translation import gettext_lazy as _

from jobbtorg.engines.rules.personal_identity import (
    InvalidPersonalIdentityNumber,
    parse_personal_identity_number,
)
from jobbtorg.participants.services.participants import personal_identity_error_message


class ParticipantCreateForm(forms.Form):
    """Checks each field at once so that every problem is shown together; the service checks
    again (and for duplicates) when it writes."""

    personal_identity_number = forms.CharField(
        label=_("Personal identity number"),
        help_text=_("Personnummer or samordningsnummer, 10 or 12 digits, e.g. 19900101-1234."),
        max_length=20,
        error_messages={"required": _("Enter the personal identity number.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    first_name = forms.CharField(
        label=_("First name"),
        max_length=100,
        error_messages={"required": _("Enter the first name.")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=100,
        error_messages={"required": _("Enter the last name.")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def clean_personal_identity_number(self) -> str:
        value: str = self.cleaned_data["personal_identity_number"]
        try:
            parse_personal_identity_number(value)
        except InvalidPersonalIdentityNumber as error:
            raise forms.ValidationError(personal_identity_error_message(error)) from None
        return value


class ParticipantSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search by name or personal identity number"), required=False, max_length=100
    )
