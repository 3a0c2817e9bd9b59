"""`jobbtorg worker`: runs queued tasks until stopped (docs/operations.md). Ctrl-C or SIGTERM
lets the running task finish; a second one stops at once (the task is then queued again)."""

from __future__ import annotations

import os
from typing import Any

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from jobbtorg.core.tasks.worker import JobbtorgWorker


class Command(DatabaseWorkerCommand):
    help = (
        "Run queued background tasks (transfer checks and imports, the matching index, key "
        "figures, scheduled work) until stopped. Start one or more beside the web server."
    )

    def handle(self, *, verbosity: int, reload: bool, batch: bool, **options: Any) -> None:
        self.configure_logging(verbosity)
        queue_names = options["queue_name"].split(",")
        excluded = options["exclude_queues"].split(",") if options["exclude_queues"] else []
        worker = JobbtorgWorker(
            queue_names=queue_names,
            interval=options["interval"],
            batch=batch,
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            excluded_queue_names=excluded,
        )
        if reload and not batch:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
