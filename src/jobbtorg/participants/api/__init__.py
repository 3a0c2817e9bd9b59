"""Participants in the API: thin routes over the same selectors, services and audit events as
the pages."""

import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from jobbtorg.core.audit import events as audit
from jobbtorg.core.audit.models import AuditChannel
from jobbtorg.core.audit.verification import AUDIT_CHAIN_HEADER, chain_header
from jobbtorg.core.errors import NotAllowed
from jobbtorg.organisation.models import JobCentre
from jobbtorg.organisation.selectors import job_centres_by_district
from jobbtorg.participants.models import Participant
from jobbtorg.participants.permissions import can_pull_audit_extract
from jobbtorg.participants.selectors import (
    audit_extract_exported,
    participant_get,
    participants_listed,
)
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

    @staticmethod
    def resolve_object_id(entry: Any) -> str:
        # The person's own object on a list entry (audit_entries_for).
        return str(entry.shown_object_id)


class ErrorOut(Schema):
    detail: str


class ValidationErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]]


def _out(participant: Participant, centres: dict[int, JobCentre] | None = None) -> ParticipantOut:
    """`centres`: each district's Jobbtorg today (`job_centres_by_district`), read once for a
    list; without it, the person's is read."""
    if centres is None:
        centre = participant.home_district.job_centre_on(timezone.localdate())
    else:
        centre = centres.get(participant.home_district_id)
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
    centres = job_centres_by_district()
    return ParticipantPage(
        count=count,
        page=filters.page,
        page_size=filters.page_size,
        items=[_out(p, centres) for p in page],
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
def participants_audit_log(
    request: HttpRequest, response: HttpResponse, participant_id: uuid.UUID
) -> list[Any]:
    """The header X-Audit-Chain says whether the audit log's chain is intact up to the
    extract's newest entry (docs/audit-log.md)."""
    participant = participant_get(user=request.user, participant_id=participant_id)
    if not can_pull_audit_extract(request.user, participant):
        raise NotAllowed(_("Only the manager of the person's Jobbtorg can pull the audit extract."))
    extract = audit_extract_exported(participant=participant, audit_context=_context(request))
    response[AUDIT_CHAIN_HEADER] = chain_header(extract.chain)
    return list(extract.entries)


# The individual's path (referral to exit): the shapes the path's routes share. The routes that
# answer with the whole participant (its case, deadlines and plans) are web's (`web/api.py`).
# Codes and field names are contracts.


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


def interruption_out(i: Any) -> InterruptionOut:
    return InterruptionOut(
        id=i.pk,
        reason=i.reason,
        reason_text=i.reason_text,
        start=i.start,
        expected_end=i.expected_end,
        end=i.end,
    )


PATH_ERRORS = {
    400: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ValidationErrorOut,
    422: ValidationErrorOut,
}
