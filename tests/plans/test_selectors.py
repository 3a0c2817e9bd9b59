"""The scoping functions of plans (per case: a unit sees the cases it holds) and the read-audit
of what is read for display."""

import uuid

import pytest
from django.http import Http404
from django.utils import timezone

from jobbtorg.core.audit.models import AuditAction, AuditEntry
from jobbtorg.plans.selectors import (
    follow_ups_visible_to,
    plan_activities_visible_to,
    plan_for_display,
    plans_visible_to,
)
from jobbtorg.plans.services import follow_up_record
from tests.audit_reads import people_named
from tests.participants.scenarios import context
from tests.plans.factories import PlanVersionFactory

# Who sees the plan of a Farsta person enrolled at Sydost.
SEES = {
    "coach_sydost": True,
    "manager_sydost": True,
    "matcher_sydost": True,
    "officer_farsta": True,
    "coach_jarva": False,
    "manager_jarva": False,
    "officer_skarpnack": False,
    "officer_rinkeby": False,
    "provider_staff": False,
    "analyst": False,
    "administrator": False,
}


@pytest.fixture
def follow_up(staff):
    activity = PlanVersionFactory(approved=True).activities.get()
    return follow_up_record(
        actor=staff.coach_sydost,
        audit_context=context(staff.coach_sydost),
        activity=activity,
        done_on=timezone.localdate(),
        outcome="next_step",
    )


@pytest.mark.parametrize(("username", "sees"), list(SEES.items()))
def test_plans_activities_and_follow_ups_are_seen_per_case(staff, follow_up, username, sees):
    user = getattr(staff, username)
    activity = follow_up.activity
    assert plans_visible_to(user).filter(pk=activity.plan_id).exists() is sees
    assert plan_activities_visible_to(user).filter(pk=activity.pk).exists() is sees
    assert follow_ups_visible_to(user).filter(pk=follow_up.pk).exists() is sees


def test_a_plan_read_for_display_is_recorded_once(staff, follow_up):
    plan = follow_up.activity.plan
    officer = staff.officer_farsta
    assert plan_for_display(user=officer, plan_id=plan.pk, audit_context=context(officer)) == plan
    entries = AuditEntry.objects.filter(actor=officer, action=AuditAction.PLAN_VIEWED)
    assert [(e.object_id, e.participant_id) for e in entries] == [
        (str(plan.pk), plan.referral.participant_id)
    ]


@pytest.mark.parametrize("plan_id", ["outside", "unknown", "not-a-uuid"])
def test_outside_scope_is_404_and_nothing_is_recorded(staff, follow_up, plan_id):
    user = staff.coach_jarva
    key = {
        "outside": follow_up.activity.plan_id,
        "unknown": uuid.uuid4(),
        "not-a-uuid": "not-a-uuid",
    }[plan_id]
    before = AuditEntry.objects.count()
    with pytest.raises(Http404):
        plan_for_display(user=user, plan_id=key, audit_context=context(user))
    assert AuditEntry.objects.count() == before


def test_week_for_display_records_the_look_and_nothing_outside_the_scope(staff):
    from django.http import Http404
    from django.utils import timezone

    from jobbtorg.core.audit.models import AuditEntry
    from jobbtorg.plans.schedule import monday_of
    from jobbtorg.plans.selectors import week_for_display
    from tests.participants.scenarios import context, enrol, refer

    coach = staff.coach_sydost
    case = enrol(refer(staff.officer_farsta), coach)
    monday = monday_of(timezone.localdate())
    shown_case, _week, _by_ref = week_for_display(
        user=coach, participant_id=case.participant_id, monday=monday, audit_context=context(coach)
    )
    assert shown_case == case
    outsider = staff.coach_jarva
    with pytest.raises(Http404):
        week_for_display(
            user=outsider,
            participant_id=case.participant_id,
            monday=monday,
            audit_context=context(outsider),
        )
    assert list(
        AuditEntry.objects.filter(action="schedule.viewed").values_list("actor", "participant")
    ) == [(coach.pk, case.participant_id)]


def test_deadlines_shown_records_every_person_it_names(staff):
    from django.utils import timezone

    from jobbtorg.plans.selectors import deadlines_shown
    from tests.participants.scenarios import context, enrol, refer

    coach = staff.coach_sydost
    case = enrol(refer(staff.officer_farsta), coach)
    items = deadlines_shown(user=coach, today=timezone.localdate(), audit_context=context(coach))
    assert {i.referral for i in items} == {case}
    outsider = staff.coach_jarva
    assert (
        deadlines_shown(user=outsider, today=timezone.localdate(), audit_context=context(outsider))
        == []
    )
    assert people_named("participant.listed") == [case.participant_id]
    assert people_named("participant.listed", actor=coach) == [case.participant_id]
