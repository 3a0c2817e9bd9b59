"""Reads of a person's audit extract."""

from django.db.models import QuerySet

from jobbtorg.core.audit import events as audit
from jobbtorg.core.audit.models import AuditEntry
from jobbtorg.participants.models import (
    Participant,
)


def audit_extract_shown(
    *, participant: Participant, audit_context: audit.AuditContext
) -> "QuerySet[AuditEntry]":
    """The audit extract of one person as a page shows it, newest first; pulling it is recorded
    first (audit_extract_viewed), so the extract shows its own entry. Call only for a
    participant fetched through `participant_get` and allowed by `can_pull_audit_extract`."""
    audit.audit_extract_viewed(audit_context, participant)
    return audit_entries_for(participant)


def audit_extract_exported(
    *, participant: Participant, audit_context: audit.AuditContext
) -> "QuerySet[AuditEntry]":
    """The audit extract of one person as it is exported (the CSV); the export is recorded
    first (audit_extract_exported, on the context's channel). Same conditions as
    `audit_extract_shown`."""
    audit.audit_extract_exported(audit_context, participant)
    return audit_entries_for(participant)


def audit_entries_for(participant: Participant) -> "QuerySet[AuditEntry]":
    """The loggutdrag: every entry about one person, newest first. Call only for a participant
    fetched through `participant_get`."""
    return AuditEntry.objects.filter(participant=participant).order_by("-occurred_at", "-id")
