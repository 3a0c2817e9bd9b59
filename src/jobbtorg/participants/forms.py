from django import forms
from django.utils.translation import gettext_lazy as _


class ParticipantCreateForm(forms.Form):
    personal_identity_number = forms.CharField(
        label=_("Personal identity number"),
        help_text=_("Personnummer or samordningsnummer, 10 or 12 digits, e.g. 19900101-1234."),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    first_name = forms.CharField(
        label=_("First name"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    last_name = forms.CharField(
        label=_("Last name"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )


class ParticipantSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search by name or personal identity number"), required=False, max_length=100
    )
