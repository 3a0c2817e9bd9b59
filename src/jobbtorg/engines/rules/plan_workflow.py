"""The life of one activity-plan version, as a table (R11: the district approves every change).

The plans service asks `next_status` before it writes, so nothing the table does not list can
happen. Approved, rejected and superseded versions are history: no action leads out of
rejected or superseded, and an approved version only gives way to a newer approved one.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType


class PlanStatus(StrEnum):
    DRAFT = "draft"
    AWAITING_APPROVAL = "awaiting_approval"
    APPROVED = "approved"
    REJECTED = "rejected"
    SUPERSEDED = "superseded"


class PlanAction(StrEnum):
    SUBMIT = "submit"
    APPROVE = "approve"
    REJECT = "reject"
    SUPERSEDE = "supersede"


# Read-only so no caller can widen the workflow at run time.
TRANSITIONS: Mapping[tuple[PlanStatus, PlanAction], PlanStatus] = MappingProxyType(
    {
        (PlanStatus.DRAFT, PlanAction.SUBMIT): PlanStatus.AWAITING_APPROVAL,
        (PlanStatus.AWAITING_APPROVAL, PlanAction.APPROVE): PlanStatus.APPROVED,
        (PlanStatus.AWAITING_APPROVAL, PlanAction.REJECT): PlanStatus.REJECTED,
        # A newer change replaced it before the district decided.
        (PlanStatus.AWAITING_APPROVAL, PlanAction.SUPERSEDE): PlanStatus.SUPERSEDED,
        # A newer version was approved; this one stays as history.
        (PlanStatus.APPROVED, PlanAction.SUPERSEDE): PlanStatus.SUPERSEDED,
    }
)


class TransitionNotAllowed(ValueError):
    """The action is not allowed for a plan version in this status."""

    def __init__(self, status: PlanStatus, action: PlanAction) -> None:
        super().__init__(f"A plan version that is {status.value!r} cannot {action.value!r}.")
        self.status = status
        self.action = action


def next_status(status: PlanStatus, action: PlanAction) -> PlanStatus:
    try:
        return TRANSITIONS[(status, action)]
    except KeyError:
        raise TransitionNotAllowed(status, action) from None


def allowed_actions(status: PlanStatus) -> frozenset[PlanAction]:
    """What the UI may offer for a version in this status."""
    return frozenset(action for (source, action) in TRANSITIONS if source == status)
