"""Participants sign in with e-ID through the city's identity provider: the same client as
staff, with its own return address and scopes. Only a person with a case kept here (open, or
closed and not yet culled: `has_a_case_kept`) gets in; anyone else gets a page that says whom
to contact.

A signed-in participant is no staff account: the session holds their participant id only
(portal/middleware.py), and every staff page answers 404.
"""

import logging

import requests
from django.conf import settings
from django.contrib import auth
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from jobbtorg.core.audit.events import AuditContext
from jobbtorg.core.identity_provider import (
    IdentityProviderBackend,
    IdentityProviderUnavailable,
    provider_logout_url,
    refusal_of,
    take_state,
)
from jobbtorg.core.provider_sign_in import ProviderSignInStartView, refusal_response, refused_page
from jobbtorg.participants.services.eid_sign_in import EidSignInRefused, participant_for_eid
from jobbtorg.portal.middleware import sign_participant_in
from jobbtorg.retention.selectors import has_a_case_kept

logger = logging.getLogger(__name__)

# The refusals of someone who signed in with a valid e-ID but has no case kept here: a page of
# the portal's own that says whom to contact.
NOT_HERE = frozenset({"no_participant", "no_case_kept"})

EID = "eid"
# The page after a refused e-ID sign-in: the portal's, in the person's language.
REFUSAL_TEMPLATE = "portal/sign_in_refused.html"


class EidSignInStartView(ProviderSignInStartView):
    purpose = EID
    refusal_template = REFUSAL_TEMPLATE

    @classmethod
    def get_settings(cls, name: str, *default: object) -> object:
        if name == "OIDC_RP_SCOPES":
            return settings.JOBBTORG_OIDC_EID_SCOPES
        if name == "OIDC_AUTHENTICATION_CALLBACK_URL":
            return "portal:eid_callback"
        return super().get_settings(name, *default)

    def get_extra_params(self, request: HttpRequest) -> dict[str, str]:
        # e.g. the provider's name for BankID, where it offers several ways to sign in.
        acr_values = settings.JOBBTORG_OIDC_EID_ACR_VALUES
        return {"acr_values": acr_values} if acr_values else {}


@require_GET
def eid_callback(request: HttpRequest) -> HttpResponse:
    taken = take_state(request, EID)
    # The state is spent before anything else can fail: a replay finds it gone.
    request.session.save()
    if request.GET.get("error"):
        return refused_page(request, "provider_error", REFUSAL_TEMPLATE)
    code = request.GET.get("code")
    if not code or taken is None:
        return refused_page(request, "state_unknown", REFUSAL_TEMPLATE)
    nonce, code_verifier = taken
    backend = IdentityProviderBackend()
    try:
        claims, id_token = backend.claims_for_code(
            request,
            code=code,
            nonce=nonce,
            code_verifier=code_verifier,
            callback="portal:eid_callback",
        )
    except SuspiciousOperation:
        return refused_page(request, refusal_of(request) or "id_token_invalid", REFUSAL_TEMPLATE)
    except (IdentityProviderUnavailable, requests.RequestException) as error:
        logger.warning("The identity provider refused the code or did not answer: %s", error)
        return refused_page(request, "token_refused", REFUSAL_TEMPLATE)
    try:
        participant = participant_for_eid(
            claims=claims,
            audit_context=AuditContext.for_participant(request),
            admitted=has_a_case_kept,
        )
    except EidSignInRefused as refusal:
        # participant_for_eid has written the audit entry.
        if refusal.reason in NOT_HERE:
            return render(request, "portal/not_here.html", {"reason": refusal.reason}, status=403)
        return refusal_response(request, refusal.reason, REFUSAL_TEMPLATE)
    # One person per session: a staff sign-in in this browser ends here.
    auth.logout(request)
    sign_participant_in(request, participant)
    request.session["oidc_id_token"] = id_token
    return redirect("portal:own_page")


@require_POST
def eid_sign_out(request: HttpRequest) -> HttpResponse:
    url = provider_logout_url(request, back_to="portal:own_page")
    request.session.flush()
    return redirect(url)
