"""Mina uppgifter in Chromium at 320 px, with axe-core: the page with a plan, a health entry and a
message, the consent form refused (too long) and sent, and the coach's Min dag with the request
to take back the consent. No script on the portal's pages."""

from types import SimpleNamespace

import pytest

from jobbtorg.core.audit.events import AuditContext
from jobbtorg.participants.services.assessments import health_entry_add
from jobbtorg.participants.services.case_messages import message_from_participant
from jobbtorg.participants.services.consent_withdrawals import TEXT_MAX_CHARACTERS
from tests.browser.test_accessibility import assert_accessible, click_and_wait, sign_in
from tests.browser.test_portal_accessibility import _checked
from tests.factories import UserFactory
from tests.participants.scenarios import active_case, context

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_participant_reads_their_data_and_asks_to_take_back_the_consent(page, live_server):
    coach = UserFactory(username="coach-sydost", coach=True)
    officer = UserFactory(username="officer-farsta", officer=True)
    case = active_case(
        SimpleNamespace(coach_sydost=coach, officer_farsta=officer),
        first_name="Mona",
        last_name="Minsson",
    )
    health_entry_add(actor=coach, audit_context=context(coach), referral=case, text="Ryggbesvär.")
    message_from_participant(
        participant=case.participant,
        referral=case,
        subject="Tid för möte",
        body="Kan vi ses på tisdag?",
        audit_context=AuditContext(actor=None, channel="participant"),
    )

    page.goto(f"{live_server.url}/mina-sidor/demo/")
    click_and_wait(page.get_by_role("button", name="Mona Minsson"))
    click_and_wait(page.get_by_role("link", name="Mina uppgifter", exact=False))
    main = page.inner_text("main")
    assert "Det finns anteckningar om hälsa. Fråga din coach." in main
    assert "Ryggbesvär" not in main
    _checked(page, "Mina uppgifter")

    page.get_by_label("Vad vill du berätta?", exact=False).fill("x" * (TEXT_MAX_CHARACTERS + 1))
    click_and_wait(page.get_by_role("button", name="Skicka min begäran"))
    assert "Texten får vara högst" in page.inner_text("main")
    _checked(page, "Mina uppgifter, the consent form refused")

    page.get_by_label("Vad vill du berätta?", exact=False).fill("Jag vill prata om delningen.")
    click_and_wait(page.get_by_role("button", name="Skicka min begäran"))
    assert "Din coach kontaktar dig." in page.inner_text("main")
    _checked(page, "Mina uppgifter, the consent request sent")

    page.context.clear_cookies()
    sign_in(page, live_server, "coach-sydost")
    assert "Mona Minsson" in page.inner_text("#consent-withdrawals-title + p + ul")
    assert_accessible(page, "the coach's Min dag with a consent request")
    click_and_wait(page.get_by_role("button", name="Markera som hanterad"))
    assert page.locator("#consent-withdrawals-title").count() == 0
