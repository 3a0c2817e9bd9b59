"""Every read of activity plans starts from the scoping functions here: a user sees the plan
versions, activities and follow-ups of the cases they may see (per case, not per person).
What is read for display records the read in the audit log here, so no page or route forgets."""

import datetime as dt
import uuid
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from jobbtorg.core.audit import events as audit
from jobbtorg.engines.rules.schedule import Week
from jobbtorg.participants.models import Participant, Referral, Stage
from jobbtorg.participants.selectors import (
    cases_of,
    current_referral,
    one_in_scope,
    participant_get,
    referrals_visible_to,
)
from jobbtorg.plans.deadlines import CaseDeadline, deadlines_for
from jobbtorg.plans.models import FollowUp, PlanActivity, PlanStatus, PlanVersion
from jobbtorg.plans.permissions import can_decide_plan
from jobbtorg.plans.schedule import week_for


def plans_visible_to(user: Any) -> QuerySet[PlanVersion]:
    """Plan versions of the cases the user may see (the scoping function for plans)."""
    return (
        PlanVersion.objects.filter(referral__in=referrals_visible_to(user))
        .select_related(
            "referral__participant__home_district",
            "referral__job_centre",
            "referral__district",
            "written_by",
            "decided_by",
        )
        .prefetch_related("activities__activity_type", "activities__provider")
    )


def plan_activities_visible_to(user: Any) -> QuerySet[PlanActivity]:
    """Activities of the plan versions the user may see."""
    return PlanActivity.objects.filter(
        plan__referral__in=referrals_visible_to(user)
    ).select_related("plan__referral__participant", "activity_type", "provider")


def follow_ups_visible_to(user: Any) -> QuerySet[FollowUp]:
    """Follow-ups of the activities the user may see."""
    return FollowUp.objects.filter(
        activity__plan__referral__in=referrals_visible_to(user)
    ).select_related("activity__plan__referral__participant", "recorded_by")


def plans_awaiting_decision_shown(
    *, user: Any, audit_context: audit.AuditContext, limit: int
) -> tuple[int, list[PlanVersion]]:
    """The plan versions the user's district is to decide on (awaiting approval, of cases still
    enrolled), how many, and the `limit` waiting longest; the people named are recorded in one
    write (participants_listed). Nobody but a deciding officer has any."""
    if not can_decide_plan(user):
        return 0, []
    waiting = PlanVersion.objects.filter(
        referral__in=referrals_visible_to(user),
        referral__district_id=user.district_id,
        referral__stage=Stage.ENROLLED,
        status=PlanStatus.AWAITING_APPROVAL,
    )
    count = waiting.count()
    oldest = list(
        waiting.select_related("referral__participant", "referral__job_centre").order_by(
            "created_at", "pk"
        )[:limit]
    )
    with transaction.atomic():
        audit.participants_listed(audit_context, {plan.referral.participant for plan in oldest})
    return count, oldest


def plan_get(*, user: Any, plan_id: uuid.UUID | str) -> PlanVersion:
    """One plan version in the user's scope, to act on; 404 otherwise (a malformed id too)."""
    return one_in_scope(plans_visible_to(user), plan_id)  # type: ignore[no-any-return]


def plan_for_display(
    *, user: Any, plan_id: uuid.UUID | str, audit_context: audit.AuditContext
) -> PlanVersion:
    """One plan version in the user's scope, to show; the look is recorded. 404 otherwise,
    and nothing is recorded."""
    plan = plan_get(user=user, plan_id=plan_id)
    audit.plan_viewed(audit_context, plan)
    return plan


def week_for_display(
    *,
    user: Any,
    participant_id: uuid.UUID | str,
    monday: dt.date,
    audit_context: audit.AuditContext,
) -> tuple[Referral | None, Week, dict[str, Any]]:
    """The person's case the user sees (the open one first), their week from `monday` and the
    participations it shows by reference; the look is recorded (schedule_viewed). 404 outside
    the scope, and nothing is recorded then."""
    participant = participant_get(user=user, participant_id=participant_id)
    case = cases_of(user, participant).first()
    schedule, by_ref = week_for(case, monday)
    audit.schedule_viewed(audit_context, participant)
    return case, schedule, by_ref


def deadlines_shown(
    *, user: Any, today: dt.date, audit_context: audit.AuditContext
) -> list[CaseDeadline]:
    """What is overdue or due in the user's caseload (`deadlines_for`), as a list shows it;
    every person it names is recorded in one write (participants_listed)."""
    items = deadlines_for(user, today=today)
    with transaction.atomic():
        audit.participants_listed(audit_context, {i.referral.participant for i in items})
    return items


def versions_of(user: Any, case: Referral) -> QuerySet[PlanVersion]:
    """The case's plan versions the user may see, newest first."""
    return plans_visible_to(user).filter(referral=case).order_by("-number")


def active_plan_of(user: Any, case: Referral) -> PlanVersion | None:
    """The case's approved (active) plan, when the user may see it."""
    return plans_visible_to(user).filter(referral=case, status=PlanStatus.APPROVED).first()


def open_case_of(user: Any, participant: Participant) -> Referral | None:
    """The person's open case at a unit the user may see, whose plan is written; None when
    there is none (the page says so, the API refuses)."""
    case = current_referral(participant, visible_to=user)
    return None if case is None or case.stage == Stage.EXITED else case


# What the person sees of their plans: the approved versions, the one in force and those it
# replaced; drafts and refused versions are the staff's work in progress (ADR 0005, point 5).
_DECIDED_WITH_THE_PERSON = (PlanStatus.APPROVED, PlanStatus.SUPERSEDED)


def plan_versions_visible_to_participant(person: Participant) -> QuerySet[PlanVersion]:
    """The person's approved plan versions (and the approved ones since replaced), newest first."""
    return PlanVersion.objects.filter(
        referral__participant=person,
        status__in=_DECIDED_WITH_THE_PERSON,
        decided_at__isnull=False,
    ).order_by("-decided_at", "-number")


def plan_activities_visible_to_participant(person: Participant) -> QuerySet[PlanActivity]:
    return PlanActivity.objects.filter(
        plan__in=plan_versions_visible_to_participant(person)
    ).select_related("activity_type", "provider")


def active_plan_for_participant(person: Participant, case: Referral) -> PlanVersion | None:
    """The plan in force on the person's case."""
    return (
        plan_versions_visible_to_participant(person)
        .filter(referral=case, status=PlanStatus.APPROVED)
        .first()
    )


def plan_awaiting_approval_for_participant(person: Participant, case: Referral) -> bool:
    """Whether a plan version of the person's case waits for the district's decision: the
    person is told that it does, never what it says (ADR 0005, point 5)."""
    return PlanVersion.objects.filter(
        referral=case, referral__participant=person, status=PlanStatus.AWAITING_APPROVAL
    ).exists()
