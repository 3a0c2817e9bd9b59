"""Forms of the matching pages: they parse what was typed; the services decide."""

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jobbtorg.core.forms import DateInput, LookupInput
from jobbtorg.engines.rules import recruitment_fair as fair_rule
from jobbtorg.matching.education import education_level_choices
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
from jobbtorg.matching.services.profiles import (
    ProfileValues,
    experience_entries,
    lines,
    resolve_labels,
    taxonomy_label,
)
from jobbtorg.organisation.models import District
from jobbtorg.participants.forms.fields import _date_field


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


def _lookup_field(label: Any, kind: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        help_text=_("Type a few letters and choose from the list, then press “Add”."),
        widget=LookupInput(reverse_lazy("matching:lookup", kwargs={"kind": kind})),
    )


class LookupListsForm(forms.Form):
    """A form with lists of taxonomy names (one per line), each with a look-up field whose name,
    found and picked, the "Add" button adds to the list (`with_added`).

    `LOOKUP_LISTS`: list field -> (its look-up field, what it looks up: occupation, skill or
    language, and the field of years for work experience, or "")."""

    LOOKUP_LISTS: dict[str, tuple[str, str, str]] = {}

    def rows(self) -> list[dict[str, Any]]:
        """The visible fields in order, each list field with its look-up fields after it."""
        beside = {
            name for find, _kind, years in self.LOOKUP_LISTS.values() for name in (find, years)
        }
        rows = []
        for bound in self.visible_fields():
            if bound.name in beside:
                continue
            row: dict[str, Any] = {"field": bound, "lookups": []}
            if bound.name in self.LOOKUP_LISTS:
                find, _kind, years = self.LOOKUP_LISTS[bound.name]
                row["lookups"] = [self[name] for name in (find, years) if name]
                row["add"] = f"add:{bound.name}"
            rows.append(row)
        return rows


def with_lookups_joined(form_class: type[LookupListsForm], posted: Any) -> Any:
    """What was posted, with a name still in a look-up field joined to its list: saving (or
    pressing Enter) after picking a name keeps it, as "Add" would have."""
    data = posted.copy()
    for list_field, (find, _kind, years_field) in form_class.LOOKUP_LISTS.items():
        entry = " ".join(data.get(find, "").split())
        if not entry:
            continue
        years = data.get(years_field, "").strip() if years_field else ""
        data[list_field] = "\n".join(
            [*lines(data.get(list_field, "")), f"{entry}; {years}" if years_field else entry]
        )
        data[find] = ""
        if years_field:
            data[years_field] = ""
    return data


def with_added(form_class: type[LookupListsForm], posted: Any, list_field: str) -> Any:
    """The form as typed, with the name found by the list's look-up added to the list (nothing
    is saved), or the look-up's problem on its field."""
    if list_field not in form_class.LOOKUP_LISTS:
        raise PermissionDenied
    find, model_name, years_field = form_class.LOOKUP_LISTS[list_field]
    data = posted.copy()
    form = form_class(data)
    form.is_valid()
    entry = " ".join(data.get(find, "").split())
    if not entry:
        form.add_error(find, _("Type a few letters and choose a name from the list."))
        return form
    label, problems = taxonomy_label(model_name, entry)
    for problem in problems:
        form.add_error(find, problem)
    if years_field and not problems:
        years = form.cleaned_data.get(years_field)
        if years is None:
            if years_field not in form.errors:
                form.add_error(years_field, _("Give the years in the occupation."))
            return form
        label = f"{label}; {years.normalize():f}"
    if problems:
        return form
    data[list_field] = "\n".join([*lines(data.get(list_field, "")), label])
    data[find] = ""
    if years_field:
        data[years_field] = ""
    form = form_class(data)
    # Only a name was added: what else is wrong is for the save to say.
    form.errors.clear()
    return form


