import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils.translation import gettext_lazy as _

from jobbtorg.core.models import BaseModel, BilingualName


class Participant(BaseModel):
    """A person referred to a Jobbtorg (deltagare). Personal data: read through
    `participants_visible_to`, written through the services, every read and write audited."""

    # A random id in URLs and the API, so that neither the personnummer nor a count leaks.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Stored as 12 digits, YYYYMMDDNNNN.
    personal_identity_number = models.CharField(
        _("personal identity number"), max_length=12, unique=True
    )
    is_coordination_number = models.BooleanField(_("coordination number"), default=False)
    birth_date = models.DateField(_("date of birth"))
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    home_district = models.ForeignKey(
        "organisation.District",
        on_delete=models.PROTECT,
        related_name="residents",
        verbose_name=_("home district"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    # Empty when no interpreter is needed.
    interpreter_language = models.CharField(_("interpreter language"), max_length=100, blank=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        # The participant list's order: a page is read along it, not sorted from all in scope.
        indexes = [
            models.Index(fields=["last_name", "first_name", "id"], name="participant_name_order")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(personal_identity_number__regex=r"^[0-9]{12}$"),
                name="personal_identity_number_is_12_digits",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def personal_identity_number_display(self) -> str:
        number = self.personal_identity_number
        return f"{number[:8]}-{number[8:]}"


class TargetGroup(BaseModel, BilingualName):
    """A target group (R4, R5). Configurable; every referral records the one it was made under."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    is_active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("position in lists"), default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")

    def __str__(self) -> str:
        return self.name


class AfRegistration(models.TextChoices):
    REGISTERED = "registered", _("Registered with Arbetsförmedlingen")
    REGISTERED_TODAY = "registered_today", _("Registered today")
    NOT_APPLICABLE = "not_applicable", _("Not to be registered")


class Stage(models.TextChoices):
    REFERRED = "referred", _("Referred, awaiting first meeting")
    ENROLLED = "enrolled", _("Enrolled")
    EXITED = "exited", _("Exited")


class Referral(BaseModel):
    """A referral from the home district and the enrolment at the Jobbtorg that follows it:
    the person's case, from referral (R7) to exit (R19)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="referrals")
    district = models.ForeignKey(
        "organisation.District", on_delete=models.PROTECT, related_name="referrals"
    )
    job_centre = models.ForeignKey(
        "organisation.JobCentre", on_delete=models.PROTECT, related_name="referrals"
    )
    target_group = models.ForeignKey(
        TargetGroup, on_delete=models.PROTECT, related_name="referrals"
    )
    basis = models.TextField(_("basis of the district's decision"))
    # The city's audit (2010) found consent rarely documented. The referral form requires consent
    # or a legal basis; a referral arriving through the API without either is kept and flagged
    # (`consent_documented`), never silently taken as consent.
    consent_given = models.BooleanField(
        _("the person consents to the data being passed on"), null=True, blank=True
    )
    legal_basis = models.TextField(_("legal basis, when consent is not the basis"), blank=True)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    referred_at = models.DateTimeField(_("referred at"))
    stage = models.CharField(max_length=16, choices=Stage.choices, default=Stage.REFERRED)
    # The first meeting held: the day of enrolment.
    enrolled_on = models.DateField(_("enrolled on"), null=True, blank=True)
    duties_explained = models.BooleanField(
        _("rights, duties and consequences explained"), default=False
    )
    af_registration = models.CharField(
        _("Arbetsförmedlingen registration"),
        max_length=32,
        choices=AfRegistration.choices,
        blank=True,
    )
    af_registration_on = models.DateField(null=True, blank=True)
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="caseload",
        verbose_name=_("coach"),
    )

    class Meta:
        ordering = ["-referred_at"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        # A Jobbtorg's cases in one stage (Min dag's counts, the referred with no first
        # meeting, the enrolled whose deadlines it lists): 10,000 cases a Jobbtorg in a city.
        indexes = [
            models.Index(fields=["job_centre", "stage", "referred_at"], name="referral_unit_stage"),
            # A Jobbtorg's cases enrolled in a month (the manager's plans on time): without it
            # PostgreSQL read all 14,000 cases of the Jobbtorg to find this month's (6 ms).
            models.Index(fields=["job_centre", "enrolled_on"], name="referral_unit_enrolled"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["participant"],
                condition=~Q(stage="exited"),
                name="one_open_enrolment_per_person",
            ),
            models.CheckConstraint(
                condition=~Q(stage="enrolled") | Q(enrolled_on__isnull=False),
                name="enrolled_referral_has_enrolment_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} ({self.job_centre.name})"

    @property
    def consent_documented(self) -> bool:
        return bool(self.consent_given) or bool(self.legal_basis.strip())


class IntakeSlot(BaseModel):
    """A time a coach has published for first meetings; a referral books the earliest free one."""

    job_centre = models.ForeignKey(
        "organisation.JobCentre", on_delete=models.PROTECT, related_name="intake_slots"
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="intake_slots"
    )
    starts_at = models.DateTimeField(_("starts at"))
    minutes = models.PositiveSmallIntegerField(_("length (minutes)"), default=60)
    referral = models.OneToOneField(
        Referral,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="first_meeting_slot",
    )

    class Meta:
        verbose_name = _("intake time")
        verbose_name_plural = _("intake times")
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["coach", "starts_at"], name="one_slot_per_coach_and_time"
            )
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M} {self.coach}"


class MeetingOutcome(models.TextChoices):
    HELD = "held", _("Held")
    NO_SHOW = "no_show", _("Did not come")


class FirstMeeting(BaseModel):
    """What happened at a booked first meeting (R8). A no-show is reported to the district and
    a new time can be booked; the attempts are kept."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="first_meetings")
    held_on = models.DateField(_("date"))
    outcome = models.CharField(_("outcome"), max_length=16, choices=MeetingOutcome.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("first meeting")
        verbose_name_plural = _("first meetings")
        ordering = ["held_on", "created_at"]


class CoachAssignment(BaseModel):
    """Who the personal coach is, from when: history as rows (R8)."""

    referral = models.ForeignKey(
        Referral, on_delete=models.PROTECT, related_name="coach_assignments"
    )
    coach = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_from = models.DateField()
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("coach assignment")
        verbose_name_plural = _("coach assignments")
        ordering = ["assigned_from", "created_at"]


class Assessment(BaseModel):
    """The assessment (kartläggning, R9), started at the first meeting. Health-related entries
    are kept apart in HealthEntry, with narrower access."""

    referral = models.OneToOneField(Referral, on_delete=models.PROTECT, related_name="assessment")
    education_level = models.CharField(_("education level"), max_length=100, blank=True)
    education_field = models.CharField(_("education field"), max_length=200, blank=True)
    foreign_education = models.BooleanField(
        _("education from abroad (to be validated)"), default=False
    )
    work_history = models.TextField(
        _("work history"), blank=True, help_text=_("One line per occupation, with years.")
    )
    languages = models.CharField(_("languages"), max_length=300, blank=True)
    swedish_level = models.CharField(_("Swedish level"), max_length=100, blank=True)
    sfi_test_result = models.CharField(_("SFI test result"), max_length=100, blank=True)
    driving_licence = models.CharField(_("driving licence"), max_length=50, blank=True)
    wishes = models.TextField(_("wishes"), blank=True)
    long_term_goal = models.TextField(_("long-term goal"), blank=True)
    obstacles = models.TextField(_("obstacles and needs of support"), blank=True)
    # Optimistic locking: a save based on an older version is refused.
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")


class HealthEntry(BaseModel):
    """A health-related note: special category data. Only the coach and manager of the person's
    Jobbtorg see it, and every view is audited."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="health_entries")
    text = models.TextField(_("health-related limitation or need"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("health note")
        verbose_name_plural = _("health notes")
        ordering = ["-created_at"]


class InterruptionReason(models.TextChoices):
    PREGNANCY = "pregnancy", _("Pregnancy")
    PARENTAL_LEAVE = "parental_leave", _("Parental leave")
    ILLNESS = "illness", _("Illness")
    OTHER = "other", _("Other")


class Interruption(BaseModel):
    """A pause in participation (R17): the 18-month clock stops while it lasts."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="interruptions")
    reason = models.CharField(_("reason"), max_length=32, choices=InterruptionReason.choices)
    # Required for the reason `other` on the pages and in the API; one imported under version 1
    # of the transfer format may lack it (docs/transfer-format.md), so the database allows that.
    reason_text = models.CharField(_("explanation"), max_length=300, blank=True)
    start = models.DateField(_("start"))
    expected_end = models.DateField(_("expected end"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("interruption")
        verbose_name_plural = _("interruptions")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="interruption_ends_after_it_starts",
            ),
            models.UniqueConstraint(
                fields=["referral"],
                condition=Q(end__isnull=True),
                name="one_ongoing_interruption_per_referral",
            ),
        ]


class ExitReason(models.TextChoices):
    WORK = "work", _("Work")
    STUDIES = "studies", _("Studies")
    AF_GUARANTEE = (
        "af_guarantee",
        _("Handed over to Arbetsförmedlingen's job and development guarantee"),
    )
    MOVED = "moved", _("Moved from the city")
    OTHER_SUPPORT = "other_support", _("Other support from the district or health care")
    NO_ASSISTANCE = "no_assistance", _("No longer receives assistance for other reasons")
    STOPPED = "stopped", _("Stopped taking part")
    OTHER = "other", _("Other")


class EmploymentForm(models.TextChoices):
    PERMANENT = "permanent", _("Permanent")
    TEMPORARY = "temporary", _("Temporary")
    # Employment that is itself a municipal labour-market measure: not "work" in Kolada's sense.
    MUNICIPAL_MEASURE = "municipal_measure", _("Municipal labour-market measure")


class EmploymentExtent(models.TextChoices):
    FULL = "full", _("Full time")
    PART = "part", _("Part time")


class Exit(BaseModel):
    """The end of a participation (R19). Always with a reason; an exit to work with the kind of
    employment. The database refuses an exit without them too. The explanation of the reason
    `other` is the exit rule's to require: an exit imported under version 1 of the transfer
    format may lack it (docs/transfer-format.md)."""

    referral = models.OneToOneField(Referral, on_delete=models.PROTECT, related_name="exit")
    date = models.DateField(_("exit date"))
    reason = models.CharField(_("reason"), max_length=32, choices=ExitReason.choices)
    reason_text = models.CharField(_("explanation"), max_length=300, blank=True)
    employment_form = models.CharField(
        _("form of employment"), max_length=32, choices=EmploymentForm.choices, blank=True
    )
    extent = models.CharField(
        _("extent"), max_length=16, choices=EmploymentExtent.choices, blank=True
    )
    hours_per_week = models.DecimalField(
        _("hours per week"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    wage_subsidy = models.BooleanField(_("with wage subsidy"), null=True, blank=True)
    employer = models.CharField(_("employer"), max_length=200, blank=True)
    occupation_ssyk = models.CharField(_("occupation (SSYK)"), max_length=8, blank=True)
    # Kolada's "började studera" counts studies that qualify for student finance (R28).
    studies_with_student_finance = models.BooleanField(
        _("studies that qualify for student finance"), null=True, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("exit")
        verbose_name_plural = _("exits")
        constraints = [
            models.CheckConstraint(
                condition=Q(reason__in=[r.value for r in ExitReason]),
                name="exit_has_a_known_reason",
            ),
            models.CheckConstraint(
                condition=~Q(reason="work")
                | (~Q(employment_form="") & ~Q(extent="") & Q(wage_subsidy__isnull=False)),
                name="exit_to_work_records_employment",
            ),
        ]


class EventKind(models.TextChoices):
    PLAN_AWAITING_APPROVAL = "plan_awaiting_approval", _("Plan awaiting approval")
    NO_SHOW = "no_show", _("Did not come to the first meeting")
    ABSENCE = "absence", _("Absence reported")
    MISSING_REGISTERS = "missing_registers", _("Attendance registers missing")
    NON_COOPERATION = "non_cooperation", _("Non-cooperation reported")
    INTERRUPTION_STARTED = "interruption_started", _("Participation interrupted")
    INTERRUPTION_ENDED = "interruption_ended", _("Participation restarted")
    EXIT = "exit", _("Exit")
    # Told to the former home district when another district confirms that the person lives
    # there now. It names the new district, never the new case.
    MOVED_AWAY = "moved_away", _("Moved to another district")


class HandledReason(models.TextChoices):
    """Why an event was closed without an officer marking it: the work it asked for was done
    or is no longer possible. Blank: an officer marked it handled."""

    PLAN_DECIDED = "plan_decided", _("The plan was decided")
    PLAN_SUPERSEDED = "plan_superseded", _("A newer plan version replaced it")
    CASE_EXITED = "case_exited", _("The person has exited")
    REGISTERS_FILLED = "registers_filled", _("The attendance has been registered")


class DistrictEvent(BaseModel):
    """Something the home district must know (R15, R33): the officer's inbox and the API feed."""

    district = models.ForeignKey(
        "organisation.District", on_delete=models.PROTECT, related_name="events"
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="district_events"
    )
    # The district's own case the event is about. Empty for a move away, which the former home
    # district is told about whether or not it ever referred the person.
    referral = models.ForeignKey(
        Referral, on_delete=models.PROTECT, related_name="events", null=True, blank=True
    )
    kind = models.CharField(max_length=32, choices=EventKind.choices)
    occurred_at = models.DateTimeField(db_index=True)
    summary = models.CharField(max_length=300, blank=True)
    data = models.JSONField(default=dict, blank=True)
    # Set by an officer who has dealt with it; the event itself stays.
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    handled_reason = models.CharField(max_length=32, choices=HandledReason.choices, blank=True)

    class Meta:
        verbose_name = _("event for the district")
        verbose_name_plural = _("events for the district")
        ordering = ["occurred_at", "id"]
        indexes = [
            models.Index(fields=["district", "occurred_at"]),
            # The inbox's order (unhandled first, then newest), so that a page of it is read
            # from the index instead of sorting every event the district ever had.
            models.Index(
                F("district"),
                Case(When(handled_at__isnull=True, then=Value(0)), default=Value(1)),
                F("occurred_at").desc(),
                F("id").desc(),
                name="district_inbox_order",
            ),
            # The inbox's count of what awaits handling.
            models.Index(
                fields=["district"],
                condition=Q(handled_at__isnull=True),
                name="district_events_unhandled",
            ),
        ]


class LimitException(BaseModel):
    """A reasoned exception to the 18-month limit (R13), asked for by the coach and approved or
    refused by the manager of the Jobbtorg. Until approved, the limit stands."""

    referral = models.ForeignKey(
        Referral, on_delete=models.PROTECT, related_name="limit_exceptions"
    )
    reason = models.TextField(_("why the participation should go on"))
    until = models.DateField(_("go on until"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved = models.BooleanField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("note on the decision"), blank=True)

    class Meta:
        verbose_name = _("exception from a time limit")
        verbose_name_plural = _("exceptions from time limits")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["referral"],
                condition=Q(approved__isnull=True),
                name="one_pending_limit_exception_per_referral",
            )
        ]


class HomeDistrictChange(BaseModel):
    """The home district from a date (history as rows): written when a district confirms that
    a person lives there, at a referral. `Participant.home_district` is the current one."""

    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="home_district_changes"
    )
    # Empty for a person the city did not know before.
    from_district = models.ForeignKey(
        "organisation.District", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    to_district = models.ForeignKey(
        "organisation.District", on_delete=models.PROTECT, related_name="+"
    )
    moved_on = models.DateField(_("lives in the district from"))
    referral = models.ForeignKey(
        Referral, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("change of home district")
        verbose_name_plural = _("changes of home district")
        ordering = ["moved_on", "created_at"]


class SharedPart(models.TextChoices):
    CASE_FILE = "case_file", _("The case file (referral, meetings, plans, follow-ups, exit)")
    PLANS_AND_EXIT = "plans_and_exit", _("Plans and exit")


class CaseSharingConsent(BaseModel):
    """The person's consent that one case of one unit may be seen by another unit (a Jobbtorg
    or a district): without it a case stays with the unit that holds it. Recorded by that
    unit's staff or officer; a withdrawal ends it (the row stays, as history)."""

    referral = models.ForeignKey(
        Referral, on_delete=models.PROTECT, related_name="sharing_consents"
    )
    job_centre = models.ForeignKey(
        "organisation.JobCentre", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    district = models.ForeignKey(
        "organisation.District", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    shared_part = models.CharField(_("what is shared"), max_length=32, choices=SharedPart.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("consent to share the case")
        verbose_name_plural = _("consents to share cases")
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(job_centre__isnull=True, district__isnull=False)
                | Q(job_centre__isnull=False, district__isnull=True),
                name="consent_shares_with_one_unit",
            ),
        ]

    @property
    def unit(self) -> Any:
        return self.job_centre or self.district


class ConsentWithdrawalRequest(BaseModel):
    """The person asks, on their own pages, to take back the consent recorded with their case
    (the referral's, or a consent to share it). It deletes nothing by itself: the coach (or,
    when the coach is away, the Jobbtorg's manager) sees it on Min dag, acts on it with the
    person, and marks it handled. Stored with the case and culled with it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    referral = models.ForeignKey(
        Referral, on_delete=models.PROTECT, related_name="consent_withdrawal_requests"
    )
    text = models.TextField(_("what you want to tell us"), blank=True)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("request to withdraw consent")
        verbose_name_plural = _("requests to withdraw consent")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.referral_id} ({self.created_at:%Y-%m-%d})"


class MessageThread(BaseModel):
    """A conversation between the person and the Jobbtorg about one subject, in one case (ADR
    0005 point 7): it belongs to the case, is read through the case's scoping and is culled
    with the case files."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="message_threads")
    subject = models.CharField(_("subject"), max_length=120)

    class Meta:
        verbose_name = _("message thread")
        verbose_name_plural = _("message threads")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.subject


class MessageAuthor(models.TextChoices):
    PARTICIPANT = "participant", _("The participant")
    STAFF = "staff", _("Staff")


class CaseMessage(BaseModel):
    """One message of a thread, plain text, by the person or by a member of staff. `read_at`
    is when the other side read it: the person's message read by the staff who may answer,
    the staff's answer read by the person."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    thread = models.ForeignKey(MessageThread, on_delete=models.PROTECT, related_name="messages")
    author = models.CharField(_("written by"), max_length=16, choices=MessageAuthor.choices)
    # The member of staff who wrote it; empty for the person's own message.
    staff_author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    body = models.TextField(_("message"))
    read_at = models.DateTimeField(_("read by the other side"), null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at"]
        indexes = [models.Index(fields=["thread", "created_at"], name="case_message_thread_order")]
        constraints = [
            models.CheckConstraint(
                condition=Q(author="participant", staff_author__isnull=True)
                | Q(author="staff", staff_author__isnull=False),
                name="case_message_staff_author_names_staff",
            ),
            models.CheckConstraint(condition=~Q(body=""), name="case_message_has_a_body"),
        ]

    def __str__(self) -> str:
        return f"{self.thread} ({self.created_at:%Y-%m-%d %H:%M})"
