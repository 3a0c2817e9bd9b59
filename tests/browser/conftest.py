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


@pytest.fixture
def browser(live_server, monkeypatch):
    # Playwright's sync API runs an event loop in this thread, and Django's connections are
    # context-local: so the browser starts after the test database is set up (and, being
    # function-scoped, stops before it is flushed), and Django is told the calls are safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.exists(), (
        f"{CHROMIUM} is missing: install Debian's chromium (`make browser` does it)"
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()
        # Database calls made while Playwright's loop ran used connections of that context:
        # close them here, or PostgreSQL cannot drop the test database at the end.
        from django.db import connections

        connections.close_all()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="sv-SE")
    page = context.new_page()
    yield page
    context.close()
