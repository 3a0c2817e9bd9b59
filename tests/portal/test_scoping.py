"""The person's own scoping functions (ADR 0005, point 4): each returns the person's own rows
only, and of plans only the approved versions (and those they replaced)."""

import pytest

from jobbtorg.participants.selectors.for_participant import (
    exits_visible_to_participant,
    interruptions_visible_to_participant,
    referrals_visible_to_participant,
)
from jobbtorg.plans.models import PlanStatus
from jobbtorg.plans.selectors import (
    plan_activities_visible_to_participant,
    plan_versions_visible_to_participant,
)
from jobbtorg.providers.models import AttendanceRegister, AttendanceStatus
from jobbtorg.providers.selectors.participations import (
    attendance_visible_to_participant,
    participations_visible_to_participant,
)
from tests.factories import ProviderFactory
from tests.offering import offering_at, place
from tests.participants.factories import ExitFactory, InterruptionFactory
from tests.participants.scenarios import approve, write_plan
from tests.portal.cases import own_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(staff):
    mine = own_case(staff, first_name="Mona", last_name="Minsson")
    others = own_case(staff, first_name="Otto", last_name="Andersson")
    offering = offering_at(ProviderFactory())
    for case in (mine, others):
        participation = place(case, offering, staff.coach_sydost)
        AttendanceRegister.objects.create(
            participation=participation,
            day=case.enrolled_on,
            status=AttendanceStatus.PRESENT,
            registered_by=staff.coach_sydost,
        )
        InterruptionFactory(referral=case)
        ExitFactory(referral=case)
    return mine, others


@pytest.mark.parametrize(
    ("rows_of", "to_person"),
    [
        (referrals_visible_to_participant, "participant"),
        (interruptions_visible_to_participant, "referral__participant"),
        (exits_visible_to_participant, "referral__participant"),
        (plan_versions_visible_to_participant, "referral__participant"),
        (plan_activities_visible_to_participant, "plan__referral__participant"),
        (participations_visible_to_participant, "referral__participant"),
        (attendance_visible_to_participant, "participation__referral__participant"),
    ],
)
def test_each_returns_the_persons_own_rows_only(cases, rows_of, to_person):
    mine, _ = cases
    owners = set(rows_of(mine.participant).values_list(to_person, flat=True))
    assert owners <= {mine.participant_id}


def test_the_person_has_rows_to_see(cases):
    mine, _ = cases
    person = mine.participant
    for rows_of in (
        referrals_visible_to_participant,
        interruptions_visible_to_participant,
        exits_visible_to_participant,
        plan_versions_visible_to_participant,
        plan_activities_visible_to_participant,
        participations_visible_to_participant,
        attendance_visible_to_participant,
    ):
        assert rows_of(person).exists(), rows_of.__name__


def test_of_plans_only_approved_versions_and_those_they_replaced(staff):
    mine = own_case(staff)
    second = approve(write_plan(mine, staff.coach_sydost, based_on=1), staff.officer_farsta)
    draft = write_plan(mine, staff.coach_sydost, based_on=2)

    shown = list(plan_versions_visible_to_participant(mine.participant))

    assert shown[0] == second
    assert {plan.status for plan in shown} == {PlanStatus.APPROVED, PlanStatus.SUPERSEDED}
    assert draft not in shown
