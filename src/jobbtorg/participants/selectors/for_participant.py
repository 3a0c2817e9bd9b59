"""What a participant signed in on their own pages may read of their cases: their own, and only
what was decided with or about them (ADR 0005, points 4 and 5). Every portal page that takes an
object's id takes it through these; anything else is 404. Assessment notes and health entries
are not here: they stay staff-only.
"""

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from jobbtorg.participants.models import (
    Assessment,
    CaseSharingConsent,
    ConsentWithdrawalRequest,
    Exit,
    HealthEntry,
    IntakeSlot,
    Interruption,
    Participant,
    Referral,
    Stage,
)


def referrals_visible_to_participant(person: Participant) -> QuerySet[Referral]:
    """The person's cases, at any Jobbtorg, newest first."""
    return Referral.objects.filter(participant=person).select_related(
        "district", "job_centre", "coach"
    )


def interruptions_visible_to_participant(person: Participant) -> QuerySet[Interruption]:
    return Interruption.objects.filter(referral__participant=person)


def exits_visible_to_participant(person: Participant) -> QuerySet[Exit]:
    return Exit.objects.filter(referral__participant=person)


def intake_slots_visible_to_participant(person: Participant) -> QuerySet[IntakeSlot]:
    """The first-meeting times booked for the person's cases."""
    return IntakeSlot.objects.filter(referral__participant=person).select_related(
        "coach", "job_centre"
    )


def sharing_consents_visible_to_participant(person: Participant) -> QuerySet[CaseSharingConsent]:
    """The consents to share the person's cases with another unit, withdrawn ones too."""
    return CaseSharingConsent.objects.filter(referral__participant=person).select_related(
        "job_centre", "district"
    )


def consent_withdrawal_requests_visible_to_participant(
    person: Participant,
) -> QuerySet[ConsentWithdrawalRequest]:
    return ConsentWithdrawalRequest.objects.filter(referral__participant=person)


def has_health_entries(person: Participant) -> bool:
    """Whether there are health entries in the person's cases. Never their content: it stays
    staff-only (ADR 0005, point 5); the person is told only that they exist."""
    return HealthEntry.objects.filter(referral__participant=person).exists()


# What the person sees of their assessment (ADR 0005, point 5, docs/user-guide/participant.md):
# the facts recorded in short fields, which the person told the coach. The free-text notes
# (work history, wishes, goal, obstacles) are the coach's working notes and stay staff-only;
# the person is told only that they exist and can ask the coach for them.
ASSESSMENT_FACTS = (
    "education_level",
    "education_field",
    "foreign_education",
    "languages",
    "swedish_level",
    "sfi_test_result",
    "driving_licence",
)
ASSESSMENT_NOTES = ("work_history", "wishes", "long_term_goal", "obstacles")


def assessments_visible_to_participant(person: Participant) -> list[dict[str, object]]:
    """The facts of the assessment of each of the person's cases, and `has_notes`: whether it
    has free-text notes (never their text). Values, not models: a template cannot reach a
    note through them."""
    rows = Assessment.objects.filter(referral__participant=person).values(
        "referral_id", *ASSESSMENT_FACTS, *ASSESSMENT_NOTES
    )
    shown = []
    for row in rows:
        notes = [row.pop(name) for name in ASSESSMENT_NOTES]
        shown.append({**row, "has_notes": any((note or "").strip() for note in notes)})
    return shown


def case_shown_to_participant(person: Participant) -> Referral | None:
    """The case the person's own page is about: the open one, else the latest."""
    cases = referrals_visible_to_participant(person)
    return cases.exclude(stage=Stage.EXITED).first() or cases.first()


def ongoing_interruption_of(case: Referral, today: dt.date | None = None) -> Interruption | None:
    today = today or timezone.localdate()
    return (
        Interruption.objects.filter(referral=case, start__lte=today, end__isnull=True)
        .order_by("-start")
        .first()
    )


def people_to_sign_in_as_in_demo(today: dt.date, recent_days: int = 60) -> QuerySet[Participant]:
    """The demo sign-in page's people: everyone with an open case, or one closed in the last
    `recent_days` (the demo's path from referral to exit), by Jobbtorg and name."""
    recent = today - dt.timedelta(days=recent_days)
    cases = Referral.objects.exclude(stage=Stage.EXITED) | Referral.objects.filter(
        exit__date__gte=recent
    )
    return (
        Participant.objects.filter(referrals__in=cases)
        .distinct()
        .order_by("first_name", "last_name", "pk")
    )
