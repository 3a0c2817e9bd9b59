"""The matching function in the API: whether the city's suggestions are ready. Thin routes over
the stored index, as the pages are.

The router spells its full paths; it is mounted at the API's root."""

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.responses import Status

from jobbtorg.core.errors import NotAllowed
from jobbtorg.matching import index_store
from jobbtorg.matching.permissions import can_use_matching
from jobbtorg.participants.api import ErrorOut

router = Router(tags=["matching"])


class IndexReadyOut(Schema):
    status: str  # "ready"
    built_at: str
    day: str
    build_seconds: float


class IndexPreparingOut(Schema):
    status: str  # "preparing"
    detail: str
    ready_in_seconds: int


@router.get(
    "/matching/index",
    response={200: IndexReadyOut, 403: ErrorOut, 503: IndexPreparingOut},
    summary="Whether the suggestions are ready",
    description=(
        '200 with `status` "ready" once the city\'s matching index is stored (it may be a '
        'few seconds behind the latest change); 503 with `status` "preparing", what the '
        "pages say and about how many seconds remain, on a fresh install while the first one "
        "is built (the `Retry-After` header says the same)."
    ),
)
def matching_index(request: HttpRequest, response: HttpResponse) -> Status:
    if not can_use_matching(request.user):
        raise NotAllowed(_("Only the Jobbtorg's staff use matching."))
    try:
        stored = index_store.current()
    except index_store.IndexNotReady as waiting:
        response["Retry-After"] = str(waiting.ready_in_seconds)
        return Status(
            503,
            {
                "status": "preparing",
                "detail": waiting.message,
                "ready_in_seconds": waiting.ready_in_seconds,
            },
        )
    return Status(
        200,
        {
            "status": "ready",
            "built_at": stored.built_at,
            "day": stored.day,
            "build_seconds": stored.seconds,
        },
    )
