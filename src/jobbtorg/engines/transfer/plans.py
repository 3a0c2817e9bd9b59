"""The status an imported plan version gets, in the plan workflow's own statuses
(`engines/rules/plan_workflow.py`), and whether the workflow lets a version already in the
product take it.

Of one person's plan rows in an import: the version with the latest `approved_on` (ties broken
by `drawn_up_on`) is approved, the active plan; the unapproved version with the latest
`drawn_up_on` awaits approval if it was drawn up on or after the approved one; every other
version is superseded. An import never writes a draft or a rejection: those are a coach's and a
district's acts, not history a source system hands over.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

from jobbtorg.engines.rules import plan_workflow
from jobbtorg.engines.rules.plan_workflow import PlanStatus
from jobbtorg.engines.rules.problems import gettext_noop
from jobbtorg.engines.transfer.records import PlanRecord


def imported_plan_statuses(
    plans: Iterable[PlanRecord],
) -> Mapping[tuple[str, str], PlanStatus]:
    """(personnummer, plan_ref) -> the status the version is written with."""
    by_person: dict[str, list[PlanRecord]] = {}
    for record in plans:
        by_person.setdefault(record.personnummer, []).append(record)
    status_of: dict[tuple[str, str], PlanStatus] = {}
    for records in by_person.values():
        approved = [r for r in records if r.approved_on]
        latest_approved = max(approved, key=lambda r: (r.approved_on, r.drawn_up_on), default=None)
        pending = [r for r in records if not r.approved_on]
        latest_pending = max(pending, key=lambda r: r.drawn_up_on, default=None)
        for r in records:
            key = (r.personnummer, r.plan_ref)
            if r is latest_approved:
                status_of[key] = PlanStatus.APPROVED
            elif r is latest_pending and (
                latest_approved is None or r.drawn_up_on >= latest_approved.drawn_up_on
            ):
                status_of[key] = PlanStatus.AWAITING_APPROVAL
            else:
                status_of[key] = PlanStatus.SUPERSEDED
    return MappingProxyType(status_of)


def workflow_allows(current: PlanStatus, imported: PlanStatus) -> bool:
    """Whether a version that is `current` in the product may become `imported`: it stays, or
    one action of the plan workflow leads there (an approval, a newer version superseding it).
    Nothing leads out of a rejected or superseded version."""
    if current == imported:
        return True
    return any(
        plan_workflow.PLAN_WORKFLOW.next_status(current, action) == imported
        for action in plan_workflow.PLAN_WORKFLOW.allowed_actions(current)
    )


# Why an imported row cannot change a version: %(current)s and %(imported)s name statuses,
# which the app words (the plan workflow's statuses are codes).
WORKFLOW_REFUSAL = gettext_noop(
    "The plan version %(plan_ref)s is %(current)s in the product, and the plan workflow does "
    "not let it become %(imported)s: import all of the person's plan versions together, or "
    "correct the version in the product."
)
