"""Checking the audit log's chain and recording each check (docs/audit-log.md, "The chain").

`verify_chain` walks every entry (`jobbtorg audit verify`). `chain_checked_up_to` answers for a
loggutdrag: it goes on from the newest intact check to the extract's own newest entry, so that a
page walks only the entries written since, not millions.
"""

import time

from django.utils.translation import gettext as _

from jobbtorg.core.audit import chain
from jobbtorg.core.audit.models import AuditChainCheck


def _record(result: chain.ChainVerification, *, from_start: bool, began: float) -> AuditChainCheck:
    broken = result.broken
    return AuditChainCheck.objects.create(
        from_start=from_start,
        up_to_entry_id=result.last_entry_id,
        up_to_hash=result.last_hash,
        entries_checked=result.entries_checked,
        broken_entry_id=broken.entry_id if broken else None,
        broken_entry_at=broken.occurred_at if broken else None,
        problem=broken.problem if broken else "",
        seconds=time.perf_counter() - began,
    )


def verify_chain(*, chunk: int = 5000) -> AuditChainCheck:
    """Walk the whole chain, from the first entry to the newest the chain head names, and record
    the check. Streams: `chunk` entries in memory at a time."""
    began = time.perf_counter()
    return _record(chain.walk(chunk=chunk), from_start=True, began=began)


def chain_checked_up_to(entry_id: int) -> AuditChainCheck:
    """The chain from the first entry up to `entry_id`: a recorded break at or before it, or a
    recorded intact check that reaches it, or else a walk from the newest intact check (from
    the first entry when there is none) to it, recorded for the next extract to go on from.

    What lies before an intact check is not walked again here: a change made there since is
    found by the next `jobbtorg audit verify` (scheduled daily), whose time the page shows."""
    checks = AuditChainCheck.objects
    broken = checks.exclude(problem="").filter(broken_entry_id__lte=entry_id)
    earliest_break = broken.order_by("broken_entry_id", "-id").first()
    if earliest_break is not None:
        return earliest_break
    intact = checks.filter(problem="", up_to_entry_id__isnull=False)
    checkpoint = intact.order_by("-up_to_entry_id", "-id").first()
    if checkpoint is not None and checkpoint.up_to_entry_id >= entry_id:  # type: ignore[operator]
        return checkpoint
    began = time.perf_counter()
    after = (checkpoint.up_to_entry_id, checkpoint.up_to_hash) if checkpoint else None
    result = chain.walk(after=after, up_to_id=entry_id)  # type: ignore[arg-type]
    return _record(result, from_start=checkpoint is None, began=began)


def last_full_check() -> AuditChainCheck | None:
    return AuditChainCheck.objects.filter(from_start=True).order_by("-id").first()


def problem_text(check: AuditChainCheck) -> str:
    """What a break means, for the operator's command and the manager's page."""
    if check.problem == chain.CHANGED:
        return _(
            "Entry %(entry)s has been changed after it was written: its content does not match "
            "its hash."
        ) % {"entry": check.broken_entry_id}
    if check.problem == chain.NOT_AFTER_PREVIOUS:
        return _(
            "Entry %(entry)s does not follow entry %(previous)s: an entry between them has been "
            "removed, or entries have been moved."
        ) % {"entry": check.broken_entry_id, "previous": check.up_to_entry_id or "–"}
    if check.problem == chain.NEWEST_MISSING:
        return _(
            "The newest entries, after entry %(previous)s up to entry %(entry)s, have been removed."
        ) % {"entry": check.broken_entry_id, "previous": check.up_to_entry_id or "–"}
    return _("The chain is intact.")


# Says on an export (the CSV, the API) what the page says above the table.
AUDIT_CHAIN_HEADER = "X-Audit-Chain"


def chain_header(check: AuditChainCheck) -> str:
    """`intact; up-to-entry=N; checked=T` or `broken; entry=N; problem=P; checked=T`."""
    checked = check.checked_at.isoformat(timespec="seconds")
    if check.intact:
        return f"intact; up-to-entry={check.up_to_entry_id}; checked={checked}"
    return f"broken; entry={check.broken_entry_id}; problem={check.problem}; checked={checked}"
