"""Real `jobbtorg worker` processes against a SQLite file of their own (tests/core,
tests/transfer): the file is migrated once per run of the suite, in a subprocess as `make run`
would, and each test works on a copy."""

import fcntl
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
JOBBTORG = [sys.executable, "-m", "jobbtorg.cli"]


def worker_env(database: Path, **extra: str) -> dict[str, str]:
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
def migrated_worker_database(tmp_path_factory) -> Path:
    """One migrated SQLite file for the whole run, shared by pytest-xdist's processes: the first
    that needs it migrates (half a minute), the others wait for it and use it."""
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the run's directory, above each process's own
    database = shared / "worker-template" / "jobbtorg.sqlite3"
    database.parent.mkdir(exist_ok=True)
    with open(database.parent / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (database.parent / "migrated").exists():
            subprocess.run(
                [*JOBBTORG, "migrate", "--no-input", "-v", "0"],
                env=worker_env(database),
                cwd=REPO,
                check=True,
                timeout=300,
            )
            (database.parent / "migrated").touch()
    return database


@pytest.fixture
def worker_database(migrated_worker_database, tmp_path) -> Path:
    """A copy of the migrated file for one test."""
    copy = tmp_path / "jobbtorg.sqlite3"
    shutil.copy(migrated_worker_database, copy)
    return copy


def start_worker(database: Path, worker_id: str, **env: str) -> subprocess.Popen:
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
        env=worker_env(database, **env),
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def wait_for(condition, timeout: float = 180.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError("timed out waiting")
