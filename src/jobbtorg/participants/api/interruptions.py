"""Interruptions in the API that are not under /participants/{id}: ending one."""

import datetime as dt
import uuid

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from jobbtorg.participants.api import PATH_ERRORS, InterruptionOut, _context, interruption_out
from jobbtorg.participants.selectors import interruptions_visible_to
from jobbtorg.participants.services.interruptions import interruption_end

interruptions_router = Router(tags=["interruptions"])


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
        interruptions_visible_to(request.user)
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
