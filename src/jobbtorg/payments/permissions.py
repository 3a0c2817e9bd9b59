"""Who may do what with the monthly payment runs (R27): Jobbtorg managers and administrators
make, see, discard and export them; only a manager approves one. The services refuse on these
predicates, the pages ask them for their buttons."""

from typing import Any

from jobbtorg.core.roles import Role, scope_role
from jobbtorg.payments.models import PaymentRun, PaymentRunStatus

RUN_MAKERS = frozenset({Role.MANAGER, Role.ADMINISTRATOR})
RUN_APPROVERS = frozenset({Role.MANAGER})


def can_view_payment_runs(user: Any, run: PaymentRun | None = None) -> bool:
    return scope_role(user) in RUN_MAKERS


def can_make_payment_run(user: Any) -> bool:
    """Compute a month's run and store it as a preview."""
    return scope_role(user) in RUN_MAKERS


def can_approve_payment_run(user: Any, run: PaymentRun | None = None) -> bool:
    """With a run: also that it is a preview (the only kind that can be approved)."""
    if scope_role(user) not in RUN_APPROVERS:
        return False
    return run is None or run.status == PaymentRunStatus.PREVIEW


def can_discard_payment_run(user: Any, run: PaymentRun | None = None) -> bool:
    if scope_role(user) not in RUN_MAKERS:
        return False
    return run is None or run.status == PaymentRunStatus.PREVIEW


def can_export_payment_run(user: Any, run: PaymentRun | None = None) -> bool:
    """Only an approved run is an invoice basis."""
    if scope_role(user) not in RUN_MAKERS:
        return False
    return run is None or run.status == PaymentRunStatus.APPROVED
