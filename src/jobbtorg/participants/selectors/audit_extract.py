"""Reads of a person's audit extract."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.paginator import Page, Paginator
from django.db.models import F, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext as _

from jobbtorg.core.audit import events as audit
from jobbtorg.core.audit.models import AuditChainCheck, AuditChannel, AuditEntry
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


@dataclass(frozen=True)
class ReadOfMyData:
    """One entry of "who has read my data" as the person sees it: when, which unit and role
    (never the staff member's name or username), and what was done, in words."""

    occurred_at: dt.datetime
    by_the_person: bool
    role: str
    unit: str
    what: str


# Entries a page of "who has read my data" shows; older ones are on the next pages.
READS_PER_PAGE = 25


def reads_of_my_data_page(person: Participant, page_number: Any) -> Page:
    """A page of the person's audit entries (their loggutdrag, `audit_entries_for`), newest
    first, each as a `ReadOfMyData`. The unit is the staff account's unit as recorded now (the
    entry keeps the role at the time, not the unit): an account moved to another unit shows
    its new one. Entries with no staff account are the person's own (channel participant) or
    the system's (commands, scheduled work)."""
    page = Paginator(audit_entries_for(person), READS_PER_PAGE).get_page(page_number)
    entries = list(page.object_list)
    actors = {
        user.pk: user
        for user in get_user_model()
        .objects.filter(pk__in={e.actor_id for e in entries if e.actor_id is not None})
        .select_related("job_centre", "district", "provider")
    }
    page.object_list = [_read_shown(entry, actors.get(entry.actor_id)) for entry in entries]
    return page


def _unit_of(actor: Any) -> str:
    for unit in (actor.job_centre, actor.district, actor.provider):
        if unit is not None:
            return str(unit.name)
    return ""


def _read_shown(entry: AuditEntry, actor: Any) -> ReadOfMyData:
    by_the_person = actor is None and entry.channel == AuditChannel.PARTICIPANT
    if actor is not None:
        role, unit = entry.actor_role_label, _unit_of(actor)
    elif by_the_person:
        role, unit = "", ""
    else:
        role, unit = str(_("The system")), "Jobbtorg"
    return ReadOfMyData(
        occurred_at=entry.occurred_at,
        by_the_person=by_the_person,
        role=str(role),
        unit=unit,
        what=str(entry.get_action_display()),
    )
