"""Forms for intake times and the first meeting."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jobbtorg.engines.rules import first_meeting as meeting_rule
from jobbtorg.organisation.models import User
from jobbtorg.participants.forms.coaches import CoachChoiceField, coaches_of
from jobbtorg.participants.forms.fields import _date_field
from jobbtorg.participants.models import (
    AfRegistration,
    MeetingOutcome,
)


class IntakeSlotForm(forms.Form):
    day = _date_field(_("Date"), missing=_("Give the date of the meeting."))
    time = forms.TimeField(
        label=_("Time"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "required": _("Give the time of the meeting."),
            "invalid": _("Write the time as HH:MM, for example 09:30."),
        },
    )
    minutes = forms.IntegerField(
        label=_("Length (minutes)"),
        initial=60,
        widget=forms.NumberInput(attrs={"min": 15, "max": 240, "step": 5}),
        error_messages={
            "required": _("Give the length of the meeting in minutes."),
            "invalid": _("The length is a whole number of minutes, 15 to 240."),
        },
    )


class FirstMeetingForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=MeetingOutcome.choices,
        initial=MeetingOutcome.HELD,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether the meeting was held.")},
    )
    held_on = _date_field(_("Date of the meeting"), missing=_("Give the date of the meeting."))
    coach = CoachChoiceField(
        label=_("Personal coach"),
        queryset=User.objects.none(),
        to_field_name="username",
        required=False,
        empty_label=_("Choose a coach"),
        help_text=_("Only when the meeting was held."),
    )
    duties_explained = forms.BooleanField(
        label=_(
            "I have explained the rights, the duty to take part, the consequences of not doing "
            "so, and that one must accept any job one can reasonably manage"
        ),
        required=False,
    )
    af_registration = forms.ChoiceField(
        label=_("Registration with Arbetsförmedlingen"),
        choices=[("", _("Choose"))] + list(AfRegistration.choices),
        required=False,
    )
    af_registration_on = _date_field(
        _("Registered with Arbetsförmedlingen on"),
        required=False,
        help_text=_("Leave empty when registered today or not to be registered."),
    )

    def __init__(self, *args: Any, job_centre_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["coach"].queryset = coaches_of(job_centre_id)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        """The meeting rule's registration problems land here too, so that they are shown with
        a date that could not be read; the service asks the whole rule again."""
        data = super().clean() or {}
        if data.get("outcome") != MeetingOutcome.HELD:
            return data
        today = timezone.localdate()
        if "af_registration_on" in self.errors:
            return data
        for problem in meeting_rule.registration_problems(
            data.get("af_registration") or "",
            data.get("af_registration_on"),
            held_on=data.get("held_on") or today,
            today=today,
        ):
            self.add_error(problem.field, problem.text(gettext))
        if not data.get("duties_explained"):
            self.add_error(
                "duties_explained",
                gettext("Explain the rights, duties and consequences, and tick that it was done."),
            )
        return data
