"""The person's messages on the staff's pages in headless Chromium: axe-core (WCAG 2.1 A and
AA, zero violations) and no sideways scrolling at 320 px, with messages on each page."""

import pytest

from jobbtorg.core.audit.events import AuditContext
from jobbtorg.core.audit.models import AuditChannel
from jobbtorg.participants.models import Referral
from jobbtorg.participants.services.case_messages import message_from_participant
from tests.browser.test_accessibility import (
    assert_accessible,
    assert_fits_320_px,
    click_and_wait,
    sign_in,
)
from tests.participants.scenarios import active_case

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PERSON = AuditContext(actor=None, channel=AuditChannel.PAGE)


def check(page, what):
    assert_accessible(page, what)
    assert_fits_320_px(page, what)


def write(case, subject, body):
    return message_from_participant(
        participant=case.participant,
        referral=case,
        subject=subject,
        body=body,
        audit_context=PERSON,
    ).thread


def test_the_coach_reads_and_answers_and_the_manager_sees_what_waits(page, live_server, staff):
    case = active_case(staff, first_name="Amira", last_name="Hassan")
    write(case, "Tid för möte", "Hej! Kan vi ses på tisdag i stället för måndag?\nMvh Amira")
    without = active_case(staff, first_name="Bo", last_name="Utan")
    Referral.objects.filter(pk=without.pk).update(coach=None)
    write(without, "Vem är min coach?", "Jag har inte hört något på två veckor.")

    sign_in(page, live_server, "coach-sydost")
    assert page.get_by_role("heading", name="Meddelanden från dina deltagare").is_visible()
    check(page, "Min dag with an unread message")

    click_and_wait(page.get_by_role("link", name="Amira Hassan: Tid för möte"))
    assert page.get_by_role("heading", level=1).inner_text() == "Meddelanden"
    check(page, "the person's messages with the answer form")
    click_and_wait(page.get_by_role("button", name="Skicka svaret"))
    assert page.get_by_role("alert").count() >= 1
    check(page, "the answer form with an error")
    page.get_by_label("Ditt svar").fill("Tisdag kl 10 går bra.")
    click_and_wait(page.get_by_role("button", name="Skicka svaret"))
    check(page, "the messages after the answer")

    page.goto(f"{live_server.url}/deltagare/{case.participant_id}/")
    assert page.get_by_role("heading", name="Meddelanden", exact=True).is_visible()
    check(page, "participant page with messages")

    page.context.clear_cookies()
    sign_in(page, live_server, "manager-sydost")
    assert page.get_by_role("link", name="Bo Utan: Vem är min coach?").is_visible()
    check(page, "Min dag for a manager with a message waiting without a coach")
