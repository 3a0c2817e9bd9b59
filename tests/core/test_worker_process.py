"""`jobbtorg worker` as a real process: killed in the middle of a task, the task runs again on
the next worker; stopped with SIGTERM, it exits cleanly and says so in the heartbeat table."""

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
JOBBTORG = [sys.executable, "-m", "jobbtorg.cli"]


def _env(database: Path, **extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "PYTEST_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="jobbtorg.config.settings.dev",
        DATABASE_URL=f"sqlite:///{database}",
        JOBBTORG_DATA_DIR=str(database.parent),
        PYTHONPATH=os.pathsep.join([str(REPO / "src"), str(REPO)]),
        JOBBTORG_WORKER_HEARTBEAT_SECONDS="1",
        **extra,
    )
    return env


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory) -> Path:
    """One migrated SQLite file per test process; each test works on a copy."""
    database = tmp_path_factory.mktemp("worker-template") / "jobbtorg.sqlite3"
    subprocess.run(
        [*JOBBTORG, "migrate", "--no-input", "-v", "0"],
        env=_env(database),
        cwd=REPO,
        check=True,
        timeout=300,
    )
    return database


@pytest.fixture
def database(migrated_database, tmp_path) -> Path:
    copy = tmp_path / "jobbtorg.sqlite3"
    shutil.copy(migrated_database, copy)
    return copy


def _worker(database: Path, worker_id: str, **env: str) -> subprocess.Popen:
    return subprocess.Popen(
        [
            *JOBBTORG,
            "worker",
            "--no-reload",
            "--no-startup-delay",
            "--interval",
            "0.2",
            "--worker-id",
            worker_id,
        ],
        env=_env(database, **env),
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _wait_for(condition, timeout: float = 180.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError("timed out waiting")


def _task_row(database: Path) -> tuple[str, list[str]]:
    with sqlite3.connect(database) as db:
        status, worker_ids = db.execute(
            "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult"
        ).fetchone()
    return status, json.loads(worker_ids)


def _heartbeats(database: Path) -> list[str]:
    with sqlite3.connect(database) as db:
        return [row[0] for row in db.execute("SELECT worker_id FROM core_workerheartbeat")]


def test_a_task_cut_short_by_a_killed_worker_runs_again_on_the_next(database, tmp_path):
    attempts = tmp_path / "attempts.txt"
    subprocess.run(
        [
            *JOBBTORG,
            "shell",
            "-c",
            "from tests.core.worker_tasks import slow_on_first_attempt as t; "
            f"t.enqueue({str(attempts)!r})",
        ],
        env=_env(database),
        cwd=REPO,
        check=True,
        timeout=120,
    )

    first = _worker(database, "first")
    try:
        _wait_for(lambda: attempts.exists())
        assert _task_row(database) == ("RUNNING", ["first"])
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)

    second = _worker(database, "second", JOBBTORG_WORKER_LOST_AFTER_SECONDS="2")
    try:
        _wait_for(lambda: _task_row(database)[0] == "SUCCESSFUL")
        assert _task_row(database) == ("SUCCESSFUL", ["first", "second"])
        assert attempts.read_text().splitlines() == ["attempt 1", "attempt 2"]
        assert "second" in _heartbeats(database)
    finally:
        second.send_signal(signal.SIGTERM)
        output, _ = second.communicate(timeout=30)

    assert second.returncode == 0, output
    assert "queued again" in output
    assert "second" not in _heartbeats(database)
