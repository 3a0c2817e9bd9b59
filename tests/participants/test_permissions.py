"""Who may do what with a case, per role: the predicates of participants/permissions.py.

The case is referred by Farsta to Jobbtorg Sydost; Järva and the other districts are another
unit's staff."""

import pytest

from jobbtorg.participants import permissions
from jobbtorg.participants.models import DistrictEvent, EventKind
from tests.participants.scenarios import enrol, refer

ROLES = [
    "coach_sydost",
    "matcher_sydost",
    "manager_sydost",
    "coach_jarva",
    "manager_jarva",
    "officer_farsta",
    "officer_skarpnack",
    "provider_staff",
    "analyst",
    "administrator",
]

# predicate -> the users for whom it is true about the Farsta case at Sydost
ON_THE_CASE = {
    "can_act_on_case": {"coach_sydost", "manager_sydost"},
    "can_see_health": {"coach_sydost", "manager_sydost"},
    "can_read_assessment": {"coach_sydost", "matcher_sydost", "manager_sydost"},
    "can_decide_limit_exception": {"manager_sydost"},
    "can_record_sharing": {"coach_sydost", "manager_sydost", "officer_farsta"},
}

# predicate -> the users for whom it is true, whatever the case
BY_ROLE = {
    "can_register_participant": {"officer_farsta", "officer_skarpnack"},
    "can_refer": {"officer_farsta", "officer_skarpnack"},
    "can_pull_audit_extract": {"manager_sydost", "manager_jarva"},
    "can_publish_intake_slot": {"coach_sydost", "coach_jarva"},
    "can_see_intake_slots": {"coach_sydost", "manager_sydost", "coach_jarva", "manager_jarva"},
    "can_read_district_events": {"officer_farsta", "officer_skarpnack"},
    "can_list_deadlines": {"coach_sydost", "manager_sydost", "coach_jarva", "manager_jarva"},
}


@pytest.fixture
def case(staff):
    return enrol(refer(staff.officer_farsta), staff.coach_sydost)


@pytest.mark.parametrize("predicate", sorted(ON_THE_CASE))
@pytest.mark.parametrize("username", ROLES)
def test_who_may_act_on_a_case(staff, case, predicate, username):
    allowed = getattr(permissions, predicate)(getattr(staff, username), case)
    assert allowed is (username in ON_THE_CASE[predicate])


@pytest.mark.parametrize("predicate", sorted(BY_ROLE))
@pytest.mark.parametrize("username", ROLES)
def test_who_may_by_role(staff, predicate, username):
    assert getattr(permissions, predicate)(getattr(staff, username)) is (
        username in BY_ROLE[predicate]
    )


@pytest.mark.parametrize(
    "predicate", ["can_act_on_case", "can_read_assessment", "can_decide_limit_exception"]
)
def test_no_case_no_action(staff, predicate):
    assert getattr(permissions, predicate)(staff.manager_sydost, None) is False


@pytest.mark.parametrize("username", ROLES)
def test_who_handles_a_district_event(staff, case, username):
    event = DistrictEvent.objects.filter(referral=case).first() or DistrictEvent.objects.create(
        district=case.district,
        participant=case.participant,
        referral=case,
        kind=EventKind.ABSENCE,
        occurred_at=case.referred_at,
    )
    allowed = permissions.can_handle_district_event(getattr(staff, username), event)
    assert allowed is (username == "officer_farsta")


@pytest.mark.parametrize("username", ROLES)
def test_who_sees_the_contact_details_of_the_current_case(staff, case, username):
    """Only the unit that holds the person's current case: its Jobbtorg and its district."""
    allowed = permissions.can_see_contact_details(getattr(staff, username), case.participant)
    assert allowed is (
        username in {"coach_sydost", "matcher_sydost", "manager_sydost", "officer_farsta"}
    )


def test_only_a_coach_of_the_centre_can_be_the_personal_coach(staff, case):
    assert permissions.can_be_coach_of(staff.coach_sydost, case)
    assert not permissions.can_be_coach_of(staff.coach_jarva, case)
    assert not permissions.can_be_coach_of(staff.manager_sydost, case)
