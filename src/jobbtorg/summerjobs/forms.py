"""Forms of the summer-job pages: they parse what was typed; the services decide.

The plain-Swedish (lättläst) version of the public forms keeps the field names and swaps the
labels and help texts for simpler Swedish ones (they are Swedish in the source: the plain
version exists only in Swedish).
"""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jobbtorg.organisation.models import District
from jobbtorg.summerjobs.models import PriorityGround, Season, WorkplaceKind
from jobbtorg.summerjobs.selectors import published_workplaces
from jobbtorg.summerjobs.services import ApplicationData, WorkplaceData

PLAIN_LABELS = {
    "personal_identity_number": ("Ditt personnummer", "12 siffror, till exempel 20080101-1234."),
    "first_name": ("Ditt förnamn", ""),
    "last_name": ("Ditt efternamn", ""),
    "email": ("Din e-post", ""),
    "phone": ("Ditt telefonnummer", "Skriv telefon eller e-post, så att vi kan nå dig."),
    "guardian_name": ("Din förälders namn", "Bara om du är under 18 år."),
    "guardian_phone": ("Din förälders telefonnummer", "Bara om du är under 18 år."),
    "guardian_email": ("Din förälders e-post", "Bara om du är under 18 år."),
    "home_district": ("Var bor du?", "Välj din stadsdel."),
    "school": ("Din skola", ""),
    "area_districts": (
        "Sista val: vilket jobb som helst i de här stadsdelarna",
        "Kryssa i stadsdelar om du kan tänka dig vilket jobb som helst där.",
    ),
    "periods": ("När kan du jobba?", "Kryssa i de veckor du kan jobba."),
    "languages": ("Vilka språk talar du?", ""),
    "needs_language_support": ("Jag behöver hjälp med svenska språket på jobbet", ""),
    "confirmation_code": (
        "Din kod (bara om du vill ändra din ansökan)",
        "Koden fick du när du skickade ansökan första gången.",
    ),
}


class DistrictChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class WorkplaceChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name}, {obj.organisation} ({obj.district.name})"


class PeriodChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.starts_on:%Y-%m-%d} – {obj.ends_on:%Y-%m-%d})"


def _districts() -> Any:
    return District.objects.filter(is_active=True).order_by("name")


