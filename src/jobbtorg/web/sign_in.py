"""Sign-in and sign-out pages: a local password (unless JOBBTORG_PASSWORD_LOGIN is off) and the
city's identity provider (OpenID Connect code flow with PKCE, nonce and state, through
mozilla-django-oidc). Staff accounts are matched in `organisation/sign_in.py`; participants'
e-ID is `web/eid.py`."""

import logging
from typing import Any

import requests
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.views import View
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
    OIDCLogoutView,
)

from jobbtorg.core.identity_provider import (
    IdentityProviderUnavailable,
    is_configured,
    provider_setting,
    refusal_of,
    refuse_sign_in,
)

logger = logging.getLogger(__name__)

STAFF = "staff"

# A refusal's reason → the page's status and what it tells the person.
_UNSURE_OF_THE_ANSWER = {"state_unknown", "nonce_mismatch", "id_token_invalid"}
_NO_ACCOUNT = {"unknown_account", "inactive_account", "username_claim_missing"}


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.JOBBTORG_PASSWORD_LOGIN:
            return render(
                request,
                "registration/sign_in_refused.html",
                {"reason": "passwords_off"},
                status=403,
            )
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["failure_limit"] = settings.AXES_FAILURE_LIMIT
        context["lockout_minutes"] = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
        context["password_login"] = settings.JOBBTORG_PASSWORD_LOGIN
        context["identity_provider"] = is_configured()
        return context


def _unavailable(request: HttpRequest) -> HttpResponse:
    return render(
        request, "registration/sign_in_refused.html", {"reason": "provider_unavailable"}, status=502
    )


def refused_page(request: HttpRequest, reason: str) -> HttpResponse:
    """The page after a refused sign-in, with the refusal in the log and the audit trail."""
    refuse_sign_in(request, reason)
    return refusal_response(request, reason)


def refusal_response(request: HttpRequest, reason: str) -> HttpResponse:
    if reason in ("provider_unavailable", "token_refused"):
        return _unavailable(request)
    status = 400 if reason in _UNSURE_OF_THE_ANSWER else 403
    return render(request, "registration/sign_in_refused.html", {"reason": reason}, status=status)


class ProviderSignInStartView(OIDCAuthenticationRequestView):  # type: ignore[misc]
    """Sends the browser to the provider with a fresh state, nonce and PKCE challenge (S256),
    kept in the session under the state with what the sign-in is for."""

    purpose = STAFF

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
            return _unavailable(request)
        response: HttpResponse = super().get(request)
        for entry in request.session["oidc_states"].values():
            entry.setdefault("purpose", self.purpose)
        request.session.modified = True
        return response


class ProviderCallbackView(OIDCAuthenticationCallbackView):  # type: ignore[misc]
    """Where the provider sends the browser back. The library checks the state against the
    session (once: a replay finds it gone), sends the PKCE verifier with the code, and checks the
    ID token's signature and nonce; `IdentityProviderBackend` checks issuer and audience and the
    staff backend finds the account. Every refusal is a page that says so, in Swedish."""

    def get(self, request: HttpRequest) -> HttpResponseBase:
        state = request.GET.get("state", "")
        entry = (request.session.get("oidc_states") or {}).get(state)
        if entry is not None and entry.get("purpose", STAFF) != STAFF:
            return refused_page(request, "state_unknown")
        try:
            response: HttpResponseBase = super().get(request)
        except SuspiciousOperation:
            return refused_page(request, refusal_of(request) or "state_unknown")
        except IdentityProviderUnavailable as error:
            logger.warning("The identity provider did not answer: %s", error)
            return refused_page(request, "provider_unavailable")
        except requests.RequestException as error:
            # The provider refused the code or the verifier (PKCE), or did not answer.
            logger.warning("The identity provider refused the code: %s", error)
            return refused_page(request, "token_refused")
        return response

    def login_failure(self) -> HttpResponse:
        request = self.request
        if refusal_of(request):
            reason = refusal_of(request)
        elif request.GET.get("error"):
            reason = "provider_error"
        else:
            reason = "state_unknown"
        return refused_page(request, reason)


class SignOutView(OIDCLogoutView):  # type: ignore[misc]
    """Ends the Jobbtorg session; a person who signed in through the provider goes on to its
    end-session endpoint (`core/identity_provider.provider_logout_url`), which ends theirs."""

    http_method_names = ["post"]
