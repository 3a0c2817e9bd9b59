"""Reads of assessments."""

from typing import Any

from django.db import transaction

from jobbtorg.core.audit import events as audit
from jobbtorg.participants.models import (
    Assessment,
    Participant,
    Referral,
)
from jobbtorg.participants.selectors.scope import one_in_scope, participants_visible_to


def assessment_for_display(
    *,
    user: Any,
    participant: Participant,
    case: Referral | None,
    with_health: bool,
    audit_context: audit.AuditContext,
) -> Assessment | None:
    """The case's assessment shown on the assessment page, and the read recorded in one
    transaction: the assessment (assessment_viewed), or the person when there is none yet
    (participant_viewed); and, with `with_health` (the view asked `can_see_health`), the
    health-related entries (health_entries_viewed). Call with one of the person's cases from
    `cases_of`."""
    participant = one_in_scope(participants_visible_to(user), participant.pk)
    current = getattr(case, "assessment", None) if case is not None else None
    with transaction.atomic():
        if current is not None:
            audit.assessment_viewed(audit_context, current)
        else:
            audit.participant_viewed(audit_context, participant)
        if case is not None and with_health:
            audit.health_entries_viewed(audit_context, case)
    return current
