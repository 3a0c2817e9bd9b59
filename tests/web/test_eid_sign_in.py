"""Participants sign in with e-ID through the same provider and client as staff: the
provider's personnummer claim names the person. Against the real test provider
(tests/oidc_provider)."""

import pytest

from jobbtorg.core.audit.models import AuditAction, AuditEntry
from tests.factories import ParticipantFactory
from tests.oidc_provider.fixtures import REGISTERED_NUMBER, UNREGISTERED_NUMBER

pytestmark = [
    pytest.mark.usefixtures("signs_in_through_provider"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

START = "/e-legitimation/"


@pytest.fixture
def sven():
    return ParticipantFactory(
        personal_identity_number=REGISTERED_NUMBER.replace("-", ""),
        first_name="Sven",
        last_name="Eidsson",
    )


def _sign_in(visitor, username):
    page = visitor.get(START)
    assert page.url.startswith(visitor.provider.url), page.url
    return visitor.sign_in_at_provider(page, username)


def test_a_registered_person_signs_in_and_sees_their_own_name_only(http_browser, sven, people):
    page = _sign_in(http_browser, "eid-registered")

    assert page.status_code == 200
    assert page.url == f"{http_browser.live_url}/mina-sidor/"
    assert "Du är inloggad som Sven Eidsson" in page.text
    for other in (people.in_farsta, people.in_skarpnack, people.in_rinkeby):
        assert other.last_name not in page.text
    # The provider was asked for the personnummer scope, with PKCE.
    authorize = http_browser.provider.records("authorize")[-1]
    assert authorize["scope"] == "openid personnummer"
    assert authorize["code_challenge_method"] == "S256"
    assert http_browser.provider.records("token")[-1]["status"] == 200
    # A participant is no staff account: staff pages still ask for a staff sign-in.
    assert http_browser.get("/deltagare/").url.startswith(f"{http_browser.live_url}/logga-in/")
    # The sign-in and the page's read are in the person's own audit log.
    actions = list(AuditEntry.objects.filter(participant=sven).values_list("action", flat=True))
    assert AuditAction.PARTICIPANT_SIGNED_IN in actions
    assert AuditAction.PARTICIPANT_VIEWED in actions


def test_a_person_not_registered_here_is_refused_without_their_number_in_the_log(
    http_browser, sven
):
    page = _sign_in(http_browser, "eid-unregistered")

    assert page.status_code == 403
    assert "Vi hittar dig inte i Jobbtorg" in page.text
    [entry] = AuditEntry.objects.filter(action=AuditAction.SIGN_IN_REFUSED)
    assert entry.changes == {"reason": "no_participant"}
    assert entry.participant is None
    assert UNREGISTERED_NUMBER not in str(entry.__dict__)
    assert "Du är inte inloggad" in http_browser.get("/mina-sidor/").text


def test_a_personnummer_with_a_wrong_control_digit_is_refused(http_browser, sven):
    page = _sign_in(http_browser, "eid-invalid")

    assert page.status_code == 403
    assert list(
        AuditEntry.objects.filter(action=AuditAction.SIGN_IN_REFUSED).values_list(
            "changes", flat=True
        )
    ) == [{"reason": "invalid_personnummer"}]


def test_a_staff_sign_in_cannot_be_finished_at_the_e_id_return_address(http_browser, sven):
    # Started as a staff sign-in, its code and state handed to the e-ID return address.
    page = http_browser.get("/logga-in/stadens-inloggning/")
    callback = http_browser.sign_in_at_provider(page, "coach-sydost", stop_at="/logga-in/retur/")
    query = callback.split("?", 1)[1]

    page = http_browser.get(f"/e-legitimation/retur/?{query}")

    assert page.status_code == 400
    assert "Du är inte inloggad" in http_browser.get("/mina-sidor/").text


def test_signing_out_ends_the_session_here_and_at_the_provider(http_browser, sven):
    page = _sign_in(http_browser, "eid-registered")

    page = http_browser.post(
        "/mina-sidor/logga-ut/", {"csrfmiddlewaretoken": http_browser.csrf_token_on(page)}
    )

    assert page.url == f"{http_browser.live_url}/mina-sidor/"
    assert "Du är inte inloggad" in page.text
    assert http_browser.provider.records("end_session")[-1]["id_token_hint"]
    assert 'name="password"' in http_browser.get(START).text
