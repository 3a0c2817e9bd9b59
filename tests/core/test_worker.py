"""The worker: runs queued tasks, beats, queues again what a dead worker left, enqueues the
schedule once a day, and reports its health."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from jobbtorg.core.models import ScheduledRun, WorkerHeartbeat
from jobbtorg.core.tasks.health import queue_health
from jobbtorg.core.tasks.housekeeping import (
    WORKER_LOST,
    beat,
    enqueue_due,
    requeue_lost_tasks,
    schedule,
)
from jobbtorg.engines.rules.periodic import BadSchedule, parse_schedule
from tests.core.worker_tasks import append_line, fails

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NOW = dt.datetime(2026, 12, 7, 12, 0, tzinfo=dt.UTC)  # a Monday


def test_a_task_waits_in_the_queue_until_a_worker_runs_it(task_queue, tmp_path):
    out = tmp_path / "out.txt"
    append_line.enqueue(str(out), "hej")
    assert not out.exists()
    assert len(task_queue.waiting()) == 1

    ran = task_queue.run()

    assert out.read_text() == "hej\n"
    assert [r.status for r in ran] == [TaskResultStatus.SUCCESSFUL]
    assert task_queue.waiting() == []


def test_a_failing_task_is_recorded_as_failed_and_the_worker_goes_on(task_queue, tmp_path):
    fails.enqueue(str(tmp_path))
    append_line.enqueue(str(tmp_path / "after.txt"), "next")

    ran = task_queue.run()

    assert sorted(r.status for r in ran) == sorted(
        [TaskResultStatus.FAILED, TaskResultStatus.SUCCESSFUL]
    )
    assert (tmp_path / "after.txt").read_text() == "next\n"


def test_the_worker_beats_while_it_runs_and_leaves_no_heartbeat_when_it_stops(task_queue):
    task_queue.run(worker_id="w-1")
    assert not WorkerHeartbeat.objects.filter(worker_id="w-1").exists()


def _running(worker_ids: list[str]) -> DBTaskResult:
    result = append_line.enqueue("/dev/null", "x")
    row = DBTaskResult.objects.get(pk=result.id)
    row.status = TaskResultStatus.RUNNING
    row.worker_ids = worker_ids
    row.started_at = NOW - dt.timedelta(minutes=10)
    row.save()
    return row


@pytest.mark.parametrize(
    ("last_beat_seconds_ago", "queued_again"),
    [
        (None, True),  # the worker never beat (or stopped cleanly and removed its row)
        (5, False),  # alive
        (119, False),  # within JOBBTORG_WORKER_LOST_AFTER_SECONDS
        (121, True),  # silent too long: killed or its machine is down
    ],
)
def test_a_task_whose_worker_died_is_queued_again(task_queue, last_beat_seconds_ago, queued_again):
    row = _running(["w-dead"])
    if last_beat_seconds_ago is not None:
        beat("w-dead", started_at=NOW, now=NOW - dt.timedelta(seconds=last_beat_seconds_ago))

    assert requeue_lost_tasks(now=NOW) == ((1, 0) if queued_again else (0, 0))

    row.refresh_from_db()
    assert row.status == (TaskResultStatus.READY if queued_again else TaskResultStatus.RUNNING)


def test_a_task_that_lost_its_worker_three_times_fails_for_good(task_queue):
    row = _running(["w-1", "w-2", "w-3"])

    assert requeue_lost_tasks(now=NOW) == (0, 1)

    row.refresh_from_db()
    assert row.status == TaskResultStatus.FAILED
    assert row.exception_class_path == WORKER_LOST


def test_a_requeued_task_runs_again_to_the_end(task_queue, tmp_path):
    out = tmp_path / "out.txt"
    result = append_line.enqueue(str(out), "once")
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING, worker_ids=["w-dead"]
    )
    requeue_lost_tasks()

    task_queue.run(worker_id="w-new")

    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert row.worker_ids == ["w-dead", "w-new"]
    assert out.read_text() == "once\n"


PROBE = "tests.core.worker_tasks.scheduled_probe"


def _local(year, month, day, hour, minute=0):
    return dt.datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM)


@pytest.mark.parametrize(
    ("days", "now", "enqueued"),
    [
        ("working", _local(2026, 12, 7, 6, 0), True),  # Monday at the time
        ("working", _local(2026, 12, 7, 5, 59), False),  # before the time
        ("working", _local(2026, 12, 5, 9, 0), False),  # Saturday
        ("working", _local(2026, 12, 24, 9, 0), False),  # Christmas Eve
        ("working", _local(2027, 1, 6, 9, 0), False),  # Epiphany
        ("daily", _local(2026, 12, 5, 9, 0), True),  # Saturday, daily
        ("daily", _local(2026, 12, 7, 23, 59), True),  # late the same day: still due
    ],
)
def test_a_scheduled_task_is_enqueued_on_its_days_from_its_time(
    task_queue, settings, days, now, enqueued
):
    settings.JOBBTORG_SCHEDULE = [{"task": PROBE, "at": "06:00", "days": days}]

    assert enqueue_due(schedule(), now=now) == ([PROBE] if enqueued else [])
    assert len(task_queue.waiting()) == (1 if enqueued else 0)


def test_a_scheduled_task_is_enqueued_once_a_day_whichever_worker_looks(task_queue, settings):
    settings.JOBBTORG_SCHEDULE = [{"task": PROBE, "at": "06:00", "days": "daily"}]
    monday = _local(2026, 12, 7, 7, 0)

    assert enqueue_due(schedule(), now=monday) == [PROBE]
    assert enqueue_due(schedule(), now=monday + dt.timedelta(hours=3)) == []
    assert enqueue_due(schedule(), now=monday + dt.timedelta(days=1)) == [PROBE]

    assert ScheduledRun.objects.filter(task_path=PROBE).count() == 2
    settings.JOBBTORG_SCHEDULE = []  # the worker would enqueue the real today's run too
    ran = task_queue.run()
    assert [r.return_value for r in ran] == ["ran", "ran"]


@pytest.mark.parametrize(
    "entry",
    [
        {"task": PROBE, "at": "25:00", "days": "daily"},
        {"task": PROBE, "at": "6", "days": "daily"},
        {"task": PROBE, "at": "06:00", "days": "weekly"},
        {"at": "06:00", "days": "daily"},
        {"task": "probe", "at": "06:00"},
    ],
)
def test_a_bad_schedule_entry_is_refused_with_what_is_wrong(entry):
    with pytest.raises(BadSchedule, match="schedule entry"):
        parse_schedule([entry])


def test_a_scheduled_task_that_does_not_exist_stops_the_worker_at_start(settings):
    settings.JOBBTORG_SCHEDULE = [{"task": "jobbtorg.nowhere.tasks.nothing", "at": "06:00"}]
    with pytest.raises(ImportError):
        schedule()


@pytest.mark.parametrize(
    ("beat_minutes_ago", "healthy", "worker"),
    [(None, False, "silent"), (0.1, True, "ok"), (4.9, True, "ok"), (5.1, False, "silent")],
)
def test_health_says_when_the_worker_was_last_heard(task_queue, beat_minutes_ago, healthy, worker):
    if beat_minutes_ago is not None:
        beat("w-1", started_at=NOW, now=NOW - dt.timedelta(minutes=beat_minutes_ago))

    health = queue_health(now=NOW)

    assert health.healthy is healthy
    assert health.as_dict()["worker"] == worker
    assert health.as_dict()["database"] == "ok"


def test_health_reports_the_oldest_waiting_task(task_queue):
    assert queue_health().as_dict()["oldest_waiting_seconds"] is None
    append_line.enqueue("/dev/null", "x")
    DBTaskResult.objects.update(enqueued_at=NOW - dt.timedelta(minutes=3))

    health = queue_health(now=NOW).as_dict()

    assert health["waiting_tasks"] == 1
    assert health["oldest_waiting_seconds"] == 180


@pytest.mark.parametrize(
    ("status", "age_days", "kept"),
    [
        (TaskResultStatus.SUCCESSFUL, 13, True),
        (TaskResultStatus.SUCCESSFUL, 15, False),
        (TaskResultStatus.FAILED, 60, True),
        (TaskResultStatus.FAILED, 91, False),
        (TaskResultStatus.READY, 400, True),  # waiting: never pruned
    ],
)
def test_finished_tasks_are_pruned_after_a_while_failed_ones_later(
    task_queue, status, age_days, kept
):
    from jobbtorg.core.tasks.maintenance import prune_finished

    append_line.enqueue("/dev/null", "x")
    DBTaskResult.objects.update(status=status, finished_at=NOW - dt.timedelta(days=age_days))

    prune_finished(now=NOW)

    assert DBTaskResult.objects.exists() is kept


def test_the_configured_schedule_names_real_tasks():
    """The worker refuses to start on a bad entry; the shipped schedule must not be one."""
    assert [entry.task for entry in schedule()]
