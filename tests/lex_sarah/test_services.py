"""Lex Sarah's writes: filing by every role, the investigation in versions, IVO, closing,
measures and designations; each refusal in Swedish with nothing written, each write audited."""

import datetime as dt

import pytest
from django.utils import timezone

from jobbtorg.core.audit.models import AuditAction, AuditEntry
from jobbtorg.core.errors import ConcurrentChange, NotAllowed, ValidationFailed
from jobbtorg.lex_sarah import services
from jobbtorg.lex_sarah.models import (
    Assessment,
    InvestigationVersion,
    IvoDocumentKind,
    IvoSubmission,
    Measure,
    OfficerDesignation,
    Report,
    ReportKind,
)
from tests.factories import UserFactory, job_centre
from tests.lex_sarah.world import (
    closed,
    context,
    designate,
    filed,
    investigated,
    notified,
    officers,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
M = services.MeasureToFollowUp


@pytest.mark.parametrize(
    "username",
    [
        "coach_sydost",
        "matcher_sydost",
        "manager_sydost",
        "officer_farsta",
        "provider_staff",
        "analyst",
        "administrator",
    ],
)
def test_anyone_on_staff_files_a_report_and_gets_a_reference_number(staff, username):
    reporter = getattr(staff, username)
    report = filed(reporter)
    assert report.reference == f"LS-{report.year}-0001"
    assert report.status == "received"
    entry = AuditEntry.objects.get(action=AuditAction.LEX_SARAH_REPORT_FILED)
    assert entry.actor == reporter and entry.object_id == str(report.pk)


def test_a_closed_account_cannot_file(staff):
    staff.coach_sydost.is_active = False
    with pytest.raises(NotAllowed):
        filed(staff.coach_sydost)
    assert not Report.objects.exists()


def test_reference_numbers_run_per_year(staff):
    references = [filed(staff.coach_sydost).reference for _ in range(3)]
    year = timezone.now().year
    assert references == [f"LS-{year}-0001", f"LS-{year}-0002", f"LS-{year}-0003"]
    # Last year's reports do not move this year's numbers: a new year starts at 1.
    for report in Report.objects.all():
        report.year = year - 1
        report.reference = f"LS-{year - 1}-{report.number:04d}"
        report.save()
    assert filed(staff.coach_sydost).reference == f"LS-{year}-0001"
    assert filed(staff.coach_sydost).reference == f"LS-{year}-0002"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"kind": "maybe"}, "kind"),
        ({"what_happened": "  "}, "what_happened"),
        ({"happened_where": ""}, "happened_where"),
        ({"happened_where": "x" * 301}, "happened_where"),
        ({"affected": ""}, "affected"),
        ({"what_happened": "x" * 10_001}, "what_happened"),
        ({"happened_on": TODAY + dt.timedelta(days=1)}, "happened_on"),
        ({"happened_on": dt.date(1999, 12, 31)}, "happened_on"),
    ],
)
def test_bad_input_is_refused_in_swedish_and_nothing_is_written(staff, overrides, field):
    with pytest.raises(ValidationFailed) as refused:
        filed(staff.coach_sydost, **overrides)
    assert field in refused.value.errors
    assert not Report.objects.exists()
    assert not AuditEntry.objects.filter(action=AuditAction.LEX_SARAH_REPORT_FILED).exists()


def test_the_messages_are_swedish(staff, swedish):
    with pytest.raises(ValidationFailed) as refused:
        filed(staff.coach_sydost, what_happened="")
    assert refused.value.errors["what_happened"] == ["Beskriv vad som hände eller kan hända."]


def test_a_report_may_name_a_person_the_reporter_sees_and_no_one_else(staff, people):
    report = filed(staff.coach_sydost, participant=people.in_farsta)
    assert report.participant == people.in_farsta
    # Järva's people are not Sydost's; provider staff see nobody through the staff pages.
    with pytest.raises(ValidationFailed) as refused:
        filed(staff.coach_sydost, participant=people.in_rinkeby)
    assert "participant" in refused.value.errors
    with pytest.raises(ValidationFailed):
        filed(staff.provider_staff, participant=people.in_farsta)
    assert Report.objects.count() == 1


def test_the_audit_entry_names_the_report_never_the_person(staff, people):
    report = filed(staff.coach_sydost, participant=people.in_farsta)
    entry = AuditEntry.objects.get(action=AuditAction.LEX_SARAH_REPORT_FILED)
    assert entry.participant is None
    assert entry.object_type == "lex_sarah.report" and entry.object_id == str(report.pk)
    assert entry.changes["after"] == {"reference": report.reference, "linked_participant": True}
    assert "Närvaron" not in str(entry.changes)


