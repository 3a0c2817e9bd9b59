"""Forms of the matching pages: they parse what was typed; the services decide."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jobbtorg.matching.models import (
    ContactChannel,
    DrivingLicence,
    Employer,
    EmployerKind,
    Extent,
    VacancyKind,
)
from jobbtorg.organisation.models import District
from jobbtorg.participants.forms import DateInput


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
