"""Lex Sarah on the start pages (Min dag): an officer of any role gets the counts of their
reports and, as to-dos, the serious reports overdue at IVO and the measures due for follow-up,
which leave once done; a manager gets the Jobbtorg's serious reports overdue at IVO by reference
number and days only. The escalation runs in working days (engines/rules/deadlines.py)."""

import datetime as dt
import re

import pytest

from jobbtorg.core.audit.models import AuditAction, AuditEntry
from jobbtorg.lex_sarah import services
from jobbtorg.lex_sarah.models import Assessment
from tests.conftest import client_for
from tests.lex_sarah.world import closed, context, filed, investigated, notified, officers

pytestmark = pytest.mark.django_db

FRIDAY = dt.date(2026, 12, 18)
MONDAY = dt.date(2026, 12, 21)
TUESDAY = dt.date(2026, 12, 22)


def _home(user) -> str:
    return client_for(user).get("/").content.decode()


def _serious(reporter, officer, on, centre="sydost"):
    report = filed(reporter, centre=centre)
    return investigated(report, officer, Assessment.SERIOUS_WRONGDOING, today=on)


def _todo(report) -> str:
    return f'href="/lex-sarah/rapporter/{report.pk}/"'


def test_an_officer_sees_the_counts_of_their_reports(staff):
    team = officers(staff)
    filed(staff.coach_sydost)
    filed(staff.coach_sydost)
    investigated(filed(staff.coach_jarva, centre="jarva"), team.jarva)
    html = _home(team.city)
    assert re.search(r"Nya rapporter</th><td class=\"numeric\">2<", html)
    assert re.search(r"Under utredning</th><td class=\"numeric\">1<", html)
    html = _home(team.jarva)
    assert re.search(r"Nya rapporter</th><td class=\"numeric\">0<", html)
    assert 'href="/lex-sarah/rapporter/"' in html


@pytest.mark.parametrize("username", ["coach_sydost", "matcher_sydost", "analyst", "administrator"])
def test_no_box_for_anyone_who_is_not_an_officer(staff, username):
    filed(staff.coach_sydost)
    assert 'id="lex-sarah-title"' not in _home(getattr(staff, username))


def test_a_serious_report_escalates_after_two_working_days_over_a_weekend(staff, on_day):
    team = officers(staff)
    report = _serious(staff.coach_sydost, team.sydost, FRIDAY)
    on_day(MONDAY)
    html = _home(team.city)
    assert re.search(r"Allvarliga, inte anmälda till IVO än</th><td class=\"numeric\">1<", html)
    assert _todo(report) not in html
    on_day(TUESDAY)
    html = _home(team.city)
    assert _todo(report) in html
    assert f"Anmäl {report.reference} till IVO" in html
    assert "bedömd som allvarlig 2026-12-18, för 2 arbetsdagar sedan" in html
    # Recorded as sent: gone from the to-dos.
    notified(report, team.sydost, sent_on=TUESDAY)
    html = _home(team.city)
    assert _todo(report) not in html
    assert re.search(r"Allvarliga, inte anmälda till IVO än</th><td class=\"numeric\">0<", html)


def test_christmas_eve_and_the_holidays_do_not_count(staff, on_day):
    team = officers(staff)
    report = _serious(staff.coach_sydost, team.sydost, dt.date(2026, 12, 23))
    # Christmas Eve, Christmas Day, Boxing Day (a Saturday), a Sunday, then Monday: one day.
    on_day(dt.date(2026, 12, 28))
    assert _todo(report) not in _home(team.sydost)
    on_day(dt.date(2026, 12, 29))
    html = _home(team.sydost)
    assert _todo(report) in html
    assert "för 2 arbetsdagar sedan" in html


def test_a_measure_due_is_a_to_do_until_it_is_followed_up(staff, on_day):
    team = officers(staff)
    report = investigated(filed(staff.coach_sydost), team.sydost)
    closed(
        report,
        team.sydost,
        decided_on=dt.date(2026, 12, 7),
        measures=(services.MeasureToFollowUp("Rutinen ses över.", dt.date(2026, 12, 15)),),
    )
    on_day(dt.date(2026, 12, 14))
    assert _todo(report) not in _home(team.sydost)
    on_day(dt.date(2026, 12, 15))
    html = _home(team.sydost)
    assert _todo(report) in html
    assert f"Följ upp en åtgärd i {report.reference}" in html
    services.follow_up_measure(
        actor=team.sydost,
        measure=report.measures.get(),
        note="Rutinen följs.",
        audit_context=context(team.sydost),
        today=dt.date(2026, 12, 15),
    )
    assert _todo(report) not in _home(team.sydost)


def test_the_manager_sees_the_jobbtorgs_overdue_by_number_and_days_only(staff, on_day):
    team = officers(staff)
    report = _serious(staff.coach_jarva, team.jarva, FRIDAY, centre="jarva")
    sydost_report = _serious(staff.coach_sydost, team.sydost, FRIDAY)
    on_day(MONDAY)
    assert report.reference not in _home(staff.manager_jarva)
    on_day(TUESDAY)
    before = AuditEntry.objects.filter(action=AuditAction.LEX_SARAH_REPORT_VIEWED).count()
    html = _home(staff.manager_jarva)
    assert "Lex Sarah: sent till IVO" in html
    assert f"{report.reference}: bedömd som allvarlig för 2 arbetsdagar sedan" in html
    assert "/lex-sarah/rapporter/" not in html
    assert "Närvaron registrerades" not in html
    assert "Registret saknades" not in html
    assert sydost_report.reference not in html
    assert AuditEntry.objects.filter(action=AuditAction.LEX_SARAH_REPORT_VIEWED).count() == before
    notified(report, team.jarva, sent_on=TUESDAY)
    assert report.reference not in _home(staff.manager_jarva)


def test_a_manager_who_is_the_officer_has_the_report_among_the_to_dos_with_its_link(staff, on_day):
    team = officers(staff)
    report = _serious(staff.coach_sydost, team.sydost, FRIDAY)
    on_day(TUESDAY)
    html = _home(staff.manager_sydost)
    assert _todo(report) in html
    # Not repeated in the manager's list of the Jobbtorg's.
    assert "Lex Sarah: sent till IVO" not in html
