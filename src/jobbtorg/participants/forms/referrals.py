"""The district's referral form."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jobbtorg.participants.forms.fields import _date_field
from jobbtorg.participants.forms.participants import ParticipantCreateForm
from jobbtorg.participants.models import (
    TargetGroup,
)


class ReferralForm(ParticipantCreateForm):
    """The district's referral (R4–R7): the person's number and names as when registering, and
    the referral's own fields. Checks each field at once; the service checks again."""

    target_group = forms.ModelChoiceField(
        label=_("Target group"),
        queryset=TargetGroup.objects.filter(is_active=True),
        to_field_name="code",
        empty_label=_("Choose a target group"),
        error_messages={
            "required": _("Choose the target group the district refers the person under."),
            "invalid_choice": _("Choose one of the target groups in the list."),
        },
    )
    basis = forms.CharField(
        label=_("Basis of the district's decision"),
        help_text=_("Why the person belongs to the target group, as the district decided it."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write the basis of the district's decision.")},
    )
    consent_given = forms.BooleanField(
        label=_("The person consents to the district passing the data to the Jobbtorg"),
        required=False,
    )
    legal_basis = forms.CharField(
        label=_("Legal basis, when consent is not the basis"),
        help_text=_("Fill in only when the person has not consented."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        error_messages={"invalid": _("Write a whole e-mail address, for example namn@exempel.se.")},
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    address = forms.CharField(
        label=_("Address"), required=False, max_length=300, widget=forms.TextInput()
    )
    interpreter_language = forms.CharField(
        label=_("Interpreter language"),
        help_text=_("Leave empty when no interpreter is needed."),
        required=False,
        max_length=100,
    )

    # Needed for a person recorded in another district (the service says so, naming no
    # district); the form always offers it, so that the page itself reveals nothing.
    confirm_move = forms.BooleanField(label=_("The person lives in the district"), required=False)
    moved_to_district_on = _date_field(
        _("Lives in the district from"),
        required=False,
        help_text=_("Needed when the person is recorded in another district."),
    )

    FIELDSETS = [
        (_("The person"), ["personal_identity_number", "first_name", "last_name"]),
        (_("Home district"), ["confirm_move", "moved_to_district_on"]),
        (_("The district's decision"), ["target_group", "basis", "consent_given", "legal_basis"]),
        (_("Contact"), ["phone", "email", "address", "interpreter_language"]),
    ]

    def __init__(self, *args: Any, district: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if district is not None:
            self.fields["confirm_move"].label = _("The person lives in %(district)s") % {
                "district": district
            }

    def fieldsets(self) -> list[tuple[Any, list[forms.BoundField]]]:
        return [(legend, [self[name] for name in names]) for legend, names in self.FIELDSETS]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("consent_given") and not (data.get("legal_basis") or "").strip():
            self.add_error(
                "legal_basis",
                _(
                    "Record the person's consent to passing the data on, or the legal basis "
                    "when consent is not the basis."
                ),
            )
        return data
