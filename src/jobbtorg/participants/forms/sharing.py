"""The form recording a person's consent to share a case."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jobbtorg.participants.models import (
    SharedPart,
)


class CaseSharingForm(forms.Form):
    """The person's consent to share one of the unit's cases with another unit."""

    case = forms.ChoiceField(label=_("Case"))
    unit = forms.ChoiceField(
        label=_("Share with"),
        error_messages={
            "required": _("Choose the Jobbtorg or district the person consents to share with.")
        },
    )
    shared_part = forms.ChoiceField(
        label=_("What the person consents to share"),
        choices=SharedPart.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what the person consents to share.")},
    )

    def __init__(self, *args: Any, cases: Any = (), units: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case"].choices = [
            (
                str(case.pk),
                _("Referred %(date)s by %(district)s to Jobbtorg %(centre)s")
                % {
                    "date": case.referred_at.date().isoformat(),
                    "district": case.district,
                    "centre": case.job_centre.name,
                },
            )
            for case in cases
        ]
        self.fields["unit"].choices = [("", _("Choose a unit")), *units]
