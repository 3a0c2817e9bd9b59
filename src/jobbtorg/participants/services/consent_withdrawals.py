"""The person asks to take back a consent (the referral's consent to pass the data on, or a
consent to share the case): a request to the coach, recorded and audited. Nothing is deleted
or changed by the request itself: the coach talks with the person, acts (e.g. withdraws a
sharing consent through `case_sharing_consent_withdraw`) and marks the request handled."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobbtorg.core.audit import events as audit
from jobbtorg.core.errors import NotAllowed, ValidationFailed
from jobbtorg.participants.models import ConsentWithdrawalRequest, Participant, Referral
from jobbtorg.participants.permissions import can_answer_case_messages

# Room for a few sentences; a longer matter is a message to the coach.
TEXT_MAX_CHARACTERS = 1000


def consent_withdrawal_request(
    *,
    participant: Participant,
    referral: Referral,
    text: str,
    audit_context: audit.AuditContext,
) -> ConsentWithdrawalRequest:
    """The person's request in one of their own cases, with an optional text. The audit
    context is the portal's (channel participant)."""
    if referral.participant_id != participant.pk:
        raise NotAllowed(_("You can only ask about your own case."))
    text = (text or "").strip()
    if len(text) > TEXT_MAX_CHARACTERS:
        raise ValidationFailed(
            {
                "text": _(
                    "The text can be at most %(max)d characters long. Yours has %(n)d. "
                    "Make it shorter."
                )
                % {"max": TEXT_MAX_CHARACTERS, "n": len(text)}
            }
        )
    with transaction.atomic():
        request = ConsentWithdrawalRequest.objects.create(referral=referral, text=text)
        audit.consent_withdrawal_requested(audit_context, request)
    return request


def consent_withdrawal_handled(
    *, actor: Any, request: ConsentWithdrawalRequest, audit_context: audit.AuditContext
) -> ConsentWithdrawalRequest:
    """The coach (or the Jobbtorg's manager) has acted on the request with the person."""
    if not can_answer_case_messages(actor, request.referral):
        raise NotAllowed(
            _("A request about consent is handled by the person's coach or the Jobbtorg's manager.")
        )
    with transaction.atomic():
        locked = ConsentWithdrawalRequest.objects.select_for_update().get(pk=request.pk)
        if locked.handled_at is None:
            locked.handled_at = timezone.now()
            locked.handled_by = actor
            locked.save(update_fields=["handled_at", "handled_by", "updated_at"])
            audit.consent_withdrawal_handled(audit_context, locked)
    return locked
