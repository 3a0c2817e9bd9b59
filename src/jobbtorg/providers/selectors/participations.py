"""Reads of participations in activities and the provider's reports on them: the scoping
functions, and the reads for display, which write the read-audit entry for the people shown."""

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from jobbtorg.core.audit import events as audit
from jobbtorg.core.audit.events import AuditContext
from jobbtorg.core.roles import JOB_CENTRE_ROLES, Role, scope_role
from jobbtorg.participants.models import Stage
from jobbtorg.participants.permissions import can_see_contact_details
from jobbtorg.participants.selectors import (
    one_in_scope,
    referrals_held_by,
    referrals_visible_to,
)
from jobbtorg.providers.models import (
    OPEN_STATUSES,
    PLACE_TAKING_STATUSES,
    ActivityParticipation,
    AttendanceRegister,
    Offering,
    ParticipationStatus,
    ProviderReport,
)
from jobbtorg.providers.permissions import can_view_offerings

# Provider staff keep seeing an ended activity this long, to report a job or studies after it.
REPORTING_DAYS_AFTER_END = 90


def participations_visible_to(user: Any) -> QuerySet[ActivityParticipation]:
    """Participations in activities the user may see.

    - Staff of a Jobbtorg: those of the cases they may see, and (R2, R22) those in offerings made
      at their Jobbtorg for people served by another: the activity there, nothing else of them.
    - A district officer: those of the cases they may see.
    - Provider staff: those at their provider, of people whose case is open, while waiting,
      placed or taking part, and for 90 days after the activity ended (to report a result).
    - Nobody else.
    """
    participations = ActivityParticipation.objects.select_related(
        "referral__participant",
        "referral__job_centre",
        "offering__provider",
        "offering__activity_type",
        "offering__location",
        "offering__made_at",
    )
    role = scope_role(user)
    if role in JOB_CENTRE_ROLES and user.job_centre_id:
        return participations.filter(
            Q(referral__job_centre_id=user.job_centre_id)
            | Q(offering__made_at_id=user.job_centre_id)
        )
    if role == Role.DISTRICT_OFFICER:
        return participations.filter(referral__in=referrals_visible_to(user))
    if role == Role.PROVIDER_STAFF and user.provider_id:
        recently = timezone.localdate() - dt.timedelta(days=REPORTING_DAYS_AFTER_END)
        return participations.filter(
            offering__provider_id=user.provider_id,
            referral__stage=Stage.ENROLLED,
        ).filter(Q(status__in=OPEN_STATUSES) | Q(ended_on__gte=recently))
    return participations.none()


# What of a participation a user sees (docs/access.md, "The individual's path"). Staff of the
# Jobbtorg an offering was made at host people served by another Jobbtorg (R22): the activity,
# its dates, status and the provider's reports, nothing of the person beyond their name.
HOSTED_FIELDS = frozenset({"name", "activity", "dates", "status", "reports"})
# Provider staff also reach the person and know whether to book an interpreter.
PROVIDER_FIELDS = HOSTED_FIELDS | {"contact", "interpreter"}
# Those who work on the person's case also see the Jobbtorg's working material.
CASE_FIELDS = PROVIDER_FIELDS | {"case"}


def participation_fields_visible_to(
    user: Any, participation: ActivityParticipation
) -> frozenset[str]:
    """Which parts of a participation (one from `participations_visible_to(user)`) the user
    may see: "contact" (phone, email), "interpreter" (language), "case" (payment level, how the
    provider was chosen, result follow-ups, the way to the person's page)."""
    if is_own_case(user, participation):
        # Contact details belong to the person's current case: an earlier case's page does
        # not show what a later referral (perhaps another unit's) gave.
        if can_see_contact_details(user, participation.referral.participant):
            return CASE_FIELDS
        return CASE_FIELDS - {"contact", "interpreter"}
    if scope_role(user) == Role.PROVIDER_STAFF and (
        user.provider_id and user.provider_id == participation.offering.provider_id
    ):
        return PROVIDER_FIELDS
    return HOSTED_FIELDS


def is_own_case(user: Any, participation: ActivityParticipation) -> bool:
    """Whether the user works on the person's case (not only hosts the activity): only then
    do they see more of the person than the activity itself. A case shared with the user's
    unit by the person's consent is read there, not worked on."""
    return referrals_held_by(user).filter(pk=participation.referral_id).exists()


def participation_get(user: Any, participation_id: Any) -> ActivityParticipation:
    """One participation in the user's scope, or 404 (to act on it: no audit entry)."""
    return one_in_scope(participations_visible_to(user), participation_id)  # type: ignore[no-any-return]


