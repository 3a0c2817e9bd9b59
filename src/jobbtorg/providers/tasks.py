"""The providers' background work: the daily attendance review, scheduled every working day
(JOBBTORG_SCHEDULE in the settings). Thin: it calls the service."""

import datetime as dt
from typing import Any

from django_tasks import task

from jobbtorg.core.audit.events import AuditContext
from jobbtorg.providers.services.attendance import attendance_review


@task()
def review_attendance(on: str | None = None) -> dict[str, Any]:
    """Repeated missing attendance registers to the districts, as of today or the day `on`
    (YYYY-MM-DD) (idempotent: a second run the same day sends nothing). Returns the counts,
    kept with the task's result."""
    counts = attendance_review(
        AuditContext.for_command("worker review_attendance"),
        today=dt.date.fromisoformat(on) if on else None,
    )
    return {
        "on": on,
        "reviewed": counts.reviewed,
        "with_missing": counts.with_missing,
        "flagged_today": counts.flagged_today,
        "events_sent": counts.events_sent,
    }
