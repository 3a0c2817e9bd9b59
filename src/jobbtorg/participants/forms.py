from typing import Any

from django import forms
from django.db.models import QuerySet
from django.forms.models import fields_for_model
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jobbtorg.core.roles import Role
from jobbtorg.engines.rules import exit as exit_rule
from jobbtorg.engines.rules.personal_identity import (
    InvalidPersonalIdentityNumber,
    parse_personal_identity_number,
)
from jobbtorg.organisation.models import User
from jobbtorg.participants.models import (
    AfRegistration,
    Assessment,
    EmploymentExtent,
    EmploymentForm,
    EventKind,
    ExitReason,
    InterruptionReason,
    MeetingOutcome,
    SharedPart,
    TargetGroup,
)
from jobbtorg.participants.services.assessments import ASSESSMENT_FIELDS
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


# The individual's path (R7–R19). The forms parse what was typed; the services decide and say
# what is wrong, and the views put those messages on the fields.


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _date_field(label: Any, *, required: bool = True, missing: Any = None, **kwargs: Any) -> Any:
    error_messages = {"invalid": _("Write the date as YYYY-MM-DD, for example 2026-03-14.")}
    if missing is not None:
        error_messages["required"] = missing
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        error_messages=error_messages,
        **kwargs,
    )


class CoachChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.username)


def coaches_of(job_centre_id: int | None) -> QuerySet[User]:
    return User.objects.filter(
        role=Role.COACH, job_centre_id=job_centre_id, is_active=True
    ).order_by("first_name", "last_name", "username")


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


class CoachChangeForm(forms.Form):
    coach = CoachChoiceField(
        label=_("New personal coach"),
        queryset=User.objects.none(),
        to_field_name="username",
        empty_label=_("Choose a coach"),
        error_messages={"required": _("Choose the new coach.")},
    )

    def __init__(self, *args: Any, job_centre_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["coach"].queryset = coaches_of(job_centre_id)  # type: ignore[attr-defined]


class AssessmentForm(forms.Form):
    """The assessment's fields, as the model names them; `version` for optimistic locking."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields = fields_for_model(Assessment, fields=ASSESSMENT_FIELDS)
        for name in ("work_history", "wishes", "long_term_goal", "obstacles"):
            fields[name].widget.attrs["rows"] = 3
        self.fields.update(fields)

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in ASSESSMENT_FIELDS}


class HealthEntryForm(forms.Form):
    text = forms.CharField(
        label=_("Health-related limitation or need"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write the entry.")},
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


YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class ExitForm(forms.Form):
    """Reads the exit as typed; whether it may be recorded is the exit rule's to say
    (engines/rules/exit.py), asked here so each problem lands on its field, and again by the
    service with the case's referral date."""

    date = _date_field(_("Exit date"), missing=_("Give the exit date."))
    reason = forms.ChoiceField(
        label=_("Reason for the exit"),
        choices=[("", _("Choose a reason"))] + list(ExitReason.choices),
        error_messages={"required": _("Every exit has a reason: choose one.")},
    )
    reason_text = forms.CharField(
        label=_("Explanation"),
        help_text=_("Required when the reason is other."),
        required=False,
        max_length=exit_rule.REASON_TEXT_MAX_LENGTH,
    )
    employment_form = forms.ChoiceField(
        label=_("Form of employment"),
        choices=[("", _("Choose"))] + list(EmploymentForm.choices),
        required=False,
    )
    extent = forms.ChoiceField(
        label=_("Extent"),
        choices=[("", _("Choose"))] + list(EmploymentExtent.choices),
        required=False,
    )
    hours_per_week = forms.DecimalField(
        label=_("Hours per week"),
        required=False,
        help_text=_("Required for a part-time job."),
        widget=forms.NumberInput(
            attrs={"step": "0.1", "min": "0.1", "max": str(exit_rule.HOURS_AT_MOST)}
        ),
        error_messages={"invalid": _(exit_rule.MESSAGES[exit_rule.Code.HOURS_NOT_ACCEPTED])},
    )
    wage_subsidy = forms.ChoiceField(
        label=_("With wage subsidy"),
        choices=YES_NO,
        required=False,
        widget=forms.RadioSelect,
    )
    employer = forms.CharField(
        label=_("Employer"), required=False, max_length=exit_rule.EMPLOYER_MAX_LENGTH
    )
    occupation_ssyk = forms.CharField(
        label=_("Occupation (SSYK code)"),
        required=False,
        max_length=exit_rule.OCCUPATION_MAX_LENGTH,
        help_text=_("The occupation's code in SSYK 2012, for example 5120."),
    )

    student_finance = forms.ChoiceField(
        label=_("Studies that qualify for student finance (CSN)"),
        choices=[*YES_NO, ("", _("Not known"))],
        required=False,
        widget=forms.RadioSelect,
        help_text=_("For an exit to studies: the key figures count studies with student finance."),
    )

    EMPLOYMENT_FIELDS = (
        "employment_form",
        "extent",
        "hours_per_week",
        "wage_subsidy",
        "employer",
        "occupation_ssyk",
    )
    # The exit rule's fields, as the fields of this form.
    RULE_FIELDS = {
        exit_rule.Field.REASON: "reason",
        exit_rule.Field.REASON_TEXT: "reason_text",
        exit_rule.Field.DATE: "date",
        exit_rule.Field.EMPLOYMENT_FORM: "employment_form",
        exit_rule.Field.EXTENT: "extent",
        exit_rule.Field.HOURS: "hours_per_week",
        exit_rule.Field.WAGE_SUBSIDY: "wage_subsidy",
        exit_rule.Field.EMPLOYER: "employer",
        exit_rule.Field.OCCUPATION: "occupation_ssyk",
        exit_rule.Field.STUDENT_FINANCE: "student_finance",
    }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        job = self.employment()
        proposed = exit_rule.ProposedExit(
            reason=data.get("reason") or "",
            date=data.get("date"),
            reason_text=data.get("reason_text") or "",
            employment=exit_rule.Employment(
                form=job["form"] or "",
                extent=job["extent"] or "",
                hours_per_week=job["hours_per_week"],
                wage_subsidy=job["wage_subsidy"],
                employer=job["employer"],
                occupation_ssyk=job["occupation_ssyk"],
            ),
            studies_with_student_finance=self.studies_with_student_finance(),
        )
        # The referral's date is the service's to check: the form does not know the case.
        for problem in exit_rule.exit_problems(
            proposed, today=timezone.localdate(), referred_on=None
        ):
            name = self.RULE_FIELDS[problem.field]
            if name not in self.errors:
                self.add_error(name, problem.text(gettext))
        return data

    def employment(self) -> dict[str, Any]:
        """The job as typed, for any reason: an exit that is not to work and names a job is
        refused by the rule, never silently emptied."""
        data = self.cleaned_data
        subsidy = {"yes": True, "no": False}.get(data.get("wage_subsidy") or "")
        return {
            "form": data.get("employment_form") or None,
            "extent": data.get("extent") or None,
            "hours_per_week": data.get("hours_per_week"),
            "wage_subsidy": subsidy,
            "employer": data.get("employer", ""),
            "occupation_ssyk": data.get("occupation_ssyk", ""),
        }

    def studies_with_student_finance(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data.get("student_finance") or "")


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
