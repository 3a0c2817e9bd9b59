"""The queue keeps itself small: finished tasks are kept long enough to read what happened
(a failed one longer), then deleted. Scheduled daily (JOBBTORG_SCHEDULE)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from jobbtorg.core.models import ScheduledRun

SUCCEEDED_KEPT = dt.timedelta(days=14)
FAILED_KEPT = dt.timedelta(days=90)


def prune_finished(now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    succeeded = DBTaskResult.objects.filter(
        status=TaskResultStatus.SUCCESSFUL, finished_at__lt=now - SUCCEEDED_KEPT
    ).delete()[0]
    failed = DBTaskResult.objects.filter(
        status=TaskResultStatus.FAILED, finished_at__lt=now - FAILED_KEPT
    ).delete()[0]
    ScheduledRun.objects.filter(day__lt=(now - FAILED_KEPT).date()).delete()
    return succeeded + failed


@task()
def prune_finished_tasks() -> int:
    return prune_finished()