class ProfileForm(LookupListsForm):
    LOOKUP_LISTS = {
        "wanted_occupations": ("find_wanted_occupation", "occupation", ""),
        "experience": ("find_experience", "occupation", "experience_years"),
        "skills": ("find_skill", "skill", ""),
        "languages": ("find_language", "language", ""),
    }

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
    education_level = forms.ChoiceField(
        label=_("Education level"),
        required=False,
        help_text=_("The highest completed education, by SCB's classification (SUN 2020)."),
        error_messages={"invalid_choice": _("Choose the education level from the list.")},
    )
    travel_districts = forms.MultipleChoiceField(
        label=_("Districts the person can travel to"),
        choices=[],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    extent = forms.ChoiceField(label=_("Can work"), choices=WorkExtent.choices)
    # The look-ups: a name found here is added to its list by the "Add" button.
    find_wanted_occupation = _lookup_field(_("Find a wanted occupation"), "yrke")
    find_experience = _lookup_field(_("Find an occupation the person has worked in"), "yrke")
    experience_years = forms.DecimalField(
        label=_("Years in that occupation"),
        required=False,
        min_value=0,
        max_value=60,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"step": "0.5", "min": "0", "max": "60"}),
        error_messages={"invalid": _("The years must be a number from 0 to 60.")},
    )
    find_skill = _lookup_field(_("Find a skill"), "kompetens")
    find_language = _lookup_field(_("Find a language"), "sprak")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        level = self.fields["education_level"]
        assert isinstance(level, forms.ChoiceField)
        level.choices = [("", "–"), *education_level_choices()]
        field = self.fields["travel_districts"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = list(District.objects.filter(is_active=True).values_list("slug", "name"))

    def _names_known(self, field: str, model_name: str) -> str:
        """Asked here too, so that a name not in the taxonomy is shown with the form's other
        errors; the service asks again."""
        text: str = self.cleaned_data[field]
        _found, problems = resolve_labels(model_name, lines(text))
        if problems:
            raise forms.ValidationError(problems)
        return text

    def clean_wanted_occupations(self) -> str:
        return self._names_known("wanted_occupations", "occupation")

    def clean_skills(self) -> str:
        return self._names_known("skills", "skill")

    def clean_languages(self) -> str:
        return self._names_known("languages", "language")

    def clean_experience(self) -> str:
        text: str = self.cleaned_data["experience"]
        _found, problems = experience_entries(lines(text))
        if problems:
            raise forms.ValidationError(problems)
        return text

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


class FairForm(LookupListsForm):
    LOOKUP_LISTS = {"occupations": ("find_occupation", "occupation", "")}

    name = forms.CharField(label=_("Name"), max_length=200)
    held_on = _date_field(_("Date"), missing=_("Give the day of the fair (YYYY-MM-DD)."))
    place = forms.CharField(label=_("Place"), max_length=300)
    sector = forms.CharField(label=_("Sector"), max_length=200, required=False)
    occupations = forms.CharField(
        label=_("Occupations recruited for"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line, as named in Arbetsförmedlingen's taxonomy."),
    )
    find_occupation = _lookup_field(_("Find an occupation recruited for"), "yrke")
    employers = forms.ModelMultipleChoiceField(
        label=_("Employers"),
        queryset=Employer.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean_held_on(self) -> dt.date:
        """Asked here too, so that a past day is reported with the form's other errors."""
        held_on: dt.date = self.cleaned_data["held_on"]
        for problem in fair_rule.fair_date_problems(held_on, today=timezone.localdate()):
            raise forms.ValidationError(problem.text(gettext))
        return held_on

    def clean_occupations(self) -> list[Occupation]:
        pks, problems = resolve_labels("occupation", lines(self.cleaned_data["occupations"]))
        if problems:
            raise forms.ValidationError(problems)
        return list(Occupation.objects.filter(pk__in=pks))


class InvitationForm(forms.Form):
    status = forms.ChoiceField(label=_("Came?"), choices=InvitationStatus.choices)
    outcome = forms.ChoiceField(label=_("What came of it"), choices=FairOutcome.choices)