def participation_shown(ctx: AuditContext, participation: ActivityParticipation) -> None:
    """A participation's page is shown: the person is logged as viewed."""
    audit.participant_viewed(ctx, participation.referral.participant)


def provider_reports_visible_to(user: Any) -> QuerySet[ProviderReport]:
    """The provider's reports on the participations the user sees."""
    return ProviderReport.objects.filter(participation__in=participations_visible_to(user))


def participation_reports(user: Any, participation: ActivityParticipation) -> Any:
    """The reports on one participation (newest first), with who reported and read them."""
    return (
        provider_reports_visible_to(user)
        .filter(participation=participation)
        .select_related("reported_by", "seen_by")
    )


def participation_report_get(
    user: Any, participation: ActivityParticipation, report_id: Any
) -> ProviderReport:
    """One report on the participation, or 404."""
    report = (
        provider_reports_visible_to(user)
        .filter(participation=participation, pk=report_id)
        .select_related("participation__referral")
        .first()
        if str(report_id or "").isdigit()
        else None
    )
    if report is None:
        raise Http404
    return report


def unread_reports_shown(ctx: AuditContext) -> list[ProviderReport]:
    """The provider's reports the coach has not read yet, for Min dag (their own caseload at
    their Jobbtorg); the people are logged as listed."""
    user = ctx.actor
    reports = list(
        provider_reports_visible_to(user)
        .filter(
            seen_at__isnull=True,
            participation__referral__coach=user,
            participation__referral__job_centre_id=user.job_centre_id,
        )
        .select_related(
            "participation__referral__participant",
            "participation__offering__provider",
            "participation__offering__activity_type",
        )
        .order_by("created_at")[:100]
    )
    audit.participants_listed(ctx, {r.participation.referral.participant for r in reports})
    return reports


def provider_participations_shown(ctx: AuditContext) -> list[ActivityParticipation]:
    """The provider portal's first page: the people with a place at the provider (at most
    500); the people are logged as listed."""
    participations = list(
        participations_visible_to(ctx.actor).order_by(
            "status", "planned_start", "referral__participant__last_name"
        )[:500]
    )
    audit.participants_listed(ctx, {p.referral.participant for p in participations})
    return participations


# Offerings


def offerings_visible_to(user: Any) -> QuerySet[Offering]:
    """The offerings made at the user's Jobbtorg (staff of a Jobbtorg), the provider's own
    (its staff, wherever they were made); none for others."""
    if not can_view_offerings(user):
        return Offering.objects.none()
    if scope_role(user) == Role.PROVIDER_STAFF:
        mine = Offering.objects.filter(provider_id=user.provider_id)
    else:
        mine = Offering.objects.filter(made_at_id=user.job_centre_id)
    return mine.select_related("provider", "activity_type", "location", "made_at")


def offering_get(user: Any, offering_id: Any) -> Offering:
    offering = offerings_visible_to(user).filter(pk=offering_id).first()
    if offering is None:
        raise Http404
    return offering


def with_places(offerings: QuerySet[Offering], today: dt.date) -> QuerySet[Offering]:
    """Each offering with `taken` (places taken today) and `waiting` (on its waiting list)."""
    return offerings.annotate(
        taken=Count(
            "participations",
            filter=Q(participations__status__in=PLACE_TAKING_STATUSES)
            & Q(participations__planned_end__gte=today)
            & Q(participations__planned_start__lte=today),
        ),
        waiting=Count("participations", filter=Q(participations__status="waiting")),
    )


def offering_participants_shown(
    ctx: AuditContext, offering: Offering
) -> list[ActivityParticipation]:
    """Who is placed in an offering made at the user's Jobbtorg, also people served by another
    Jobbtorg (R2, R22): only their activity here. The people are logged as listed."""
    participations = list(
        participations_visible_to(ctx.actor)
        .filter(offering=offering)
        .exclude(status=ParticipationStatus.NEVER_STARTED)
        .order_by("status", "planned_start", "created_at")
    )
    audit.participants_listed(ctx, {p.referral.participant for p in participations})
    return participations


def participations_visible_to_participant(person: Any) -> QuerySet[ActivityParticipation]:
    """The person's own places in providers' offerings, with where and when they are."""
    return ActivityParticipation.objects.filter(referral__participant=person).select_related(
        "offering__provider", "offering__activity_type", "offering__location"
    )


def attendance_visible_to_participant(person: Any) -> QuerySet[AttendanceRegister]:
    """The person's attendance as registered, day by day."""
    return AttendanceRegister.objects.filter(participation__referral__participant=person)
