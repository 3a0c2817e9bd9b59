"""The JSON API under /api/v1/, for districts' and providers' systems.

Each app mounts its own router here."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer

from jobbtorg.core.errors import ConcurrentChange, NotAllowed, ValidationFailed
from jobbtorg.matching.api import router as matching_router
from jobbtorg.organisation.api import router as organisation_router
from jobbtorg.organisation.services import api_token_user
from jobbtorg.participants.api import router as participants_router
from jobbtorg.participants.api.district_events import district_router
from jobbtorg.participants.api.interruptions import interruptions_router
from jobbtorg.participants.api.referrals import referrals_router
from jobbtorg.plans.api import deadlines_router
from jobbtorg.plans.api import router as plans_router
from jobbtorg.providers.api import router as activity_types_router
from jobbtorg.web.api import participant_path_router


class BearerToken(HttpBearer):
    """`Authorization: Bearer <token>`, a token made by `jobbtorg create_api_token USERNAME`."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_user(token)
        if user is not None:
            # Selectors and the audit log read the user from the request, as on pages.
            request.user = user
        return user


api = NinjaAPI(
    title="Jobbtorg API",
    version="1",
    description=(
        "For districts' and providers' systems. Authenticate with a bearer token from "
        "`jobbtorg create_api_token USERNAME`. A person outside your scope answers 404. "
        "Every read and write of personal data is recorded in the audit log."
    ),
    urls_namespace="api-v1",
    auth=BearerToken(),
)


@api.exception_handler(ValidationFailed)
def _validation_failed(request: HttpRequest, exc: ValidationFailed) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc), "errors": exc.errors}, status=422)


# Where the request itself does not fit the schema: the same shape as the services' refusals,
# so that a client reads one kind of 422.
_SCHEMA_LOCATIONS = {"body", "payload", "query", "path", "filters"}


@api.exception_handler(NinjaValidationError)
def _request_invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    if any(tuple(error.get("loc", ()))[:1] == ("path",) for error in exc.errors):
        # An id in the path that is not an id names nothing: the same answer as an unknown one.
        return api.create_response(request, {"detail": "Not Found"}, status=404)
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ()) if part not in _SCHEMA_LOCATIONS]
        errors.setdefault(".".join(location) or "__all__", []).append(str(error.get("msg", "")))
    detail = "; ".join(f"{field}: {' '.join(messages)}" for field, messages in errors.items())
    return api.create_response(request, {"detail": detail, "errors": errors}, status=422)


@api.exception_handler(NotAllowed)
def _not_allowed(request: HttpRequest, exc: NotAllowed) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=403)


@api.exception_handler(ConcurrentChange)
def _concurrent_change(request: HttpRequest, exc: ConcurrentChange) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc), "errors": exc.errors}, status=409)


api.add_router("/organisation", organisation_router)
api.add_router("/participants", participants_router)
# The person's path (web: it composes the case with its plans), under the same prefix and in
# the order the routes have always had in the document.
api.add_router("/participants", participant_path_router)
api.add_router("/referrals", referrals_router)
api.add_router("/interruptions", interruptions_router)
api.add_router("", plans_router)
api.add_router("/district", district_router)
api.add_router("/deadlines", deadlines_router)
api.add_router("/activity-types", activity_types_router)
api.add_router("", matching_router)
