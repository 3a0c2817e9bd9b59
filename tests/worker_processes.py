"""Real `jobbtorg worker` processes against a SQLite file of their own (tests/core,
tests/transfer): the file is migrated once per test process, in a subprocess as `make run`
would, and each test works on a copy."""

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
    """One migrated SQLite file per test process; each test works on a copy."""
    database = tmp_path_factory.mktemp("worker-template") / "jobbtorg.sqlite3"
    subprocess.run(
        [*JOBBTORG, "migrate", "--no-input", "-v", "0"],
        env=worker_env(database),
        cwd=REPO,
        check=True,
        timeout=300,
    )
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
