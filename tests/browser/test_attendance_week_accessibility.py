"""The provider's week of attendance in Chromium, with axe-core and at 320 px: the week's list
with everyone present by default, saved in one click; a refused cell with its error linked
from the summary; the missing registers on Min dag; and a break-off's confirm step."""

import datetime as dt

import pytest
from django.utils import timezone

from jobbtorg.providers.models import AttendanceRegister
from tests.browser.test_accessibility import (
    assert_accessible,
    assert_fits_320_px,
    click_and_wait,
    sign_in,
)
from tests.offering import offering_at, place, report
from tests.participants.scenarios import active_case, backdate

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_provider_staff_register_a_week(page, live_server, staff):
    today = timezone.localdate()
    this_monday = today - dt.timedelta(days=today.weekday())
    start = this_monday - dt.timedelta(days=7)
    offering = offering_at(staff.provider_staff.provider, code="work_training")
    people = []
    for first, last in (("Amira", "Hassan"), ("Bo", "Berg")):
        case = backdate(active_case(staff, first_name=first, last_name=last), 30)
        participation = place(case, offering, staff.coach_sydost, start=start)
        report(participation, staff.provider_staff, "start", start)
        people.append(participation)

    sign_in(page, live_server, "provider-staff")
    assert "Saknad närvaro" in page.content() or "Saknade registreringar" in page.content()
    assert_accessible(page, "provider's Min dag with the missing registers per week")

    click_and_wait(page.get_by_role("link", name="Närvaro", exact=True).first)
    assert_accessible(page, "the provider's attendance page")

    # Last week: every day of it past and inside the places, whatever the day and hour the test
    # runs (this week holds only today on a Monday).
    year, week, _ = start.isocalendar()
    page.goto(f"{live_server.url}/anordnare/narvaro/vecka/{offering.pk}/?vecka={year}-W{week:02d}")
    assert "Amira Hassan" in page.content()
    assert_accessible(page, "the week's attendance")
    assert_fits_320_px(page, "the week's attendance")

    # A choice the page never offers (as a tampered form would send): refused, linked.
    first_cell = page.locator("#attendance-week-form select").first
    first_cell.evaluate(
        "select => { select.add(new Option('x', 'absent_valid')); select.value = 'absent_valid'; }"
    )
    click_and_wait(page.locator("#attendance-week-form button[type=submit]"))
    assert page.locator(".error-summary").count() == 1
    assert not AttendanceRegister.objects.exists()
    assert_accessible(page, "the week's attendance with errors")

    # Everyone present by default: one click saves the week.
    click_and_wait(page.locator("#attendance-week-form button[type=submit]"))
    assert page.locator(".error-summary").count() == 0
    assert AttendanceRegister.objects.filter(status="present").count() >= 2
    assert_accessible(page, "the week's attendance saved")

    # The person's page: attendance first, a break-off confirmed in a second step.
    page.goto(f"{live_server.url}/aktiviteter/{people[0].pk}/")
    assert_accessible(page, "the provider's page of one person")
    page.locator("#id_break_off-on").fill((today - dt.timedelta(days=1)).isoformat())
    page.locator("#id_break_off-note").fill("Har slutat komma.")
    click_and_wait(page.get_by_role("button", name="Rapportera avbrott"))
    assert "Ja, rapportera avbrottet" in page.content()
    assert_accessible(page, "the break-off's confirm step")
    people[0].refresh_from_db()
    assert people[0].status == "started"
