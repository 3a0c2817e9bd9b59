"""`--database-tests-only`: the PostgreSQL phase of make test runs every test that uses the
test database and leaves the others (the same on any database) to the SQLite phase."""

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _collected(*args: str) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return [line for line in result.stdout.splitlines() if "::" in line]


def test_only_tests_that_reach_the_database_are_kept():
    modules = [
        # a pure rule: no database
        "tests/engines/rules/test_exit.py",
        # pages: the database through `db` and fixtures built on it
        "tests/participants/test_pages.py",
        # a worker on a SQLite file of its own, no test database
        "tests/core/test_worker_process.py",
        # a world built once per module through django_db_blocker
        "tests/participants/test_scoping_writes.py",
    ]
    every = _collected(*modules)
    kept = _collected("--database-tests-only", *modules)
    assert set(kept) < set(every)
    files = {line.split("::")[0] for line in kept}
    assert "tests/participants/test_pages.py" in files
    assert "tests/participants/test_scoping_writes.py" in files
    assert "tests/engines/rules/test_exit.py" not in files
    assert "tests/core/test_worker_process.py" not in files
    # Nothing that uses the database is left out.
    pages = [line for line in every if line.startswith("tests/participants/test_pages.py")]
    assert set(pages) <= set(kept)
