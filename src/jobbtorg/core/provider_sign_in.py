"""The start of a sign-in at the city's identity provider and the page after a refused one:
shared by the staff's sign-in (`web/sign_in.py`) and the participant's e-ID (`portal/eid.py`),
which are independent of each other."""

import logging
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import View
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from jobbtorg.core.identity_provider import (
    IdentityProviderUnavailable,
    is_configured,
    provider_setting,
    refuse_sign_in,
)

logger = logging.getLogger(__name__)

STAFF = "staff"

# A refusal's reason → the page's status and what it tells the person.
_UNSURE_OF_THE_ANSWER = {"state_unknown", "nonce_mismatch", "id_token_invalid"}

# The staff's page; the participant's e-ID has its own, in the portal's languages.
STAFF_REFUSAL_TEMPLATE = "registration/sign_in_refused.html"


def _unavailable(request: HttpRequest, template: str = STAFF_REFUSAL_TEMPLATE) -> HttpResponse:
    return render(request, template, {"reason": "provider_unavailable"}, status=502)


def refused_page(
    request: HttpRequest, reason: str, template: str = STAFF_REFUSAL_TEMPLATE
) -> HttpResponse:
    """The page after a refused sign-in, with the refusal in the log and the audit trail."""
    refuse_sign_in(request, reason)
    return refusal_response(request, reason, template)


def refusal_response(
    request: HttpRequest, reason: str, template: str = STAFF_REFUSAL_TEMPLATE
) -> HttpResponse:
    if reason in ("provider_unavailable", "token_refused"):
        return _unavailable(request, template)
    status = 400 if reason in _UNSURE_OF_THE_ANSWER else 403
    return render(request, template, {"reason": reason}, status=status)


class ProviderSignInStartView(OIDCAuthenticationRequestView):  # type: ignore[misc]
    """Sends the browser to the provider with a fresh state, nonce and PKCE challenge (S256),
    kept in the session under the state with what the sign-in is for."""

    purpose = STAFF
    refusal_template = STAFF_REFUSAL_TEMPLATE

    def __init__(self, **kwargs: Any) -> None:
        # The library reads the endpoint here; ours is read in get, where a provider that does
        # not answer becomes a page instead of an error.
        View.__init__(self, **kwargs)

    @classmethod
    def get_settings(cls, name: str, *default: Any) -> Any:
        return provider_setting(name, *default)

    @property
    def OIDC_RP_CLIENT_ID(self) -> str:  # noqa: N802 (mozilla-django-oidc's name)
        return str(settings.OIDC_RP_CLIENT_ID)

    def get(self, request: HttpRequest) -> HttpResponse:
        if not is_configured():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = provider_setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except IdentityProviderUnavailable as error:
            logger.warning("The identity provider did not answer: %s", error)
            return _unavailable(request, self.refusal_template)
        response: HttpResponse = super().get(request)
        for entry in request.session["oidc_states"].values():
            entry.setdefault("purpose", self.purpose)
        request.session.modified = True
        return response
