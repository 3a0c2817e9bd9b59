"""Which tests use the test database, for `--database-tests-only` (make test-postgres).

pytest-django refuses a query from a test that did not ask for the database, so a test whose
fixtures never reach one of these cannot have touched it: it passes or fails the same on
SQLite and on PostgreSQL (the engines, the rules, settings checked in a subprocess, workers
on a SQLite file of their own). The PostgreSQL phase leaves those to the SQLite phase, which
runs every test.
"""

import pytest

# Every way into the test database goes through one of pytest-django's own fixtures.
DATABASE_FIXTURES = frozenset(
    {
        "db",
        "transactional_db",
        "django_db_reset_sequences",
        "django_db_serialized_rollback",
        "live_server",
        "admin_client",
        "admin_user",
        "django_user_model",
    }
)
# A fixture of ours that opens the database by hand (a demo loaded once per module) asks for
# these. pytest-django's own autouse helper asks for them in every test, so theirs don't count.
HAND_OPENED = frozenset({"django_db_setup", "django_db_blocker"})


def _opens_the_database_by_hand(item: pytest.Item) -> bool:
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return False
    for definitions in info.name2fixturedefs.values():
        for definition in definitions:
            module = getattr(definition.func, "__module__", "") or ""
            if HAND_OPENED & set(definition.argnames) and not module.startswith("pytest_django"):
                return True
    return False


def uses_the_test_database(item: pytest.Item) -> bool:
    if item.get_closest_marker("django_db") is not None:
        return True
    if DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())):
        return True
    return _opens_the_database_by_hand(item)


def add_option(parser: pytest.Parser) -> None:
    parser.addoption(
        "--database-tests-only",
        action="store_true",
        help="run only the tests that use the test database (the PostgreSQL phase of make test)",
    )


def deselect_tests_without_database(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not config.getoption("--database-tests-only"):
        return
    kept = [item for item in items if uses_the_test_database(item)]
    left = [item for item in items if not uses_the_test_database(item)]
    if left:
        config.hook.pytest_deselected(items=left)
        items[:] = kept
