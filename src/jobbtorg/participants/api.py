"""Participants in the API: thin routes over the same selectors, services and audit events as
the pages."""

import datetime as dt
import uuid

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from jobbtorg.core.audit import events as audit
from jobbtorg.core.audit.models import AuditChannel
from jobbtorg.core.errors import NotAllowed
from jobbtorg.core.roles import Role
from jobbtorg.participants.models import Participant
from jobbtorg.participants.selectors import audit_entries_for, participant_get, participant_search
from jobbtorg.participants.services import participant_create

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


class ListFilters(Schema):
    q: str = Field("", description="name or personal identity number")
    page: int = Field(1, ge=1)
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
    participants = participant_search(user=request.user, query=filters.q)
    start = (filters.page - 1) * filters.page_size
    page = list(participants[start : start + filters.page_size])
    with transaction.atomic():
        audit.participants_listed(_context(request), page)
    return ParticipantPage(
        count=participants.count(),
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
    "/{participant_id}", response={200: ParticipantOut, 404: ErrorOut}, summary="One participant"
)
def participants_detail(request: HttpRequest, participant_id: uuid.UUID) -> ParticipantOut:
    participant = participant_get(user=request.user, participant_id=participant_id)
    audit.participant_viewed(_context(request), participant)
    return _out(participant)


@router.get(
    "/{participant_id}/audit-log",
    response={200: list[AuditEntryOut], 403: ErrorOut, 404: ErrorOut},
    summary="Who has seen or changed this person (loggutdrag); Jobbtorg managers only",
)
def participants_audit_log(request: HttpRequest, participant_id: uuid.UUID) -> list[AuditEntryOut]:
    participant = participant_get(user=request.user, participant_id=participant_id)
    if getattr(request.user, "role", "") != Role.MANAGER:
        raise NotAllowed(_("Only the manager of the person's Jobbtorg can pull the audit extract."))
    audit.audit_extract_exported(_context(request), participant)
    return [AuditEntryOut.from_orm(entry) for entry in audit_entries_for(participant)]
