"""The matching function (R23–R25): the national occupation taxonomy, employers and their
contacts, vacancies and placements, the person's matching profile, proposals of candidates,
placement follow-ups and recruitment fairs.

Reference data (occupations, SSYK groups, skills, languages) is Arbetsförmedlingen's JobTech
Taxonomy, copied into `matching/reference/` with its source noted there and loaded by migration.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jobbtorg.core.models import BaseModel

# Reference data: JobTech Taxonomy


class SsykGroup(models.Model):
    """An SSYK 2012 group at level 1 to 4 (code of 1 to 4 digits)."""

    code = models.CharField(max_length=4, unique=True)
    level = models.PositiveSmallIntegerField()
    parent_code = models.CharField(max_length=4, blank=True)
    concept_id = models.CharField(max_length=20, blank=True, db_index=True)
    label_sv = models.CharField(max_length=300)

    class Meta:
        verbose_name = _("occupational group (SSYK)")
        verbose_name_plural = _("occupational groups (SSYK)")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.label_sv}"


class Occupation(models.Model):
    """A JobTech occupation name (yrkesbenämning) with its SSYK 2012 level-4 group."""

    concept_id = models.CharField(max_length=20, unique=True)
    label_sv = models.CharField(max_length=300, db_index=True)
    ssyk_code = models.CharField(max_length=4, db_index=True)
    no_educational_requirement = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("occupation")
        verbose_name_plural = _("occupations")
        ordering = ["label_sv"]

    def __str__(self) -> str:
        return f"{self.label_sv} ({self.ssyk_code})"


class Skill(models.Model):
    concept_id = models.CharField(max_length=20, unique=True)
    label_sv = models.CharField(max_length=300, db_index=True)

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["label_sv"]

    def __str__(self) -> str:
        return self.label_sv


class Language(models.Model):
    concept_id = models.CharField(max_length=20, unique=True)
    label_sv = models.CharField(max_length=200, db_index=True)
    iso_639_1 = models.CharField(max_length=3, blank=True)

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        ordering = ["label_sv"]

    def __str__(self) -> str:
        return self.label_sv


class DrivingLicence(models.TextChoices):
    A = "A", "A"
    A1 = "A1", "A1"
    A2 = "A2", "A2"
    AM = "AM", "AM"
    B = "B", "B"
    BE = "BE", "BE"
    C = "C", "C"
    C1 = "C1", "C1"
    C1E = "C1E", "C1E"
    CE = "CE", "CE"
    D = "D", "D"
    D1 = "D1", "D1"
    D1E = "D1E", "D1E"
    DE = "DE", "DE"
    EXTENDED_B = "Utökad B", _("Extended B")


class DistrictCentroid(models.Model):
    """Where a district is, for the travel factor: the mean of the centroids of the stadsdelar
    whose names the district carries (`reference/district_centroids.csv`)."""

    district = models.OneToOneField(
        "organisation.District", on_delete=models.CASCADE, related_name="centroid"
    )
    latitude = models.FloatField()
    longitude = models.FloatField()

    class Meta:
        verbose_name = _("centre point of a district")
        verbose_name_plural = _("centre points of districts")

    def __str__(self) -> str:
        return f"{self.district_id}: {self.latitude:.5f}, {self.longitude:.5f}"


# Employers


class EmployerKind(models.TextChoices):
    COMPANY = "company", _("Company")
    STAFFING_FIRM = "staffing_firm", _("Staffing firm")
    CITY_UNIT = "city_unit", _("The city's own unit")
    PUBLIC_BODY = "public_body", _("Other public body")
    NGO = "ngo", _("Non-profit organisation")


class Employer(BaseModel):
    """An employer the Jobbtorg works with (R23, R25). Staffing firms may recruit through the
    Jobbtorg. Shared by all Jobbtorg, so that they coordinate their contacts."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=16, choices=EmployerKind.choices, default=EmployerKind.COMPANY
    )
    organisation_number = models.CharField(_("organisation number"), max_length=10, blank=True)
    industry = models.CharField(_("industry"), max_length=200, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    agreements = models.TextField(_("agreements"), blank=True)
    # The JobSearch employer id of imported ads, to find the employer again.
    external_id = models.CharField(max_length=40, blank=True, db_index=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation_number"],
                condition=~Q(organisation_number=""),
                name="one_employer_per_organisation_number",
            )
        ]

    def __str__(self) -> str:
        return self.name


