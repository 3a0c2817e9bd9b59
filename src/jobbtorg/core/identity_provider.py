"""The city's identity provider (OpenID Connect), as mozilla-django-oidc sees it.

The provider's endpoints come from its discovery document (`<issuer>/.well-known/
openid-configuration`) unless a setting names them one by one. The document is fetched at the
first sign-in, not when settings load, so that commands and tests never reach the network, and
kept an hour so that a provider that moves its endpoints is followed.

Staff and participants sign in through the same client; what each flow does with the claims
lives in its app (`organisation/sign_in.py`, `participants/services/eid_sign_in.py`).
"""

import dataclasses
import logging
import threading
import time
from typing import Any
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.http import HttpRequest
from django.shortcuts import resolve_url
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import absolutify, import_from_settings

from jobbtorg.core.audit import events as audit

logger = logging.getLogger(__name__)

DISCOVERY_SECONDS = 3600

# mozilla-django-oidc's setting → the discovery document's key.
_DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
    "JOBBTORG_OIDC_END_SESSION_ENDPOINT": "end_session_endpoint",
}
_documents: dict[str, tuple[float, dict[str, Any]]] = {}
_documents_lock = threading.Lock()


class IdentityProviderUnavailable(Exception):
    """The provider did not answer, or answered with something that is not OpenID Connect."""


def is_configured() -> bool:
    return bool(
        getattr(settings, "JOBBTORG_OIDC_ISSUER", "")
        or getattr(settings, "OIDC_OP_AUTHORIZATION_ENDPOINT", "")
    )


def discovery_document(issuer: str) -> dict[str, Any]:
    with _documents_lock:
        cached = _documents.get(issuer)
        if cached is not None and time.monotonic() - cached[0] < DISCOVERY_SECONDS:
            return cached[1]
    url = f"{issuer}/.well-known/openid-configuration"
    try:
        response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as error:
        raise IdentityProviderUnavailable(f"{url}: {error}") from error
    # OpenID Connect Discovery 4.3: the document must name the issuer it was fetched for.
    if not isinstance(document, dict) or document.get("issuer", "").rstrip("/") != issuer:
        raise IdentityProviderUnavailable(f"{url} names another issuer")
    with _documents_lock:
        _documents[issuer] = (time.monotonic(), document)
    return document


def forget_discovery() -> None:
    with _documents_lock:
        _documents.clear()


def provider_setting(name: str, *default: Any) -> Any:
    """mozilla-django-oidc's `get_settings`: an endpoint set by hand, else the discovered one."""
    if name in _DISCOVERED:
        explicit = getattr(settings, name, "")
        if explicit or not settings.JOBBTORG_OIDC_ISSUER:
            return explicit
        return discovery_document(settings.JOBBTORG_OIDC_ISSUER).get(_DISCOVERED[name], "")
    return import_from_settings(name, *default)


def provider_logout_url(request: HttpRequest, back_to: str = "") -> str:
    """Where signing out sends the browser: the provider's end-session endpoint when the person
    signed in through it and it has one (RP-Initiated Logout), else back to Jobbtorg (the login
    page unless `back_to` names another)."""
    back = absolutify(request, resolve_url(back_to or settings.LOGOUT_REDIRECT_URL))
    id_token = request.session.get("oidc_id_token")
    if not id_token or not is_configured():
        return back
    try:
        end_session = provider_setting("JOBBTORG_OIDC_END_SESSION_ENDPOINT")
    except IdentityProviderUnavailable:
        logger.warning("The identity provider did not answer at sign-out; signed out here only")
        return back
    if not end_session:
        return back
    query = urlencode(
        {
            "id_token_hint": id_token,
            "post_logout_redirect_uri": back,
            "client_id": settings.OIDC_RP_CLIENT_ID,
        }
    )
    return f"{end_session}?{query}"


class IdentityProviderBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    """Exchanges the code (with the PKCE verifier), checks the ID token (signature, nonce,
    issuer, audience) and reads the claims. Subclasses decide whom the claims name.

    Endpoints are read when used, not when Django builds the backend for every sign-in (a
    password one too), so an unconfigured or unreachable provider costs nothing until used.
    """

    get_settings = staticmethod(provider_setting)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.UserModel = get_user_model()
        self.request: HttpRequest | None = None

    @property
    def OIDC_OP_TOKEN_ENDPOINT(self) -> str:  # noqa: N802 (mozilla-django-oidc's name)
        return str(provider_setting("OIDC_OP_TOKEN_ENDPOINT"))

    @property
    def OIDC_OP_USER_ENDPOINT(self) -> str:  # noqa: N802
        return str(provider_setting("OIDC_OP_USER_ENDPOINT"))

    @property
    def OIDC_OP_JWKS_ENDPOINT(self) -> str:  # noqa: N802
        return str(provider_setting("OIDC_OP_JWKS_ENDPOINT"))

    @property
    def OIDC_RP_CLIENT_ID(self) -> str:  # noqa: N802
        return str(settings.OIDC_RP_CLIENT_ID)

    @property
    def OIDC_RP_CLIENT_SECRET(self) -> str:  # noqa: N802
        return str(settings.OIDC_RP_CLIENT_SECRET)

    @property
    def OIDC_RP_SIGN_ALGO(self) -> str:  # noqa: N802
        return str(settings.OIDC_RP_SIGN_ALGO)

    OIDC_RP_IDP_SIGN_KEY = None

    def note_refusal(self, reason: str) -> None:
        """Tell the callback page why (a code, never the claims): see `refusal_of`."""
        if self.request is not None:
            self.request.sign_in_refusal = reason  # type: ignore[attr-defined]

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> Any:
        # Only the callback passes a nonce and a verifier: a password form posted to a URL that
        # happens to carry ?code=&state= must not start an exchange.
        if not is_configured() or "nonce" not in kwargs or "code_verifier" not in kwargs:
            return None
        return super().authenticate(request, **kwargs)

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        """The library checks the signature and the nonce; OpenID Connect Core 3.1.3.7 also asks
        that the token was issued by our provider for our client."""
        try:
            payload: dict[str, Any] = super().verify_token(token, **kwargs)
        except SuspiciousOperation as error:
            self.note_refusal("nonce_mismatch" if "Nonce" in str(error) else "id_token_invalid")
            raise
        except jwt.InvalidTokenError as error:
            # The library turns a bad signature into SuspiciousOperation, not an expired token.
            self.note_refusal("id_token_invalid")
            raise SuspiciousOperation(f"The ID token is not valid: {error}") from error
        if "nonce" in kwargs:
            issuer = settings.JOBBTORG_OIDC_ISSUER
            audience = payload.get("aud")
            audiences = audience if isinstance(audience, list) else [audience]
            if (issuer and str(payload.get("iss", "")).rstrip("/") != issuer) or (
                self.OIDC_RP_CLIENT_ID not in audiences
            ):
                self.note_refusal("id_token_invalid")
                raise SuspiciousOperation("The ID token was issued by another issuer or client.")
        return payload

    def claims(self, access_token: str, id_token: str, payload: dict[str, Any]) -> dict[str, Any]:
        """The ID token's claims with the userinfo endpoint's over them; both name one subject."""
        user_info = self.get_userinfo(access_token, id_token, payload)
        if user_info.get("sub") != payload.get("sub"):
            # OpenID Connect Core 5.3.2: otherwise the userinfo answer must not be used.
            self.note_refusal("id_token_invalid")
            raise SuspiciousOperation("The userinfo subject is not the ID token's.")
        return {**payload, **user_info}

    def claims_for_code(
        self, request: HttpRequest, *, code: str, nonce: str, code_verifier: str, callback: str
    ) -> tuple[dict[str, Any], str]:
        """The whole exchange for a flow that signs in no staff account (e-ID): the claims and
        the ID token (the hint the provider's logout asks for)."""
        self.request = request
        token_info = self.get_token(
            {
                "client_id": self.OIDC_RP_CLIENT_ID,
                "client_secret": self.OIDC_RP_CLIENT_SECRET,
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": absolutify(request, reverse(callback)),
                "code_verifier": code_verifier,
            }
        )
        id_token = token_info.get("id_token")
        payload = self.verify_token(id_token, nonce=nonce)
        return self.claims(token_info.get("access_token"), id_token, payload), id_token


def refusal_of(request: HttpRequest) -> str:
    return str(getattr(request, "sign_in_refusal", ""))


def refuse_sign_in(request: HttpRequest, reason: str) -> None:
    """Logged and audited by reason alone: the claims may be of someone with no account here."""
    logger.warning("Sign-in through the identity provider refused: %s", reason)
    context = audit.AuditContext.from_request(request)
    # The path without its query: the provider's one-time code has no place in the log.
    context = dataclasses.replace(context, path=request.path[:500])
    with transaction.atomic():
        audit.sign_in_refused(context, reason)


def take_state(request: HttpRequest, purpose: str) -> tuple[str, str] | None:
    """The nonce and PKCE verifier stored for the callback's state, removed so that a replay of
    the same callback finds nothing (as mozilla-django-oidc's own callback does). None when the
    state is unknown to this browser's session or was started for another purpose."""
    state = request.GET.get("state", "")
    states = request.session.get("oidc_states") or {}
    entry = states.pop(state, None)
    request.session["oidc_states"] = states
    if not entry or entry.get("purpose") != purpose or not entry.get("code_verifier"):
        return None
    return entry["nonce"], entry["code_verifier"]
