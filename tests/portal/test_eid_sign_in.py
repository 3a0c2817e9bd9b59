"""Participants sign in with e-ID through the same provider and client as staff: the
provider's personnummer claim names the person, and only a person with a case kept here gets
in (ADR 0005, point 3). Against the real test provider (tests/oidc_provider)."""

import pytest

from jobbtorg.core.audit.models import AuditAction, AuditChannel, AuditEntry
from tests.oidc_provider.fixtures import REGISTERED_NUMBER, UNREGISTERED_NUMBER
from tests.portal.cases import closed_years_ago, own_case

pytestmark = [
    pytest.mark.usefixtures("signs_in_through_provider"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

START = "/e-legitimation/"


@pytest.fixture
def svens_case(staff):
    return own_case(
        staff, number=REGISTERED_NUMBER.replace("-", ""), first_name="Sven", last_name="Eidsson"
    )


@pytest.fixture
def sven(svens_case):
    return svens_case.participant


def _sign_in(visitor, username):
    page = visitor.get(START)
    assert page.url.startswith(visitor.provider.url), page.url
    return visitor.sign_in_at_provider(page, username)


def _refused_and_told_whom_to_contact(visitor, page, reason):
    """A 403 page naming whom to contact, one refusal in the log without the person, and no
    session."""
    assert page.status_code == 403
    assert "socialtjänsten" in page.text
    [entry] = AuditEntry.objects.filter(action=AuditAction.SIGN_IN_REFUSED)
    assert entry.changes == {"reason": reason}
    assert entry.participant is None
    assert "Du är inte inloggad" in visitor.get("/mina-sidor/").text
    return entry


def test_a_person_with_an_open_case_signs_in_and_sees_their_own_page(http_browser, sven, people):
    page = _sign_in(http_browser, "eid-registered")

    assert page.status_code == 200
    assert page.url == f"{http_browser.live_url}/mina-sidor/"
    assert "Du är inloggad som Sven Eidsson" in page.text
    assert "Din plan" in page.text
    for other in (people.in_farsta, people.in_skarpnack, people.in_rinkeby):
        assert other.last_name not in page.text
    # The provider was asked for the personnummer scope, with PKCE.
    authorize = http_browser.provider.records("authorize")[-1]
    assert authorize["scope"] == "openid personnummer"
    assert authorize["code_challenge_method"] == "S256"
    assert http_browser.provider.records("token")[-1]["status"] == 200
    # A participant is no staff account: a staff page is not there for them at all.
    assert http_browser.get("/deltagare/").status_code == 404
    # The sign-in and the page's read are in the person's own audit log, as their own acts.
    entries = AuditEntry.objects.filter(participant=sven, channel=AuditChannel.PARTICIPANT)
    actions = set(entries.values_list("action", flat=True))
    assert {AuditAction.PARTICIPANT_SIGNED_IN, AuditAction.PARTICIPANT_VIEWED} <= actions
    assert not entries.exclude(actor=None).exists()


def test_a_person_whose_case_closed_within_the_retention_period_gets_in(http_browser, svens_case):
    closed_years_ago(svens_case, 4)

    page = _sign_in(http_browser, "eid-registered")

    assert page.status_code == 200
    assert "Du är inloggad som Sven Eidsson" in page.text


def test_a_person_whose_case_is_past_the_retention_period_is_told_whom_to_contact(
    http_browser, svens_case
):
    closed_years_ago(svens_case, 6)

    page = _sign_in(http_browser, "eid-registered")

    _refused_and_told_whom_to_contact(http_browser, page, "no_case_kept")
    assert "Du har inget ärende hos Jobbtorg nu" in page.text
    assert not AuditEntry.objects.filter(action=AuditAction.PARTICIPANT_SIGNED_IN).exists()


def test_a_person_not_registered_here_is_refused_without_their_number_in_the_log(
    http_browser, sven
):
    page = _sign_in(http_browser, "eid-unregistered")

    entry = _refused_and_told_whom_to_contact(http_browser, page, "no_participant")
    assert "Vi hittar dig inte i Jobbtorg" in page.text
    assert UNREGISTERED_NUMBER not in str(entry.__dict__)


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
