"""The queue's health for /healthz: is the database there, when did a worker last beat, and
how long has the oldest waiting task waited. No personal data: counts and times only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Max, Min
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from jobbtorg.core.models import WorkerHeartbeat


@dataclass(frozen=True)
class QueueHealth:
    database_ok: bool
    worker_last_seen: dt.datetime | None
    worker_silent_seconds: float | None
    waiting_tasks: int
    oldest_waiting_seconds: float | None

    @property
    def worker_ok(self) -> bool:
        return (
            self.worker_silent_seconds is not None
            and self.worker_silent_seconds <= settings.JOBBTORG_WORKER_SILENT_SECONDS
        )

    @property
    def healthy(self) -> bool:
        return self.database_ok and self.worker_ok

    def as_dict(self) -> dict[str, object]:
        return {
            "status": "ok" if self.healthy else "unhealthy",
            "database": "ok" if self.database_ok else "unavailable",
            "worker": "ok" if self.worker_ok else "silent",
            "worker_last_seen": self.worker_last_seen.isoformat()
            if self.worker_last_seen
            else None,
            "worker_silent_seconds": _rounded(self.worker_silent_seconds),
            "waiting_tasks": self.waiting_tasks,
            "oldest_waiting_seconds": _rounded(self.oldest_waiting_seconds),
        }


def _rounded(seconds: float | None) -> int | None:
    return None if seconds is None else int(seconds)


def queue_health(now: dt.datetime | None = None) -> QueueHealth:
    now = now or timezone.now()
    try:
        connection.ensure_connection()
        last_seen = WorkerHeartbeat.objects.aggregate(last=Max("last_seen"))["last"]
        waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
        oldest = waiting.aggregate(first=Min("enqueued_at"))["first"]
        count = waiting.count()
    except DatabaseError:
        return QueueHealth(False, None, None, 0, None)
    return QueueHealth(
        database_ok=True,
        worker_last_seen=last_seen,
        worker_silent_seconds=(now - last_seen).total_seconds() if last_seen else None,
        waiting_tasks=count,
        oldest_waiting_seconds=(now - oldest).total_seconds() if oldest else None,
    )