class ApplicationForm(forms.Form):
    personal_identity_number = forms.CharField(
        label=_("Personal identity number"),
        help_text=_("12 digits, for example 20080101-1234."),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    # Required fields are checked by the service, so that every problem shows at once.
    first_name = forms.CharField(
        label=_("First name"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    email = forms.EmailField(
        label=_("E-mail"), required=False, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    phone = forms.CharField(
        label=_("Phone"),
        help_text=_("Give a phone number or an e-mail address, so that we can reach you."),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    guardian_name = forms.CharField(
        label=_("Guardian's name"),
        help_text=_("Only if you are under 18."),
        required=False,
        max_length=200,
    )
    guardian_phone = forms.CharField(
        label=_("Guardian's phone"),
        help_text=_("Only if you are under 18."),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    guardian_email = forms.EmailField(
        label=_("Guardian's e-mail"), help_text=_("Only if you are under 18."), required=False
    )
    home_district = DistrictChoice(
        label=_("Home district"),
        queryset=District.objects.none(),
        empty_label=_("Choose"),
        required=False,
    )
    school = forms.CharField(label=_("School"), required=False, max_length=200)
    area_districts = forms.ModelMultipleChoiceField(
        label=_("Last choice: any suitable place in these districts"),
        help_text=_("Tick districts if any suitable place there would do."),
        queryset=District.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        to_field_name="slug",
    )
    periods = PeriodChoices(
        label=_("When can you work?"),
        queryset=District.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.CharField(label=_("Languages you speak"), required=False, max_length=300)
    needs_language_support = forms.BooleanField(
        label=_("I need support with Swedish at work"), required=False
    )
    confirmation_code = forms.CharField(
        label=_("Confirmation code (only to replace an application you sent before)"),
        help_text=_("You got the code when you first sent your application."),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args: Any, season: Season, plain: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.season = season
        self.fields["home_district"].queryset = _districts()  # type: ignore[attr-defined]
        self.fields["area_districts"].queryset = _districts()  # type: ignore[attr-defined]
        self.fields["periods"].queryset = season.periods.order_by("starts_on")  # type: ignore[attr-defined]
        workplaces = published_workplaces(season).order_by("name")
        self.choice_names = []
        for rank in range(1, season.choices_count + 1):
            name = f"choice_{rank}"
            self.fields[name] = WorkplaceChoice(
                label=(f"Val {rank}" if plain else _("Choice %(rank)d") % {"rank": rank}),
                queryset=workplaces,
                required=False,
                empty_label="–",
            )
            self.choice_names.append(name)
        if plain:
            for name, (label, help_text) in PLAIN_LABELS.items():
                self.fields[name].label = label
                self.fields[name].help_text = help_text

    def fields_named(self, *names: str) -> list[Any]:
        return [self[name] for name in names]

    @property
    def choice_fields(self) -> list[Any]:
        return [self[name] for name in self.choice_names]

    def data_for_service(self) -> ApplicationData:
        c = self.cleaned_data
        return ApplicationData(
            personal_identity_number=c["personal_identity_number"],
            first_name=c["first_name"],
            last_name=c["last_name"],
            email=c.get("email") or "",
            phone=c.get("phone") or "",
            guardian_name=c.get("guardian_name") or "",
            guardian_phone=c.get("guardian_phone") or "",
            guardian_email=c.get("guardian_email") or "",
            home_district=c.get("home_district"),
            school=c.get("school") or "",
            choices=[c.get(name) for name in self.choice_names],
            area_districts=list(c.get("area_districts") or []),
            periods=list(c.get("periods") or []),
            languages=c.get("languages") or "",
            needs_language_support=bool(c.get("needs_language_support")),
        )


class LookupForm(forms.Form):
    personal_identity_number = forms.CharField(
        label=_("Personal identity number"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    confirmation_code = forms.CharField(
        label=_("Confirmation code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args: Any, plain: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if plain:
            self.fields["personal_identity_number"].label = "Ditt personnummer"
            self.fields["confirmation_code"].label = "Din kod"


class WorkplaceReportForm(forms.Form):
    organisation = forms.CharField(
        label=_("Organisation"),
        help_text=_("The city unit, company or organisation that offers the places."),
        max_length=200,
    )
    name = forms.CharField(label=_("Workplace"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=WorkplaceKind.choices)
    district = DistrictChoice(
        label=_("District"), queryset=District.objects.none(), empty_label=_("Choose")
    )
    address = forms.CharField(label=_("Address"), required=False, max_length=300)
    tasks = forms.CharField(label=_("Tasks"), widget=forms.Textarea(attrs={"rows": 4}))
    places = forms.IntegerField(label=_("Number of places"), min_value=1, max_value=10000)
    periods = PeriodChoices(
        label=_("Periods"),
        queryset=District.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    min_age = forms.IntegerField(
        label=_("Lowest age"),
        help_text=_("Leave empty if there is no limit, e.g. 18 for work that needs an adult."),
        required=False,
        min_value=13,
        max_value=30,
    )
    max_age = forms.IntegerField(label=_("Highest age"), required=False, min_value=13, max_value=30)
    language_support = forms.CharField(
        label=_("Language support offered"),
        help_text=_(
            "For example: a supervisor who speaks Arabic and Swedish. Leave empty if none."
        ),
        required=False,
        max_length=200,
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=200)
    contact_email = forms.EmailField(label=_("Contact e-mail"))
    contact_phone = forms.CharField(label=_("Contact phone"), required=False, max_length=40)

    def __init__(self, *args: Any, season: Season, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = _districts()  # type: ignore[attr-defined]
        self.fields["periods"].queryset = season.periods.order_by("starts_on")  # type: ignore[attr-defined]

    def data_for_service(self) -> WorkplaceData:
        c = self.cleaned_data
        return WorkplaceData(
            organisation=c["organisation"],
            name=c["name"],
            kind=c["kind"],
            district=c["district"],
            address=c.get("address") or "",
            tasks=c["tasks"],
            places=c["places"],
            periods=list(c.get("periods") or []),
            min_age=c.get("min_age"),
            max_age=c.get("max_age"),
            language_support=c.get("language_support") or "",
            contact_name=c["contact_name"],
            contact_email=c["contact_email"],
            contact_phone=c.get("contact_phone") or "",
        )


class PriorityForm(forms.Form):
    ground = forms.ModelChoiceField(
        label=_("Priority ground"), queryset=PriorityGround.objects.none(), empty_label=_("Choose")
    )
    note = forms.CharField(
        label=_("Document seen"),
        help_text=_("For example: certificate from the school, 2026-03-02."),
        max_length=300,
        error_messages={
            "required": _("Say which document you saw, e.g. a certificate from the school.")
        },
    )

    def __init__(self, *args: Any, season: Season, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ground"].queryset = season.priority_grounds.order_by("rank")  # type: ignore[attr-defined]
