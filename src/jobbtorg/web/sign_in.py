"""Sign-in and sign-out pages: a local password (unless JOBBTORG_PASSWORD_LOGIN is off) and the
city's identity provider (OpenID Connect code flow with PKCE, nonce and state, through
mozilla-django-oidc). Staff accounts are matched in `organisation/sign_in.py`; participants'
e-ID is `portal/eid.py`. The start of a sign-in and the refusal pages are shared with the e-ID
sign-in, so they live in `core/provider_sign_in.py`."""

import logging
from typing import Any

import requests
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCLogoutView,
)

from jobbtorg.core.identity_provider import (
    IdentityProviderUnavailable,
    is_configured,
    refusal_of,
)
from jobbtorg.core.provider_sign_in import (
    STAFF,
    ProviderSignInStartView,
    refusal_response,
    refused_page,
)

__all__ = ["STAFF", "ProviderSignInStartView", "refusal_response", "refused_page"]

logger = logging.getLogger(__name__)


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
