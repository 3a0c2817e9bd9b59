"""Reads of a person's audit extract."""

from dataclasses import dataclass

from django.db.models import F, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf

from jobbtorg.core.audit import events as audit
from jobbtorg.core.audit.models import AuditChainCheck, AuditEntry
from jobbtorg.core.audit.verification import chain_checked_up_to
from jobbtorg.participants.models import (
    Participant,
)


@dataclass(frozen=True)
class AuditExtract:
    """A person's entries, newest first, and the check of the audit log's chain from the first
    entry to the extract's newest one (its own: pulling the extract is recorded first)."""

    entries: "QuerySet[AuditEntry]"
    chain: AuditChainCheck


def audit_extract_shown(
    *, participant: Participant, audit_context: audit.AuditContext
) -> AuditExtract:
    """The audit extract of one person as a page shows it, newest first; pulling it is recorded
    first (audit_extract_viewed), so the extract shows its own entry. Call only for a
    participant fetched through `participant_get` and allowed by `can_pull_audit_extract`."""
    pulled = audit.audit_extract_viewed(audit_context, participant)
    return AuditExtract(audit_entries_for(participant), chain_checked_up_to(pulled.pk))


def audit_extract_exported(
    *, participant: Participant, audit_context: audit.AuditContext
) -> AuditExtract:
    """The audit extract of one person as it is exported (the CSV, the API); the export is
    recorded first (audit_extract_exported, on the context's channel). Same conditions as
    `audit_extract_shown`."""
    pulled = audit.audit_extract_exported(audit_context, participant)
    return AuditExtract(audit_entries_for(participant), chain_checked_up_to(pulled.pk))


def audit_entries_for(participant: Participant) -> "QuerySet[AuditEntry]":
    """The loggutdrag: every entry about one person, newest first, each with `shown_object_id`,
    the object it shows of theirs. One query over two indexed look-ups: the entries about the
    person (their participant column, which names them on every entry that is not a list
    entry, and on the list pages' entries written before lists named people in rows of their
    own), and the list entries that name them (AuditEntryPerson, by person). Call only for a
    participant fetched through `participant_get`."""
    # The parts unordered (a part of a UNION may not be); the union is ordered.
    entries = AuditEntry.objects.order_by()
    own = entries.filter(participant=participant).annotate(shown_object_id=F("object_id"))
    listed = entries.filter(people__participant=participant).annotate(
        # Their own object on the list (a district event, a participation), else the list's.
        shown_object_id=Coalesce(NullIf(F("people__object_id"), Value("")), F("object_id"))
    )
    return own.union(listed, all=True).order_by("-occurred_at", "-id")
