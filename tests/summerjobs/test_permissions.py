"""Who may do what with summer jobs, role by role: matchers and managers handle applications,
workplaces and the allocation; administrators set up and move seasons but see no applicant;
analysts read the season's figures."""

import pytest
from django.contrib.auth.models import AnonymousUser

from jobbtorg.summerjobs import permissions
from tests.summerjobs.conftest import ROLES, SUMMER_STAFF

pytestmark = pytest.mark.django_db

SEASON_READERS = SUMMER_STAFF | {"analyst", "administrator"}
ADMINISTRATORS = {"administrator"}

TABLE = [
    (permissions.can_read_applications, SUMMER_STAFF),
    (permissions.can_handle_application, SUMMER_STAFF),
    (permissions.can_decide_workplace, SUMMER_STAFF),
    (permissions.can_run_allocation, SUMMER_STAFF),
    (permissions.can_read_season, SEASON_READERS),
    (permissions.can_set_up_season, ADMINISTRATORS),
    (permissions.can_move_season, ADMINISTRATORS),
]


@pytest.mark.parametrize(("predicate", "allowed"), TABLE, ids=lambda v: getattr(v, "__name__", ""))
@pytest.mark.parametrize("username", ROLES)
def test_each_role(staff, predicate, allowed, username):
    assert predicate(getattr(staff, username)) is (username in allowed)


@pytest.mark.parametrize(("predicate", "allowed"), TABLE, ids=lambda v: getattr(v, "__name__", ""))
def test_a_signed_out_visitor_and_a_deactivated_account_may_nothing(staff, predicate, allowed):
    assert predicate(AnonymousUser()) is False
    manager = staff.manager_sydost
    manager.is_active = False
    assert predicate(manager) is False


REFUSALS = [
    (permissions.require_summer_staff, SUMMER_STAFF, "matchers and managers"),
    (permissions.require_application_handler, SUMMER_STAFF, "matchers and managers"),
    (permissions.require_workplace_decider, SUMMER_STAFF, "matchers and managers"),
    (permissions.require_allocation_runner, SUMMER_STAFF, "Matchers and managers run"),
    (permissions.require_season_reader, SEASON_READERS, "staff and analysts"),
    (permissions.require_season_set_up, ADMINISTRATORS, "An administrator sets up"),
    (permissions.require_season_mover, ADMINISTRATORS, "An administrator opens and closes"),
]


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(
    ("check", "allowed", "words"), REFUSALS, ids=lambda v: getattr(v, "__name__", "")
)
@pytest.mark.parametrize("username", ROLES)
def test_the_refusal_says_who_may(staff, check, allowed, words, username):
    from jobbtorg.core.errors import NotAllowed

    user = getattr(staff, username)
    if username in allowed:
        check(user)
    else:
        with pytest.raises(NotAllowed, match=words):
            check(user)
