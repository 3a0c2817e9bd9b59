"""Summer jobs for young people (R26): a season with its application window, priority grounds
and periods; workplaces reporting places; applications with ranked choices; allocation runs
(applicant-proposing deferred acceptance, `engines/summerjobs`), offers and rounds."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jobbtorg.core.models import BaseModel, BilingualName


class SeasonStatus(models.TextChoices):
    DRAFT = "draft", _("Being set up")
    OPEN = "open", _("Open for applications")
    CLOSED = "closed", _("Applications closed")
    FINISHED = "finished", _("Finished")


class Season(BaseModel):
    name = models.CharField(_("name"), max_length=200)
    year = models.PositiveIntegerField(_("year"))
    opens_on = models.DateField(_("applications open"))
    closes_on = models.DateField(_("applications close"))
    # Ages are counted on this day: eligibility and the workplaces' age limits.
    reference_date = models.DateField(_("ages counted on"))
    min_age = models.PositiveSmallIntegerField(_("youngest eligible age"), default=16)
    max_age = models.PositiveSmallIntegerField(_("oldest eligible age"), default=19)
    choices_count = models.PositiveSmallIntegerField(_("number of choices"), default=5)
    goal = models.PositiveIntegerField(_("the city's goal (young people placed)"), default=0)
    offer_days = models.PositiveSmallIntegerField(_("days to accept an offer"), default=7)
    status = models.CharField(
        _("status"), max_length=16, choices=SeasonStatus.choices, default=SeasonStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        ordering = ["-year", "-opens_on"]
        verbose_name = _("summer job season")
        verbose_name_plural = _("summer job seasons")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="season_closes_after_it_opens",
            ),
            models.CheckConstraint(
                condition=Q(max_age__gte=models.F("min_age")), name="season_ages_in_order"
            ),
            models.CheckConstraint(
                condition=Q(choices_count__gte=1, choices_count__lte=10),
                name="season_choices_1_to_10",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PriorityGround(BaseModel, BilingualName):
    """A ground for priority (R26), verified by staff from documents, never self-declared.
    `rank` 1 is the highest tier."""

    season = models.ForeignKey(
        Season,
        on_delete=models.CASCADE,
        related_name="priority_grounds",
        verbose_name=_("season"),
    )
    code = models.SlugField(_("code"), max_length=40)
    rank = models.PositiveSmallIntegerField(_("order"))

    class Meta:
        ordering = ["season", "rank"]
        verbose_name = _("priority ground")
        verbose_name_plural = _("priority grounds")
        constraints = [
            models.UniqueConstraint(fields=["season", "code"], name="one_ground_code_per_season"),
            models.UniqueConstraint(fields=["season", "rank"], name="one_ground_per_rank"),
        ]

    def __str__(self) -> str:
        return self.name


class Period(BaseModel):
    season = models.ForeignKey(
        Season, on_delete=models.CASCADE, related_name="periods", verbose_name=_("season")
    )
    name = models.CharField(_("name"), max_length=100)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))

    class Meta:
        ordering = ["season", "starts_on"]
        verbose_name = _("summer job period")
        verbose_name_plural = _("summer job periods")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="period_ends_after_it_starts"
            )
        ]

    def __str__(self) -> str:
        return self.name


class WorkplaceKind(models.TextChoices):
    CITY_UNIT = "city_unit", _("The city's own unit")
    COMPANY = "company", _("Company")
    ORGANISATION = "organisation", _("Organisation")


class WorkplaceStatus(models.TextChoices):
    REPORTED = "reported", _("Reported, awaiting approval")
    APPROVED = "approved", _("Approved and published")
    REJECTED = "rejected", _("Not approved")


class SummerWorkplace(BaseModel):
    """A workplace reporting summer-job places; published once staff approve it."""

    season = models.ForeignKey(Season, on_delete=models.PROTECT, related_name="workplaces")
    # The id in files for the command line and the published list.
    code = models.SlugField(_("workplace id"), max_length=40)
    name = models.CharField(_("workplace"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=WorkplaceKind.choices)
    district = models.ForeignKey(
        "organisation.District", on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    tasks = models.TextField(_("tasks"))
    places = models.PositiveIntegerField(_("number of places"))
    periods = models.ManyToManyField(Period, related_name="workplaces", verbose_name=_("periods"))
    min_age = models.PositiveSmallIntegerField(_("lowest age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("highest age"), null=True, blank=True)
    language_support = models.CharField(_("language support offered"), max_length=200, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"))
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    # The contact's own link to see the young people who accepted a place (no staff login).
    contact_token_hash = models.CharField(max_length=64, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=WorkplaceStatus.choices, default="reported"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("summer job workplace")
        verbose_name_plural = _("summer job workplaces")
        ordering = ["season", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["season", "code"], name="one_workplace_code_per_season"
            ),
            models.CheckConstraint(condition=Q(places__gte=1), name="workplace_has_places"),
            models.CheckConstraint(
                condition=Q(min_age__isnull=True)
                | Q(max_age__isnull=True)
                | Q(max_age__gte=models.F("min_age")),
                name="workplace_ages_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"


class SummerApplication(BaseModel):
    """One application per person and season; a new one replaces it until the window closes
    (the replaced choices are kept in the audit log). Sent again without the confirmation code,
    it is kept beside the first as a later submission (`duplicate_of`) for staff to resolve: the
    sender is answered as any new applicant, and the first application is never overwritten."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    season = models.ForeignKey(Season, on_delete=models.PROTECT, related_name="applications")
    personal_identity_number = models.CharField(_("personal identity number"), max_length=12)
    birth_date = models.DateField(_("date of birth"))
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    guardian_name = models.CharField(_("guardian's name"), max_length=200, blank=True)
    guardian_phone = models.CharField(_("guardian's phone"), max_length=40, blank=True)
    guardian_email = models.EmailField(_("guardian's e-mail"), blank=True)
    home_district = models.ForeignKey(
        "organisation.District", on_delete=models.PROTECT, related_name="+"
    )
    school = models.CharField(_("school"), max_length=200, blank=True)
    periods = models.ManyToManyField(Period, related_name="+", verbose_name=_("available periods"))
    languages = models.CharField(_("languages"), max_length=300, blank=True)
    needs_language_support = models.BooleanField(_("needs language support"), default=False)
    # Shown once to the applicant; only its hash is kept.
    confirmation_code_hash = models.CharField(max_length=64)
    # Drawn once per applicant from the run's seed, kept for the explanation.
    lottery = models.FloatField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    # Sent with the personnummer of this earlier application, without its code.
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resends",
        verbose_name=_("sent again after"),
    )

    class Meta:
        verbose_name = _("summer job application")
        verbose_name_plural = _("summer job applications")
        ordering = ["season", "last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["season", "personal_identity_number"],
                condition=Q(duplicate_of__isnull=True),
                name="one_application_per_person_and_season",
            )
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class ApplicationChoice(models.Model):
    """A ranked choice: a published workplace, or an area (any suitable place in these
    districts, the last choice)."""

    application = models.ForeignKey(
        SummerApplication, on_delete=models.CASCADE, related_name="choices"
    )
    rank = models.PositiveSmallIntegerField()
    workplace = models.ForeignKey(
        SummerWorkplace, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    area_districts = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("choice of an application")
        verbose_name_plural = _("choices of applications")
        ordering = ["application", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["application", "rank"], name="one_choice_per_rank"),
            models.CheckConstraint(
                condition=Q(workplace__isnull=False) | ~Q(area_districts=[]),
                name="choice_is_a_workplace_or_an_area",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rank}: {self.workplace_id or ','.join(self.area_districts)}"


class VerifiedPriority(BaseModel):
    """A priority ground staff verified from documents for an application."""

    application = models.ForeignKey(
        SummerApplication, on_delete=models.CASCADE, related_name="priorities"
    )
    ground = models.ForeignKey(PriorityGround, on_delete=models.PROTECT, related_name="+")
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("document seen"), max_length=300)

    class Meta:
        verbose_name = _("verified priority ground")
        verbose_name_plural = _("verified priority grounds")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "ground"], name="one_verification_per_ground"
            )
        ]


