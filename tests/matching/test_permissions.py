"""Who may do what in matching: every predicate of matching/permissions.py, per role."""

from types import SimpleNamespace

import pytest

from jobbtorg.core.roles import Role
from jobbtorg.matching import permissions

ROLES = (
    "coach_sydost",
    "matcher_sydost",
    "manager_sydost",
    "coach_jarva",
    "manager_jarva",
    "matcher_jarva",
    "matcher_innerstaden",
    "officer_farsta",
    "provider_staff",
    "analyst",
    "administrator",
)
JOB_CENTRE_STAFF = {
    "coach_sydost",
    "matcher_sydost",
    "manager_sydost",
    "coach_jarva",
    "manager_jarva",
    "matcher_jarva",
    "matcher_innerstaden",
}
MATCHERS_AND_MANAGERS = {
    "matcher_sydost",
    "manager_sydost",
    "manager_jarva",
    "matcher_jarva",
    "matcher_innerstaden",
}


def _user(role: str, job_centre: str | None = None) -> SimpleNamespace:
    # The predicates read only the role, the Jobbtorg and whether the account is active.
    return SimpleNamespace(
        role=role, job_centre_id=job_centre, is_active=True, is_authenticated=True
    )


@pytest.fixture
def users():
    return {
        "coach_sydost": _user(Role.COACH, "sydost"),
        "matcher_sydost": _user(Role.MATCHER, "sydost"),
        "manager_sydost": _user(Role.MANAGER, "sydost"),
        "coach_jarva": _user(Role.COACH, "jarva"),
        "manager_jarva": _user(Role.MANAGER, "jarva"),
        "matcher_jarva": _user(Role.MATCHER, "jarva"),
        "matcher_innerstaden": _user(Role.MATCHER, "innerstaden"),
        "officer_farsta": _user(Role.DISTRICT_OFFICER),
        "provider_staff": _user(Role.PROVIDER_STAFF),
        "analyst": _user(Role.ANALYST),
        "administrator": _user(Role.ADMINISTRATOR),
    }


@pytest.fixture
def proposal(users):
    """A person served at Jobbtorg Sydost, proposed by a matcher at Järva."""
    return SimpleNamespace(
        referral=SimpleNamespace(job_centre_id=users["coach_sydost"].job_centre_id),
        proposed_by=users["matcher_jarva"],
    )


@pytest.mark.parametrize(
    ("predicate", "allowed"),
    [
        ("can_read_employers", JOB_CENTRE_STAFF),
        ("can_write_employers", MATCHERS_AND_MANAGERS),
        ("can_use_matching", JOB_CENTRE_STAFF),
        ("can_propose_candidates", MATCHERS_AND_MANAGERS),
        ("can_organise_fairs", MATCHERS_AND_MANAGERS),
        ("can_record_fairs", JOB_CENTRE_STAFF),
        # Without an object: the role alone.
        (
            "can_edit_matching_profile",
            {"coach_sydost", "manager_sydost", "coach_jarva", "manager_jarva"},
        ),
        ("can_agree_proposal", {"coach_sydost", "manager_sydost", "coach_jarva", "manager_jarva"}),
        ("can_advance_proposal", MATCHERS_AND_MANAGERS),
        ("can_withdraw_proposal", JOB_CENTRE_STAFF),
    ],
)
@pytest.mark.parametrize("role", ROLES)
def test_who_may_by_role(users, predicate, allowed, role):
    assert getattr(permissions, predicate)(users[role]) is (role in allowed)


@pytest.mark.parametrize(
    ("predicate", "allowed"),
    [
        # The coach side is the person's own Jobbtorg.
        ("can_agree_proposal", {"coach_sydost", "manager_sydost"}),
        # The matcher side: the proposing Jobbtorg and the person's own.
        (
            "can_advance_proposal",
            {"matcher_sydost", "manager_sydost", "matcher_jarva", "manager_jarva"},
        ),
        (
            "can_withdraw_proposal",
            {"coach_sydost", "matcher_sydost", "manager_sydost", "matcher_jarva", "manager_jarva"},
        ),
    ],
)
@pytest.mark.parametrize("role", ROLES)
def test_who_may_act_on_a_proposal(users, proposal, predicate, allowed, role):
    assert getattr(permissions, predicate)(users[role], proposal) is (role in allowed)


@pytest.mark.parametrize("role", ROLES)
def test_who_keeps_the_matching_profile_of_a_case(users, proposal, role):
    allowed = {"coach_sydost", "manager_sydost"}
    assert permissions.can_edit_matching_profile(users[role], proposal.referral) is (
        role in allowed
    )


@pytest.mark.parametrize("predicate", ["can_read_employers", "can_write_employers"])
def test_a_deactivated_account_reads_no_employer(users, predicate):
    matcher = users["matcher_sydost"]
    matcher.is_active = False
    assert getattr(permissions, predicate)(matcher) is False


@pytest.mark.parametrize(
    "predicate",
    ["can_use_matching", "can_propose_candidates", "can_organise_fairs", "can_record_fairs"],
)
def test_staff_without_a_jobbtorg_do_no_matching(predicate):
    assert (
        getattr(permissions, predicate)(SimpleNamespace(role=Role.MANAGER, job_centre_id=None))
        is False
    )


@pytest.mark.parametrize(
    "predicate", [name for name in dir(permissions) if name.startswith("can_")]
)
def test_a_visitor_may_do_nothing(predicate):
    visitor = SimpleNamespace(is_active=False, is_authenticated=False)
    assert getattr(permissions, predicate)(visitor) is False
