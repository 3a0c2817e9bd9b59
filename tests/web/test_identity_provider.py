"""Staff sign in through the city's identity provider: a real OpenID provider in a process of
its own (tests/oidc_provider), Jobbtorg under the live server, and a visitor without JavaScript
that follows every redirect. Code flow with PKCE (S256), state and nonce; roles and units are
Jobbtorg's, and nobody without an active account gets in."""

import base64
import hashlib
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY

from jobbtorg.core.audit.models import AuditAction, AuditEntry
from jobbtorg.organisation.models import User
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.usefixtures("signs_in_through_provider"),
    # The live server sees committed rows only; each test starts from the migrated data again.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

START = "/logga-in/stadens-inloggning/"
CALLBACK = "/logga-in/retur/"


def _to_provider(visitor):
    page = visitor.get(START)
    assert page.url.startswith(visitor.provider.url), page.url
    return page


@pytest.fixture
def visitor(http_browser):
    return http_browser


def _signed_in_user(visitor):
    user_id = visitor.jobbtorg_session().get(SESSION_KEY)
    return User.objects.get(pk=user_id) if user_id else None


def _refusals():
    return list(
        AuditEntry.objects.filter(action=AuditAction.SIGN_IN_REFUSED).values_list(
            "changes", flat=True
        )
    )


def test_a_staff_member_signs_in_with_their_jobbtorg_role_through_pkce(visitor, staff):
    page = visitor.sign_in_at_provider(_to_provider(visitor), "coach-sydost")

    assert page.status_code == 200
    assert page.url == f"{visitor.live_url}/"
    assert _signed_in_user(visitor) == staff.coach_sydost
    assert "coach-sydost" in page.text and "Jobbtorg Sydost" in page.text
    # The provider was sent an S256 challenge and then the verifier that hashes to it.
    [authorize] = [r for r in visitor.provider.records("authorize") if r["signed_in"]][-1:]
    [token] = visitor.provider.records("token")[-1:]
    assert authorize["code_challenge_method"] == "S256"
    assert authorize["nonce"] and authorize["state"]
    digest = hashlib.sha256(token["code_verifier"].encode()).digest()
    assert base64.urlsafe_b64encode(digest).rstrip(b"=").decode() == authorize["code_challenge"]
    assert token["status"] == 200


def test_a_verifier_that_does_not_match_the_challenge_is_refused_by_the_provider(visitor, staff):
    callback = visitor.sign_in_at_provider(_to_provider(visitor), "coach-sydost", stop_at=CALLBACK)
    state = parse_qs(urlsplit(callback).query)["state"][0]
    session = visitor.jobbtorg_session()
    session["oidc_states"][state]["code_verifier"] = "x" * 64
    session.save()

    page = visitor.follow(visitor.http.get(callback, allow_redirects=False))

    assert page.status_code == 502
    assert "Stadens inloggning svarar inte" in page.text
    assert visitor.provider.records("token")[-1]["error"] == "invalid_grant"
    assert _signed_in_user(visitor) is None
    assert _refusals() == [{"reason": "token_refused"}]


def test_a_tampered_state_is_refused_before_the_code_is_used(visitor, staff):
    callback = visitor.sign_in_at_provider(_to_provider(visitor), "coach-sydost", stop_at=CALLBACK)
    tokens_before = len(visitor.provider.records("token"))
    query = parse_qs(urlsplit(callback).query)
    tampered = f"{visitor.live_url}{CALLBACK}?" + urlencode(
        {"code": query["code"][0], "state": "an-attacker-s-state"}
    )

    page = visitor.follow(visitor.http.get(tampered, allow_redirects=False))

    assert page.status_code == 400
    assert "Inloggningen kunde inte slutföras" in page.text
    assert len(visitor.provider.records("token")) == tokens_before
    assert _signed_in_user(visitor) is None
    assert _refusals() == [{"reason": "state_unknown"}]


