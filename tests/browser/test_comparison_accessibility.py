"""The comparison page and the coach's free-choice page in Chromium, with axe-core and at
320 px."""

import pytest
from django.utils import timezone

from tests.browser.test_accessibility import assert_accessible, assert_fits_320_px, sign_in
from tests.participants.scenarios import active_case
from tests.providers.helpers import lov, started

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_comparison_page_with_a_shown_and_a_masked_group(page, live_server, staff):
    started(staff, lov("alfa"), 5, prefix="A", completed=2)
    started(staff, lov("beta"), 2, prefix="B")
    sign_in(page, live_server, "analyst")
    page.goto(f"{live_server.url}/jamforelse/")
    assert "Anordnare ALFA" in page.get_by_role("table").inner_text()
    assert_accessible(page, "comparison page")
    assert_fits_320_px(page, "comparison page")
    # Located by id: the new labels are translated at merge.
    page.locator("#id_end").fill("2000-01-01")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_selector(".error-summary")
    assert_accessible(page, "comparison page with an error")


def test_the_free_choice_page(page, live_server, staff):
    lov("alfa", languages="svenska, arabiska")
    lov("beta")
    case = active_case(staff)
    sign_in(page, live_server, "coach-sydost")
    page.goto(f"{live_server.url}/deltagare/{case.participant_id}/valfrihet/")
    assert "Anordnare BETA" in page.get_by_role("table").inner_text()
    assert_accessible(page, "free-choice page")
    assert_fits_320_px(page, "free-choice page")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_selector(".error-summary")
    assert_accessible(page, "free-choice page with an error")
    page.locator("#offering-default").check()
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/deltagare/{case.participant_id}/#choices-title")
    assert timezone.localdate().isoformat() in page.locator("#choices-title + table").inner_text()
    assert_accessible(page, "person page with the provider chosen")
