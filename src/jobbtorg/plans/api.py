"""Activity plans in the API: write a version for a person, read one, the district's decision
(R11), and follow-ups. Thin routes over the plans selectors and services, as the pages are.

The router spells its full paths; it is mounted at the API's root."""

import datetime as dt
import uuid
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.responses import Status

from jobbtorg.core.audit import events as audit
from jobbtorg.core.audit.models import AuditChannel
from jobbtorg.core.errors import NotAllowed, ValidationFailed
from jobbtorg.participants.api import PATH_ERRORS, ErrorOut
from jobbtorg.participants.permissions import can_list_deadlines
from jobbtorg.participants.selectors import participant_get
from jobbtorg.plans.selectors import (
    deadlines_shown,
    open_case_of,
    plan_activities_visible_to,
    plan_for_display,
    plan_get,
)
from jobbtorg.plans.services import follow_up_record, plan_approve, plan_reject, plan_submit

router = Router(tags=["plans"])


def _context(request: HttpRequest) -> audit.AuditContext:
    return audit.AuditContext.from_request(request, AuditChannel.API)


class ActivityOut(Schema):
    id: int
    type: str
    provider: str
    start: dt.date
    end: dt.date
    hours_per_week: float
    goal: str


class PlanOut(Schema):
    id: uuid.UUID
    number: int
    status: str
    start: dt.date
    end: dt.date
    written_by: str
    decided_by: str | None
    decided_at: dt.datetime | None
    rejection_reason: str
    activities: list[ActivityOut]


def plan_out(plan: Any) -> PlanOut:
    return PlanOut(
        id=plan.pk,
        number=plan.number,
        status=plan.status,
        start=plan.start,
        end=plan.end,
        written_by=plan.written_by.username,
        decided_by=plan.decided_by.username if plan.decided_by else None,
        decided_at=plan.decided_at,
        rejection_reason=plan.rejection_reason,
        activities=[
            ActivityOut(
                id=a.pk,
                type=a.activity_type.code,
                provider=a.provider_label,
                start=a.start,
                end=a.end,
                hours_per_week=float(a.hours_per_week),
                goal=a.goal,
            )
            for a in plan.activities.all()
        ],
    )


class ActivityIn(Schema):
    type: str
    provider: str = Field(
        "",
        description=(
            'a provider id, or a name for one not in the register; empty or "Jobbtorget" for '
            "an activity the Jobbtorg runs itself (assessment, guidance, coaching, job_search, "
            "preparatory, matching, recruitment_activity, start_business_advice)"
        ),
    )
    start: dt.date | None = None
    end: dt.date | None = None
    hours_per_week: float | None = None
    goal: str = ""


class PlanIn(Schema):
    activities: list[ActivityIn]
    based_on_version: int | None = Field(
        None,
        description=(
            "the latest version number the writer saw (null for the first plan); a newer one "
            "refuses the save (409). It may be left out for the first plan only: once "
            "the person has a plan version, leaving it out is refused (422, errors.based_on) so "
            "that no change is saved over one the writer never saw"
        ),
    )
    note: str = ""


@router.post(
    "/participants/{participant_id}/plans",
    response={201: PlanOut, **PATH_ERRORS},
    summary="Write a plan version awaiting the district's approval (coach)",
    tags=["participants"],
    operation_id="jobbtorg_participants_api_participants_plan_submit",
)
def participants_plan_submit(
    request: HttpRequest, participant_id: uuid.UUID, payload: PlanIn
) -> Status[PlanOut]:
    participant = participant_get(user=request.user, participant_id=participant_id)
    case = open_case_of(request.user, participant)
    if case is None:
        raise ValidationFailed({"__all__": _("The person has no open enrolment.")})
    plan = plan_submit(
        actor=request.user,
        audit_context=_context(request),
        referral=case,
        activities=[a.dict() for a in payload.activities],
        based_on=payload.based_on_version,
        based_on_given="based_on_version" in payload.model_fields_set,
        note=payload.note,
    )
    return Status(201, plan_out(plan))