def test_a_callback_cannot_be_replayed(visitor, http_browser_factory, staff):
    callback = visitor.sign_in_at_provider(_to_provider(visitor), "coach-sydost", stop_at=CALLBACK)
    assert visitor.follow(visitor.http.get(callback, allow_redirects=False)).status_code == 200
    assert _signed_in_user(visitor) == staff.coach_sydost

    # Another visitor with the same address (a leaked URL), and the same visitor again.
    other = http_browser_factory()
    assert other.follow(other.http.get(callback, allow_redirects=False)).status_code == 400
    assert _signed_in_user(other) is None
    assert visitor.follow(visitor.http.get(callback, allow_redirects=False)).status_code == 400
    assert _refusals() == [{"reason": "state_unknown"}, {"reason": "state_unknown"}]


def test_an_id_token_with_another_nonce_is_refused(visitor, staff):
    callback = visitor.sign_in_at_provider(_to_provider(visitor), "coach-sydost", stop_at=CALLBACK)
    state = parse_qs(urlsplit(callback).query)["state"][0]
    session = visitor.jobbtorg_session()
    session["oidc_states"][state]["nonce"] = "the-nonce-of-another-sign-in"
    session.save()

    page = visitor.follow(visitor.http.get(callback, allow_redirects=False))

    assert page.status_code == 400
    assert _signed_in_user(visitor) is None
    assert _refusals() == [{"reason": "nonce_mismatch"}]


def test_someone_without_a_jobbtorg_account_is_refused_and_no_account_is_made(visitor, staff):
    accounts = User.objects.count()

    page = visitor.sign_in_at_provider(_to_provider(visitor), "stranger")

    assert page.status_code == 403
    assert "Du har inget aktivt konto i Jobbtorg" in page.text
    assert _signed_in_user(visitor) is None
    assert User.objects.count() == accounts
    # The refusal is in the audit log by its reason alone: no name, no claim, no code.
    [entry] = AuditEntry.objects.filter(action=AuditAction.SIGN_IN_REFUSED)
    assert entry.changes == {"reason": "unknown_account"}
    assert entry.actor is None and entry.actor_username == ""
    assert entry.path == CALLBACK
    assert "stranger" not in str(entry.__dict__)
    # Not a failed password: nothing towards a lockout of the address (a whole office's).
    assert not AccessAttempt.objects.exists()


def test_an_inactive_account_is_refused(visitor, staff):
    UserFactory(username="former-coach", coach=True, is_active=False)

    page = visitor.sign_in_at_provider(_to_provider(visitor), "former-coach")

    assert page.status_code == 403
    assert _signed_in_user(visitor) is None
    assert _refusals() == [{"reason": "inactive_account"}]


def test_the_claim_that_names_the_account_is_a_setting(
    visitor, http_browser_factory, staff, settings
):
    # The provider's subject is an HSA-id; its preferred_username is the Jobbtorg username.
    page = visitor.sign_in_at_provider(_to_provider(visitor), "SE2321000016-1001")
    assert page.status_code == 200
    assert _signed_in_user(visitor) == staff.coach_sydost

    settings.JOBBTORG_OIDC_USERNAME_CLAIM = "sub"
    other = http_browser_factory()
    page = other.sign_in_at_provider(_to_provider(other), "SE2321000016-1001")
    assert page.status_code == 403
    assert _signed_in_user(other) is None


def test_endpoints_given_one_by_one_need_no_discovery(visitor, staff, settings):
    provider = visitor.provider
    settings.JOBBTORG_OIDC_ISSUER = ""
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{provider.issuer}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{provider.issuer}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{provider.issuer}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{provider.issuer}/jwks"

    page = visitor.sign_in_at_provider(_to_provider(visitor), "manager-sydost")

    assert page.status_code == 200
    assert _signed_in_user(visitor) == staff.manager_sydost


def test_signing_out_ends_the_jobbtorg_session_and_the_providers(visitor, staff):
    home = visitor.sign_in_at_provider(_to_provider(visitor), "coach-sydost")

    page = visitor.post("/logga-ut/", {"csrfmiddlewaretoken": visitor.csrf_token_on(home)})

    assert page.url == f"{visitor.live_url}/logga-in/"
    [end_session] = visitor.provider.records("end_session")[-1:]
    assert end_session["id_token_hint"]
    assert _signed_in_user(visitor) is None
    assert visitor.get("/").url.startswith(f"{visitor.live_url}/logga-in/")
    # The provider asks for the password again: its session ended too.
    assert 'name="password"' in _to_provider(visitor).text
