"""The life of one activity-plan version, as a transition table (R11: the district approves
every change).

The plans service asks `PLAN_WORKFLOW.next_status` before it writes, so nothing the table does
not list can happen, and the plan page offers only `PLAN_WORKFLOW.allowed_actions`. Approved,
rejected and superseded versions are history: no action leads out of rejected or superseded,
and an approved version only gives way to a newer approved one.
"""

from __future__ import annotations

from enum import StrEnum

from jobbtorg.engines.rules.transitions import TransitionNotAllowed, TransitionTable

__all__ = ["PLAN_WORKFLOW", "PlanAction", "PlanStatus", "TransitionNotAllowed"]


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


PLAN_WORKFLOW: TransitionTable[PlanStatus, PlanAction] = TransitionTable(
    name="plan version",
    transitions={
        (PlanStatus.DRAFT, PlanAction.SUBMIT): PlanStatus.AWAITING_APPROVAL,
        (PlanStatus.AWAITING_APPROVAL, PlanAction.APPROVE): PlanStatus.APPROVED,
        (PlanStatus.AWAITING_APPROVAL, PlanAction.REJECT): PlanStatus.REJECTED,
        # A newer change replaced it before the district decided.
        (PlanStatus.AWAITING_APPROVAL, PlanAction.SUPERSEDE): PlanStatus.SUPERSEDED,
        # A newer version was approved; this one stays as history.
        (PlanStatus.APPROVED, PlanAction.SUPERSEDE): PlanStatus.SUPERSEDED,
    },
)
