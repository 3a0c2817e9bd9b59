"""The person's path in the API (referral to exit): the routes under /participants/{id} that
answer with the whole participant, the case with its deadlines and plans. That detail composes
participants with plans, so these routes live here, above both; the router is mounted at
/participants right after the participants app's own, and each route keeps the operation id it
had there, so that the published document does not change. Codes and field names are contracts.
"""

import datetime as dt
import uuid
from typing import Any

from django.db.models import Prefetch
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.responses import Status

from jobbtorg.core.errors import ValidationFailed
from jobbtorg.participants.api import (
    PATH_ERRORS,
    EmploymentOut,
    ErrorOut,
    ExitOut,
    InterruptionOut,
    ParticipantOut,
    _context,
    _out,
    interruption_out,
)
from jobbtorg.participants.models import Participant, Referral, SharedPart
from jobbtorg.participants.selectors import (
    cases_of,
    participant_get,
    referrals_visible_to,
    shared_parts_for,
)
from jobbtorg.participants.services.district_events import district_report
from jobbtorg.participants.services.exits import exit_record
from jobbtorg.participants.services.first_meetings import first_meeting_record
from jobbtorg.participants.services.interruptions import interruption_start
from jobbtorg.plans.api import PlanOut, plan_out
from jobbtorg.plans.deadlines import case_deadlines
from jobbtorg.plans.models import PlanActivity, PlanStatus

participant_path_router = Router(tags=["participants"])


class FollowUpDueOut(Schema):
    activity_id: int | None
    activity: str
    due_on: dt.date


class DeadlinesOut(Schema):
    plan_due: dt.date | None
    follow_ups_due: list[FollowUpDueOut]
    review_due: dt.date | None
    participation_ends: dt.date | None


class ParticipantDetailOut(ParticipantOut):
    status: str = Field(description="referred, enrolled, exited, or none before any referral")
    jobbtorg: str | None
    referral_id: uuid.UUID | None
    target_group: str | None
    coach: str | None
    enrolled_on: dt.date | None
    first_meeting_at: dt.datetime | None
    deadlines: DeadlinesOut
    active_plan: PlanOut | None
    plan_awaiting_approval: PlanOut | None
    interruptions: list[InterruptionOut]
    exit: ExitOut | None


def _detail_out(participant: Participant, user: Any) -> ParticipantDetailOut:
    base = _out(participant).dict()
    # Only a case at a unit the caller works for: a person seen through a served district may
    # have a case elsewhere that is none of this caller's business.
    case = (
        cases_of(user, participant)
        .select_related("exit", "first_meeting_slot")
        .prefetch_related("interruptions")
        .first()
    )
    empty = DeadlinesOut(plan_due=None, follow_ups_due=[], review_due=None, participation_ends=None)
    if case is None:
        return ParticipantDetailOut(
            **base,
            status="none",
            jobbtorg=None,
            referral_id=None,
            target_group=None,
            coach=None,
            enrolled_on=None,
            first_meeting_at=None,
            deadlines=empty,
            active_plan=None,
            plan_awaiting_approval=None,
            interruptions=[],
            exit=None,
        )
    # A case shared with the caller's unit for its plans and exit only: not its case file.
    limited = shared_parts_for(user, [case]).get(case.pk) == SharedPart.PLANS_AND_EXIT
    due = case_deadlines(case)
    # The active plan and the one awaiting approval, with their activities, in two queries.
    shown = {
        version.status: version
        for version in reversed(
            case.plan_versions.filter(
                status__in=[PlanStatus.APPROVED, PlanStatus.AWAITING_APPROVAL]
            )
            .select_related("written_by", "decided_by")
            .prefetch_related(
                Prefetch(
                    "activities", PlanActivity.objects.select_related("activity_type", "provider")
                )
            )
        )
    }
    plan = shown.get(PlanStatus.APPROVED)
    pending = shown.get(PlanStatus.AWAITING_APPROVAL)
    slot = getattr(case, "first_meeting_slot", None)
    exit_ = getattr(case, "exit", None)
    return ParticipantDetailOut(
        **base,
        status=case.stage,
        jobbtorg=case.job_centre.slug,
        referral_id=case.pk,
        target_group=case.target_group.code,
        coach=case.coach.username if case.coach and not limited else None,
        enrolled_on=case.enrolled_on,
        first_meeting_at=slot.starts_at if slot and not limited else None,
        deadlines=DeadlinesOut(
            plan_due=due.plan_due,
            follow_ups_due=[
                FollowUpDueOut(activity_id=f.activity_id, activity=f.detail, due_on=f.due_on)
                for f in due.follow_ups_due
            ],
            review_due=due.review_due,
            participation_ends=due.participation_ends,
        ),
        active_plan=plan_out(plan) if plan else None,
        plan_awaiting_approval=plan_out(pending) if pending else None,
        interruptions=[] if limited else [interruption_out(i) for i in case.interruptions.all()],
        exit=ExitOut(
            date=exit_.date,
            reason=exit_.reason,
            reason_text=exit_.reason_text,
            employment=EmploymentOut(
                form=exit_.employment_form,
                extent=exit_.extent,
                hours_per_week=float(exit_.hours_per_week) if exit_.hours_per_week else None,
                wage_subsidy=exit_.wage_subsidy,
                employer=exit_.employer,
                occupation_ssyk=exit_.occupation_ssyk,
            )
            if exit_.reason == "work"
            else None,
        )
        if exit_
        else None,
    )


