"""API routes of the individual's path that are not under /participants/{id}: referrals,
interruptions, the district's events and the deadlines list."""

import datetime as dt
import uuid

from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from jobbtorg.core.audit import events as audit
from jobbtorg.core.audit.models import AuditChannel
from jobbtorg.core.errors import NotAllowed
from jobbtorg.core.roles import Role
from jobbtorg.participants.api import PATH_ERRORS, ErrorOut, InterruptionOut, interruption_out
from jobbtorg.participants.models import DistrictEvent, Interruption
from jobbtorg.participants.selectors import deadlines_for, referrals_visible_to
from jobbtorg.participants.services.exits import interruption_end, referral_create

referrals_router = Router(tags=["referrals"])
interruptions_router = Router(tags=["interruptions"])
district_router = Router(tags=["district"])
deadlines_router = Router(tags=["deadlines"])


def _context(request: HttpRequest) -> audit.AuditContext:
    return audit.AuditContext.from_request(request, AuditChannel.API)


class ReferralIn(Schema):
    personnummer: str
    first_name: str
    last_name: str
    district: str = Field(description="district slug or name")
    target_group: str = Field(description="target group code")
    basis: str = Field(description="the basis of the district's decision")
    consent: bool | None = Field(
        None, description="the person consents to the data being passed to the Jobbtorg"
    )
    legal_basis: str = Field("", description="the legal basis when consent is not the basis")
    phone: str = ""
    email: str = ""
    address: str = ""
    interpreter_language: str = Field("", description="empty when no interpreter is needed")
    confirm_move: bool = Field(
        False,
        description=(
            "the officer confirms that the person lives in the district: required whenever the "
            "person is not recorded in the district (new people too); 422 without it"
        ),
    )
    moved_to_district_on: dt.date | None = Field(
        None, description="from when the person lives in the district; today when left out"
    )


class ReferralOut(Schema):
    id: uuid.UUID
    participant_id: uuid.UUID
    jobbtorg: str
    first_meeting_at: dt.datetime | None = Field(
        description="the booked first meeting; null when no slot was free within 5 working days"
    )
    consent_documented: bool


@referrals_router.post(
    "", response={201: ReferralOut, **PATH_ERRORS}, summary="Refer a person (district officer)"
)
def referrals_create(request: HttpRequest, payload: ReferralIn) -> Status[ReferralOut]:
    referral = referral_create(
        actor=request.user,
        audit_context=_context(request),
        personal_identity_number=payload.personnummer,
        first_name=payload.first_name,
        last_name=payload.last_name,
        district=payload.district,
        target_group=payload.target_group,
        basis=payload.basis,
        consent_given=payload.consent,
        legal_basis=payload.legal_basis,
        phone=payload.phone,
        email=payload.email,
        address=payload.address,
        interpreter_language=payload.interpreter_language,
        confirm_move=payload.confirm_move,
        moved_to_district_on=payload.moved_to_district_on,
    )
    slot = getattr(referral, "first_meeting_slot", None)
    return Status(
        201,
        ReferralOut(
            id=referral.pk,
            participant_id=referral.participant_id,
            jobbtorg=referral.job_centre.slug,
            first_meeting_at=slot.starts_at if slot else None,
            consent_documented=referral.consent_documented,
        ),
    )


class InterruptionEndIn(Schema):
    end: dt.date


@interruptions_router.post(
    "/{interruption_id}/end",
    response={200: InterruptionOut, **PATH_ERRORS},
    summary="End an interruption: the participation restarts (coach)",
)
def interruptions_end(
    request: HttpRequest, interruption_id: uuid.UUID, payload: InterruptionEndIn
) -> InterruptionOut:
    interruption = (
        Interruption.objects.filter(referral__in=referrals_visible_to(request.user))
        .select_related("referral__participant", "referral__job_centre")
        .filter(pk=interruption_id)
        .first()
    )
    if interruption is None:
        raise Http404
    i = interruption_end(
        actor=request.user,
        audit_context=_context(request),
        interruption=interruption,
        end=payload.end,
    )
    return interruption_out(i)


class EventOut(Schema):
    id: int
    kind: str
    occurred_at: dt.datetime
    participant_id: uuid.UUID
    personnummer: str
    name: str
    jobbtorg: str | None = Field(
        description="the Jobbtorg of the case; null for a move away (no case of yours)"
    )
    summary: str
    data: dict[str, object]


class EventFilters(Schema):
    since: dt.datetime | None = Field(None, description="ISO 8601; events after this moment")
    limit: int = Field(500, ge=1, le=1000)


@district_router.get(
    "/events",
    response={200: list[EventOut], 403: ErrorOut},
    summary="The district's inbox events, oldest first (district officer)",
)
def district_events(request: HttpRequest, filters: Query[EventFilters]) -> list[EventOut]:
    user = request.user
    if getattr(user, "role", "") != Role.DISTRICT_OFFICER:
        raise NotAllowed(_("The district's events are for its social-assistance officers."))
    events = DistrictEvent.objects.filter(district_id=user.district_id).select_related(  # type: ignore[union-attr]
        "participant", "referral__job_centre"
    )
    if filters.since is not None:
        events = events.filter(occurred_at__gt=filters.since)
    page = list(events.order_by("occurred_at", "id")[: filters.limit])
    audit.district_events_read(_context(request), page)
    return [
        EventOut(
            id=e.pk,
            kind=e.kind,
            occurred_at=e.occurred_at,
            participant_id=e.participant_id,
            personnummer=e.participant.personal_identity_number_display,
            name=e.participant.full_name,
            jobbtorg=e.referral.job_centre.slug if e.referral else None,
            summary=e.summary,
            data=e.data,
        )
        for e in page
    ]


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
)
def deadlines_list(request: HttpRequest) -> list[DeadlineOut]:
    if getattr(request.user, "role", "") not in {Role.COACH, Role.MANAGER}:
        raise NotAllowed(_("Deadlines are listed for coaches and managers."))
    today = timezone.localdate()
    items = deadlines_for(request.user, today=today)
    audit.participants_listed(_context(request), {i.referral.participant for i in items})
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
