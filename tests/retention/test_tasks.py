"""The nightly culling as a task (retention/tasks.py): on the real queue, run again without
harm, and in the schedule at 02:30 every day."""

import datetime as dt

import pytest
from django.apps import apps
from django.conf import settings

from jobbtorg.core.audit.models import AuditAction, AuditEntry
from jobbtorg.core.tasks.housekeeping import enqueue_due, schedule
from jobbtorg.participants.models import Participant
from jobbtorg.retention.tasks import cull_expired
from tests.retention.test_command import old_case

pytestmark = pytest.mark.django_db


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_the_task_culls_on_the_real_queue_and_keeps_no_name_in_its_result(staff, task_queue):
    case = old_case(staff, years_ago=6)
    cull_expired.enqueue()
    assert len(task_queue.waiting()) == 1 and Participant.objects.filter(pk=case.participant_id)

    (ran,) = task_queue.run()

    assert ran.status == "SUCCESSFUL"
    assert ran.return_value["people_culled"] == 1
    assert ran.return_value["records_culled"] == 3
    assert not Participant.objects.filter(pk=case.participant_id).exists()
    assert AuditEntry.objects.filter(action=AuditAction.CASE_FILES_CULLED).count() == 1
    assert "Gallrad" not in str(ran.return_value)


def test_a_second_run_the_same_day_changes_nothing(staff):
    old_case(staff, years_ago=6)
    first = cull_expired.enqueue()
    assert first.return_value["people_culled"] == 1
    before = row_counts()

    again = cull_expired.enqueue()

    assert again.return_value["people_culled"] == 0
    assert row_counts() == before


def test_the_culling_is_scheduled_every_night_at_half_past_two():
    entry = {"task": "jobbtorg.retention.tasks.cull_expired", "at": "02:30", "days": "daily"}
    assert entry in settings.JOBBTORG_SCHEDULE
    (checked,) = [e for e in schedule() if e.task == entry["task"]]
    assert checked.due_on(dt.datetime(2026, 12, 6, 2, 29)) is None
    assert checked.due_on(dt.datetime(2026, 12, 6, 2, 30)) == dt.date(2026, 12, 6)


def test_the_worker_enqueues_it_once_a_night(task_queue, settings):
    settings.JOBBTORG_SCHEDULE = [
        {"task": "jobbtorg.retention.tasks.cull_expired", "at": "02:30", "days": "daily"}
    ]
    night = dt.datetime(2026, 12, 6, 3, 0, tzinfo=dt.UTC)
    assert enqueue_due(schedule(), night) == ["jobbtorg.retention.tasks.cull_expired"]
    assert enqueue_due(schedule(), night) == []
    assert len(task_queue.waiting()) == 1
