"""Who may do what with the payment runs, role by role."""

from types import SimpleNamespace

import pytest

from jobbtorg.core.roles import Role
from jobbtorg.payments import permissions as p
from jobbtorg.payments.models import PaymentRunStatus

MAKERS = {Role.MANAGER, Role.ADMINISTRATOR}


def user(role):
    return SimpleNamespace(role=role, is_authenticated=True, is_active=True)


def run(status):
    return SimpleNamespace(status=status)


@pytest.mark.parametrize("role", list(Role))
def test_who_may_without_a_run(role):
    assert p.can_view_payment_runs(user(role)) is (role in MAKERS)
    assert p.can_make_payment_run(user(role)) is (role in MAKERS)
    assert p.can_approve_payment_run(user(role)) is (role == Role.MANAGER)
    assert p.can_discard_payment_run(user(role)) is (role in MAKERS)
    assert p.can_export_payment_run(user(role)) is (role in MAKERS)


# status, (approve, discard, export) for a manager
BY_STATUS = [
    (PaymentRunStatus.PREVIEW, (True, True, False)),
    (PaymentRunStatus.APPROVED, (False, False, True)),
    (PaymentRunStatus.DISCARDED, (False, False, False)),
]


@pytest.mark.parametrize(("status", "expected"), BY_STATUS)
def test_what_a_run_in_each_status_allows(status, expected):
    manager, admin = user(Role.MANAGER), user(Role.ADMINISTRATOR)
    approve, discard, export = expected
    assert p.can_approve_payment_run(manager, run(status)) is approve
    assert p.can_discard_payment_run(manager, run(status)) is discard
    assert p.can_export_payment_run(manager, run(status)) is export
    # An administrator does all but approve.
    assert p.can_approve_payment_run(admin, run(status)) is False
    assert p.can_discard_payment_run(admin, run(status)) is discard
    assert p.can_export_payment_run(admin, run(status)) is export


def test_a_deactivated_manager_may_do_nothing():
    manager = user(Role.MANAGER)
    manager.is_active = False
    assert not p.can_view_payment_runs(manager)
    assert not p.can_approve_payment_run(manager)
