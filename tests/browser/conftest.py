"""Headless Chromium from Debian's package, driven by Playwright. Never a downloaded browser."""

import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("JOBBTORG_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    """Browser tests run last in each process, so that the event loop Playwright keeps running
    from the first of them to the end of the session does not reach any other test."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(scope="session")
def _chromium(django_db_setup, live_server):
    """One Chromium for the whole session (with pytest-xdist, one per worker process)."""
    # Playwright's sync API keeps an event loop running in this thread from here to the end of
    # the session, and Django refuses database calls under a running loop unless told they are
    # safe: so the browser starts after the test database is set up, and Django is told.
    from django.db import connections

    serialized = {
        conn.alias: conn._test_serialized_contents
        for conn in connections.all()
        if hasattr(conn, "_test_serialized_contents")
    }
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        from playwright.sync_api import sync_playwright

        assert CHROMIUM.exists(), (
            f"{CHROMIUM} is missing: install Debian's chromium (`make browser` does it)"
        )
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            # Django's connections are context-local, and the code that follows runs in the
            # context Playwright leaves: hand its connections the database's first contents,
            # which each browser test (serialized_rollback) starts from.
            for alias, contents in serialized.items():
                connections[alias]._test_serialized_contents = contents
            yield browser
            browser.close()
    connections.close_all()


@pytest.fixture
def browser(_chromium, live_server):
    yield _chromium
    # Django's connections are context-local: database calls made while Playwright's loop
    # ran used connections of that context. Close them after each test, or PostgreSQL cannot
    # flush or drop the test database.
    from django.db import connections

    connections.close_all()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="sv-SE")
    page = context.new_page()
    yield page
    context.close()
