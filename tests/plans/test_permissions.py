"""Who writes, follows up and decides on activity plans, role by role (R10, R11, R13)."""

import pytest

from jobbtorg.core.errors import NotAllowed
from jobbtorg.organisation.models import User
from jobbtorg.participants.models import Participant
from jobbtorg.plans.permissions import (
    can_decide_plan,
    can_write_plan,
    require_plan_decider,
    require_plan_writer,
)
from tests.factories import district
from tests.participants.scenarios import enrol, refer, write_plan

pytestmark = pytest.mark.usefixtures("english")

# (user, writes and follows up the plan of a Farsta person at Sydost, decides on it)
ROLES = [
    ("coach_sydost", True, False),
    ("manager_sydost", True, False),
    ("matcher_sydost", False, False),
    ("coach_jarva", False, False),
    ("manager_jarva", False, False),
    ("officer_farsta", False, True),
    ("officer_skarpnack", False, False),
    ("officer_rinkeby", False, False),
    ("provider_staff", False, False),
    ("analyst", False, False),
    ("administrator", False, False),
]


@pytest.fixture
def plan(staff):
    return write_plan(enrol(refer(staff.officer_farsta), staff.coach_sydost), staff.coach_sydost)


@pytest.mark.parametrize(("username", "writes", "decides"), ROLES)
def test_who_writes_and_who_decides(staff, plan, username, writes, decides):
    user = getattr(staff, username)
    assert can_write_plan(user, plan.referral) is writes
    assert can_write_plan(user, plan) is writes
    assert can_write_plan(user, plan.activities.get()) is writes
    assert can_decide_plan(user, plan) is decides
    assert can_decide_plan(user, plan.referral) is decides


@pytest.mark.parametrize(("username", "writes", "decides"), ROLES)
def test_the_services_refuse_exactly_whom_the_predicates_refuse(
    staff, plan, username, writes, decides
):
    user = getattr(staff, username)
    if writes:
        require_plan_writer(user, plan.referral, "Writing the plan")
    else:
        with pytest.raises(NotAllowed, match="coach or manager at Jobbtorg Sydost"):
            require_plan_writer(user, plan.referral, "Writing the plan")
    if decides:
        require_plan_decider(user, plan)
    else:
        with pytest.raises(NotAllowed, match="officer of the home district, Farsta"):
            require_plan_decider(user, plan)


def test_without_a_case_the_role_alone_is_asked(staff):
    assert can_write_plan(staff.coach_jarva) and can_write_plan(staff.manager_sydost)
    assert not can_write_plan(staff.officer_farsta) and not can_write_plan(staff.matcher_sydost)
    assert can_decide_plan(staff.officer_rinkeby) and not can_decide_plan(staff.coach_sydost)
    with pytest.raises(NotAllowed, match="at the person's Jobbtorg"):
        require_plan_writer(staff.officer_farsta, None, "Writing the plan")


def test_the_district_that_referred_the_case_decides_after_the_person_moved(staff, plan):
    # The case is Farsta's: a move to Skarpnäck gives Skarpnäck a case of its own, not this one.
    Participant.objects.filter(pk=plan.referral.participant_id).update(
        home_district=district("skarpnack")
    )
    plan.referral.participant.refresh_from_db()
    assert can_decide_plan(staff.officer_farsta, plan)
    assert not can_decide_plan(staff.officer_skarpnack, plan)


def test_a_deactivated_account_neither_writes_nor_decides(staff, plan):
    User.objects.filter(pk__in=[staff.coach_sydost.pk, staff.officer_farsta.pk]).update(
        is_active=False
    )
    coach = User.objects.get(pk=staff.coach_sydost.pk)
    officer = User.objects.get(pk=staff.officer_farsta.pk)
    assert not can_write_plan(coach, plan.referral)
    assert not can_decide_plan(officer, plan)


def test_an_officer_without_a_district_decides_nothing(staff, plan):
    officer = staff.officer_farsta
    officer.district = None
    assert not can_decide_plan(officer, plan)
    assert not can_decide_plan(officer)
