"""The provider portal's attendance page in Chromium, with axe-core and at 320 px: the day's
list with a refused row (errors shown), and the missing registers."""

import datetime as dt

import pytest
from django.utils import timezone

from jobbtorg.engines.rules.deadlines import is_working_day
from tests.browser.test_accessibility import (
    assert_accessible,
    assert_fits_320_px,
    click_and_wait,
)
from tests.factories import PASSWORD
from tests.offering import offering_at, place, report
from tests.participants.scenarios import active_case, backdate

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_provider_staff_register_a_day(page, live_server, staff):
    today = timezone.localdate()
    day = today - dt.timedelta(days=1)
    while not is_working_day(day):
        day -= dt.timedelta(days=1)
    start = day - dt.timedelta(days=14)
    case = backdate(active_case(staff, first_name="Amira", last_name="Hassan"), 30)
    offering = offering_at(staff.provider_staff.provider, code="work_training")
    participation = place(case, offering, staff.coach_sydost, start=start)
    report(participation, staff.provider_staff, "start", start)

    page.goto(f"{live_server.url}/logga-in/")
    page.get_by_label("Användarnamn").fill("provider-staff")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{live_server.url}/")
    assert_accessible(page, "provider start page with missing registers")

    page.goto(f"{live_server.url}/anordnare/narvaro/?dag={day.isoformat()}")
    assert "Amira Hassan" in page.content()
    assert_accessible(page, "attendance page")
    assert_fits_320_px(page, "attendance page")

    # A valid absence without its reason: refused, with the error on the row.
    page.locator(f"#status-{participation.pk}-absent_valid").check()
    click_and_wait(page.locator("#attendance-form button[type=submit]"))
    assert page.locator(".error-summary").count() == 1
    assert_accessible(page, "attendance page with errors")
