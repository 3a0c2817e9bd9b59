"""`insert_objects` stores new objects as `bulk_create` does (COPY with ids from the sequence on
PostgreSQL, `bulk_create` elsewhere): the same values, the ids set on the objects in order, the
timestamps set, and an object assigned before it was saved referred to by its id. The suite runs
on SQLite and, with DATABASE_URL, on PostgreSQL: both paths are tested."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone

from jobbtorg.core.bulk import insert_objects
from jobbtorg.plans.models import FollowUp, FollowUpOutcome, PlanActivity
from jobbtorg.providers.models import ActivityType
from tests.plans.factories import PlanVersionFactory

pytestmark = pytest.mark.django_db

STORED = (
    "plan_id",
    "activity_type_id",
    "provider_name",
    "start",
    "end",
    "hours_per_week",
    "goal",
)


def _activities_with_follow_ups(plan, insert):
    """Two activities and a follow-up of the second, assigned before the activity is saved."""
    kind = ActivityType.objects.get(code="job_search")
    activities = [
        PlanActivity(
            plan=plan,
            activity_type=kind,
            provider_name=f"Anordnare {n}",
            start=plan.start,
            end=plan.end,
            hours_per_week=Decimal("7.5"),
            goal='Ett mål; med "citat", tabb\toch radbrytning\n',
        )
        for n in (1, 2)
    ]
    follow_up = FollowUp(
        activity=activities[1],
        done_on=dt.date(2026, 3, 1),
        outcome=FollowUpOutcome.COMPLETED,
        note="Klar.",
        recorded_by=plan.written_by,
    )
    insert(PlanActivity, activities)
    insert(FollowUp, [follow_up])
    return activities, follow_up


def _stored(activities, follow_up):
    rows = list(
        PlanActivity.objects.filter(pk__in=[a.pk for a in activities])
        .order_by("pk")
        .values_list(*STORED)
    )
    return rows, FollowUp.objects.get(pk=follow_up.pk).activity_id == activities[1].pk


def _bulk_create(model, objs):
    model.objects.bulk_create(objs)


def test_insert_objects_stores_what_bulk_create_stores():
    plan = PlanVersionFactory(activity=None)
    before = timezone.now()
    with transaction.atomic():
        inserted, follow_up = _activities_with_follow_ups(plan, insert_objects)
    assert all(a.pk is not None and not a._state.adding for a in inserted)
    assert inserted[0].pk < inserted[1].pk
    assert all(a.created_at >= before and a.updated_at >= before for a in inserted)
    stored = _stored(inserted, follow_up)

    created, created_follow_up = _activities_with_follow_ups(plan, _bulk_create)
    assert stored == _stored(created, created_follow_up)
    assert stored[1] is True
    # The text with a tab and a line break in it came back as it went in.
    assert stored[0][0][-1] == created[0].goal


def test_no_objects_is_no_statement(django_assert_num_queries):
    with django_assert_num_queries(0):
        insert_objects(PlanActivity, [])
