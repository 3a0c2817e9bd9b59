"""The plan factories build rows that the plans selectors read as intended."""

import pytest

from jobbtorg.plans.deadlines import active_plan, case_deadlines
from jobbtorg.plans.models import PlanStatus
from jobbtorg.plans.selectors import active_plan_of, plans_visible_to, versions_of
from tests.participants.factories import ReferralFactory
from tests.plans.factories import PlanActivityFactory, PlanVersionFactory

pytestmark = pytest.mark.django_db


def test_an_approved_version_is_the_cases_active_plan(staff):
    plan = PlanVersionFactory(approved=True)
    case = plan.referral
    assert active_plan_of(staff.coach_sydost, case) == plan
    assert active_plan_of(staff.officer_farsta, case) == plan
    assert active_plan(case) == plan
    assert plan.decided_by == staff.officer_farsta
    assert plan.written_by == staff.coach_sydost
    assert [a.goal for a in plan.activities.all()] == ["Söka tio jobb i veckan."]
    # With an active plan, no plan is due any more.
    assert case_deadlines(case).plan_due is None


def test_a_version_awaiting_approval_is_seen_but_not_active(staff):
    plan = PlanVersionFactory(awaiting_approval=True)
    assert plan.status == PlanStatus.AWAITING_APPROVAL
    assert plan in plans_visible_to(staff.officer_farsta)
    assert active_plan_of(staff.coach_sydost, plan.referral) is None


def test_a_second_approved_version_supersedes_the_first(staff):
    first = PlanVersionFactory(approved=True)
    second = PlanVersionFactory(approved=True, referral=first.referral)
    first.refresh_from_db()
    assert (first.number, second.number) == (1, 2)
    assert first.status == PlanStatus.SUPERSEDED
    assert active_plan_of(staff.coach_sydost, first.referral) == second
    assert list(versions_of(staff.coach_sydost, first.referral)) == [second, first]


def test_a_version_without_activities_and_one_with_two():
    case = ReferralFactory(enrolled=True)
    assert not PlanVersionFactory(referral=case, activity=None).activities.exists()
    plan = PlanVersionFactory(referral=case)
    PlanActivityFactory(plan=plan, goal="Praktik.")
    assert plan.activities.count() == 2


def test_an_activity_alone_comes_with_its_own_version():
    activity = PlanActivityFactory()
    assert list(activity.plan.activities.all()) == [activity]
    assert (activity.start, activity.end) == (activity.plan.start, activity.plan.end)
