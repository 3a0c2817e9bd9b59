"""Mina uppgifter: everything recorded about the signed-in person (issue 18, ADR 0005 point 5),
read only through the `_visible_to_participant` selectors, for the page and its PDF. The whole
read is one audit entry on the channel `participant` (my_data_viewed, or printed for the PDF),
written before "who has read my data" is read, so the list shows this read too.

Not shown: the content of health entries and the assessment's free-text notes (staff-only; the
person is told they exist and can ask the coach), plan drafts and refused versions."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Prefetch

from jobbtorg.core.audit import events as audit
from jobbtorg.participants.models import CaseMessage, Participant
from jobbtorg.participants.selectors.audit_extract import reads_of_my_data_page
from jobbtorg.participants.selectors.for_participant import (
    assessments_visible_to_participant,
    case_shown_to_participant,
    consent_withdrawal_requests_visible_to_participant,
    exits_visible_to_participant,
    has_health_entries,
    interruptions_visible_to_participant,
    referrals_visible_to_participant,
    sharing_consents_visible_to_participant,
)
from jobbtorg.participants.selectors.scope import message_threads_visible_to_participant
from jobbtorg.plans.selectors import plan_versions_visible_to_participant
from jobbtorg.providers.models import AttendanceStatus
from jobbtorg.providers.selectors.participations import (
    attendance_visible_to_participant,
    participations_visible_to_participant,
)

# The parts of the person's data the page shows, named in the audit entry.
PARTS = [
    "personal_data",
    "cases",
    "consents",
    "assessment_facts",
    "plans",
    "places",
    "attendance",
    "interruptions",
    "exits",
    "messages",
    "audit_log",
]


@dataclass
class MonthOfAttendance:
    """One month of the person's registered days: how many of each kind, and each day away
    with its reason in words."""

    month: dt.date
    present: int = 0
    absent_valid: int = 0
    absent_invalid: int = 0
    days_away: list[Any] = field(default_factory=list)


def _attendance_by_month(person: Participant) -> list[MonthOfAttendance]:
    months: dict[dt.date, MonthOfAttendance] = {}
    registers = attendance_visible_to_participant(person).select_related(
        "participation__offering__activity_type"
    )
    for register in registers.order_by("-day"):
        month = months.setdefault(
            register.day.replace(day=1), MonthOfAttendance(register.day.replace(day=1))
        )
        counts = Counter({register.status: 1})
        month.present += counts[AttendanceStatus.PRESENT]
        month.absent_valid += counts[AttendanceStatus.ABSENT_VALID]
        month.absent_invalid += counts[AttendanceStatus.ABSENT_INVALID]
        if register.status != AttendanceStatus.PRESENT:
            month.days_away.append(register)
    return list(months.values())


def my_data(person: Participant) -> dict[str, Any]:
    """Everything the page and the PDF show, without the audit (the caller writes it)."""
    cases = list(referrals_visible_to_participant(person).select_related("target_group"))
    plans = list(
        plan_versions_visible_to_participant(person).prefetch_related(
            "activities__activity_type", "activities__provider"
        )
    )
    threads = list(
        message_threads_visible_to_participant(person)
        .select_related("referral__job_centre")
        .prefetch_related(
            Prefetch(
                "messages",
                CaseMessage.objects.select_related("staff_author").order_by("created_at"),
            )
        )
        .order_by("-updated_at")
    )
    open_case = case_shown_to_participant(person)
    return {
        "participant": person,
        "cases": cases,
        "open_case": open_case,
        "sharing_consents": list(
            sharing_consents_visible_to_participant(person).order_by("created_at")
        ),
        "withdrawal_requests": list(
            consent_withdrawal_requests_visible_to_participant(person).order_by("-created_at")
        ),
        "assessments": assessments_visible_to_participant(person),
        "has_health_entries": has_health_entries(person),
        "plans": plans,
        "places": list(participations_visible_to_participant(person).order_by("-planned_start")),
        "attendance_months": _attendance_by_month(person),
        "interruptions": list(
            interruptions_visible_to_participant(person)
            .select_related("referral__job_centre")
            .order_by("-start")
        ),
        "exits": list(exits_visible_to_participant(person).order_by("-date")),
        "threads": threads,
    }


def my_data_shown(
    *,
    person: Participant,
    audit_context: audit.AuditContext,
    reads_page_number: Any = None,
    printed: bool = False,
) -> dict[str, Any]:
    """The page's (or the PDF's) content, with the read written first in the person's log."""
    with transaction.atomic():
        audit.my_data_viewed(audit_context, person, PARTS, printed=printed)
        shown = my_data(person)
        shown["reads"] = reads_of_my_data_page(person, reads_page_number)
    return shown
