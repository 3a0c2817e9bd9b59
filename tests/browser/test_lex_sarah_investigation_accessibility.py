"""The lex Sarah officer's pages in headless Chromium: axe-core (WCAG 2.1 A and AA, zero
violations) and no sideways scrolling at 320 px, on each page and each form with its errors,
as an officer takes a serious report from the inbox to closed."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.browser.test_accessibility import (
    assert_accessible,
    assert_fits_320_px,
    click_and_wait,
    sign_in,
)
from tests.lex_sarah.world import filed, investigated, officers

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def check(page, what):
    assert_accessible(page, what)
    assert_fits_320_px(page, what)


def test_an_officer_investigates_reports_to_ivo_and_closes(page, live_server, staff, people):
    officer = officers(staff).sydost
    report = filed(staff.coach_sydost, participant=people.in_farsta)
    investigated(filed(staff.coach_sydost), officer)
    today = timezone.localdate()

    sign_in(page, live_server, officer.username)
    page.goto(f"{live_server.url}/lex-sarah/rapporter/")
    assert page.get_by_role("heading", level=1).inner_text() == "Lex Sarah-rapporter"
    check(page, "the inbox")

    click_and_wait(page.get_by_role("link", name=report.reference))
    check(page, "a received report")
    click_and_wait(page.get_by_role("link", name="Börja utredningen"))
    check(page, "the investigation form")
    click_and_wait(page.get_by_role("button", name="Spara utredningen"))
    assert page.get_by_role("alert").count() >= 1
    check(page, "the investigation form with an error")
    page.get_by_label("Fakta").fill("Närvaron registrerades inte på tre veckor.")
    page.get_by_label("Bedömning").select_option("serious_wrongdoing")
    click_and_wait(page.get_by_role("button", name="Spara utredningen"))
    check(page, "a serious report under investigation, with the IVO and closing forms")

    click_and_wait(page.get_by_role("button", name="Registrera som skickad"))
    check(page, "the IVO form with an error")
    page.get_by_label("Skickad den").fill(today.isoformat())
    click_and_wait(page.get_by_role("button", name="Registrera som skickad"))
    assert page.get_by_text("Registrerat: Anmälan till IVO skickad").count() == 1, page.content()

    click_and_wait(page.get_by_role("button", name="Avsluta rapporten"))
    check(page, "the closing form with errors")
    page.locator("#id_decision").fill("Rutinen för närvaro skärps.")
    page.get_by_label("Beslutsdag").fill(today.isoformat())
    page.locator("#id_measures_taken").fill("Alla coacher har fått rutinen.")
    page.get_by_label("Åtgärd 1 att följa upp").fill("Ny rutin")
    page.get_by_label("Följ upp åtgärd 1 den").fill((today + dt.timedelta(days=30)).isoformat())
    click_and_wait(page.get_by_role("button", name="Avsluta rapporten"))
    assert page.get_by_text(f"Rapporten {report.reference} är avslutad.").count() == 1, (
        page.content()
    )
    check(page, "a closed report with a measure to follow up")

    click_and_wait(page.get_by_role("button", name="Registrera uppföljningen"))
    check(page, "the follow-up form with an error")

    page.goto(f"{live_server.url}/lex-sarah/rapporter/{report.pk}/utredning/1/")
    check(page, "an earlier version of the investigation")