def test_the_city_s_own_operations_are_a_report_without_a_jobbtorg(staff):
    assert filed(staff.analyst, centre=None).job_centre is None


def test_an_inactive_jobbtorg_is_refused(staff):
    centre = job_centre("sydost")
    centre.is_active = False
    centre.save()
    with pytest.raises(ValidationFailed) as refused:
        filed(staff.coach_sydost)
    assert "job_centre" in refused.value.errors


# The investigation


def test_each_save_is_a_new_version_and_the_first_starts_the_investigation(staff):
    o = officers(staff)
    report = filed(staff.provider_staff)
    investigated(report, o.sydost, assessment="")
    assert report.status == "investigating" and report.assessment == ""
    investigated(report, o.city, Assessment.WRONGDOING, people_heard="Coachen")
    versions = list(report.investigation_versions.order_by("number"))
    assert [(v.number, v.written_by, v.assessment) for v in versions] == [
        (1, o.sydost, ""),
        (2, o.city, "wrongdoing"),
    ]
    assert report.assessment == "wrongdoing"
    entries = AuditEntry.objects.filter(action=AuditAction.LEX_SARAH_INVESTIGATION_SAVED)
    assert [e.changes["after"]["version"] for e in entries.order_by("pk")] == [1, 2]
    assert entries.order_by("pk").last().changes["after"]["fields_changed"] == ["people_heard"]


@pytest.mark.parametrize(
    "username", ["coach_sydost", "manager_jarva", "analyst", "administrator", "provider_staff"]
)
def test_only_an_officer_of_the_unit_investigates(staff, username):
    officers(staff)
    report = filed(staff.provider_staff)
    with pytest.raises(NotAllowed):
        investigated(report, getattr(staff, username))
    assert not InvestigationVersion.objects.exists()


def test_an_officer_of_another_jobbtorg_cannot_investigate(staff):
    o = officers(staff)
    report = filed(staff.coach_sydost)
    with pytest.raises(NotAllowed):
        investigated(report, o.jarva)
    # The city-wide officer can, and only the city-wide one handles the city's own operations.
    investigated(report, o.city)
    own = filed(staff.analyst, centre=None)
    with pytest.raises(NotAllowed):
        investigated(own, o.sydost)
    investigated(own, o.city)


def test_an_ended_designation_ends_the_access(staff):
    o = officers(staff)
    admin = UserFactory(username="admin-2", administrator=True)
    designation = OfficerDesignation.objects.get(user=o.jarva)
    services.end_designation(actor=admin, designation=designation, audit_context=context(admin))
    report = filed(staff.coach_jarva, centre="jarva")
    with pytest.raises(NotAllowed):
        investigated(report, o.jarva)


def test_a_form_based_on_an_older_version_is_refused(staff):
    o = officers(staff)
    report = filed(staff.coach_sydost)
    stale_version = report.version
    investigated(report, o.city)
    with pytest.raises(ConcurrentChange):
        services.save_investigation(
            actor=o.sydost,
            report=report,
            expected_version=stale_version,
            assessment="risk",
            audit_context=context(o.sydost),
            facts="Mitt utkast",
        )
    assert report.investigation_versions.count() == 1


def test_an_empty_investigation_is_refused(staff):
    o = officers(staff)
    report = filed(staff.coach_sydost)
    with pytest.raises(ValidationFailed):
        services.save_investigation(
            actor=o.sydost,
            report=report,
            expected_version=report.version,
            assessment="",
            audit_context=context(o.sydost),
        )
    with pytest.raises(ValidationFailed) as refused:
        services.save_investigation(
            actor=o.sydost,
            report=report,
            expected_version=report.version,
            assessment="terrible",
            audit_context=context(o.sydost),
            facts="x",
        )
    assert "assessment" in refused.value.errors
    report.refresh_from_db()
    assert report.status == "received" and not report.investigation_versions.exists()


def test_the_ivo_clock_starts_on_the_first_serious_assessment_and_keeps_that_day(staff):
    o = officers(staff)
    report = filed(staff.coach_sydost)
    services.save_investigation(
        actor=o.sydost,
        report=report,
        expected_version=report.version,
        assessment=Assessment.SERIOUS_RISK,
        audit_context=context(o.sydost),
        facts="x",
        today=dt.date(2026, 12, 1),
    )
    report.refresh_from_db()
    services.save_investigation(
        actor=o.sydost,
        report=report,
        expected_version=report.version,
        assessment=Assessment.SERIOUS_WRONGDOING,
        audit_context=context(o.sydost),
        facts="y",
        today=dt.date(2026, 12, 3),
    )
    report.refresh_from_db()
    assert report.assessed_serious_on == dt.date(2026, 12, 1)


