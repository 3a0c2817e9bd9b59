"""Who sees which reports, and the officer's and the manager's counts and to-dos, with the IVO
escalation counted in working days."""

import datetime as dt

import pytest
from django.utils import timezone

from jobbtorg.lex_sarah import services
from jobbtorg.lex_sarah.models import Assessment, Report
from jobbtorg.lex_sarah.permissions import (
    can_follow_report_status,
    can_handle_report,
    is_lex_sarah_officer,
)
from jobbtorg.lex_sarah.selectors import (
    ivo_due,
    manager_ivo_escalations,
    measures_due,
    officer_inbox,
    own_reports,
    reports_visible_to,
)
from tests.lex_sarah.world import closed, context, filed, investigated, notified, officers

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def reports(staff):
    o = officers(staff)
    return o, {
        "sydost": filed(staff.provider_staff, centre="sydost"),
        "jarva": filed(staff.coach_jarva, centre="jarva"),
        "city": filed(staff.analyst, centre=None),
    }


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("sydost", {"sydost"}),
        ("jarva", {"jarva"}),
        ("city", {"sydost", "jarva", "city"}),
    ],
)
def test_an_officer_sees_the_reports_of_their_designation(reports, who, sees):
    o, filed_reports = reports
    officer = getattr(o, who)
    assert set(reports_visible_to(officer)) == {filed_reports[name] for name in sees}
    assert is_lex_sarah_officer(officer)
    for name, report in filed_reports.items():
        assert can_handle_report(officer, report) is (name in sees)


@pytest.mark.parametrize(
    "username",
    [
        "coach_sydost",
        "matcher_sydost",
        "manager_jarva",
        "officer_farsta",
        "provider_staff",
        "analyst",
        "administrator",
    ],
)
def test_no_one_else_sees_a_report_not_even_the_reporter(staff, reports, username):
    user = getattr(staff, username)
    assert not reports_visible_to(user).exists()
    assert not is_lex_sarah_officer(user)


def test_the_reporter_follows_the_status_of_their_own_reports_only(staff, reports):
    _, filed_reports = reports
    assert list(own_reports(staff.provider_staff)) == [filed_reports["sydost"]]
    assert can_follow_report_status(staff.provider_staff, filed_reports["sydost"])
    assert not can_follow_report_status(staff.provider_staff, filed_reports["jarva"])
    staff.provider_staff.is_active = False
    assert not own_reports(staff.provider_staff).exists()


def test_a_deactivated_officer_sees_nothing(reports):
    o, _ = reports
    o.city.is_active = False
    assert not reports_visible_to(o.city).exists()


def test_the_inbox_counts_new_investigated_and_awaiting_ivo(staff, reports):
    o, filed_reports = reports
    investigated(filed_reports["sydost"], o.sydost, Assessment.SERIOUS_RISK)
    inbox = officer_inbox(o.city, TODAY)
    assert (inbox.received, inbox.investigating, inbox.awaiting_ivo) == (2, 1, 1)
    assert inbox.ivo_overdue == []
    assert officer_inbox(o.jarva, TODAY).received == 1


def _serious_on(report, officer, day):
    services.save_investigation(
        actor=officer,
        report=report,
        expected_version=report.version,
        assessment=Assessment.SERIOUS_WRONGDOING,
        audit_context=context(officer),
        facts="x",
        today=day,
    )
    report.refresh_from_db()
    return report


@pytest.mark.parametrize(
    ("today", "working_days", "escalated"),
    [
        (dt.date(2026, 12, 18), 0, False),  # assessed this Friday
        (dt.date(2026, 12, 21), 1, False),  # Monday
        (dt.date(2026, 12, 22), 2, True),  # Tuesday: two working days
        (dt.date(2026, 12, 28), 4, True),  # Mon–Wed, then Christmas Eve and Day are off
    ],
)
def test_a_serious_report_is_escalated_after_two_working_days(
    staff, reports, today, working_days, escalated
):
    o, filed_reports = reports
    report = _serious_on(filed_reports["sydost"], o.sydost, dt.date(2026, 12, 18))
    due = ivo_due(report, today)
    assert (due.assessed_on, due.working_days, due.escalated) == (
        dt.date(2026, 12, 18),
        working_days,
        escalated,
    )
    overdue = officer_inbox(o.sydost, today).ivo_overdue
    assert [d.report for d in overdue] == ([report] if escalated else [])
    # The manager of the Jobbtorg sees it too; the manager of another does not.
    assert [d.report for d in manager_ivo_escalations(staff.manager_sydost, today)] == (
        [report] if escalated else []
    )
    assert manager_ivo_escalations(staff.manager_jarva, today) == []


def test_the_escalation_ends_when_the_notification_is_recorded(staff, reports):
    o, filed_reports = reports
    report = _serious_on(filed_reports["sydost"], o.sydost, TODAY - dt.timedelta(days=10))
    assert officer_inbox(o.sydost, TODAY).ivo_overdue
    notified(report, o.sydost, sent_on=TODAY)
    assert officer_inbox(o.sydost, TODAY).ivo_overdue == []
    assert manager_ivo_escalations(staff.manager_sydost, TODAY) == []


def test_a_report_reassessed_as_not_serious_leaves_the_escalation(reports):
    o, filed_reports = reports
    report = _serious_on(filed_reports["sydost"], o.sydost, TODAY - dt.timedelta(days=10))
    investigated(report, o.sydost, Assessment.WRONGDOING)
    assert ivo_due(report, TODAY) is None
    assert officer_inbox(o.sydost, TODAY).ivo_overdue == []


def test_measures_come_due_on_their_day_and_leave_once_followed_up(reports):
    o, filed_reports = reports
    report = investigated(filed_reports["sydost"], o.sydost)
    follow_up_on = TODAY + dt.timedelta(days=14)
    closed(report, o.sydost, measures=(services.MeasureToFollowUp("Ny rutin", follow_up_on),))
    assert not measures_due(o.sydost, TODAY).exists()
    assert list(measures_due(o.sydost, follow_up_on)) == list(report.measures.all())
    assert officer_inbox(o.city, follow_up_on).measures_due == 1
    assert not measures_due(o.jarva, follow_up_on).exists()
    services.follow_up_measure(
        actor=o.sydost,
        measure=report.measures.get(),
        note="Följs",
        audit_context=context(o.sydost),
    )
    assert not measures_due(o.sydost, follow_up_on).exists()


def test_a_closed_serious_report_has_no_deadline(reports):
    o, filed_reports = reports
    report = investigated(filed_reports["sydost"], o.sydost, Assessment.SERIOUS_RISK)
    closed(notified(report, o.sydost), o.sydost)
    report = Report.objects.get(pk=report.pk)
    assert ivo_due(report, TODAY) is None
