"""What the queue holds: for work that is coalesced (one waiting run of a task is enough when
the run reads the state it acts on when it starts: the key-figure refresh), and for a page that
waits for a task (a task that failed for good, e.g. its worker died three times, never finishes
the work it was asked for)."""

from django_tasks import task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult


def is_waiting(task_path: str, backend: str = "default") -> bool:
    """A task of that path is on the queue and no worker has started it. A backend that keeps
    no queue (the immediate backend of the unit tests runs a task when it is enqueued) never
    has one waiting."""
    return _on_queue(task_path, backend, [TaskResultStatus.READY])


def is_pending(task_path: str, backend: str = "default") -> bool:
    """A task of that path is waiting or being run (a page says its result is on its way).
    Never with a backend that keeps no queue."""
    return _on_queue(task_path, backend, [TaskResultStatus.READY, TaskResultStatus.RUNNING])


def _on_queue(task_path: str, backend: str, statuses: list[TaskResultStatus]) -> bool:
    if not isinstance(task_backends[backend], DatabaseBackend):
        return False
    return DBTaskResult.objects.filter(task_path=task_path, status__in=statuses).exists()


def has_failed(task_result_id: str, backend: str = "default") -> bool:
    """The task was given up: it raised, or lost its worker too many times."""
    if not task_result_id or not isinstance(task_backends[backend], DatabaseBackend):
        return False
    return DBTaskResult.objects.filter(pk=task_result_id, status=TaskResultStatus.FAILED).exists()
