"""The ID-token checks Jobbtorg adds to mozilla-django-oidc's (OpenID Connect Core 3.1.3.7):
issued by our provider, for our client, with the nonce of this sign-in."""

import time

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.core.exceptions import SuspiciousOperation
from django.test import RequestFactory

from jobbtorg.core.identity_provider import IdentityProviderBackend, refusal_of

ISSUER = "https://login.stad.example/realms/stad"
KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
PUBLIC_KEY = KEY.public_key().public_bytes(
    serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
)


@pytest.fixture
def backend(settings):
    settings.JOBBTORG_OIDC_ISSUER = ISSUER
    settings.OIDC_RP_CLIENT_ID = "jobbtorg"
    settings.OIDC_RP_CLIENT_SECRET = "secret"
    backend = IdentityProviderBackend()
    backend.OIDC_RP_IDP_SIGN_KEY = PUBLIC_KEY
    backend.request = RequestFactory().get("/logga-in/retur/")
    return backend


def _token(**claims):
    now = int(time.time())
    payload = {
        "iss": ISSUER,
        "aud": "jobbtorg",
        "sub": "coach-sydost",
        "nonce": "n-1",
        "iat": now,
        "exp": now + 300,
    }
    payload.update(claims)
    return jwt.encode(payload, KEY, algorithm="RS256")


def test_a_token_of_our_provider_for_our_client_with_our_nonce_is_accepted(backend):
    assert backend.verify_token(_token(), nonce="n-1")["sub"] == "coach-sydost"
    assert backend.verify_token(_token(aud=["other", "jobbtorg"]), nonce="n-1")


@pytest.mark.parametrize(
    ("claims", "nonce", "reason"),
    [
        ({"iss": "https://login.other.example"}, "n-1", "id_token_invalid"),
        ({"aud": "another-client"}, "n-1", "id_token_invalid"),
        ({}, "n-2", "nonce_mismatch"),
        ({"exp": int(time.time()) - 60}, "n-1", "id_token_invalid"),
    ],
)
def test_a_token_of_another_issuer_client_sign_in_or_time_is_refused(
    backend, claims, nonce, reason
):
    with pytest.raises(SuspiciousOperation):
        backend.verify_token(_token(**claims), nonce=nonce)
    assert refusal_of(backend.request) == reason


def test_a_token_signed_with_another_key_is_refused(backend):
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = jwt.encode(
        {"iss": ISSUER, "aud": "jobbtorg", "sub": "admin", "nonce": "n-1"}, other, "RS256"
    )
    with pytest.raises(SuspiciousOperation):
        backend.verify_token(forged, nonce="n-1")
