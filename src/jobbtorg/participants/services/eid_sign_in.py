"""A participant signing in with e-ID (BankID through the city's identity provider).

The provider's personnummer claim (JOBBTORG_OIDC_PERSONNUMMER_CLAIM) names the person; the
participant portal (a later issue) signs the person in with `participant_for_eid` and shows
them their own data only.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction

from jobbtorg.core.audit import events as audit
from jobbtorg.engines.rules.personal_identity import (
    InvalidPersonalIdentityNumber,
    parse_personal_identity_number,
)
from jobbtorg.participants.models import Participant


class EidSignInRefused(Exception):
    """The claims name no participant who may sign in. `reason` is a code (claim_missing,
    invalid_personnummer, no_participant, no_case_kept) for the log and the page; it never
    carries the number."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def participant_for_eid(
    *,
    claims: dict[str, Any],
    audit_context: audit.AuditContext,
    admitted: Callable[[Participant], bool] | None = None,
) -> Participant:
    """The participant the verified claims name, with the sign-in in their audit log.

    Refused (EidSignInRefused, and an audit entry without the number) when the claim is
    missing, is not a valid personnummer or samordningsnummer, names no one registered here,
    or names someone `admitted` turns away (no_case_kept: the portal's rule of who gets in).
    """
    raw = claims.get(settings.JOBBTORG_OIDC_PERSONNUMMER_CLAIM)
    if not isinstance(raw, str) or not raw.strip():
        raise _refused(audit_context, "claim_missing")
    try:
        identity = parse_personal_identity_number(raw)
    except InvalidPersonalIdentityNumber:
        raise _refused(audit_context, "invalid_personnummer") from None
    participant = Participant.objects.filter(personal_identity_number=identity.number).first()
    if participant is None:
        raise _refused(audit_context, "no_participant")
    if admitted is not None and not admitted(participant):
        raise _refused(audit_context, "no_case_kept")
    with transaction.atomic():
        audit.participant_signed_in(audit_context, participant)
    return participant


def _refused(audit_context: audit.AuditContext, reason: str) -> EidSignInRefused:
    with transaction.atomic():
        audit.sign_in_refused(audit_context, reason)
    return EidSignInRefused(reason)


def demo_participant_signed_in(
    *, participant: Participant, audit_context: audit.AuditContext
) -> Participant:
    """In demo mode only: the person picked on the demo sign-in page, audited as an e-ID
    sign-in would be."""
    if not settings.DEMO_MODE:
        raise EidSignInRefused("demo_mode_off")
    with transaction.atomic():
        audit.participant_signed_in(audit_context, participant)
    return participant
