"""The summer-job writes refuse whom permissions.py refuses and what the season's table does not
allow, and audit each act under its own action."""

import pytest

from jobbtorg.core.audit.events import AuditContext
from jobbtorg.core.audit.models import AuditAction, AuditEntry
from jobbtorg.core.errors import NotAllowed, ValidationFailed
from jobbtorg.summerjobs.models import Season, VerifiedPriority
from jobbtorg.summerjobs.services import (
    allocation_run,
    later_submission_resolve,
    priority_remove,
    priority_verify,
    season_move,
    workplace_decide,
)
from tests.summerjobs.conftest import make_application, make_season

pytestmark = pytest.mark.usefixtures("english")

NOT_SUMMER_STAFF = ["coach_sydost", "officer_farsta", "provider_staff", "analyst", "administrator"]


def context(user=None) -> AuditContext:
    return AuditContext.for_command("test", actor=user)


def test_removing_a_verified_priority_is_audited_as_removed_not_as_verified(staff, summer):
    application = make_application(summer)
    user = staff.matcher_sydost
    verified = priority_verify(
        application=application,
        ground=summer.grounds["disability"],
        note="Intyg",
        user=user,
        context=context(user),
    )
    priority_remove(verified=verified, user=user, context=context(user))
    assert not VerifiedPriority.objects.exists()
    removed = AuditEntry.objects.get(action=AuditAction.SUMMER_PRIORITY_REMOVED)
    assert removed.changes == {"before": {"ground": "disability"}, "after": None}
    assert removed.object_id == str(application.pk)
    verified_entry = AuditEntry.objects.get(action=AuditAction.SUMMER_PRIORITY_VERIFIED)
    assert verified_entry.changes == {"before": None, "after": {"ground": "disability"}}


@pytest.mark.parametrize("username", NOT_SUMMER_STAFF)
def test_only_summer_staff_verify_remove_decide_and_resolve(staff, summer, username):
    user = getattr(staff, username)
    application = make_application(summer)
    verified = VerifiedPriority.objects.create(
        application=application,
        ground=summer.grounds["first_time"],
        verified_by=staff.matcher_sydost,
        note="x",
    )
    with pytest.raises(NotAllowed):
        priority_verify(
            application=application,
            ground=summer.grounds["disability"],
            note="Intyg",
            user=user,
            context=context(user),
        )
    with pytest.raises(NotAllowed):
        priority_remove(verified=verified, user=user, context=context(user))
    with pytest.raises(NotAllowed):
        workplace_decide(workplace=summer.reported, approve=True, user=user)
    with pytest.raises(NotAllowed):
        later_submission_resolve(later=application, keep=False, user=user, context=context(user))
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    ("status", "action", "after"),
    [
        ("draft", "open", "open"),
        ("open", "close", "closed"),
        ("closed", "finish", "finished"),
    ],
)
def test_a_season_takes_the_steps_its_table_allows(staff, db, status, action, after):
    season = make_season(status=status)
    season_move(staff.administrator, season, action)
    assert Season.objects.get(pk=season.pk).status == after


@pytest.mark.parametrize(
    ("status", "action"),
    [
        ("draft", "close"),
        ("draft", "finish"),
        ("open", "open"),
        ("open", "finish"),
        ("closed", "open"),
        ("finished", "open"),
        ("finished", "close"),
        ("finished", "finish"),
        ("draft", "closed"),  # a status is not a step
        ("draft", ""),
    ],
)
def test_a_season_refuses_every_other_step(staff, db, status, action):
    season = make_season(status=status)
    with pytest.raises(ValidationFailed, match="one step at a time"):
        season_move(staff.administrator, season, action)
    assert Season.objects.get(pk=season.pk).status == status


def test_a_season_opens_only_with_its_periods(staff, db):
    season = make_season(status="draft")
    season.periods.all().delete()
    with pytest.raises(ValidationFailed, match="periods"):
        season_move(staff.administrator, season, "open")


@pytest.mark.parametrize(
    "username", ["matcher_sydost", "manager_sydost", "analyst", "coach_sydost"]
)
def test_only_an_administrator_moves_a_season(staff, db, username):
    season = make_season(status="draft")
    with pytest.raises(NotAllowed):
        season_move(getattr(staff, username), season, "open")


@pytest.mark.parametrize("username", NOT_SUMMER_STAFF)
def test_only_summer_staff_run_the_allocation(staff, db, username):
    season = make_season(status="closed")
    user = getattr(staff, username)
    with pytest.raises(NotAllowed):
        allocation_run(context(user), season, seed=1)
