"""The deadlines list in the API: what is overdue or due in the caller's caseload."""

import datetime as dt
import uuid

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from jobbtorg.core.audit import events as audit
from jobbtorg.core.errors import NotAllowed
from jobbtorg.participants.api import ErrorOut, _context
from jobbtorg.participants.permissions import can_list_deadlines
from jobbtorg.participants.selectors import deadlines_for

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
)
def deadlines_list(request: HttpRequest) -> list[DeadlineOut]:
    if not can_list_deadlines(request.user):
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
