"""`participant_for_eid`: the provider's personnummer claim → the participant, or a refusal
that the audit log records without the number."""

import pytest
from django.conf import settings

from jobbtorg.core.audit.events import AuditContext
from jobbtorg.core.audit.models import AuditAction, AuditChannel, AuditEntry
from jobbtorg.participants.services.eid_sign_in import EidSignInRefused, participant_for_eid
from tests.factories import ParticipantFactory

CLAIM = "https://id.oidc.se/claim/personalIdentityNumber"
CONTEXT = AuditContext(actor=None, channel=AuditChannel.PAGE, path="/e-legitimation/retur/")


@pytest.fixture
def sven(db):
    return ParticipantFactory(personal_identity_number="199001011007")


def test_the_default_claim_is_the_swedish_openid_connect_profiles():
    assert settings.JOBBTORG_OIDC_PERSONNUMMER_CLAIM == CLAIM


@pytest.mark.parametrize("written", ["199001011007", "19900101-1007", "900101-1007"])
def test_the_claim_names_the_participant_in_any_common_written_form(sven, written):
    assert participant_for_eid(claims={CLAIM: written}, audit_context=CONTEXT) == sven
    [entry] = AuditEntry.objects.filter(action=AuditAction.PARTICIPANT_SIGNED_IN)
    assert entry.participant == sven
    assert entry.actor is None


def test_the_claim_name_is_a_setting(sven, settings):
    settings.JOBBTORG_OIDC_PERSONNUMMER_CLAIM = "ssn"
    assert participant_for_eid(claims={"ssn": "199001011007"}, audit_context=CONTEXT) == sven
    with pytest.raises(EidSignInRefused):
        participant_for_eid(claims={CLAIM: "199001011007"}, audit_context=CONTEXT)


@pytest.mark.parametrize(
    ("claims", "reason"),
    [
        ({}, "claim_missing"),
        ({CLAIM: ""}, "claim_missing"),
        ({CLAIM: 199001011007}, "claim_missing"),
        ({CLAIM: "199001011008"}, "invalid_personnummer"),
        ({CLAIM: "19901301-1007"}, "invalid_personnummer"),
        ({CLAIM: "198505151004"}, "no_participant"),
    ],
)
def test_a_claim_that_names_no_participant_is_refused_and_audited_without_the_number(
    sven, claims, reason
):
    with pytest.raises(EidSignInRefused) as refusal:
        participant_for_eid(claims=claims, audit_context=CONTEXT)

    assert refusal.value.reason == reason
    [entry] = AuditEntry.objects.all()
    assert entry.action == AuditAction.SIGN_IN_REFUSED
    assert entry.changes == {"reason": reason}
    assert entry.participant is None
    assert not entry.people.exists()
    # The fields written from the request; the hashes and the timestamp are left out because
    # hex digits or microseconds may hold "1007" by chance.
    written = str(
        [
            entry.actor_username,
            entry.actor_role,
            entry.object_type,
            entry.object_id,
            entry.path,
            entry.changes,
        ]
    )
    assert "1007" not in written and "1004" not in written
