"""What the start pages (Min dag, the provider portal's home) show of this app: the people with
a place at the provider, the coach's unread provider reports, and missing attendance
registers. Each read logs the people it shows."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from jobbtorg.core.web import audit_context
from jobbtorg.providers.selectors.attendance import (
    attendance_backlog,
    attendance_backlog_per_person,
    attendance_flags_for_caseload,
    attendance_missing_for_provider,
)
from jobbtorg.providers.selectors.participations import (
    provider_participations_shown,
    unread_reports_shown,
)
from jobbtorg.providers.selectors.pauses import with_pauses
from jobbtorg.providers.views.offerings import weekdays_label


def provider_home(request: HttpRequest) -> dict[str, Any]:
    """The provider portal's first page: the people with a place at the provider, with only
    what the provider needs (name, activity, schedule, contact, interpreter need)."""
    participations = with_pauses(
        provider_participations_shown(audit_context(request)), timezone.localdate(), own_case=False
    )
    return {
        "provider_participations": [
            {"participation": p, "schedule": weekdays_label(p.offering)} for p in participations
        ]
    }


def unread_reports(request: HttpRequest) -> dict[str, Any]:
    """The provider's reports the coach has not read yet, for Min dag."""
    return {"unread_reports": unread_reports_shown(audit_context(request))}


def provider_attendance_flags(request: HttpRequest, today: dt.date | None = None) -> dict[str, Any]:
    """The provider's missing registers for their home page, per activity and week."""
    missing = attendance_missing_for_provider(audit_context(request), today or timezone.localdate())
    return {"attendance_missing": missing, "backlog": attendance_backlog(missing)}


def coach_attendance_flags(request: HttpRequest, today: dt.date | None = None) -> dict[str, Any]:
    """The coach's caseload's missing registers for Min dag, one row per person and activity,
    and the absences the people reported themselves for today and the coming days."""
    missing, reported = attendance_flags_for_caseload(
        audit_context(request), today or timezone.localdate()
    )
    rows = attendance_backlog_per_person(missing)
    return {
        "attendance_missing": rows,
        "attendance_missing_registers": sum(row.registers for row in rows),
        "absences_reported": reported,
    }
