"""What a worker does besides running tasks: its heartbeat, queueing again the tasks of workers
that died, and enqueueing the periodic tasks that are due. Each step is one short transaction
and safe to run from several workers at once."""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from jobbtorg.core.models import ScheduledRun, WorkerHeartbeat
from jobbtorg.engines.rules.periodic import ScheduleEntry, due_entries, parse_schedule

logger = logging.getLogger("jobbtorg.worker")

# What a task that lost its worker too often is recorded as having failed with.
WORKER_LOST = "jobbtorg.core.tasks.housekeeping.WorkerLost"


class WorkerLost(Exception):
    """The worker running the task stopped (killed, machine down) before it finished."""


def beat(worker_id: str, *, started_at: dt.datetime, now: dt.datetime | None = None) -> None:
    now = now or timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "hostname": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": started_at,
            "last_seen": now,
        },
    )


def stopped(worker_id: str) -> None:
    """A clean stop: its tasks (if a second signal cut one short) are lost at once."""
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def requeue_lost_tasks(now: dt.datetime | None = None) -> tuple[int, int]:
    """Queue again each running task whose worker has been silent too long (or is gone); after
    JOBBTORG_TASK_MAX_ATTEMPTS attempts, mark it failed instead. Returns (queued again, failed).
    The tasks are written to be run again: each keeps its own progress and writes whole units."""
    now = now or timezone.now()
    alive_since = now - dt.timedelta(seconds=settings.JOBBTORG_WORKER_LOST_AFTER_SECONDS)
    alive = set(
        WorkerHeartbeat.objects.filter(last_seen__gte=alive_since).values_list(
            "worker_id", flat=True
        )
    )
    requeued = failed = 0
    for result in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).only(
        "id", "worker_ids", "task_path", "started_at"
    ):
        worker = result.worker_ids[-1] if result.worker_ids else None
        if worker in alive:
            continue
        attempts = len(result.worker_ids)
        with transaction.atomic():
            still_running = DBTaskResult.objects.filter(
                pk=result.pk, status=TaskResultStatus.RUNNING, worker_ids=result.worker_ids
            )
            if attempts >= settings.JOBBTORG_TASK_MAX_ATTEMPTS:
                changed = still_running.update(
                    status=TaskResultStatus.FAILED,
                    finished_at=now,
                    exception_class_path=WORKER_LOST,
                    traceback=(
                        f"{WORKER_LOST}: the worker stopped during each of {attempts} attempts"
                    ),
                )
                failed += changed
                if changed:
                    logger.error(
                        "Task %s (%s) failed: its worker stopped %d times",
                        result.pk,
                        result.task_path,
                        attempts,
                    )
            else:
                changed = still_running.update(status=TaskResultStatus.READY, started_at=None)
                requeued += changed
                if changed:
                    logger.warning(
                        "Task %s (%s) queued again: its worker %s stopped (attempt %d)",
                        result.pk,
                        result.task_path,
                        worker,
                        attempts,
                    )
    # A dead worker's row says when it was last heard; after a day it says nothing more.
    WorkerHeartbeat.objects.filter(last_seen__lt=now - dt.timedelta(days=1)).delete()
    return requeued, failed


def schedule() -> list[ScheduleEntry]:
    """The configured schedule, checked: a bad entry stops the worker at start."""
    entries = parse_schedule(settings.JOBBTORG_SCHEDULE)
    for entry in entries:
        import_string(entry.task)
    return entries


def enqueue_due(entries: list[ScheduleEntry], now: dt.datetime | None = None) -> list[str]:
    """Enqueue each entry due now whose run for the day is not yet enqueued by any worker.
    Returns the task paths enqueued."""
    local_now = timezone.localtime(now or timezone.now())
    enqueued = []
    for entry, day in due_entries(entries, local_now.replace(tzinfo=None)):
        if ScheduledRun.objects.filter(task_path=entry.task, day=day).exists():
            continue
        try:
            with transaction.atomic():
                run = ScheduledRun.objects.create(task_path=entry.task, day=day)
                result = import_string(entry.task).enqueue()
                run.task_result_id = str(result.id)
                run.save(update_fields=["task_result_id"])
        except IntegrityError:
            continue  # another worker got there first
        enqueued.append(entry.task)
        logger.info("Scheduled task %s enqueued for %s", entry.task, day)
    return enqueued


def housekeeping(worker_id: str, *, started_at: dt.datetime, entries: list[ScheduleEntry]) -> None:
    beat(worker_id, started_at=started_at)
    requeue_lost_tasks()
    enqueue_due(entries)
