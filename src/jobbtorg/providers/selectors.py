"""Who may see which participations in activities (the scoping function for them)."""

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from jobbtorg.core.roles import JOB_CENTRE_ROLES, Role, scope_role
from jobbtorg.participants.models import Stage
from jobbtorg.participants.permissions import can_see_contact_details
from jobbtorg.participants.selectors import referrals_held_by, referrals_visible_to
from jobbtorg.providers.models import OPEN_STATUSES, ActivityParticipation

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
