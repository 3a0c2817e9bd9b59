"""The daily attendance review as a task (providers/tasks.py): what it sends, that a second run
the same day changes nothing, and its place in the schedule."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.utils.module_loading import import_string
from django_tasks.base import Task

from jobbtorg.config.settings.base import JOBBTORG_SCHEDULE
from jobbtorg.core.audit.models import AuditAction, AuditEntry
from jobbtorg.core.tasks.housekeeping import enqueue_due, schedule
from jobbtorg.engines.rules.periodic import parse_schedule
from jobbtorg.participants.models import EventKind
from jobbtorg.providers.tasks import review_attendance
from tests.providers.helpers import MONDAY, THURSDAY, events, in_training, register

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_the_review_task_reports_repeated_missing_registers_to_the_district(staff):
    participation = in_training(staff)
    register(staff.provider_staff, participation, MONDAY, "present")

    result = review_attendance.enqueue(on=THURSDAY.isoformat())

    assert result.return_value["events_sent"] == 1
    (event,) = events(EventKind.MISSING_REGISTERS)
    assert event.district.slug == "farsta"
    assert event.data["participation"] == str(participation.pk)
    assert AuditEntry.objects.filter(action=AuditAction.REPORTED_TO_DISTRICT).count() == 1


def test_a_second_review_the_same_day_changes_nothing(staff):
    participation = in_training(staff)
    register(staff.provider_staff, participation, MONDAY, "present")
    review_attendance.enqueue(on=THURSDAY.isoformat())
    before = row_counts()
    first = events(EventKind.MISSING_REGISTERS)

    again = review_attendance.enqueue(on=THURSDAY.isoformat())

    assert again.return_value["events_sent"] == 0
    assert again.return_value["reviewed"] == 1  # it did review: it found nothing new
    assert row_counts() == before
    assert events(EventKind.MISSING_REGISTERS) == first


def test_on_the_real_queue_the_review_waits_for_the_worker_then_reports(staff, task_queue):
    participation = in_training(staff)
    register(staff.provider_staff, participation, MONDAY, "present")

    review_attendance.enqueue(on=THURSDAY.isoformat())
    assert [t.task_path for t in task_queue.waiting()] == [REVIEW]
    assert events(EventKind.MISSING_REGISTERS) == []

    (ran,) = task_queue.run()

    assert ran.return_value["events_sent"] == 1
    assert len(events(EventKind.MISSING_REGISTERS)) == 1


# The schedule: JOBBTORG_SCHEDULE as configured (the worker's rule is tested in tests/core)

REVIEW = "jobbtorg.providers.tasks.review_attendance"
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def the_entry():
    (entry,) = [e for e in parse_schedule(JOBBTORG_SCHEDULE) if e.task == REVIEW]
    return entry


def test_the_review_is_scheduled_at_six_on_working_days():
    entry = the_entry()
    assert (entry.at.hour, entry.at.minute, entry.days) == (6, 0, "working")
    assert isinstance(import_string(REVIEW), Task)


@pytest.mark.parametrize(
    ("now", "due"),
    [
        (dt.datetime(2026, 12, 7, 6, 0), True),  # Monday at six
        (dt.datetime(2026, 12, 7, 5, 59), False),  # before six
        (dt.datetime(2026, 12, 5, 9, 0), False),  # Saturday
        (dt.datetime(2026, 12, 6, 9, 0), False),  # Sunday
        (dt.datetime(2026, 12, 25, 9, 0), False),  # Christmas Day, a Friday
        (dt.datetime(2027, 1, 6, 9, 0), False),  # Epiphany, a Wednesday
        (dt.datetime(2026, 12, 28, 9, 0), True),  # the Monday after Christmas
    ],
)
def test_the_review_is_due_on_a_working_day_and_not_at_a_weekend_or_holiday(now, due):
    assert (the_entry().due_on(now) is not None) is due


def test_the_worker_enqueues_the_review_once_on_a_working_day(task_queue, settings):
    settings.JOBBTORG_SCHEDULE = JOBBTORG_SCHEDULE  # the configured one (the fixture empties it)
    monday = dt.datetime(2026, 12, 7, 6, 30, tzinfo=STOCKHOLM)
    assert REVIEW in enqueue_due(schedule(), now=monday)
    assert REVIEW not in enqueue_due(schedule(), now=monday + dt.timedelta(hours=2))
    saturday = dt.datetime(2026, 12, 12, 6, 30, tzinfo=STOCKHOLM)
    assert REVIEW not in enqueue_due(schedule(), now=saturday)
