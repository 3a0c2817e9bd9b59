"""Tasks for the worker's own tests: they write to a file named by the test, so that a test in
another process can see what ran and how often."""

import time
from pathlib import Path

from django_tasks import task


@task()
def append_line(path: str, line: str) -> str:
    with Path(path).open("a") as file:
        file.write(line + "\n")
    return line


@task()
def slow_on_first_attempt(path: str) -> int:
    """Writes one line per attempt; the first attempt then waits long enough to be killed."""
    target = Path(path)
    attempts = len(target.read_text().splitlines()) + 1 if target.exists() else 1
    with target.open("a") as file:
        file.write(f"attempt {attempts}\n")
    if attempts == 1:
        time.sleep(120)
    return attempts


@task()
def fails(path: str) -> None:
    raise RuntimeError("this task always fails")


@task()
def scheduled_probe() -> str:
    return "ran"