class ContactChannel(models.TextChoices):
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("E-mail")
    MEETING = "meeting", _("Meeting")
    VISIT = "visit", _("Workplace visit")
    FAIR = "fair", _("Recruitment fair")


class EmployerContact(BaseModel):
    """Who at the Jobbtorg contacted whom at the employer, when, about what: shown before the
    next call, so that an employer is not called by five people about the same thing."""

    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="contacts")
    contacted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    contacted_on = models.DateField(_("date"))
    channel = models.CharField(_("how"), max_length=16, choices=ContactChannel.choices)
    person = models.CharField(_("whom at the employer"), max_length=200, blank=True)
    subject = models.CharField(_("about"), max_length=200)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("employer contact")
        verbose_name_plural = _("employer contacts")
        ordering = ["-contacted_on", "-created_at"]


# Vacancies and placements


class VacancyKind(models.TextChoices):
    JOB = "job", _("Job")
    PLACEMENT = "placement", _("Placement (praktikplats)")


class VacancyStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("vacancy status", "Open")
    FILLED = "filled", _("Filled")
    CLOSED = "closed", _("Closed")


class Extent(models.TextChoices):
    FULL = "full", _("Full time")
    PART = "part", _("Part time")


class VacancySource(models.TextChoices):
    MANUAL = "manual", _("Registered by hand")
    JOBSEARCH = "jobsearch", _("Imported (JobSearch format)")
    FREE_TEXT = "free_text", _("Free-text ad, occupation confirmed by a matcher")


