"""Imported plan statuses are the plan workflow's, and follow its table."""

from datetime import date

import pytest

from jobbtorg.engines.rules.plan_workflow import PlanStatus
from jobbtorg.engines.transfer.plans import imported_plan_statuses, workflow_allows
from jobbtorg.engines.transfer.records import PlanRecord

ANNA, BO = "199001010017", "191212121212"


def plan(ref: str, drawn: int, approved: int | None, person: str = ANNA) -> PlanRecord:
    day = date(2026, 1, 1)
    return PlanRecord(
        personnummer=person,
        plan_ref=ref,
        drawn_up_on=day.replace(day=drawn),
        start=day.replace(month=2),
        end=day.replace(month=6),
        approved_on=day.replace(day=approved) if approved else None,
    )


@pytest.mark.parametrize(
    ("plans", "expected"),
    [
        ([plan("a", 1, 2)], {"a": "approved"}),
        ([plan("a", 1, None)], {"a": "awaiting_approval"}),
        ([plan("a", 1, 2), plan("b", 5, 6)], {"a": "superseded", "b": "approved"}),
        ([plan("a", 1, 2), plan("b", 5, None)], {"a": "approved", "b": "awaiting_approval"}),
        # An unapproved version drawn up before the approved one was overtaken by it.
        ([plan("a", 1, None), plan("b", 5, 6)], {"a": "superseded", "b": "approved"}),
        (
            [plan("a", 1, None), plan("b", 3, None)],
            {"a": "superseded", "b": "awaiting_approval"},
        ),
    ],
)
def test_imported_plan_statuses(plans, expected):
    statuses = imported_plan_statuses(plans)
    assert {ref: statuses[(ANNA, ref)].value for (_, ref) in statuses} == expected
    assert set(statuses.values()) <= {
        PlanStatus.APPROVED,
        PlanStatus.AWAITING_APPROVAL,
        PlanStatus.SUPERSEDED,
    }


def test_each_persons_versions_are_decided_on_their_own():
    statuses = imported_plan_statuses([plan("a", 1, 2), plan("a", 1, 2, person=BO)])
    assert statuses[(ANNA, "a")] == statuses[(BO, "a")] == PlanStatus.APPROVED


@pytest.mark.parametrize(
    ("current", "imported", "allowed"),
    [
        ("awaiting_approval", "approved", True),
        ("awaiting_approval", "superseded", True),
        ("awaiting_approval", "awaiting_approval", True),
        ("approved", "superseded", True),
        ("approved", "approved", True),
        ("approved", "awaiting_approval", False),
        ("superseded", "approved", False),
        ("superseded", "awaiting_approval", False),
        ("superseded", "superseded", True),
        ("rejected", "approved", False),
        ("rejected", "superseded", False),
    ],
)
def test_workflow_allows(current, imported, allowed):
    assert workflow_allows(PlanStatus(current), PlanStatus(imported)) is allowed
