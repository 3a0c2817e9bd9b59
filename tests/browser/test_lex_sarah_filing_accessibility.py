"""Lex Sarah's filing pages, the officers' page and the lex Sarah boxes of the start pages in
headless Chromium: axe-core (WCAG 2.1 A and AA, zero violations) and no sideways scrolling at
320 px, with the errors of a refused form shown."""

import datetime as dt
import re

import pytest

from jobbtorg.lex_sarah.models import Assessment
from tests.browser.test_accessibility import (
    assert_accessible,
    assert_fits_320_px,
    click_and_wait,
    sign_in,
)
from tests.lex_sarah.world import filed, investigated, officers
from tests.participants.scenarios import active_case

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def check(page, what):
    assert_accessible(page, what)
    assert_fits_320_px(page, what)


def test_a_coach_reports_from_the_persons_page_and_follows_the_report(page, live_server, staff):
    case = active_case(staff, first_name="Amira", last_name="Hassan")
    sign_in(page, live_server, "coach-sydost")
    page.goto(f"{live_server.url}/deltagare/{case.participant_id}/")
    click_and_wait(
        page.get_by_role(
            "link", name="Rapportera ett missförhållande eller en risk som gäller personen"
        )
    )
    assert (
        page.get_by_role("heading", level=1).inner_text()
        == "Rapportera ett missförhållande (lex Sarah)"
    )
    assert "Amira Hassan" in page.content()
    check(page, "the filing form")

    click_and_wait(page.get_by_role("button", name="Skicka rapporten"))
    summary = page.get_by_role("alert")
    assert "Beskriv vad som hände eller kan hända." in summary.inner_text()
    check(page, "the filing form with errors")
    summary.get_by_role("link", name=re.compile("Beskriv vad som hände")).click()
    assert page.evaluate("document.activeElement.id") == "id_what_happened"

    page.get_by_label("Ett missförhållande").check()
    page.get_by_label("Vad hände, eller vad kunde hända?").fill("Närvaron registrerades inte.")
    page.get_by_label("Var hände det, eller var kunde det hända?").fill("Jobbtorg Sydost")
    page.get_by_label("Vem drabbades eller kunde drabbas?").fill("En deltagare")
    click_and_wait(page.get_by_role("button", name="Skicka rapporten"))
    assert page.get_by_role("heading", level=1).inner_text().startswith("Lex Sarah-rapport LS-")
    check(page, "the receipt")

    click_and_wait(page.get_by_role("link", name="Tillbaka till dina rapporter"))
    check(page, "the reporter's list")


def test_the_administrator_designates_an_officer(page, live_server, staff):
    officers(staff)
    sign_in(page, live_server, "administrator")
    page.goto(f"{live_server.url}/lex-sarah/handlaggare/")
    check(page, "the officers' page")
    click_and_wait(page.get_by_role("button", name="Utse", exact=True))
    assert "Välj personalkontot som ska utses." in page.get_by_role("alert").inner_text()
    check(page, "the officers' page with an error")


def test_the_officers_and_the_managers_start_pages(page, live_server, staff, on_day):
    team = officers(staff)
    filed(staff.coach_sydost)
    serious = filed(staff.coach_jarva, centre="jarva")
    investigated(serious, team.jarva, Assessment.SERIOUS_RISK, today=dt.date(2026, 12, 18))
    on_day(dt.date(2026, 12, 22))

    # A coach designated for Järva: the coach's Min dag with the lex Sarah box on top.
    sign_in(page, live_server, "lex-sarah-jarva")
    assert page.get_by_role("heading", name="Lex Sarah", exact=True).is_visible()
    assert page.get_by_role("link", name=f"Anmäl {serious.reference} till IVO").is_visible()
    check(page, "Min dag of a lex Sarah officer with a report late to IVO")

    page.context.clear_cookies()
    sign_in(page, live_server, "manager-jarva")
    assert page.get_by_role("heading", name="Lex Sarah: sent till IVO").is_visible()
    check(page, "Min dag of a manager with a report late to IVO")