class Vacancy(BaseModel):
    """A job or a placement (R23, R24) with its occupation from the taxonomy and what it asks."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(
        _("kind"), max_length=16, choices=VacancyKind.choices, default=VacancyKind.JOB
    )
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="vacancies")
    headline = models.CharField(_("headline"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    occupation = models.ForeignKey(
        Occupation, on_delete=models.PROTECT, related_name="+", verbose_name=_("occupation")
    )
    licence = models.CharField(
        _("driving licence required"),
        max_length=16,
        choices=DrivingLicence.choices,
        blank=True,
    )
    district = models.ForeignKey(
        "organisation.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("workplace district"),
    )
    address = models.CharField(_("workplace address"), max_length=300, blank=True)
    extent = models.CharField(
        _("extent"), max_length=8, choices=Extent.choices, default=Extent.FULL
    )
    duration = models.CharField(_("duration"), max_length=100, blank=True)
    starts_on = models.DateField(_("start"), null=True, blank=True)
    apply_by = models.DateField(_("last day to apply"), null=True, blank=True)
    openings = models.PositiveIntegerField(_("number of openings"), default=1)
    # Placements: who supervises, and how many at once.
    supervisor_name = models.CharField(_("supervisor"), max_length=200, blank=True)
    supervisor_contact = models.CharField(_("supervisor's contact"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(_("places at once"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=VacancyStatus.choices, default=VacancyStatus.OPEN
    )
    source = models.CharField(
        max_length=16, choices=VacancySource.choices, default=VacancySource.MANUAL
    )
    # The ad's id in its source (JobSearch id), so that an import is idempotent.
    source_ref = models.CharField(max_length=100, blank=True)
    made_at = models.ForeignKey(
        "organisation.JobCentre",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered at Jobbtorg"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("vacancy")
        verbose_name_plural = _("vacancies")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_ref"],
                condition=~Q(source_ref=""),
                name="one_vacancy_per_source_ad",
            ),
            models.CheckConstraint(condition=Q(openings__gte=1), name="vacancy_has_openings"),
        ]

    def __str__(self) -> str:
        return f"{self.headline} – {self.employer}"


class VacancySkill(models.Model):
    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")
    required = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("skill of a vacancy")
        verbose_name_plural = _("skills of vacancies")
        constraints = [
            models.UniqueConstraint(fields=["vacancy", "skill"], name="one_row_per_vacancy_skill")
        ]

    def __str__(self) -> str:
        return f"{self.skill_id}{' (required)' if self.required else ''}"


class VacancyLanguage(models.Model):
    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="languages")
    language = models.ForeignKey(Language, on_delete=models.PROTECT, related_name="+")
    required = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("language of a vacancy")
        verbose_name_plural = _("languages of vacancies")
        constraints = [
            models.UniqueConstraint(
                fields=["vacancy", "language"], name="one_row_per_vacancy_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.language_id}{' (required)' if self.required else ''}"


# The person's side (from the assessment)


class SwedishLevel(models.TextChoices):
    NONE = "none", _("No Swedish yet")
    BASIC = "basic", _("Basic (SFI A–B)")
    INTERMEDIATE = "intermediate", _("Intermediate (SFI C–D)")
    FLUENT = "fluent", _("Fluent")
    NATIVE = "native", _("Mother tongue")


class WorkExtent(models.TextChoices):
    FULL = "full", _("Full time")
    PART = "part", _("Part time only")
    ANY = "any", _("Full or part time")


class MatchingProfile(BaseModel):
    """What the matching engine may know of a person, kept with the case as part of the
    assessment (R9, R24). Only job-related facts: no health, no assessment notes, and none of
    the grounds of the Discrimination Act (see docs/matching.md)."""

    referral = models.OneToOneField(
        "participants.Referral", on_delete=models.PROTECT, related_name="matching_profile"
    )
    wanted_occupations = models.ManyToManyField(
        Occupation, blank=True, related_name="+", verbose_name=_("wanted occupations")
    )
    skills = models.ManyToManyField(Skill, blank=True, related_name="+", verbose_name=_("skills"))
    swedish_level = models.CharField(
        _("Swedish level"), max_length=16, choices=SwedishLevel.choices, blank=True
    )
    licences = models.JSONField(_("driving licences"), default=list, blank=True)
    education_level = models.CharField(_("education level (SUN 2020)"), max_length=8, blank=True)
    travel_districts = models.ManyToManyField(
        "organisation.District",
        blank=True,
        related_name="+",
        verbose_name=_("districts the person can travel to"),
    )
    extent = models.CharField(
        _("can work"), max_length=8, choices=WorkExtent.choices, default=WorkExtent.ANY
    )
    # Version for optimistic locking, as the assessment has.
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("matching profile")
        verbose_name_plural = _("matching profiles")


class WorkExperience(models.Model):
    profile = models.ForeignKey(
        MatchingProfile, on_delete=models.CASCADE, related_name="experience"
    )
    occupation = models.ForeignKey(Occupation, on_delete=models.PROTECT, related_name="+")
    years = models.DecimalField(_("years"), max_digits=4, decimal_places=1)

    class Meta:
        verbose_name = _("work experience")
        verbose_name_plural = _("work experiences")
        constraints = [
            models.CheckConstraint(condition=Q(years__gte=0), name="experience_years_not_negative")
        ]

    def __str__(self) -> str:
        return f"{self.occupation_id}: {self.years} years"


class ProfileLanguage(models.Model):
    profile = models.ForeignKey(MatchingProfile, on_delete=models.CASCADE, related_name="languages")
    language = models.ForeignKey(Language, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("language of a profile")
        verbose_name_plural = _("languages of profiles")
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "language"], name="one_row_per_profile_language"
            )
        ]

    def __str__(self) -> str:
        return str(self.language_id)


# The workflow (R24): a matcher proposes, the coach and the person agree, the employer gets a
# profile with only what the person agreed to share, interview, hired or not.


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed by the matcher")
    AGREED = "agreed", _("Agreed by the coach and the person")
    DECLINED = "declined", _("Declined by the coach or the person")
    SENT = "sent", _("Sent to the employer")
    INTERVIEW = "interview", _("Interview")
    HIRED = "hired", _("Hired")
    NOT_HIRED = "not_hired", _("Not hired")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# What the person may agree to show the employer; the name always goes with an agreed profile.
SHAREABLE_FIELDS = {
    "phone": _("Phone"),
    "email": _("E-mail"),
    "wanted_occupations": _("Wanted occupations"),
    "experience": _("Work experience"),
    "skills": _("Skills"),
    "languages": _("Languages and Swedish level"),
    "licences": _("Driving licences"),
    "education_level": _("Education level"),
}


class Proposal(BaseModel):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    vacancy = models.ForeignKey(Vacancy, on_delete=models.PROTECT, related_name="proposals")
    referral = models.ForeignKey(
        "participants.Referral", on_delete=models.PROTECT, related_name="proposals"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ProposalStatus.choices, default=ProposalStatus.PROPOSED
    )
    # The engine's score and explanation when proposed, kept as they were.
    score = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    explanation = models.JSONField(default=list, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    coach_agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    person_agreed = models.BooleanField(_("the person agrees"), null=True, blank=True)
    # What the person agreed the employer may see (field names of the profile).
    shared_fields = models.JSONField(default=list, blank=True)
    interview_on = models.DateField(_("interview"), null=True, blank=True)
    outcome_reason = models.CharField(_("reason"), max_length=300, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["vacancy", "referral"],
                condition=~Q(status__in=["declined", "withdrawn", "not_hired"]),
                name="one_live_proposal_per_person_and_vacancy",
            )
        ]


class ProposalEvent(BaseModel):
    """Each step of a proposal, never edited: who did what when."""

    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="events")
    status = models.CharField(max_length=16, choices=ProposalStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True)

    class Meta:
        verbose_name = _("event of a proposal")
        verbose_name_plural = _("events of proposals")
        ordering = ["created_at"]


class FollowUpClosedReason(models.TextChoices):
    CASE_EXITED = "case_exited", _("The person has exited")


class PlacementFollowUp(BaseModel):
    """A scheduled contact with a placement's supervisor (R24); on the matcher's list when due,
    until it is done or closed because it can no longer be made (the person exited)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="follow_ups")
    due_on = models.DateField(_("due"))
    done_on = models.DateField(_("done"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_on = models.DateField(_("closed"), null=True, blank=True)
    closed_reason = models.CharField(
        _("why it was closed"), max_length=32, choices=FollowUpClosedReason.choices, blank=True
    )

    class Meta:
        verbose_name = _("follow-up of an employment")
        verbose_name_plural = _("follow-ups of employments")
        ordering = ["due_on"]


# Recruitment fairs (R21, R23)


class RecruitmentFair(BaseModel):
    name = models.CharField(_("name"), max_length=200)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=300)
    sector = models.CharField(_("sector"), max_length=200, blank=True)
    # The occupations the fair recruits for: the engine suggests whom to invite from them.
    occupations = models.ManyToManyField(Occupation, blank=True, related_name="+")
    employers = models.ManyToManyField(Employer, blank=True, related_name="fairs")
    organised_by = models.ForeignKey(
        "organisation.JobCentre", on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("recruitment fair")
        verbose_name_plural = _("recruitment fairs")
        ordering = ["-held_on"]


class InvitationStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    ATTENDED = "attended", _("Came")
    DID_NOT_ATTEND = "did_not_attend", _("Did not come")


class FairOutcome(models.TextChoices):
    NONE = "none", _("Nothing yet")
    INTERVIEW = "interview", _("Interview")
    HIRED = "hired", _("Hired")


class FairInvitation(BaseModel):
    fair = models.ForeignKey(RecruitmentFair, on_delete=models.PROTECT, related_name="invitations")
    referral = models.ForeignKey(
        "participants.Referral", on_delete=models.PROTECT, related_name="fair_invitations"
    )
    status = models.CharField(
        max_length=16, choices=InvitationStatus.choices, default=InvitationStatus.INVITED
    )
    outcome = models.CharField(max_length=16, choices=FairOutcome.choices, default=FairOutcome.NONE)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("invitation to a recruitment fair")
        verbose_name_plural = _("invitations to recruitment fairs")
        constraints = [
            models.UniqueConstraint(fields=["fair", "referral"], name="one_invitation_per_fair")
        ]
