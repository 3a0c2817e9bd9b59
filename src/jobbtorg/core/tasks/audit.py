"""The nightly walk of the audit log's hash chain (`jobbtorg audit verify` as a task), scheduled
daily (JOBBTORG_SCHEDULE). Its log line carries the newest entry's hash out of the database, to
compare with when someone could have rewritten the whole log (docs/audit-log.md)."""

from __future__ import annotations

import logging

from django_tasks import task

from jobbtorg.core.audit.verification import problem_text, verify_chain

logger = logging.getLogger(__name__)


@task()
def verify_audit_chain() -> dict[str, object]:
    check = verify_chain()
    if check.intact:
        logger.info(
            "The audit log's chain is intact: %s entries up to entry %s, whose hash is %s",
            check.entries_checked,
            check.up_to_entry_id,
            check.up_to_hash,
        )
    else:
        logger.error(
            "The audit log's chain is broken at entry %s (%s): %s",
            check.broken_entry_id,
            check.broken_entry_at,
            problem_text(check),
        )
    return {
        "intact": check.intact,
        "entries_checked": check.entries_checked,
        "up_to_entry_id": check.up_to_entry_id,
        "up_to_hash": check.up_to_hash,
        "broken_entry_id": check.broken_entry_id,
        "problem": check.problem,
    }
