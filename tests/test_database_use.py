"""`--database-tests-only`: the PostgreSQL phase of make test runs every test that uses the
test database and leaves the others (the same on any database) to the SQLite phase; and the
Makefile leaves the browser tests and the walks over every page to the SQLite phase too."""

import re
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


def test_the_postgresql_phase_leaves_the_browser_and_the_walks_over_every_page_to_sqlite():
    recipe = (REPO / "Makefile").read_text().split("\ntest-postgres:", 1)[1].split("\n\n", 1)[0]
    leaves_out = re.search(r'--database-tests-only -m "([^"]+)"', recipe)
    assert leaves_out, recipe
    modules = [
        "tests/browser/test_accessibility.py",
        "tests/core/test_admin_no_personal_data.py",
        "tests/web/test_no_codes_on_screen.py",
    ]
    kept = _collected("--database-tests-only", "-m", leaves_out.group(1), *modules)
    assert not [line for line in kept if line.startswith(("tests/browser/", "tests/web/"))]
    admin = {line.split("::")[1].split("[")[0] for line in kept}
    # The admin's delete pages count what the database holds: they stay; the walk goes.
    assert "test_the_delete_page_of_a_district_with_people_counts_them_and_refuses" in admin
    walk = "test_no_page_of_the_admin_shows_a_participants_or_applicants_name_or_number"
    assert walk not in admin
