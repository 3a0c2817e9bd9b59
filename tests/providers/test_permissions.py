"""Who may do what in the providers app, role by role (the predicates of permissions.py)."""

from types import SimpleNamespace

import pytest

from jobbtorg.core.roles import Role
from jobbtorg.providers import permissions as p

HOME, HOST, ELSEWHERE = 1, 2, 3
PROVIDER, OTHER_PROVIDER = 7, 8
ROLES = list(Role)


def user(role, *, job_centre_id=HOME, provider_id=None):
    if role == Role.PROVIDER_STAFF:
        job_centre_id, provider_id = None, provider_id or PROVIDER
    elif role not in (Role.COACH, Role.MATCHER, Role.MANAGER):
        job_centre_id = None
    return SimpleNamespace(
        role=role,
        job_centre_id=job_centre_id,
        provider_id=provider_id,
        is_authenticated=True,
        is_active=True,
    )


# The person's case is held at HOME; the offering was made at HOST by PROVIDER.
PARTICIPATION = SimpleNamespace(
    referral=SimpleNamespace(job_centre_id=HOME),
    offering=SimpleNamespace(made_at_id=HOST, provider_id=PROVIDER),
)
REPORT = SimpleNamespace(participation=PARTICIPATION)
REFERRAL = PARTICIPATION.referral

JOB_CENTRE = {Role.COACH, Role.MATCHER, Role.MANAGER}

# predicate, its arguments after the user, the roles (at HOME / at PROVIDER) that may.
TABLE = [
    ("can_add_offering", (), {Role.MANAGER, Role.ADMINISTRATOR}),
    ("can_view_offerings", (), JOB_CENTRE | {Role.PROVIDER_STAFF}),
    ("can_place_participation", (), JOB_CENTRE),
    ("can_place_participation", (REFERRAL,), JOB_CENTRE),
    ("can_take_from_waiting_list", (PARTICIPATION,), JOB_CENTRE),
    ("can_follow_up_result", (PARTICIPATION,), JOB_CENTRE),
    ("can_correct_participation", (PARTICIPATION,), {Role.MANAGER}),
    ("can_view_week", (), JOB_CENTRE),
    ("can_report_on_participation", (PARTICIPATION,), JOB_CENTRE | {Role.PROVIDER_STAFF}),
    ("can_mark_report_seen", (REPORT,), JOB_CENTRE),
    ("can_use_attendance_lists", (), {Role.PROVIDER_STAFF}),
    ("can_register_attendance", (PARTICIPATION,), JOB_CENTRE | {Role.PROVIDER_STAFF}),
    ("can_record_choice", (REFERRAL,), JOB_CENTRE),
    ("can_view_comparison", (), {Role.MANAGER, Role.ANALYST, Role.ADMINISTRATOR}),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "args", "allowed"), TABLE, ids=[t[0] for t in TABLE])
def test_who_may(name, args, allowed, role):
    assert getattr(p, name)(user(role), *args) is (role in allowed)


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("can_place_participation", (REFERRAL,)),
        ("can_follow_up_result", (PARTICIPATION,)),
        ("can_mark_report_seen", (REPORT,)),
        ("can_record_choice", (REFERRAL,)),
        ("can_report_on_participation", (PARTICIPATION,)),
    ],
)
@pytest.mark.parametrize("role", sorted(JOB_CENTRE))
def test_staff_of_another_jobbtorg_may_not_act_on_the_case(name, args, role):
    assert getattr(p, name)(user(role, job_centre_id=HOST), *args) is False
    assert getattr(p, name)(user(role, job_centre_id=ELSEWHERE), *args) is False


@pytest.mark.parametrize("role", sorted(JOB_CENTRE))
def test_the_jobbtorg_that_made_the_offering_takes_from_its_waiting_list(role):
    assert p.can_take_from_waiting_list(user(role, job_centre_id=HOST), PARTICIPATION)
    assert not p.can_take_from_waiting_list(user(role, job_centre_id=ELSEWHERE), PARTICIPATION)


def test_a_manager_where_the_offering_was_made_corrects_but_not_one_elsewhere():
    assert p.can_correct_participation(user(Role.MANAGER, job_centre_id=HOST), PARTICIPATION)
    assert not p.can_correct_participation(
        user(Role.MANAGER, job_centre_id=ELSEWHERE), PARTICIPATION
    )


def test_staff_of_another_provider_may_not_report_or_register():
    other = user(Role.PROVIDER_STAFF, provider_id=OTHER_PROVIDER)
    assert not p.can_report_on_participation(other, PARTICIPATION)
    assert not p.can_register_attendance(other, PARTICIPATION)


def test_provider_staff_without_a_provider_have_no_attendance_lists():
    nobody = SimpleNamespace(role=Role.PROVIDER_STAFF, provider_id=None, job_centre_id=None)
    assert not p.can_use_attendance_lists(nobody)
    assert not p.can_report_on_participation(nobody, PARTICIPATION)


def test_a_deactivated_account_compares_nothing():
    manager = user(Role.MANAGER)
    manager.is_active = False
    assert not p.can_view_comparison(manager)
