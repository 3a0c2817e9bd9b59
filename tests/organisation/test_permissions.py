"""Managing the organisation's data is an administrator's, role by role."""

import pytest
from django.contrib.auth.models import AnonymousUser

from jobbtorg.core.errors import NotAllowed
from jobbtorg.organisation import permissions

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

USERS = [
    "coach_sydost",
    "matcher_sydost",
    "officer_farsta",
    "provider_staff",
    "analyst",
    "administrator",
]


@pytest.mark.parametrize(
    ("predicate", "check", "words"),
    [
        (permissions.can_manage_accounts, permissions.require_account_manager, "staff accounts"),
        (permissions.can_manage_units, permissions.require_unit_manager, "district belongs"),
    ],
)
@pytest.mark.parametrize("username", USERS)
def test_only_an_administrator(staff, predicate, check, words, username):
    user = getattr(staff, username)
    allowed = username == "administrator"
    assert predicate(user) is allowed
    if allowed:
        check(user)
    else:
        with pytest.raises(NotAllowed, match=words):
            check(user)


def test_nobody_signed_out_or_deactivated(staff):
    assert not permissions.can_manage_accounts(AnonymousUser())
    staff.administrator.is_active = False
    assert not permissions.can_manage_accounts(staff.administrator)
    assert not permissions.can_manage_units(staff.administrator)
