from django.db import models
from django.utils.translation import gettext_lazy as _

from jobbtorg.core.models import BaseModel, BilingualName


class ProviderKind(models.TextChoices):
    OWN_OPERATION = "own_operation", _("The city's own operation")
    ARBETSFORMEDLINGEN = "arbetsformedlingen", _("Arbetsförmedlingen")
    FORSAKRINGSKASSAN = "forsakringskassan", _("Försäkringskassan")
    PROCURED = "procured", _("Procured provider (LOU)")
    CHOICE_SYSTEM = "choice_system", _("Approved in the choice system (LOV)")
    NGO = "ngo", _("Non-profit organisation")


# These deliver under a contract: an offering needs one in force.
CONTRACTED_KINDS = frozenset({ProviderKind.PROCURED, ProviderKind.CHOICE_SYSTEM})


class Provider(BaseModel):
    """Runs activities (anordnare, R22): the city's own units, AF, FK, procured companies,
    providers approved in the choice system and NGOs."""

    slug = models.SlugField(max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=32, choices=ProviderKind.choices, default=ProviderKind.OWN_OPERATION
    )
    # Ten digits; validated with the organisationsnummer library when given.
    organisation_number = models.CharField(_("organisation number"), max_length=10, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("provider")
        verbose_name_plural = _("providers")

    def __str__(self) -> str:
        return self.name

    @property
    def organisation_number_display(self) -> str:
        number = self.organisation_number
        return f"{number[:6]}-{number[6:]}" if len(number) == 10 else number


class ProviderLocation(BaseModel):
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="locations")
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    district = models.ForeignKey(
        "organisation.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="provider_locations",
        verbose_name=_("district"),
    )

    class Meta:
        ordering = ["provider__name", "name"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self) -> str:
        return f"{self.provider}: {self.name}"


class Contract(BaseModel):
    """A procurement (LOU) contract or an approval in the choice system (LOV)."""

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="contracts")
    number = models.CharField(_("contract number"), max_length=100)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    price_model = models.TextField(_("price model"), blank=True)

    class Meta:
        ordering = ["provider__name", "-valid_from"]
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "number"], name="one_contract_number_per_provider"
            ),
            models.CheckConstraint(
                condition=models.Q(valid_until__gte=models.F("valid_from")),
                name="contract_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.number}"


class ActivityCategory(models.TextChoices):
    GUIDANCE = "guidance", _("Assessment and guidance")
    PREPARATORY = "preparatory", _("Preparatory")
    LANGUAGE = "language", _("Swedish language")
    WORK_PRACTICE = "work_practice", _("Work training and placements")
    EDUCATION = "education", _("Education and validation")
    MATCHING = "matching", _("Matching and recruitment")
    OTHER = "other", _("Other")


class ActivityType(BaseModel, BilingualName):
    """An activity the Jobbtorg offers (R21). Reference data: seeded, editable by administrators;
    the codes are fixed (API, transfer format, command line)."""

    code = models.SlugField(max_length=64, unique=True)
    category = models.CharField(_("category"), max_length=32, choices=ActivityCategory.choices)
    daily_attendance = models.BooleanField(_("attendance taken daily"), default=False)
    # A follow-up is due after this many days even if the activity goes on (R13, R14).
    max_length_days = models.PositiveIntegerField(
        _("default maximum length (days)"), null=True, blank=True
    )
    full_day = models.BooleanField(_("can be part of a full-day schedule"), default=False)
    # Which kinds of provider may deliver it; empty means any kind.
    provider_kinds = models.JSONField(
        _("kinds of provider that may deliver it"), default=list, blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name_sv"]
        verbose_name = _("activity type")
        verbose_name_plural = _("activity types")

    def __str__(self) -> str:
        return self.name


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class Offering(BaseModel):
    """A provider offers an activity type at a place, with capacity and a weekly schedule. An
    offering made at one Jobbtorg can be used for people at another (R2, R22)."""

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="offerings")
    activity_type = models.ForeignKey(
        ActivityType, on_delete=models.PROTECT, related_name="offerings"
    )
    location = models.ForeignKey(
        ProviderLocation, on_delete=models.PROTECT, related_name="offerings"
    )
    contract = models.ForeignKey(
        Contract, on_delete=models.PROTECT, null=True, blank=True, related_name="offerings"
    )
    made_at = models.ForeignKey(
        "organisation.JobCentre",
        on_delete=models.PROTECT,
        related_name="offerings",
        verbose_name=_("made at Jobbtorg"),
    )
    capacity = models.PositiveIntegerField(_("places"))
    weekdays = models.JSONField(_("weekdays"), default=list)
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))
    valid_from = models.DateField(_("from"))
    valid_until = models.DateField(_("until"), null=True, blank=True)
    languages = models.CharField(_("languages"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["activity_type__name_sv", "provider__name"]
        verbose_name = _("offering")
        verbose_name_plural = _("offerings")
        constraints = [
            models.CheckConstraint(condition=models.Q(capacity__gte=1), name="offering_has_places"),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="offering_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity_type} – {self.provider} ({self.location.name})"
