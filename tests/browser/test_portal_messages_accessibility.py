"""The person's messages and absence report on their own pages in Chromium at 320 px, with
axe-core: the list, a thread with a new answer, the answer form with an error, a new message,
the absence form with an error and its answer. No script on any of them."""

import datetime as dt

import pytest
from django.utils import timezone

from jobbtorg.core.audit.events import AuditContext
from jobbtorg.core.audit.models import AuditChannel
from jobbtorg.participants.services.case_messages import message_from_staff
from tests.browser.test_accessibility import click_and_wait

# At 320 px, axe, and no script: the portal's own check.
from tests.browser.test_portal_accessibility import _checked
from tests.offering import offering_at, place, report
from tests.participants.scenarios import active_case, backdate
from tests.portal.cases import thread_written

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_person_writes_to_the_coach_and_reports_absence(page, live_server, staff):
    coach = staff.coach_sydost
    coach.first_name, coach.last_name = "Cecilia", "Coach"
    coach.save()
    today = timezone.localdate()
    start = today - dt.timedelta(days=today.weekday() + 7)
    offering = offering_at(staff.provider_staff.provider, code="work_training")
    case = backdate(active_case(staff, first_name="Mona", last_name="Minsson"), 30)
    participation = place(case, offering, coach, start=start)
    report(participation, staff.provider_staff, "start", start)
    thread = thread_written(case, "Tid för möte", "Kan vi ses på tisdag i stället?")
    message_from_staff(
        actor=coach,
        thread=thread,
        body="Tisdag klockan 10 går bra.",
        audit_context=AuditContext(actor=coach, channel=AuditChannel.PAGE),
    )

    page.goto(f"{live_server.url}/mina-sidor/")
    click_and_wait(page.get_by_role("link", name="Demo: logga in som en av demodeltagarna"))
    click_and_wait(page.get_by_role("button", name="Mona Minsson"))
    assert "Du har 1 nytt svar." in page.inner_text("main")

    click_and_wait(page.get_by_role("link", name="Läs och skriv meddelanden"))
    assert "1 nytt svar" in page.inner_text("main")
    _checked(page, "the person's messages")

    click_and_wait(page.get_by_role("link", name="Tid för möte"))
    assert "Nytt svar" in page.inner_text("main")
    _checked(page, "a thread with a new answer")
    click_and_wait(page.get_by_role("button", name="Skicka svaret"))
    assert page.get_by_role("alert").count() >= 1
    _checked(page, "the answer form with an error")
    page.get_by_label("Ditt svar").fill("Tack, då ses vi.")
    click_and_wait(page.get_by_role("button", name="Skicka svaret"))
    assert "Ditt svar är skickat." in page.inner_text("main")
    _checked(page, "a thread after the person's answer")

    click_and_wait(page.get_by_role("link", name="Tillbaka till dina meddelanden"))
    click_and_wait(page.get_by_role("link", name="Skriv ett nytt meddelande"))
    _checked(page, "a new message")
    click_and_wait(page.get_by_role("button", name="Skicka meddelandet"))
    assert page.get_by_role("alert").count() >= 1
    _checked(page, "a new message with errors")
    page.get_by_label("Vad handlar det om?").fill("Intyg")
    page.get_by_label("Ditt meddelande").fill("Behöver jag ett intyg?")
    click_and_wait(page.get_by_role("button", name="Skicka meddelandet"))
    assert "Ditt meddelande är skickat." in page.inner_text("main")

    page.goto(f"{live_server.url}/mina-sidor/")
    click_and_wait(page.get_by_role("link", name="Anmäl frånvaro"))
    _checked(page, "the absence form")
    click_and_wait(page.get_by_role("button", name="Anmäl frånvaro"))
    assert page.get_by_role("alert").count() >= 1
    _checked(page, "the absence form with an error")
    page.get_by_label("Jag är sjuk").check()
    # Two weeks from today always hold days of the activity, whatever day the test runs.
    page.get_by_label("Sista dagen").fill((today + dt.timedelta(days=13)).isoformat())
    click_and_wait(page.get_by_role("button", name="Anmäl frånvaro"))
    assert "Din frånvaro är anmäld" in page.inner_text("main")
    _checked(page, "the answer to an absence report")
