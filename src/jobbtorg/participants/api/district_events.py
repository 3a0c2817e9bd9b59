"""The district's events in the API: the feed its system reads (district officer)."""

import datetime as dt
import uuid

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from jobbtorg.core.errors import NotAllowed
from jobbtorg.participants.api import ErrorOut, _context
from jobbtorg.participants.permissions import can_read_district_events
from jobbtorg.participants.selectors import district_events_shown

district_router = Router(tags=["district"])


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
    if not can_read_district_events(user):
        raise NotAllowed(_("The district's events are for its social-assistance officers."))
    # The same events as the inbox page shows: the district's own cases and moves away.
    page = district_events_shown(
        user=user, audit_context=_context(request), since=filters.since, limit=filters.limit
    )
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
