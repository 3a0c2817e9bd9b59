"""The retention's background work: the nightly culling (JOBBTORG_SCHEDULE, 02:30 daily).
Thin: it calls the services."""

from typing import Any

from django_tasks import task

from jobbtorg.core.audit.events import AuditContext
from jobbtorg.retention.services import cull_expired as cull_expired_case_files
from jobbtorg.transfer.services.uploads import purge_uploads


@task()
def cull_expired() -> dict[str, Any]:
    """Cull what is due today: case files, the comparison pool's months, and uploaded transfer
    files past their retention. Run again after a worker died, it goes on where it stopped:
    each person is culled whole in one transaction or not at all, and the culled are gone from
    the listing. Returns the counts, kept with the task's result (no one named)."""
    report = cull_expired_case_files(audit_context=AuditContext.for_command("retention"))
    return {
        "on": report.today.isoformat(),
        "people_culled": report.culled,
        "kept_after_a_new_entry": report.skipped,
        "records_culled": sum(report.counts.values()),
        "pool_people": report.pool_people,
        "pool_months": report.pool_months,
        "uploads_deleted": purge_uploads(),
    }
