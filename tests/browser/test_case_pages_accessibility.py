"""The pages of the individual's path in headless Chromium: axe-core (WCAG 2.1 A and AA, zero
violations) and no sideways scrolling at 320 px, with real data on each page."""

import datetime as dt

import pytest
from django.utils import timezone

from jobbtorg.participants.models import IntakeSlot
from jobbtorg.participants.services.district_events import district_report
from jobbtorg.participants.services.limit_exceptions import limit_exception_request
from jobbtorg.plans.deadlines import case_deadlines
from jobbtorg.plans.models import PlanVersion
from tests.browser.test_accessibility import (
    assert_accessible,
    assert_fits_320_px,
    click_and_wait,
    sign_in,
)
from tests.factories import job_centre
from tests.participants.scenarios import active_case, backdate, context, enrol, refer, write_plan

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def check(page, what):
    assert_accessible(page, what)
    assert_fits_320_px(page, what)


def test_a_coachs_day_the_participant_page_and_the_plan_form(page, live_server, staff):
    coach = staff.coach_sydost
    referral = active_case(staff, first_name="Amira", last_name="Hassan")
    district_report(
        actor=coach,
        audit_context=context(coach),
        referral=referral,
        kind="absence",
        text="Frånvarande 3–5 mars utan anmälan; ingen kontakt trots två samtal.",
    )
    backdate(enrol(refer(staff.officer_farsta, last_name="Försenad"), coach), days=14)
    IntakeSlot.objects.create(
        job_centre=job_centre("sydost"),
        coach=coach,
        starts_at=timezone.now(),
        referral=refer(staff.officer_farsta, last_name="Idag", consent=None, legal_basis=""),
    )

    sign_in(page, live_server, "coach-sydost")
    assert page.get_by_role("heading", level=1).inner_text() == "Min dag"
    assert page.locator(".due__word").count() >= 2
    check(page, "Min dag for a coach")

    page.goto(f"{live_server.url}/deltagare/{referral.participant_id}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Amira Hassan"
    assert page.locator(".timeline li").count() >= 5
    check(page, "participant page with an active plan and a timeline")

    page.goto(f"{live_server.url}/deltagare/{referral.participant_id}/delning/")
    check(page, "the form to record consent to share a case")
    click_and_wait(page.locator("form.form button[type=submit]").first)
    assert page.get_by_role("alert").count() >= 1
    check(page, "the consent form with errors")

    page.goto(f"{live_server.url}/deltagare/{referral.participant_id}/plan/ny/")
    check(page, "plan form")
    too_late = timezone.localdate() + dt.timedelta(days=250)
    page.fill("#id_activities-0-end", too_late.isoformat())
    click_and_wait(page.locator("form.plan-form button[type=submit]").first)
    assert page.get_by_role("alert").count() >= 1
    assert page.locator("#id_activities-0-end").input_value() == too_late.isoformat()
    check(page, "plan form with an error")


def test_a_managers_day_and_the_assessment(page, live_server, staff):
    referral = active_case(staff)
    refer(staff.officer_farsta, last_name="Utantid")
    sign_in(page, live_server, "manager-sydost")
    check(page, "Min dag for a manager")
    page.goto(f"{live_server.url}/deltagare/{referral.participant_id}/kartlaggning/")
    check(page, "assessment with health-related entries")


def test_a_managers_day_with_an_exception_to_decide_and_the_exception_form(
    page, live_server, staff
):
    coach = staff.coach_sydost
    # Enrolled 535 days ago: the 18-month limit is near and flagged.
    waiting = backdate(enrol(refer(staff.officer_farsta, last_name="Undantag"), coach), days=535)
    limit_exception_request(
        actor=coach,
        audit_context=context(coach),
        referral=waiting,
        reason="Undersköterskeutbildningen slutar i april; anställning är utlovad efteråt.",
        until=case_deadlines(waiting).participation_ends + dt.timedelta(days=90),
    )
    near = backdate(enrol(refer(staff.officer_farsta, last_name="Nära"), coach), days=535)
    no_slot = refer(staff.officer_farsta, first_name="Bo", last_name="Utantid")  # none was free
    sign_in(page, live_server, "manager-sydost")

    assert page.locator("#exceptions-title + p + .decision-list > li").count() == 1
    assert page.locator("#no-slot-title ~ table form button").count() == 1
    check(page, "Min dag for a manager with an exception to decide and a referral with no time")

    # Refusing without a note: the decision page, with the error linked to the note.
    click_and_wait(page.get_by_role("button", name="Avslå"))
    assert page.get_by_role("alert").count() == 1
    check(page, "exception decision with an error")

    # Nothing free: the error comes back as a message on Min dag.
    page.goto(f"{live_server.url}/")
    click_and_wait(page.locator("#no-slot-title ~ table form button"))
    assert page.locator(".message--error").count() == 1
    check(page, "Min dag with a booking error")

    page.goto(f"{live_server.url}/deltagare/{no_slot.participant_id}/")
    assert page.get_by_role("button", name="Boka första lediga tid").count() == 1
    check(page, "participant page of a referral with no time booked")

    page.goto(f"{live_server.url}/deltagare/{near.participant_id}/")
    check(page, "participant page near the 18-month limit")
    click_and_wait(page.get_by_role("link", name="Begär undantag"))
    assert page.get_by_role("heading", level=1).count() == 1
    check(page, "exception form")
    click_and_wait(page.locator("form.form button[type=submit]"))
    assert page.get_by_role("alert").count() == 1
    check(page, "exception form with errors")


def test_an_officers_inbox_referral_form_and_plan_decision(page, live_server, staff):
    referral = active_case(staff, last_name="Godkänd")
    waiting = enrol(refer(staff.officer_farsta, last_name="Väntar"), staff.coach_sydost)
    write_plan(waiting, staff.coach_sydost)
    sign_in(page, live_server, "officer-farsta")

    page.goto(f"{live_server.url}/inkorg/")
    assert page.get_by_role("table").count() == 1
    check(page, "inbox")

    page.goto(f"{live_server.url}/remisser/ny/")
    check(page, "referral form")
    click_and_wait(page.locator("form.form button[type=submit]"))
    assert page.get_by_role("alert").count() == 1
    check(page, "referral form with errors")

    plan = PlanVersion.objects.get(referral=waiting)
    page.goto(f"{live_server.url}/planer/{plan.pk}/")
    check(page, "plan awaiting the district's decision")
    page.goto(f"{live_server.url}/deltagare/{referral.participant_id}/")
    check(page, "participant page seen by the district")
