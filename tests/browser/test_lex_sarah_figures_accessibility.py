"""Lex Sarah in the key figures (/nyckeltal/lex-sarah/) in Chromium, with axe-core and at
320 px: the analyst's page with "fewer than 5", the manager's with every number, and the form
with an error. Over the reports of tests/followup/test_lex_sarah_figures.py."""

import pytest

from tests.browser.test_accessibility import assert_accessible, assert_fits_320_px, sign_in
from tests.followup.test_lex_sarah_figures import world  # noqa: F401 (the reports)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("world"),
]


def test_the_lex_sarah_figures_for_the_analyst_and_the_manager(page, live_server):
    sign_in(page, live_server, "analyst")
    page.goto(f"{live_server.url}/nyckeltal/lex-sarah/?ar=2026&tertial=1")
    assert page.locator("section table").count() == 3
    assert "färre än 5" in page.locator("#lex-sarah-2 ~ table").inner_text()
    assert_accessible(page, "lex Sarah figures, analyst")
    assert_fits_320_px(page, "lex Sarah figures, analyst")
    page.locator("#id_ar").fill("19")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_selector(".error-summary")
    assert_accessible(page, "lex Sarah figures with an error")
    page.context.clear_cookies()
    sign_in(page, live_server, "manager-sydost")
    page.goto(f"{live_server.url}/nyckeltal/lex-sarah/?ar=2026&tertial=1")
    assert "färre än 5" not in page.locator("main").inner_text()
    assert_accessible(page, "lex Sarah figures, manager")
    assert_fits_320_px(page, "lex Sarah figures, manager")
