"""An absence the person reported themselves, as staff see it in Chromium with axe-core and at
320 px: the provider's day list (filled in, marked, the coming days listed), the week list,
and the coach's Min dag."""

import datetime as dt

import pytest
from django.utils import timezone

from jobbtorg.core.audit.events import AuditContext
from jobbtorg.core.audit.models import AuditChannel
from jobbtorg.providers.services.absence_reports import absence_report_by_participant
from tests.browser.test_accessibility import assert_accessible, assert_fits_320_px, sign_in
from tests.offering import offering_at, place, report
from tests.participants.scenarios import active_case, backdate

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_staff_see_an_absence_the_person_reported(page, live_server, staff):
    today = timezone.localdate()
    start = today - dt.timedelta(days=today.weekday() + 7)
    offering = offering_at(staff.provider_staff.provider, code="work_training")
    case = backdate(active_case(staff, first_name="Amira", last_name="Hassan"), 30)
    participation = place(case, offering, staff.coach_sydost, start=start)
    report(participation, staff.provider_staff, "start", start)
    # Two weeks from today always hold days of the activity, whatever day the test runs.
    written = absence_report_by_participant(
        participant=case.participant,
        reason="illness",
        first_day=today,
        last_day=today + dt.timedelta(days=13),
        audit_context=AuditContext(actor=None, channel=AuditChannel.PAGE),
    ).written
    first = written[0].day

    sign_in(page, live_server, "provider-staff")
    page.goto(f"{live_server.url}/anordnare/narvaro/?dag={first.isoformat()}")
    assert "Anmäld frånvaro av deltagaren" in page.content()
    assert_accessible(page, "the day's attendance with an absence the person reported")
    assert_fits_320_px(page, "the day's attendance with an absence the person reported")

    year, week, _ = first.isocalendar()
    page.goto(f"{live_server.url}/anordnare/narvaro/vecka/{offering.pk}/?vecka={year}-W{week:02d}")
    assert "Anmäld frånvaro av deltagaren" in page.content()
    assert_accessible(page, "the week's attendance with an absence the person reported")
    assert_fits_320_px(page, "the week's attendance with an absence the person reported")

    page.context.clear_cookies()
    sign_in(page, live_server, "coach-sydost")
    assert "Anmäld frånvaro av deltagaren" in page.content()
    assert_accessible(page, "the coach's Min dag with an absence the person reported")
    assert_fits_320_px(page, "the coach's Min dag with an absence the person reported")
