"""Forms of the matching pages: they parse what was typed; the services decide."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jobbtorg.core.forms import DateInput
from jobbtorg.matching.models import (
    SHAREABLE_FIELDS,
    ContactChannel,
    DrivingLicence,
    Employer,
    EmployerKind,
    Extent,
    FairOutcome,
    InvitationStatus,
    Occupation,
    SwedishLevel,
    VacancyKind,
    WorkExtent,
)
from jobbtorg.matching.services.profiles import ProfileValues, lines, resolve_labels
from jobbtorg.organisation.models import District


class EmployerForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=EmployerKind.choices)
    organisation_number = forms.CharField(
        label=_("Organisation number"),
        max_length=20,
        required=False,
        help_text=_("10 digits, e.g. 556016-0680. One employer per number."),
    )
    industry = forms.CharField(label=_("Industry"), max_length=200, required=False)
    contact_name = forms.CharField(label=_("Contact person"), max_length=200, required=False)
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=40, required=False)
    agreements = forms.CharField(
        label=_("Agreements"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. a framework for placements, or recruitment through the Jobbtorg."),
    )


class EmployerContactForm(forms.Form):
    contacted_on = forms.DateField(label=_("Date"), widget=DateInput())
    channel = forms.ChoiceField(label=_("How"), choices=ContactChannel.choices)
    person = forms.CharField(label=_("Whom at the employer"), max_length=200, required=False)
    subject = forms.CharField(label=_("About"), max_length=200)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


def _lines(value: str) -> list[str]:
    """Names typed one per line or separated by semicolons (skill names hold commas)."""
    return [part.strip() for line in value.splitlines() for part in line.split(";") if part.strip()]


class VacancyForm(forms.Form):
    kind = forms.ChoiceField(label=_("Job or placement"), choices=VacancyKind.choices)
    employer = forms.ModelChoiceField(
        label=_("Employer"), queryset=Employer.objects.filter(is_active=True)
    )
    headline = forms.CharField(label=_("Headline"), max_length=300)
    occupation = forms.CharField(
        label=_("Occupation (concept id)"),
        max_length=20,
        help_text=_("Search for the occupation above and choose it, or paste its concept id."),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    required_skills = forms.CharField(
        label=_("Required skills"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line, as named in the taxonomy (e.g. Java) or by concept id."),
    )
    desired_skills = forms.CharField(
        label=_("Desired skills"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    required_languages = forms.CharField(
        label=_("Required languages"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line, e.g. Svenska."),
    )
    desired_languages = forms.CharField(
        label=_("Desired languages"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    licence = forms.ChoiceField(
        label=_("Driving licence required"),
        choices=[("", _("None"))] + list(DrivingLicence.choices),
        required=False,
    )
    district = forms.ModelChoiceField(
        label=_("Workplace district"),
        queryset=District.objects.filter(is_active=True),
        required=False,
        empty_label=_("Not in Stockholm, or not known"),
    )
    address = forms.CharField(label=_("Workplace address"), max_length=300, required=False)
    extent = forms.ChoiceField(label=_("Extent"), choices=Extent.choices)
    duration = forms.CharField(
        label=_("Duration"),
        max_length=100,
        required=False,
        help_text=_("E.g. Tillsvidare, 6 months, summer."),
    )
    starts_on = forms.DateField(label=_("Start"), required=False, widget=DateInput())
    apply_by = forms.DateField(label=_("Last day to apply"), required=False, widget=DateInput())
    openings = forms.IntegerField(label=_("Number of openings"), min_value=1, initial=1)
    supervisor_name = forms.CharField(
        label=_("Supervisor (placements)"), max_length=200, required=False
    )
    supervisor_contact = forms.CharField(
        label=_("Supervisor's contact"), max_length=200, required=False
    )
    capacity = forms.IntegerField(
        label=_("Places at once (placements)"), min_value=1, required=False
    )

    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        names = {
            key: _lines(data.pop(key) or "")
            for key in (
                "required_skills",
                "desired_skills",
                "required_languages",
                "desired_languages",
            )
        }
        data["occupation"] = data["occupation"].strip()
        return {"values": data, "names": names}


class FreeTextAdForm(forms.Form):
    kind = forms.ChoiceField(label=_("Job or placement"), choices=VacancyKind.choices)
    employer = forms.ModelChoiceField(
        label=_("Employer"), queryset=Employer.objects.filter(is_active=True)
    )
    headline = forms.CharField(label=_("Headline"), max_length=300)
    text = forms.CharField(label=_("The ad's text"), widget=forms.Textarea(attrs={"rows": 10}))


# The matching profile and the proposal workflow

ONE_PER_LINE = _("One per line, as named in Arbetsförmedlingen's taxonomy.")


class ProfileForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    wanted_occupations = forms.CharField(
        label=_("Wanted occupations"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=ONE_PER_LINE,
    )
    experience = forms.CharField(
        label=_("Work experience"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One occupation per line with the years after a semicolon, e.g. "
            "“Undersköterska, hemtjänst; 3”."
        ),
    )
    skills = forms.CharField(
        label=_("Skills"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=ONE_PER_LINE,
    )
    languages = forms.CharField(
        label=_("Languages"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line, e.g. “Arabiska”. Swedish is given by the level below."),
    )
    swedish_level = forms.ChoiceField(
        label=_("Swedish level"), choices=[("", "–"), *SwedishLevel.choices], required=False
    )
    licences = forms.MultipleChoiceField(
        label=_("Driving licences"),
        choices=DrivingLicence.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    education_level = forms.CharField(
        label=_("Education level (SUN 2020 code)"), required=False, max_length=8
    )
    travel_districts = forms.MultipleChoiceField(
        label=_("Districts the person can travel to"),
        choices=[],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    extent = forms.ChoiceField(label=_("Can work"), choices=WorkExtent.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["travel_districts"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = list(District.objects.filter(is_active=True).values_list("slug", "name"))

    def values(self) -> ProfileValues:
        data = self.cleaned_data
        return ProfileValues(
            wanted_occupations=lines(data["wanted_occupations"]),
            experience=lines(data["experience"]),
            skills=lines(data["skills"]),
            languages=lines(data["languages"]),
            swedish_level=data["swedish_level"],
            licences=list(data["licences"]),
            education_level=data["education_level"],
            travel_districts=list(data["travel_districts"]),
            extent=data["extent"],
        )


def profile_initial(snapshot: dict[str, Any], version: int) -> dict[str, Any]:
    return {
        "version": version,
        "wanted_occupations": "\n".join(snapshot.get("wanted_occupations", [])),
        "experience": "\n".join(snapshot.get("experience", [])),
        "skills": "\n".join(snapshot.get("skills", [])),
        "languages": "\n".join(snapshot.get("languages", [])),
        "swedish_level": snapshot.get("swedish_level", ""),
        "licences": snapshot.get("licences", []),
        "education_level": snapshot.get("education_level", ""),
        "travel_districts": snapshot.get("travel_districts", []),
        "extent": snapshot.get("extent", WorkExtent.ANY),
    }


class AgreeForm(forms.Form):
    person_agrees = forms.TypedChoiceField(
        label=_("Do the coach and the person agree that the profile is sent?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    shared_fields = forms.MultipleChoiceField(
        label=_("What the person lets the employer see (besides the name)"),
        choices=list(SHAREABLE_FIELDS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class InterviewForm(forms.Form):
    on = forms.DateField(
        label=_("Interview day"),
        widget=DateInput(),
        error_messages={
            "required": _("Give the day of the interview."),
            "invalid": _("Give a date."),
        },
    )


class OutcomeForm(forms.Form):
    hired = forms.TypedChoiceField(
        label=_("Outcome"),
        choices=[("yes", _("Hired")), ("no", _("Not hired"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=300)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Why the proposal is withdrawn"), max_length=300)


class FollowUpForm(forms.Form):
    done_on = forms.DateField(
        label=_("Day of the contact"),
        widget=DateInput(),
        error_messages={"required": _("Give the day."), "invalid": _("Give a date.")},
    )
    note = forms.CharField(
        label=_("What the supervisor said"), widget=forms.Textarea(attrs={"rows": 2})
    )


# Recruitment fairs


class FairForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    held_on = forms.DateField(label=_("Date"), widget=DateInput())
    place = forms.CharField(label=_("Place"), max_length=300)
    sector = forms.CharField(label=_("Sector"), max_length=200, required=False)
    occupations = forms.CharField(
        label=_("Occupations recruited for"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line, as named in Arbetsförmedlingen's taxonomy."),
    )
    employers = forms.ModelMultipleChoiceField(
        label=_("Employers"),
        queryset=Employer.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean_occupations(self) -> list[Occupation]:
        pks, problems = resolve_labels("occupation", lines(self.cleaned_data["occupations"]))
        if problems:
            raise forms.ValidationError(problems)
        return list(Occupation.objects.filter(pk__in=pks))


class InvitationForm(forms.Form):
    status = forms.ChoiceField(label=_("Came?"), choices=InvitationStatus.choices)
    outcome = forms.ChoiceField(label=_("What came of it"), choices=FairOutcome.choices)
