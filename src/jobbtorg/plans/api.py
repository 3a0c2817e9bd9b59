"""Plan versions in the API: read, approve, reject (R11), and follow-ups."""

import datetime as dt
import uuid

from django.http import Http404, HttpRequest
from ninja import Router, Schema
from ninja.responses import Status

from jobbtorg.core.audit import events as audit
from jobbtorg.core.audit.models import AuditChannel
from jobbtorg.participants.api import PATH_ERRORS, PlanOut, plan_out
from jobbtorg.plans.models import PlanActivity, PlanVersion
from jobbtorg.plans.selectors import plans_visible_to
from jobbtorg.plans.services import follow_up_record, plan_approve, plan_reject

router = Router(tags=["plans"])


def _context(request: HttpRequest) -> audit.AuditContext:
    return audit.AuditContext.from_request(request, AuditChannel.API)


def _plan(request: HttpRequest, plan_id: uuid.UUID) -> PlanVersion:
    plan = plans_visible_to(request.user).filter(pk=plan_id).first()
    if plan is None:
        raise Http404
    return plan


@router.get("/{plan_id}", response={200: PlanOut, **PATH_ERRORS}, summary="One plan version")
def plans_detail(request: HttpRequest, plan_id: uuid.UUID) -> PlanOut:
    plan = _plan(request, plan_id)
    audit.plan_viewed(_context(request), plan)
    return plan_out(plan)


@router.post(
    "/{plan_id}/approve",
    response={200: PlanOut, **PATH_ERRORS},
    summary="Approve a plan version (district officer of the home district)",
)
def plans_approve(request: HttpRequest, plan_id: uuid.UUID) -> PlanOut:
    plan = plan_approve(
        actor=request.user, audit_context=_context(request), plan=_plan(request, plan_id)
    )
    return plan_out(plan)


class RejectIn(Schema):
    reason: str = ""


@router.post(
    "/{plan_id}/reject",
    response={200: PlanOut, **PATH_ERRORS},
    summary="Reject a plan version, with a reason (district officer of the home district)",
)
def plans_reject(request: HttpRequest, plan_id: uuid.UUID, payload: RejectIn) -> PlanOut:
    plan = plan_reject(
        actor=request.user,
        audit_context=_context(request),
        plan=_plan(request, plan_id),
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
    "/{plan_id}/follow-ups",
    response={201: FollowUpOut, **PATH_ERRORS},
    summary="Record a follow-up of an activity in the plan (coach)",
)
def plans_follow_up(
    request: HttpRequest, plan_id: uuid.UUID, payload: FollowUpIn
) -> Status[FollowUpOut]:
    plan = _plan(request, plan_id)
    activity = PlanActivity.objects.filter(plan=plan, pk=payload.activity_id).first()
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
