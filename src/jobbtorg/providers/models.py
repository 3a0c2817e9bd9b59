import uuid

from django.conf import settings
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

    slug = models.SlugField(_("short name"), max_length=64, unique=True)
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
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, related_name="locations", verbose_name=_("provider")
    )
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

    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, related_name="contracts", verbose_name=_("provider")
    )
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

    code = models.SlugField(_("code"), max_length=64, unique=True)
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
    # Run in the choice system (LOV, 2019): the participant chooses among approved providers.
    choice_system = models.BooleanField(_("run in the choice system (LOV)"), default=False)
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

    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, related_name="offerings", verbose_name=_("provider")
    )
    activity_type = models.ForeignKey(
        ActivityType,
        on_delete=models.PROTECT,
        related_name="offerings",
        verbose_name=_("activity type"),
    )
    location = models.ForeignKey(
        ProviderLocation,
        on_delete=models.PROTECT,
        related_name="offerings",
        verbose_name=_("place"),
    )
    contract = models.ForeignKey(
        Contract,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="offerings",
        verbose_name=_("contract"),
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
    # The city's own cost per participant and month, for own operations compared with procured
    # providers on the same yardstick (R27, R30); procured providers' cost is what was paid.
    own_cost_per_month = models.DecimalField(
        _("own cost per participant and month (SEK)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
    )
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


class ParticipationStatus(models.TextChoices):
    WAITING = "waiting", _("On the waiting list")
    PLACED = "placed", _("Placed, not started")
    STARTED = "started", _("Started")
    COMPLETED = "completed", _("Completed")
    BROKEN_OFF = "broken_off", _("Broken off")
    NEVER_STARTED = "never_started", _("Never started")


# A place is taken while the person is placed or taking part.
PLACE_TAKING_STATUSES = (ParticipationStatus.PLACED, ParticipationStatus.STARTED)
OPEN_STATUSES = (ParticipationStatus.WAITING, *PLACE_TAKING_STATUSES)


class PaymentLevel(models.TextChoices):
    """Distance from the labour market, as in Arbetsförmedlingen's Rusta och matcha."""

    A = "A", _("A: close to the labour market")
    B = "B", _("B: some way from the labour market")
    C = "C", _("C: far from the labour market")


class ChoiceKind(models.TextChoices):
    ASSIGNED = "assigned", _("Placed by the coach (not in the choice system)")
    CHOSEN = "chosen", _("Chosen by the participant")
    DEFAULT_ROTATION = "default_rotation", _("Default provider by rotation (no choice made)")


class ResultKind(models.TextChoices):
    WORK = "work", _("Work")
    STUDIES = "studies", _("Studies")


class ActivityParticipation(BaseModel):
    """A person's place in a provider's offering (deltagande i aktivitet): from the waiting list
    through start to completion, with the result the provider reports. It outlives plan
    versions, which are rewritten; payment lines and attendance registers hang on it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    referral = models.ForeignKey(
        "participants.Referral", on_delete=models.PROTECT, related_name="activity_participations"
    )
    offering = models.ForeignKey(Offering, on_delete=models.PROTECT, related_name="participations")
    status = models.CharField(_("status"), max_length=16, choices=ParticipationStatus.choices)
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    level = models.CharField(
        _("payment level"), max_length=1, choices=PaymentLevel.choices, default=PaymentLevel.B
    )
    choice = models.CharField(
        _("how the provider was chosen"),
        max_length=16,
        choices=ChoiceKind.choices,
        default=ChoiceKind.ASSIGNED,
    )
    started_on = models.DateField(_("started on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(_("why it ended"), max_length=300, blank=True)
    result_kind = models.CharField(
        _("result"), max_length=16, choices=ResultKind.choices, blank=True
    )
    result_on = models.DateField(_("work or studies from"), null=True, blank=True)
    result_details = models.JSONField(_("details of the work or studies"), default=dict, blank=True)
    # Recorded by the coach at the 3- and 6-month follow-ups; None while not yet known.
    in_work_or_without_assistance_at_3_months = models.BooleanField(null=True, blank=True)
    in_work_or_without_assistance_at_6_months = models.BooleanField(null=True, blank=True)
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["planned_start", "created_at"]
        verbose_name = _("participation in an activity")
        verbose_name_plural = _("participations in activities")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(planned_end__gte=models.F("planned_start")),
                name="participation_ends_after_planned_start",
            ),
            models.CheckConstraint(
                condition=models.Q(result_kind="") | models.Q(result_on__isnull=False),
                name="participation_result_has_a_date",
            ),
            models.UniqueConstraint(
                fields=["referral", "offering"],
                condition=models.Q(status__in=["waiting", "placed", "started"]),
                name="one_open_participation_per_offering",
            ),
        ]
        indexes = [models.Index(fields=["offering", "status"])]

    def __str__(self) -> str:
        return f"{self.referral.participant} – {self.offering}"


class ProviderReportKind(models.TextChoices):
    START = "start", _("Started")
    BREAK_OFF = "break_off", _("Broken off")
    COMPLETION = "completion", _("Completed")
    RESULT = "result", _("Work or studies obtained")
    NEVER_STARTED = "never_started", _("Never started")


class ProviderReport(BaseModel):
    """What provider staff report about a participation; the coach sees it at once (Min dag,
    the person's page) and marks it read. Reports are never edited: a correction is a new one."""

    participation = models.ForeignKey(
        ActivityParticipation, on_delete=models.PROTECT, related_name="reports"
    )
    kind = models.CharField(_("report"), max_length=16, choices=ProviderReportKind.choices)
    on = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    details = models.JSONField(default=dict, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    seen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("provider report")
        verbose_name_plural = _("provider reports")
        ordering = ["-created_at"]


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    ABSENT_VALID = "absent_valid", _("Absent with valid reason")
    ABSENT_INVALID = "absent_invalid", _("Absent without valid reason")


class AbsenceReason(models.TextChoices):
    ILLNESS = "illness", _("Illness")
    CARE_OF_CHILD = "care_of_child", _("Care of child")
    APPOINTMENT = "appointment", _("Appointment")


class AttendanceRegister(BaseModel):
    """One day's attendance in an activity with daily attendance (R15). A day with no register
    is missing, never an absence. The person may report a valid absence for today and the
    coming days themselves; the provider can still correct it."""

    participation = models.ForeignKey(
        ActivityParticipation, on_delete=models.PROTECT, related_name="attendance"
    )
    day = models.DateField(_("day"))
    status = models.CharField(_("attendance"), max_length=16, choices=AttendanceStatus.choices)
    reason = models.CharField(_("reason"), max_length=16, choices=AbsenceReason.choices, blank=True)
    # Empty when the person reported the absence themselves (they have no staff account).
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The person reported it (ADR 0005, 8); cleared when the provider or coach changes it.
    reported_by_participant = models.BooleanField(
        _("absence reported by the participant"), default=False
    )

    class Meta:
        verbose_name = _("attendance register")
        verbose_name_plural = _("attendance registers")
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(
                fields=["participation", "day"], name="one_register_per_participation_day"
            ),
            models.CheckConstraint(
                condition=(models.Q(status="absent_valid") & ~models.Q(reason=""))
                | (~models.Q(status="absent_valid") & models.Q(reason="")),
                name="valid_absence_has_a_reason",
            ),
            # Staff register as themselves; the person reports only a valid absence.
            models.CheckConstraint(
                condition=models.Q(reported_by_participant=False, registered_by__isnull=False)
                | models.Q(
                    reported_by_participant=True,
                    registered_by__isnull=True,
                    status="absent_valid",
                ),
                name="register_by_staff_or_absence_reported_by_participant",
            ),
        ]


class ChoiceRotation(BaseModel):
    """Where the default rule (LOV: no choice made) stands for an activity type: the provider it
    assigned last. The next default goes to the next approved provider after it."""

    activity_type = models.OneToOneField(
        ActivityType, on_delete=models.PROTECT, related_name="choice_rotation"
    )
    last_provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("turn of providers")
        verbose_name_plural = _("turns of providers")


class PaymentStepKind(models.TextChoices):
    START_FEE = "start_fee", _("Start fee")
    MONTHLY_BASE_FEE = "monthly_base_fee", _("Monthly base fee")
    RESULT_FEE = "result_fee", _("Result fee")
    BONUS_3_MONTHS = "bonus_3_months", _("Bonus: still in work 3 months later")
    BONUS_6_MONTHS = "bonus_6_months", _("Bonus: still in work 6 months later")


class ContractPaymentStep(BaseModel):
    """One step of a contract's payment model (R27), in SEK per level."""

    contract = models.ForeignKey(
        Contract,
        on_delete=models.PROTECT,
        related_name="payment_steps",
        verbose_name=_("contract"),
    )
    kind = models.CharField(_("step"), max_length=32, choices=PaymentStepKind.choices)
    amount_a = models.DecimalField(_("level A (SEK)"), max_digits=10, decimal_places=2)
    amount_b = models.DecimalField(_("level B (SEK)"), max_digits=10, decimal_places=2)
    amount_c = models.DecimalField(_("level C (SEK)"), max_digits=10, decimal_places=2)

    class Meta:
        ordering = ["contract", "kind"]
        verbose_name = _("payment step")
        verbose_name_plural = _("payment steps")
        constraints = [
            models.UniqueConstraint(fields=["contract", "kind"], name="one_step_kind_per_contract"),
            models.CheckConstraint(
                condition=models.Q(amount_a__gte=0, amount_b__gte=0, amount_c__gte=0),
                name="payment_step_amounts_not_negative",
            ),
        ]
