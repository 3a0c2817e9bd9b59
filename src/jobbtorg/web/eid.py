"""Participants sign in with e-ID through the city's identity provider: the same client as
staff, with its own return address and scopes. The participant portal is a later issue; this
signs the person in (`participant_for_eid`) and shows them their own name, nothing else.

A signed-in participant is no staff account: the session holds their participant id only, and
every staff page still asks for a staff sign-in.
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
from jobbtorg.participants.selectors.own_data import own_participant_shown
from jobbtorg.participants.services.eid_sign_in import EidSignInRefused, participant_for_eid
from jobbtorg.web.sign_in import ProviderSignInStartView, refusal_response, refused_page

logger = logging.getLogger(__name__)

EID = "eid"
PARTICIPANT_SESSION_KEY = "eid_participant_id"


class EidSignInStartView(ProviderSignInStartView):
    purpose = EID

    @classmethod
    def get_settings(cls, name: str, *default: object) -> object:
        if name == "OIDC_RP_SCOPES":
            return settings.JOBBTORG_OIDC_EID_SCOPES
        if name == "OIDC_AUTHENTICATION_CALLBACK_URL":
            return "web:eid_callback"
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
        return refused_page(request, "provider_error")
    code = request.GET.get("code")
    if not code or taken is None:
        return refused_page(request, "state_unknown")
    nonce, code_verifier = taken
    backend = IdentityProviderBackend()
    try:
        claims, id_token = backend.claims_for_code(
            request,
            code=code,
            nonce=nonce,
            code_verifier=code_verifier,
            callback="web:eid_callback",
        )
    except SuspiciousOperation:
        return refused_page(request, refusal_of(request) or "id_token_invalid")
    except (IdentityProviderUnavailable, requests.RequestException) as error:
        logger.warning("The identity provider refused the code or did not answer: %s", error)
        return refused_page(request, "token_refused")
    try:
        participant = participant_for_eid(
            claims=claims, audit_context=AuditContext.from_request(request)
        )
    except EidSignInRefused as refusal:
        # participant_for_eid has written the audit entry.
        return refusal_response(request, refusal.reason)
    # One person per session: a staff sign-in in this browser ends here.
    auth.logout(request)
    request.session[PARTICIPANT_SESSION_KEY] = str(participant.pk)
    request.session["oidc_id_token"] = id_token
    return redirect("web:eid_own_page")


@require_GET
def own_page(request: HttpRequest) -> HttpResponse:
    participant = None
    participant_id = request.session.get(PARTICIPANT_SESSION_KEY)
    if participant_id:
        participant = own_participant_shown(
            participant_id=participant_id, audit_context=AuditContext.from_request(request)
        )
    return render(request, "web/eid_own_page.html", {"participant": participant})


@require_POST
def eid_sign_out(request: HttpRequest) -> HttpResponse:
    url = provider_logout_url(request, back_to="web:eid_own_page")
    request.session.flush()
    return redirect(url)