# IVO


def test_the_notification_is_only_for_a_serious_case(staff):
    o = officers(staff)
    report = investigated(filed(staff.coach_sydost), o.sydost, Assessment.WRONGDOING)
    with pytest.raises(ValidationFailed):
        services.record_ivo_sent(
            actor=o.sydost,
            report=report,
            kind=IvoDocumentKind.NOTIFICATION,
            sent_on=TODAY,
            audit_context=context(o.sydost),
        )
    assert not IvoSubmission.objects.exists()


def test_a_notification_is_recorded_once_with_the_version_it_showed(staff):
    o = officers(staff)
    report = investigated(filed(staff.coach_sydost), o.sydost, Assessment.SERIOUS_WRONGDOING)
    report = notified(report, o.sydost)
    submission = IvoSubmission.objects.get()
    assert (submission.kind, submission.investigation_number) == ("notification", 1)
    with pytest.raises(ValidationFailed):
        notified(report, o.sydost)
    entry = AuditEntry.objects.get(action=AuditAction.LEX_SARAH_IVO_SENT)
    assert entry.changes["after"]["document"] == "notification"


@pytest.mark.parametrize("days", [1, -400])
def test_the_day_sent_is_neither_in_the_future_nor_before_the_report(staff, days):
    o = officers(staff)
    report = investigated(filed(staff.coach_sydost), o.sydost, Assessment.SERIOUS_RISK)
    with pytest.raises(ValidationFailed) as refused:
        notified(report, o.sydost, sent_on=TODAY + dt.timedelta(days=days))
    assert "sent_on" in refused.value.errors


def test_the_completed_investigation_goes_after_the_notification_and_the_decision(staff):
    o = officers(staff)
    report = investigated(filed(staff.coach_sydost), o.sydost, Assessment.SERIOUS_RISK)

    def send_investigation():
        services.record_ivo_sent(
            actor=o.sydost,
            report=report,
            kind=IvoDocumentKind.INVESTIGATION,
            sent_on=TODAY,
            audit_context=context(o.sydost),
        )

    with pytest.raises(ValidationFailed):
        send_investigation()
    notified(report, o.sydost)
    with pytest.raises(ValidationFailed):
        send_investigation()
    closed(report, o.sydost)
    send_investigation()
    assert IvoSubmission.objects.count() == 2


# Closing


def test_closing_needs_a_decision_and_the_measures_taken(staff):
    o = officers(staff)
    report = investigated(filed(staff.coach_sydost), o.sydost)
    with pytest.raises(ValidationFailed) as refused:
        services.close_report(
            actor=o.sydost,
            report=report,
            expected_version=report.version,
            decision="",
            measures_taken=" ",
            decided_on=TODAY,
            audit_context=context(o.sydost),
        )
    assert {"decision", "measures_taken"} <= set(refused.value.errors)
    report.refresh_from_db()
    assert report.status == "investigating"


def test_a_received_report_is_investigated_before_it_is_closed(staff):
    o = officers(staff)
    report = filed(staff.coach_sydost)
    with pytest.raises(ValidationFailed) as refused:
        closed(report, o.sydost)
    assert "assessment" in refused.value.errors


def test_a_serious_case_is_closed_only_after_the_notification(staff):
    o = officers(staff)
    report = investigated(filed(staff.coach_sydost), o.sydost, Assessment.SERIOUS_WRONGDOING)
    with pytest.raises(ValidationFailed) as refused:
        closed(report, o.sydost)
    assert "IVO" in refused.value.errors["__all__"][0]
    closed(notified(report, o.sydost), o.sydost)
    report.refresh_from_db()
    assert report.status == "closed"


def test_closing_records_the_measures_to_follow_up(staff):
    o = officers(staff)
    report = investigated(filed(staff.coach_sydost), o.sydost)
    later = TODAY + dt.timedelta(days=30)
    closed(report, o.sydost, measures=(M("Ny rutin", later), M("Utbildning", later)))
    assert list(report.measures.values_list("description", flat=True)) == ["Ny rutin", "Utbildning"]
    entry = AuditEntry.objects.get(action=AuditAction.LEX_SARAH_REPORT_CLOSED)
    assert entry.changes["after"]["measures_to_follow_up"] == 2
    # Closed stays closed: the investigation cannot change any more.
    with pytest.raises(ValidationFailed):
        investigated(report, o.sydost)