class RunKind(models.TextChoices):
    STABLE = "stable", _("Stable allocation (deferred acceptance)")
    MAX_PLACEMENT = "max_placement", _("Maximum placement (comparison only)")


class AllocationRun(BaseModel):
    """One allocation round, deterministic from its inputs and seed: anyone can re-run it."""

    season = models.ForeignKey(Season, on_delete=models.PROTECT, related_name="runs")
    round_number = models.PositiveSmallIntegerField(_("round"))
    seed = models.BigIntegerField(_("seed"))
    ran_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The inputs as the engine received them (CSV text), so the run can be checked by anyone.
    applicants_csv = models.TextField()
    workplaces_csv = models.TextField()
    figures = models.JSONField(default=dict, blank=True)
    offers_sent = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("allocation run")
        verbose_name_plural = _("allocation runs")
        ordering = ["season", "-round_number"]
        constraints = [
            models.UniqueConstraint(fields=["season", "round_number"], name="one_run_per_round")
        ]


class OfferStatus(models.TextChoices):
    OFFERED = "offered", _("Offered")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Expired")


class Offer(BaseModel):
    run = models.ForeignKey(AllocationRun, on_delete=models.PROTECT, related_name="offers")
    application = models.ForeignKey(
        SummerApplication, on_delete=models.PROTECT, related_name="offers"
    )
    workplace = models.ForeignKey(SummerWorkplace, on_delete=models.PROTECT, related_name="offers")
    status = models.CharField(
        _("status"), max_length=16, choices=OfferStatus.choices, default=OfferStatus.OFFERED
    )
    answer_by = models.DateField(_("answer by"))
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("summer job offer")
        verbose_name_plural = _("summer job offers")
        ordering = ["run", "application"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(status__in=["offered", "accepted"]),
                name="one_live_offer_per_application",
            )
        ]


class Explanation(models.Model):
    """Why an applicant got the place they got, or none, in a run: lottery number and standing
    at each choice, as the engine explained it."""

    run = models.ForeignKey(AllocationRun, on_delete=models.CASCADE, related_name="explanations")
    application = models.ForeignKey(
        SummerApplication, on_delete=models.CASCADE, related_name="explanations"
    )
    details = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("explanation of an allocation")
        verbose_name_plural = _("explanations of allocations")
        constraints = [
            models.UniqueConstraint(
                fields=["run", "application"], name="one_explanation_per_run_and_application"
            )
        ]

    def __str__(self) -> str:
        return f"{self.run_id}/{self.application_id}"


class CodeTryCount(models.Model):
    """Wrong confirmation codes counted for one source address or one personnummer (the key is
    an HMAC of which, never the number itself). Counted and checked in one UPDATE, so parallel
    requests cannot slip past the limit (services/confirmation_codes.py)."""

    key = models.CharField(max_length=64, primary_key=True)
    failures = models.PositiveIntegerField(default=0)
    window_started_at = models.DateTimeField()
    next_try_at = models.DateTimeField()

    class Meta:
        verbose_name = _("count of code attempts")
        verbose_name_plural = _("counts of code attempts")

    def __str__(self) -> str:
        return f"{self.key[:8]}… {self.failures}"
