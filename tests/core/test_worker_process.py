"""`jobbtorg worker` as a real process: killed in the middle of a task, the task runs again on
the next worker; stopped with SIGTERM, it exits cleanly and says so in the heartbeat table."""

import json
import signal
import sqlite3
import subprocess
from pathlib import Path

from tests.worker_processes import JOBBTORG, REPO, start_worker, wait_for, worker_env


def _task_row(database: Path) -> tuple[str, list[str]]:
    with sqlite3.connect(database) as db:
        status, worker_ids = db.execute(
            "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult"
        ).fetchone()
    return status, json.loads(worker_ids)


def _heartbeats(database: Path) -> list[str]:
    with sqlite3.connect(database) as db:
        return [row[0] for row in db.execute("SELECT worker_id FROM core_workerheartbeat")]


def test_a_task_cut_short_by_a_killed_worker_runs_again_on_the_next(worker_database, tmp_path):
    database = worker_database
    attempts = tmp_path / "attempts.txt"
    subprocess.run(
        [
            *JOBBTORG,
            "shell",
            "-c",
            "from tests.core.worker_tasks import slow_on_first_attempt as t; "
            f"t.enqueue({str(attempts)!r})",
        ],
        env=worker_env(database),
        cwd=REPO,
        check=True,
        timeout=120,
    )

    first = start_worker(database, "first")
    try:
        wait_for(lambda: attempts.exists())
        assert _task_row(database) == ("RUNNING", ["first"])
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)

    second = start_worker(database, "second", JOBBTORG_WORKER_LOST_AFTER_SECONDS="2")
    try:
        wait_for(lambda: _task_row(database)[0] == "SUCCESSFUL")
        assert _task_row(database) == ("SUCCESSFUL", ["first", "second"])
        assert attempts.read_text().splitlines() == ["attempt 1", "attempt 2"]
        assert "second" in _heartbeats(database)
    finally:
        second.send_signal(signal.SIGTERM)
        output, _ = second.communicate(timeout=30)

    assert second.returncode == 0, output
    assert "queued again" in output
    assert "second" not in _heartbeats(database)
