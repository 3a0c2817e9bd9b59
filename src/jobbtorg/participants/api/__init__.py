"""Participants in the API: thin routes over the same selectors, services and audit events as
the pages."""

import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from jobbtorg.core.audit import events as audit
from jobbtorg.core.audit.models import AuditChannel
from jobbtorg.core.errors import NotAllowed, ValidationFailed
from jobbtorg.participants.models import Participant, Referral, SharedPart
from jobbtorg.participants.permissions import can_pull_audit_extract
from jobbtorg.participants.selectors import (
    active_plan,
    audit_entries_for,
    case_deadlines,
    current_referral,
    participant_get,
    participants_listed,
    referrals_visible_to,
    shared_parts_for,
)
from jobbtorg.participants.services.district_events import district_report
from jobbtorg.participants.services.exits import exit_record
from jobbtorg.participants.services.first_meetings import first_meeting_record
from jobbtorg.participants.services.interruptions import interruption_start
from jobbtorg.participants.services.participants import participant_create

router = Router(tags=["participants"])


class ParticipantOut(Schema):
    id: uuid.UUID
    personal_identity_number: str = Field(description="YYYYMMDD-NNNN")
    is_coordination_number: bool
    first_name: str
    last_name: str
    home_district: str = Field(description="district slug")
    job_centre: str | None = Field(description="slug of the Jobbtorg serving the home district")
    created_at: dt.datetime


class ParticipantPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[ParticipantOut]


class ParticipantIn(Schema):
    personal_identity_number: str = Field(description="personnummer or samordningsnummer")
    first_name: str
    last_name: str
    home_district: str = Field(description="district slug or name")


# A page number the database can still turn into an offset (pages past the last are empty).
MAX_PAGE = 1_000_000


class ListFilters(Schema):
    q: str = Field("", description="name or personal identity number")
    page: int = Field(
        1,
        ge=1,
        le=MAX_PAGE,
        description=f"from 1; past the last page the items are empty; above {MAX_PAGE} is a 422",
    )
    page_size: int = Field(25, ge=1, le=settings.JOBBTORG_API_PAGE_SIZE_MAX)


class AuditEntryOut(Schema):
    occurred_at: dt.datetime
    actor_username: str
    actor_role: str
    action: str
    channel: str
    object_type: str
    object_id: str
    ip_address: str | None
    path: str


class ErrorOut(Schema):
    detail: str


class ValidationErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]]


def _out(participant: Participant) -> ParticipantOut:
    centre = participant.home_district.job_centre_on(timezone.localdate())
    return ParticipantOut(
        id=participant.pk,
        personal_identity_number=participant.personal_identity_number_display,
        is_coordination_number=participant.is_coordination_number,
        first_name=participant.first_name,
        last_name=participant.last_name,
        home_district=participant.home_district.slug,
        job_centre=centre.slug if centre else None,
        created_at=participant.created_at,
    )


def _context(request: HttpRequest) -> audit.AuditContext:
    return audit.AuditContext.from_request(request, AuditChannel.API)


@router.get("", response=ParticipantPage, summary="Participants you may see")
def participants_list(request: HttpRequest, filters: Query[ListFilters]) -> ParticipantPage:
    count, page = participants_listed(
        user=request.user,
        query=filters.q,
        start=(filters.page - 1) * filters.page_size,
        size=filters.page_size,
        audit_context=_context(request),
    )
    return ParticipantPage(
        count=count,
        page=filters.page,
        page_size=filters.page_size,
        items=[_out(p) for p in page],
    )


@router.post(
    "",
    response={201: ParticipantOut, 403: ErrorOut, 422: ValidationErrorOut},
    summary="Register a person (district officers, own district)",
)
def participants_create(request: HttpRequest, payload: ParticipantIn) -> Status[ParticipantOut]:
    participant = participant_create(
        actor=request.user, audit_context=_context(request), **payload.dict()
    )
    return Status(201, _out(participant))


@router.get(
    "/{participant_id}/audit-log",
    response={200: list[AuditEntryOut], 403: ErrorOut, 404: ErrorOut},
    summary="Who has seen or changed this person (loggutdrag); Jobbtorg managers only",
)
def participants_audit_log(request: HttpRequest, participant_id: uuid.UUID) -> list[AuditEntryOut]:
    participant = participant_get(user=request.user, participant_id=participant_id)
    if not can_pull_audit_extract(request.user, participant):
        raise NotAllowed(_("Only the manager of the person's Jobbtorg can pull the audit extract."))
    audit.audit_extract_exported(_context(request), participant)
    return [AuditEntryOut.from_orm(entry) for entry in audit_entries_for(participant)]


# The individual's path (issue: referral to exit). Codes and field names are contracts.


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


class InterruptionOut(Schema):
    id: uuid.UUID
    reason: str
    reason_text: str
    start: dt.date
    expected_end: dt.date | None
    end: dt.date | None


class EmploymentOut(Schema):
    form: str
    extent: str
    hours_per_week: float | None
    wage_subsidy: bool | None
    employer: str
    occupation_ssyk: str


class ExitOut(Schema):
    date: dt.date
    reason: str
    reason_text: str
    employment: EmploymentOut | None


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


def interruption_out(i: Any) -> InterruptionOut:
    return InterruptionOut(
        id=i.pk,
        reason=i.reason,
        reason_text=i.reason_text,
        start=i.start,
        expected_end=i.expected_end,
        end=i.end,
    )


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


def _detail_out(participant: Participant, user: Any) -> ParticipantDetailOut:
    base = _out(participant).dict()
    # Only a case at a unit the caller works for: a person seen through a served district may
    # have a case elsewhere that is none of this caller's business.
    case = current_referral(participant, visible_to=user)
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
    plan = active_plan(case)
    pending = case.plan_versions.filter(status="awaiting_approval").first()
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


PATH_ERRORS = {
    400: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ValidationErrorOut,
    422: ValidationErrorOut,
}


@router.post(
    "/{participant_id}/first-meeting",
    response={200: ParticipantDetailOut, **PATH_ERRORS},
    summary="Record the first meeting (coach)",
)
def participants_first_meeting(
    request: HttpRequest, participant_id: uuid.UUID, payload: FirstMeetingIn
) -> ParticipantDetailOut:
    case = _case_for(request, participant_id)
    first_meeting_record(
        actor=request.user, audit_context=_context(request), referral=case, **payload.dict()
    )
    return _detail_out(case.participant, request.user)


@router.post(
    "/{participant_id}/interruptions",
    response={201: InterruptionOut, **PATH_ERRORS},
    summary="Interrupt the participation (coach)",
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


@router.post(
    "/{participant_id}/exit",
    response={200: ParticipantDetailOut, **PATH_ERRORS},
    summary="Record the exit, always with a reason (coach)",
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


@router.post(
    "/{participant_id}/reports",
    response={201: ErrorOut, **PATH_ERRORS},
    summary="Report absence or non-cooperation to the home district (coach)",
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


@router.get(
    "/{participant_id}",
    response={200: ParticipantDetailOut, 404: ErrorOut},
    summary="One participant: stage, coach, deadlines, plan, interruptions, exit",
)
def participants_detail(request: HttpRequest, participant_id: uuid.UUID) -> ParticipantDetailOut:
    participant = participant_get(
        user=request.user, participant_id=participant_id, audit_context=_context(request)
    )
    return _detail_out(participant, request.user)