@pytest.mark.parametrize(
    "measure",
    [M("", TODAY + dt.timedelta(days=5)), M("Rutin", None), M("Rutin", TODAY)],
)
def test_a_measure_needs_a_text_and_a_follow_up_day_after_the_decision(staff, measure):
    o = officers(staff)
    report = investigated(filed(staff.coach_sydost), o.sydost)
    with pytest.raises(ValidationFailed) as refused:
        closed(report, o.sydost, decided_on=TODAY, measures=(measure,))
    assert "measures-0" in refused.value.errors
    assert not Measure.objects.exists()
    report.refresh_from_db()
    assert report.status == "investigating"


def test_the_decision_is_not_dated_in_the_future(staff):
    o = officers(staff)
    report = investigated(filed(staff.coach_sydost), o.sydost)
    with pytest.raises(ValidationFailed) as refused:
        closed(report, o.sydost, decided_on=TODAY + dt.timedelta(days=1))
    assert "decided_on" in refused.value.errors


def test_a_measure_is_followed_up_once(staff):
    o = officers(staff)
    report = investigated(filed(staff.coach_sydost), o.sydost)
    closed(report, o.sydost, measures=(M("Ny rutin", TODAY + dt.timedelta(days=30)),))
    measure = report.measures.get()
    with pytest.raises(ValidationFailed):
        services.follow_up_measure(
            actor=o.sydost, measure=measure, note="", audit_context=context(o.sydost)
        )
    with pytest.raises(NotAllowed):
        services.follow_up_measure(
            actor=o.jarva, measure=measure, note="Klart", audit_context=context(o.jarva)
        )
    services.follow_up_measure(
        actor=o.sydost, measure=measure, note="Rutinen följs", audit_context=context(o.sydost)
    )
    measure.refresh_from_db()
    assert measure.followed_up_on == TODAY and measure.followed_up_by == o.sydost
    with pytest.raises(ValidationFailed):
        services.follow_up_measure(
            actor=o.sydost, measure=measure, note="Igen", audit_context=context(o.sydost)
        )


# Designations


@pytest.mark.parametrize(
    ("username", "centre", "allowed"),
    [
        ("coach_sydost", "sydost", True),
        ("manager_sydost", None, True),
        ("coach_sydost", "jarva", False),  # a Jobbtorg's staff: their own Jobbtorg only
        ("analyst", "jarva", True),
        ("administrator", None, True),
        ("officer_farsta", None, False),  # the district is another authority
        ("provider_staff", "sydost", False),
    ],
)
def test_who_may_be_designated(staff, username, centre, allowed):
    user = getattr(staff, username)
    centre_obj = job_centre(centre) if centre else None
    if allowed:
        designate(user, centre_obj, by=staff.administrator)
        assert OfficerDesignation.objects.filter(user=user, ended_at__isnull=True).exists()
    else:
        with pytest.raises(ValidationFailed):
            designate(user, centre_obj, by=staff.administrator)
        assert not OfficerDesignation.objects.exists()


@pytest.mark.parametrize("username", ["manager_sydost", "analyst", "coach_sydost"])
def test_only_the_administrator_designates(staff, username):
    actor = getattr(staff, username)
    with pytest.raises(NotAllowed):
        services.designate_officer(
            actor=actor, user=staff.coach_sydost, job_centre=None, audit_context=context(actor)
        )


def test_a_designation_is_given_once_and_ended_once_and_both_are_audited(staff):
    designation = designate(staff.coach_sydost, job_centre("sydost"), by=staff.administrator)
    with pytest.raises(ValidationFailed):
        designate(staff.coach_sydost, job_centre("sydost"), by=staff.administrator)
    services.end_designation(
        actor=staff.administrator,
        designation=designation,
        audit_context=context(staff.administrator),
    )
    with pytest.raises(ValidationFailed):
        services.end_designation(
            actor=staff.administrator,
            designation=designation,
            audit_context=context(staff.administrator),
        )
    actions = list(
        AuditEntry.objects.filter(action__startswith="lex_sarah.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["lex_sarah.officer_designated", "lex_sarah.designation_ended"]
    # Designated again after the end: a new row; the old one stays as history.
    designate(staff.coach_sydost, job_centre("sydost"), by=staff.administrator)
    assert OfficerDesignation.objects.filter(user=staff.coach_sydost).count() == 2


def test_kinds_are_the_two_the_law_names():
    assert set(ReportKind.values) == {"wrongdoing", "risk"}