def _case_for(request: HttpRequest, participant_id: uuid.UUID) -> Referral:
    """The person's open case at a unit the caller works for; 404 outside scope."""
    participant = participant_get(user=request.user, participant_id=participant_id)
    case = (
        referrals_visible_to(request.user)
        .filter(participant=participant)
        .exclude(stage="exited")
        .first()
    )
    if case is None:
        raise ValidationFailed({"__all__": _("The person has no open enrolment.")})
    return case


class FirstMeetingIn(Schema):
    held_on: dt.date
    outcome: str = Field("held", description="held or no_show")
    coach: str | None = Field(None, description="username of the personal coach")
    duties_explained: bool = False
    af_registration: str = Field("", description="registered, registered_today, not_applicable")
    af_registration_on: dt.date | None = None


class InterruptionIn(Schema):
    reason: str
    start: dt.date
    expected_end: dt.date | None = None
    reason_text: str = ""


class EmploymentIn(Schema):
    form: str | None = None
    extent: str | None = None
    hours_per_week: float | None = None
    wage_subsidy: bool | None = None
    employer: str = ""
    occupation_ssyk: str = ""


class ExitIn(Schema):
    date: dt.date | None = None
    reason: str | None = None
    reason_text: str = ""
    employment: EmploymentIn | None = None


class ReportIn(Schema):
    kind: str = Field(description="absence or non_cooperation")
    text: str


@participant_path_router.post(
    "/{participant_id}/first-meeting",
    response={200: ParticipantDetailOut, **PATH_ERRORS},
    summary="Record the first meeting (coach)",
    operation_id="jobbtorg_participants_api_participants_first_meeting",
)
def participants_first_meeting(
    request: HttpRequest, participant_id: uuid.UUID, payload: FirstMeetingIn
) -> ParticipantDetailOut:
    case = _case_for(request, participant_id)
    first_meeting_record(
        actor=request.user, audit_context=_context(request), referral=case, **payload.dict()
    )
    return _detail_out(case.participant, request.user)


@participant_path_router.post(
    "/{participant_id}/interruptions",
    response={201: InterruptionOut, **PATH_ERRORS},
    summary="Interrupt the participation (coach)",
    operation_id="jobbtorg_participants_api_participants_interrupt",
)
def participants_interrupt(
    request: HttpRequest, participant_id: uuid.UUID, payload: InterruptionIn
) -> Status[InterruptionOut]:
    case = _case_for(request, participant_id)
    i = interruption_start(
        actor=request.user, audit_context=_context(request), referral=case, **payload.dict()
    )
    return Status(
        201,
        interruption_out(i),
    )


@participant_path_router.post(
    "/{participant_id}/exit",
    response={200: ParticipantDetailOut, **PATH_ERRORS},
    summary="Record the exit, always with a reason (coach)",
    operation_id="jobbtorg_participants_api_participants_exit",
)
def participants_exit(
    request: HttpRequest, participant_id: uuid.UUID, payload: ExitIn
) -> ParticipantDetailOut:
    case = _case_for(request, participant_id)
    exit_record(
        actor=request.user,
        audit_context=_context(request),
        referral=case,
        date=payload.date,
        reason=payload.reason,
        reason_text=payload.reason_text,
        employment=payload.employment.dict() if payload.employment else None,
    )
    return _detail_out(case.participant, request.user)


@participant_path_router.post(
    "/{participant_id}/reports",
    response={201: ErrorOut, **PATH_ERRORS},
    summary="Report absence or non-cooperation to the home district (coach)",
    operation_id="jobbtorg_participants_api_participants_report",
)
def participants_report(
    request: HttpRequest, participant_id: uuid.UUID, payload: ReportIn
) -> Status[ErrorOut]:
    case = _case_for(request, participant_id)
    district_report(
        actor=request.user, audit_context=_context(request), referral=case, **payload.dict()
    )
    return Status(
        201, ErrorOut(detail=_("Reported to %(d)s.") % {"d": case.participant.home_district})
    )


@participant_path_router.get(
    "/{participant_id}",
    response={200: ParticipantDetailOut, 404: ErrorOut},
    summary="One participant: stage, coach, deadlines, plan, interruptions, exit",
    operation_id="jobbtorg_participants_api_participants_detail",
)
def participants_detail(request: HttpRequest, participant_id: uuid.UUID) -> ParticipantDetailOut:
    participant = participant_get(
        user=request.user, participant_id=participant_id, audit_context=_context(request)
    )
    return _detail_out(participant, request.user)
