"""What a participant signed in with e-ID reads about themselves. Their scope is one person:
the one `participant_for_eid` put in their session; staff scoping does not apply."""

import uuid

from django.db import transaction

from jobbtorg.core.audit import events as audit
from jobbtorg.participants.models import Participant


def own_participant_shown(
    *, participant_id: uuid.UUID | str, audit_context: audit.AuditContext
) -> Participant | None:
    """The signed-in person, with the read in their own audit log; None if no longer here."""
    participant = Participant.objects.filter(pk=participant_id).first()
    if participant is not None:
        with transaction.atomic():
            audit.participant_viewed(audit_context, participant)
    return participant
