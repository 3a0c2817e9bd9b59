"""Forms of the matching profile and the proposal workflow."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jobbtorg.matching.models import DrivingLicence, SwedishLevel, WorkExtent
from jobbtorg.matching.profiles import ProfileValues, lines
from jobbtorg.matching.proposals import SHAREABLE_FIELDS
from jobbtorg.organisation.models import District

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
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
        widget=DATE_INPUT,
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
        widget=DATE_INPUT,
        error_messages={"required": _("Give the day."), "invalid": _("Give a date.")},
    )
    note = forms.CharField(
        label=_("What the supervisor said"), widget=forms.Textarea(attrs={"rows": 2})
    )
