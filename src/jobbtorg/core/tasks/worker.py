"""`jobbtorg worker`: django-tasks-db's worker loop, with a housekeeping thread beside it that
writes the heartbeat, queues again the tasks of workers that died and enqueues periodic tasks.

The thread is in the worker process, never in a web process; it has its own database connection.
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker

from jobbtorg.core.tasks.housekeeping import housekeeping, schedule, stopped

logger = logging.getLogger("jobbtorg.worker")


class JobbtorgWorker(Worker):
    def __init__(self, *, housekeeping_in_thread: bool = True, **options: object) -> None:
        super().__init__(**options)  # type: ignore[arg-type]
        self.entries = schedule()
        self.started_at = timezone.now()
        self.housekeeping_in_thread = housekeeping_in_thread
        self._stop = threading.Event()

    def housekeeping(self) -> None:
        housekeeping(self.worker_id, started_at=self.started_at, entries=self.entries)

    def _housekeeping_loop(self) -> None:
        try:
            while not self._stop.is_set():
                try:
                    self.housekeeping()
                except Exception:  # a busy or lost database must not stop the worker
                    logger.exception("Worker housekeeping failed; trying again")
                self._stop.wait(settings.JOBBTORG_WORKER_HEARTBEAT_SECONDS)
        finally:
            connection.close()

    def run(self) -> None:
        self.housekeeping()
        thread = None
        if self.housekeeping_in_thread:
            thread = threading.Thread(
                target=self._housekeeping_loop, name="worker-housekeeping", daemon=True
            )
            thread.start()
        try:
            super().run()
        finally:
            self._stop.set()
            if thread is not None:
                thread.join(timeout=settings.JOBBTORG_WORKER_HEARTBEAT_SECONDS + 5)
            try:
                stopped(self.worker_id)
            except Exception:
                logger.exception("Could not remove the heartbeat of worker %s", self.worker_id)