@router.get("/plans/{plan_id}", response={200: PlanOut, **PATH_ERRORS}, summary="One plan version")
def plans_detail(request: HttpRequest, plan_id: uuid.UUID) -> PlanOut:
    return plan_out(
        plan_for_display(user=request.user, plan_id=plan_id, audit_context=_context(request))
    )


@router.post(
    "/plans/{plan_id}/approve",
    response={200: PlanOut, **PATH_ERRORS},
    summary="Approve a plan version (district officer of the home district)",
)
def plans_approve(request: HttpRequest, plan_id: uuid.UUID) -> PlanOut:
    plan = plan_approve(
        actor=request.user,
        audit_context=_context(request),
        plan=plan_get(user=request.user, plan_id=plan_id),
    )
    return plan_out(plan)


class RejectIn(Schema):
    reason: str = ""


@router.post(
    "/plans/{plan_id}/reject",
    response={200: PlanOut, **PATH_ERRORS},
    summary="Reject a plan version, with a reason (district officer of the home district)",
)
def plans_reject(request: HttpRequest, plan_id: uuid.UUID, payload: RejectIn) -> PlanOut:
    plan = plan_reject(
        actor=request.user,
        audit_context=_context(request),
        plan=plan_get(user=request.user, plan_id=plan_id),
        reason=payload.reason,
    )
    return plan_out(plan)


class FollowUpIn(Schema):
    activity_id: int
    done_on: dt.date
    outcome: str
    note: str = ""


class FollowUpOut(Schema):
    id: int
    activity_id: int
    done_on: dt.date
    outcome: str
    note: str


@router.post(
    "/plans/{plan_id}/follow-ups",
    response={201: FollowUpOut, **PATH_ERRORS},
    summary="Record a follow-up of an activity in the plan (coach)",
)
def plans_follow_up(
    request: HttpRequest, plan_id: uuid.UUID, payload: FollowUpIn
) -> Status[FollowUpOut]:
    plan = plan_get(user=request.user, plan_id=plan_id)
    activity = (
        plan_activities_visible_to(request.user).filter(plan=plan, pk=payload.activity_id).first()
    )
    if activity is None:
        raise Http404
    follow_up = follow_up_record(
        actor=request.user,
        audit_context=_context(request),
        activity=activity,
        done_on=payload.done_on,
        outcome=payload.outcome,
        note=payload.note,
    )
    return Status(
        201,
        FollowUpOut(
            id=follow_up.pk,
            activity_id=activity.pk,
            done_on=follow_up.done_on,
            outcome=follow_up.outcome,
            note=follow_up.note,
        ),
    )


# The deadlines list: what is overdue or due in the caller's caseload. Mounted at /deadlines;
# the operation id is the one the route had before it moved here.
deadlines_router = Router(tags=["deadlines"])


class DeadlineOut(Schema):
    participant_id: uuid.UUID
    name: str
    kind: str = Field(
        description="plan_due, plan_rejected, follow_up_due, review_due, participation_limit"
    )
    due_on: dt.date
    overdue: bool
    detail: str


@deadlines_router.get(
    "",
    response={200: list[DeadlineOut], 403: ErrorOut},
    summary="What is overdue or due, per participant (coach: own caseload; manager: Jobbtorg)",
    operation_id="jobbtorg_participants_api_deadlines_deadlines_list",
)
def deadlines_list(request: HttpRequest) -> list[DeadlineOut]:
    if not can_list_deadlines(request.user):
        raise NotAllowed(_("Deadlines are listed for coaches and managers."))
    today = timezone.localdate()
    items = deadlines_shown(user=request.user, today=today, audit_context=_context(request))
    return [
        DeadlineOut(
            participant_id=i.referral.participant_id,
            name=i.referral.participant.full_name,
            kind=i.kind,
            due_on=i.due_on,
            overdue=i.due_on < today,
            detail=i.detail,
        )
        for i in items
    ]
