"""The plans service: it refuses what the workflow table does not allow, asks the permissions,
and never saves a change over one the writer did not see."""

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from jobbtorg.core.errors import ConcurrentChange, NotAllowed, ValidationFailed
from jobbtorg.engines.rules.plan_workflow import PLAN_WORKFLOW, PlanAction
from jobbtorg.engines.rules.plan_workflow import PlanStatus as WorkflowStatus
from jobbtorg.plans.models import FollowUp, PlanStatus, PlanVersion
from jobbtorg.plans.services import follow_up_record, plan_approve, plan_reject, plan_submit
from tests.participants.scenarios import activity, approve, context, enrol, refer, write_plan

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def case(staff):
    return enrol(refer(staff.officer_farsta), staff.coach_sydost)


def _decide(action: PlanAction, plan: PlanVersion, officer) -> PlanVersion:
    if action is PlanAction.APPROVE:
        return plan_approve(actor=officer, audit_context=context(officer), plan=plan)
    return plan_reject(
        actor=officer, audit_context=context(officer), plan=plan, reason="Fler timmar."
    )


@pytest.mark.parametrize(
    ("status", "action"),
    list(itertools.product(WorkflowStatus, [PlanAction.APPROVE, PlanAction.REJECT])),
)
def test_a_decision_is_taken_exactly_when_the_table_allows_it(staff, case, status, action):
    plan = write_plan(case, staff.coach_sydost)
    PlanVersion.objects.filter(pk=plan.pk).update(
        status=status.value,
        rejection_reason="Tidigare avslag." if status is WorkflowStatus.REJECTED else "",
    )
    plan.refresh_from_db()
    if PLAN_WORKFLOW.allows(status, action):
        decided = _decide(action, plan, staff.officer_farsta)
        assert decided.status == PLAN_WORKFLOW.next_status(status, action).value
    else:
        with pytest.raises(ValidationFailed) as refused:
            _decide(action, plan, staff.officer_farsta)
        message = refused.value.errors["__all__"][0]
        assert "only a version awaiting approval can be approved or rejected" in message
        plan.refresh_from_db()
        assert plan.status == status.value and plan.decided_by is None


def test_a_plan_cannot_be_approved_twice(staff, case):
    plan = approve(write_plan(case, staff.coach_sydost), staff.officer_farsta)
    with pytest.raises(ValidationFailed, match="Version 1 is “Approved”"):
        approve(plan, staff.officer_farsta)


def test_approving_a_newer_version_supersedes_the_active_one(staff, case):
    first = approve(write_plan(case, staff.coach_sydost), staff.officer_farsta)
    second = approve(write_plan(case, staff.coach_sydost, based_on=1), staff.officer_farsta)
    first.refresh_from_db()
    assert (first.status, second.status) == (PlanStatus.SUPERSEDED, PlanStatus.APPROVED)
    assert not first.is_active and second.is_active


def test_a_new_version_supersedes_the_one_awaiting_a_decision(staff, case):
    first = write_plan(case, staff.coach_sydost)
    write_plan(case, staff.coach_sydost, based_on=1)
    first.refresh_from_db()
    assert first.status == PlanStatus.SUPERSEDED
    with pytest.raises(ValidationFailed):
        approve(first, staff.officer_farsta)


@pytest.mark.parametrize("username", ["coach_sydost", "manager_sydost", "officer_skarpnack"])
def test_only_an_officer_of_the_referring_district_decides(staff, case, username):
    plan = write_plan(case, staff.coach_sydost)
    for action in (PlanAction.APPROVE, PlanAction.REJECT):
        with pytest.raises(NotAllowed, match="officer of the home district, Farsta"):
            _decide(action, plan, getattr(staff, username))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.AWAITING_APPROVAL


@pytest.mark.parametrize("username", ["matcher_sydost", "coach_jarva", "officer_farsta"])
def test_only_the_coach_or_manager_of_the_case_writes_and_follows_up(staff, case, username):
    user = getattr(staff, username)
    with pytest.raises(NotAllowed, match="coach or manager at Jobbtorg Sydost"):
        write_plan(case, user)
    plan = approve(write_plan(case, staff.coach_sydost), staff.officer_farsta)
    with pytest.raises(NotAllowed, match="coach or manager at Jobbtorg Sydost"):
        follow_up_record(
            actor=user,
            audit_context=context(user),
            activity=plan.activities.get(),
            done_on=timezone.localdate(),
            outcome="completed",
        )
    assert not FollowUp.objects.exists()


def _submit(case, coach, **kwargs) -> PlanVersion:
    return plan_submit(
        actor=coach,
        audit_context=context(coach),
        referral=case,
        activities=[activity()],
        **kwargs,
    )


def test_without_a_base_the_first_plan_is_written(staff, case):
    plan = _submit(case, staff.coach_sydost, based_on=None, based_on_given=False)
    assert plan.number == 1


def test_without_a_base_a_change_is_refused_and_nothing_is_written(staff, case):
    write_plan(case, staff.coach_sydost)
    with pytest.raises(ValidationFailed) as refused:
        _submit(case, staff.coach_sydost, based_on=None, based_on_given=False)
    assert not isinstance(refused.value, ConcurrentChange)
    assert "already has version 1" in refused.value.errors["based_on"][0]
    assert list(PlanVersion.objects.values_list("number", flat=True)) == [1]


def test_a_change_on_a_stale_base_is_refused_naming_the_newer_version(staff, case):
    write_plan(case, staff.coach_sydost)
    write_plan(case, staff.manager_sydost, based_on=1)
    with pytest.raises(ConcurrentChange, match="saved version 2 of the plan"):
        _submit(case, staff.coach_sydost, based_on=1)
    with pytest.raises(ConcurrentChange):
        _submit(case, staff.coach_sydost, based_on=None)
    assert PlanVersion.objects.count() == 2


def test_a_base_for_a_plan_that_has_none_is_refused(staff, case):
    with pytest.raises(ValidationFailed, match="no earlier version"):
        _submit(case, staff.coach_sydost, based_on=3)


def test_a_follow_up_is_of_the_active_plan_only(staff, case):
    plan = write_plan(case, staff.coach_sydost)
    with pytest.raises(ValidationFailed, match="active \\(approved\\) plan"):
        follow_up_record(
            actor=staff.coach_sydost,
            audit_context=context(staff.coach_sydost),
            activity=plan.activities.get(),
            done_on=timezone.localdate() - dt.timedelta(days=1),
            outcome="completed",
        )
