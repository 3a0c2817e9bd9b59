"""The lex Sarah officer's pages: the inbox, the report with its IVO record and its closing,
the investigation form and its earlier versions. Who sees them (the officers of the report's
unit; everyone else, the reporter too, 404), what bad input gets (a Swedish message, nothing
written), what is audited, and a report walked from received to closed through the pages."""

import datetime as dt

import pytest
from django.utils import timezone

from jobbtorg.core.audit.models import AuditAction, AuditEntry, AuditEntryPerson
from jobbtorg.lex_sarah import selectors, services
from jobbtorg.lex_sarah.models import (
    Assessment,
    InvestigationVersion,
    IvoDocumentKind,
    IvoSubmission,
    Measure,
    Report,
    ReportStatus,
)
from tests.conftest import client_for
from tests.lex_sarah.world import closed, filed, investigated, notified, officers

pytestmark = pytest.mark.django_db

TUESDAY = dt.date(2026, 12, 1)


@pytest.fixture
def officer(staff):
    return officers(staff)


def _today() -> dt.date:
    return timezone.localdate()


def _text(answer) -> str:
    return answer.content.decode()


def _entries(action, report=None):
    entries = AuditEntry.objects.filter(action=action)
    if report is not None:
        entries = entries.filter(object_id=str(report.pk))
    return entries


def _close_data(report, **overrides):
    data = {
        "expected_version": str(report.version),
        "decision": "Rutinen för närvaro skärps.",
        "decided_on": _today().isoformat(),
        "measures_taken": "Alla coacher har fått rutinen.",
    }
    data.update(overrides)
    return data


# --- Who sees what -------------------------------------------------------------------------


def _pages(report):
    return [
        f"/lex-sarah/rapporter/{report.pk}/",
        f"/lex-sarah/rapporter/{report.pk}/utredning/",
        f"/lex-sarah/rapporter/{report.pk}/utredning/1/",
    ]


def test_the_officers_of_the_reports_unit_see_its_pages_everyone_else_gets_404(staff, officer):
    sydost = investigated(filed(staff.coach_sydost), officer.sydost)
    allowed = {officer.sydost, officer.city}
    refused = [
        officer.jarva,
        staff.coach_sydost,  # the reporter: their own receipt page, not these
        staff.analyst,
        staff.administrator,
        staff.manager_jarva,
        staff.matcher_sydost,
        staff.provider_staff,
        staff.officer_farsta,
    ]
    for user in allowed:
        for url in _pages(sydost):
            assert client_for(user).get(url).status_code == 200, (user.username, url)
    for user in refused:
        for url in _pages(sydost):
            assert client_for(user).get(url).status_code == 404, (user.username, url)


def test_a_report_of_the_citys_own_operations_is_the_city_wide_officers(staff, officer):
    own = investigated(filed(staff.coach_sydost, centre=None), officer.city)
    for url in _pages(own):
        assert client_for(officer.city).get(url).status_code == 200
        assert client_for(officer.sydost).get(url).status_code == 404
    assert own.reference in _text(client_for(officer.city).get("/lex-sarah/rapporter/"))
    assert own.reference not in _text(client_for(officer.sydost).get("/lex-sarah/rapporter/"))


def test_the_inbox_is_for_officers_only(staff, officer):
    filed(staff.coach_sydost)
    for user in (staff.coach_sydost, staff.analyst, staff.administrator, staff.manager_jarva):
        assert client_for(user).get("/lex-sarah/rapporter/").status_code == 404
    assert client_for(officer.jarva).get("/lex-sarah/rapporter/").status_code == 200


def test_the_writes_answer_405_to_a_read_and_404_outside_the_scope(staff, officer):
    report = closed(
        investigated(filed(staff.coach_sydost), officer.sydost),
        officer.sydost,
        decided_on=_today(),
        measures=(services.MeasureToFollowUp("Ny rutin", _today() + dt.timedelta(days=30)),),
    )
    measure = report.measures.get()
    writes = {
        f"/lex-sarah/rapporter/{report.pk}/avsluta/": _close_data(report),
        f"/lex-sarah/rapporter/{report.pk}/ivo/skickad/": {
            "kind": IvoDocumentKind.NOTIFICATION,
            "sent_on": _today().isoformat(),
        },
        f"/lex-sarah/atgarder/{measure.pk}/uppfoljd/": {"note": "Rutinen följs."},
    }
    for url, data in writes.items():
        assert client_for(officer.sydost).get(url).status_code == 405
        for user in (officer.jarva, staff.coach_sydost, staff.administrator):
            assert client_for(user).post(url, data).status_code == 404, (user.username, url)
    assert Measure.objects.get().followed_up_on is None
    assert not IvoSubmission.objects.exists()


# --- The inbox -----------------------------------------------------------------------------


def test_the_inbox_lists_newest_first_counts_filters_pages_and_audits_the_page(
    staff, officer, settings
):
    settings.JOBBTORG_PAGE_SIZE = 2
    first = filed(staff.coach_sydost)
    second = investigated(filed(staff.coach_sydost), officer.sydost)
    third = filed(staff.coach_sydost)
    jarva = filed(staff.coach_jarva, centre="jarva")
    client = client_for(officer.sydost)

    page = _text(client.get("/lex-sarah/rapporter/"))
    assert "Mottagna (2)" in page
    assert "Under utredning (1)" in page
    assert "Avslutade (0)" in page
    assert "Alla (3)" in page
    assert page.index(third.reference) < page.index(second.reference)
    assert first.reference not in page  # on page 2
    assert jarva.reference not in page
    assert "Missförhållande" in page and "Inte bedömd än" in page
    assert "Ett missförhållande" in page  # the kind, in Swedish
    entry = _entries(AuditAction.LEX_SARAH_REPORTS_LISTED).get()
    shown = set(AuditEntryPerson.objects.filter(entry=entry).values_list("object_id", flat=True))
    assert shown == {str(third.pk), str(second.pk)}

    page_two = _text(client.get("/lex-sarah/rapporter/?sida=2"))
    assert first.reference in page_two and third.reference not in page_two

    received = _text(client.get("/lex-sarah/rapporter/?status=mottagna"))
    assert third.reference in received and first.reference in received
    assert second.reference not in received
    investigating = _text(client.get("/lex-sarah/rapporter/?status=under-utredning"))
    assert second.reference in investigating and third.reference not in investigating
    assert "Ingen rapport har den statusen." in _text(
        client.get("/lex-sarah/rapporter/?status=avslutade")
    )
    # An unknown filter shows them all rather than an error.
    assert third.reference in _text(client.get("/lex-sarah/rapporter/?status=<x>"))


def test_the_inbox_shows_the_working_days_since_a_serious_assessment_until_ivo(
    staff, officer, on_day
):
    filed_on = _today()
    serious = investigated(
        filed(staff.coach_sydost), officer.sydost, Assessment.SERIOUS_WRONGDOING, today=TUESDAY
    )
    on_day(dt.date(2026, 12, 4))  # Friday: Wednesday, Thursday, Friday
    page = _text(client_for(officer.sydost).get("/lex-sarah/rapporter/"))
    assert "Allvarligt missförhållande" in page
    assert "Inte anmäld till IVO: 3 arbetsdagar sedan bedömningen" in page
    on_day(filed_on)
    notified(serious, officer.sydost, sent_on=filed_on)
    on_day(dt.date(2026, 12, 4))
    assert "Inte anmäld till IVO" not in _text(
        client_for(officer.sydost).get("/lex-sarah/rapporter/")
    )


# --- The report page -----------------------------------------------------------------------


def test_the_report_shows_what_was_reported_the_investigation_and_its_versions(staff, officer):
    report = investigated(filed(staff.coach_sydost), officer.sydost)
    report = investigated(report, officer.sydost, Assessment.RISK, people_heard="Coachen")
    page = _text(client_for(officer.sydost).get(f"/lex-sarah/rapporter/{report.pk}/"))
    assert "Närvaron registrerades inte på tre veckor." in page
    assert "Jobbtorg Sydost" in page
    assert "Version 2, skriven av" in page
    assert "Påtaglig risk för missförhållande" in page
    assert f"/lex-sarah/rapporter/{report.pk}/utredning/1/" in page
    assert f"/lex-sarah/rapporter/{report.pk}/utredning/2/" not in page  # the current one
    assert "Under utredning" in page
    entry = _entries(AuditAction.LEX_SARAH_REPORT_VIEWED, report).get()
    assert entry.participant_id is None


def test_a_linked_participant_is_shown_only_to_an_officer_who_sees_the_person(
    staff, officer, people
):
    report = filed(staff.coach_sydost, participant=people.in_farsta)
    sydost = _text(client_for(officer.sydost).get(f"/lex-sarah/rapporter/{report.pk}/"))
    assert "Fatima Farstasson" in sydost
    assert f"/deltagare/{people.in_farsta.pk}/" in sydost
    city = _text(client_for(officer.city).get(f"/lex-sarah/rapporter/{report.pk}/"))
    assert "Farstasson" not in city
    assert str(people.in_farsta.pk) not in city
    assert (
        "En deltagare är kopplad till rapporten. Du har inte tillgång till personens ärende."
        in city
    )
    # The person's own log of reads does not reveal the report.
    assert (
        not AuditEntry.objects.filter(participant=people.in_farsta)
        .exclude(action=AuditAction.LEX_SARAH_REPORT_FILED)
        .exists()
    )


def test_a_serious_report_shows_the_deadline_the_escalation_and_the_ivo_documents(
    staff, officer, on_day
):
    report = investigated(
        filed(staff.coach_sydost), officer.sydost, Assessment.SERIOUS_RISK, today=TUESDAY
    )
    on_day(dt.date(2026, 12, 2))
    page = _text(client_for(officer.sydost).get(f"/lex-sarah/rapporter/{report.pk}/"))
    assert "Bedömd som allvarlig 2026-12-01, 1 arbetsdag sedan." in page
    assert "Anmälan till IVO är försenad" not in page
    assert f"/lex-sarah/rapporter/{report.pk}/ivo/anmalan.pdf" in page
    assert f"/lex-sarah/rapporter/{report.pk}/ivo/utredning.pdf" in page
    assert "Inget är registrerat som skickat till IVO än." in page
    assert "Rapporten är bedömd som allvarlig: registrera anmälan till IVO" in page

    on_day(dt.date(2026, 12, 3))
    page = _text(client_for(officer.sydost).get(f"/lex-sarah/rapporter/{report.pk}/"))
    assert "Bedömd som allvarlig 2026-12-01, 2 arbetsdagar sedan." in page
    assert "Anmälan till IVO är försenad" in page


def test_a_report_not_serious_has_no_ivo_section(staff, officer):
    report = investigated(filed(staff.coach_sydost), officer.sydost)
    page = _text(client_for(officer.sydost).get(f"/lex-sarah/rapporter/{report.pk}/"))
    assert "anmalan.pdf" not in page
    assert "Registrera som skickad" not in page


# --- Recording what was sent to IVO ---------------------------------------------------------


def test_recording_the_notification_sent(staff, officer):
    report = investigated(filed(staff.coach_sydost), officer.sydost, Assessment.SERIOUS_WRONGDOING)
    client = client_for(officer.sydost)
    answer = client.post(
        f"/lex-sarah/rapporter/{report.pk}/ivo/skickad/",
        {"kind": IvoDocumentKind.NOTIFICATION, "sent_on": _today().isoformat()},
    )
    assert answer.status_code == 302
    sent = IvoSubmission.objects.get()
    assert (sent.kind, sent.sent_on, sent.investigation_number) == (
        IvoDocumentKind.NOTIFICATION,
        _today(),
        1,
    )
    assert _entries(AuditAction.LEX_SARAH_IVO_SENT, report).count() == 1
    page = _text(client.get(answer["Location"]))
    assert "Anmälan till IVO: skickad" in page
    assert "Anmälan till IVO är försenad" not in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"sent_on": "2026-12-01"}, "Välj vilket dokument som skickades."),
        ({"kind": "fax", "sent_on": "2026-12-01"}, "Välj vilket dokument som skickades."),
        ({"kind": IvoDocumentKind.NOTIFICATION}, "Ange dagen det skickades."),
        ({"kind": IvoDocumentKind.NOTIFICATION, "sent_on": "1/12"}, "ÅÅÅÅ-MM-DD"),
        (
            {"kind": IvoDocumentKind.NOTIFICATION, "sent_on": "2999-01-01"},
            "Dagen det skickades kan inte ligga i framtiden.",
        ),
        (
            {"kind": IvoDocumentKind.INVESTIGATION, "sent_on": "TODAY"},
            "Den färdiga utredningen skickas till IVO efter anmälan",
        ),
    ],
)
def test_bad_input_on_the_ivo_form_says_why_and_writes_nothing(staff, officer, data, message):
    report = investigated(filed(staff.coach_sydost), officer.sydost, Assessment.SERIOUS_WRONGDOING)
    if data.get("sent_on") == "TODAY":
        data = {**data, "sent_on": _today().isoformat()}
    answer = client_for(officer.sydost).post(f"/lex-sarah/rapporter/{report.pk}/ivo/skickad/", data)
    assert answer.status_code == 200
    assert message in _text(answer)
    assert 'class="error-summary"' in _text(answer)
    assert not IvoSubmission.objects.exists()
    assert not _entries(AuditAction.LEX_SARAH_IVO_SENT).exists()


# --- The investigation form ----------------------------------------------------------------


def test_the_investigation_form_is_prefilled_and_a_save_makes_a_new_version(staff, officer):
    report = investigated(filed(staff.coach_sydost), officer.sydost)
    client = client_for(officer.sydost)
    page = _text(client.get(f"/lex-sarah/rapporter/{report.pk}/utredning/"))
    assert "Registret saknades." in page
    assert f'name="expected_version" value="{report.version}"' in page
    assert "Inte bedömd än" in page and "Påtaglig risk för allvarligt missförhållande" in page
    assert _entries(AuditAction.LEX_SARAH_REPORT_VIEWED, report).get().changes == {
        "part": "investigation"
    }
    answer = client.post(
        f"/lex-sarah/rapporter/{report.pk}/utredning/",
        {
            "expected_version": report.version,
            "facts": "Registret saknades i tre veckor.",
            "people_heard": "Coachen, 2026-11-20",
            "assessment": Assessment.SERIOUS_WRONGDOING,
        },
    )
    assert answer.status_code == 302
    latest = services.current_investigation(report)
    assert latest.number == 2 and latest.facts == "Registret saknades i tre veckor."
    report.refresh_from_db()
    assert report.assessment == Assessment.SERIOUS_WRONGDOING
    assert report.assessed_serious_on == _today()
    assert _entries(AuditAction.LEX_SARAH_INVESTIGATION_SAVED, report).count() == 2
    assert "Version 2 av utredningen är sparad." in _text(client.get(answer["Location"]))


def test_a_concurrent_save_is_refused_with_what_changed_and_nothing_is_written(staff, officer):
    report = investigated(filed(staff.coach_sydost), officer.sydost)
    opened_at = report.version
    investigated(report, officer.city, Assessment.RISK, course_of_events="Den andres text")
    answer = client_for(officer.sydost).post(
        f"/lex-sarah/rapporter/{report.pk}/utredning/",
        {"expected_version": opened_at, "facts": "Min text", "assessment": Assessment.WRONGDOING},
    )
    page = _text(answer)
    assert answer.status_code == 200
    assert "Någon annan sparade rapporten medan du skrev." in page
    assert "Den andres text" in page  # what the other officer saved
    assert "Min text" in page  # what this officer typed is kept
    assert InvestigationVersion.objects.filter(report=report).count() == 2
    report.refresh_from_db()
    assert report.assessment == Assessment.RISK
    # The form now carries the current version: saving again knowingly replaces theirs.
    assert f'name="expected_version" value="{report.version}"' in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Skriv något i utredningen innan du sparar den."),
        ({"facts": "x", "assessment": "terrible"}, "Välj en av bedömningarna i listan."),
        ({"facts": "x" * 10_001}, "Texten får vara högst 10000 tecken."),
        ({"facts": "x", "expected_version": ""}, "Formuläret är inaktuellt."),
    ],
)
def test_bad_input_on_the_investigation_form_says_why_and_writes_nothing(
    staff, officer, data, message
):
    report = filed(staff.coach_sydost)
    answer = client_for(officer.sydost).post(
        f"/lex-sarah/rapporter/{report.pk}/utredning/",
        {"expected_version": report.version, **data},
    )
    assert answer.status_code == 200
    assert message in _text(answer)
    assert not InvestigationVersion.objects.exists()
    assert Report.objects.get().status == ReportStatus.RECEIVED


def test_a_closed_reports_investigation_cannot_change(staff, officer):
    report = closed(investigated(filed(staff.coach_sydost), officer.sydost), officer.sydost)
    client = client_for(officer.sydost)
    page = _text(client.get(f"/lex-sarah/rapporter/{report.pk}/utredning/"))
    assert "Rapporten är avslutad: utredningen kan inte längre ändras." in page
    assert "<textarea" not in page
    answer = client.post(
        f"/lex-sarah/rapporter/{report.pk}/utredning/",
        {"expected_version": report.version, "facts": "Ändrat"},
    )
    assert answer.status_code == 200
    assert InvestigationVersion.objects.count() == 1


def test_an_earlier_version_is_shown_read_only_and_audited(staff, officer):
    report = investigated(filed(staff.coach_sydost), officer.sydost)
    investigated(report, officer.sydost, Assessment.RISK, course_of_events="Nytt förlopp")
    client = client_for(officer.sydost)
    page = _text(client.get(f"/lex-sarah/rapporter/{report.pk}/utredning/1/"))
    assert "Registret saknades." in page
    assert "En senare version ersätter den." in page
    assert '<form method="post"' not in page
    assert _entries(AuditAction.LEX_SARAH_REPORT_VIEWED, report).get().changes == {
        "part": "version 1"
    }
    assert client.get(f"/lex-sarah/rapporter/{report.pk}/utredning/9/").status_code == 404
    assert _entries(AuditAction.LEX_SARAH_REPORT_VIEWED, report).count() == 1


# --- Closing -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"decision": ""}, "Skriv beslutet."),
        ({"measures_taken": " "}, "Skriv vilka åtgärder som vidtagits"),
        ({"decided_on": ""}, "Ange dagen för beslutet."),
        ({"decided_on": "2999-01-01"}, "Dagen för beslutet kan inte ligga i framtiden."),
        ({"decided_on": "14 mars"}, "ÅÅÅÅ-MM-DD"),
        ({"measure_2": "Ny rutin"}, "Ange dagen då åtgärden följs upp."),
        ({"follow_up_3": "2027-01-01"}, "Beskriv åtgärden, eller ta bort raden."),
        (
            {"measure_1": "Ny rutin", "follow_up_1": "2000-01-01"},
            "Dagen för uppföljningen ska komma efter beslutet.",
        ),
        ({"expected_version": "1"}, "Någon annan sparade rapporten medan du skrev."),
    ],
)
def test_bad_input_on_the_closing_form_says_why_and_writes_nothing(
    staff, officer, overrides, message
):
    report = investigated(filed(staff.coach_sydost), officer.sydost)
    version = report.version
    answer = client_for(officer.sydost).post(
        f"/lex-sarah/rapporter/{report.pk}/avsluta/", _close_data(report, **overrides)
    )
    assert answer.status_code == 200
    assert message in _text(answer)
    report.refresh_from_db()
    assert (report.status, report.version) == (ReportStatus.INVESTIGATING, version)
    assert not Measure.objects.exists()
    assert not _entries(AuditAction.LEX_SARAH_REPORT_CLOSED).exists()


def test_a_serious_report_is_not_closed_before_the_notification_to_ivo(staff, officer):
    report = investigated(filed(staff.coach_sydost), officer.sydost, Assessment.SERIOUS_WRONGDOING)
    client = client_for(officer.sydost)
    answer = client.post(f"/lex-sarah/rapporter/{report.pk}/avsluta/", _close_data(report))
    assert (
        "Rapporten är bedömd som allvarlig: registrera anmälan till IVO innan du avslutar den."
        in _text(answer)
    )
    assert Report.objects.get().status == ReportStatus.INVESTIGATING


def test_a_received_report_has_no_closing_form(staff, officer):
    report = filed(staff.coach_sydost)
    client = client_for(officer.sydost)
    page = _text(client.get(f"/lex-sarah/rapporter/{report.pk}/"))
    assert "Avsluta rapporten" not in page
    answer = client.post(f"/lex-sarah/rapporter/{report.pk}/avsluta/", _close_data(report))
    assert answer.status_code == 302
    page = _text(client.get(answer["Location"]))
    assert "Spara utredningen med en bedömning innan du avslutar rapporten." in page
    assert Report.objects.get().status == ReportStatus.RECEIVED


def test_closing_with_measures_ignores_empty_rows_and_makes_to_dos(staff, officer):
    report = investigated(filed(staff.coach_sydost), officer.sydost)
    later = _today() + dt.timedelta(days=30)
    client = client_for(officer.sydost)
    answer = client.post(
        f"/lex-sarah/rapporter/{report.pk}/avsluta/",
        _close_data(
            report,
            measure_1="Ny rutin för närvaro",
            follow_up_1=later.isoformat(),
            measure_4="Utbildning för coacher",
            follow_up_4=later.isoformat(),
        ),
    )
    assert answer.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.CLOSED
    assert report.decided_on == _today()
    assert sorted(Measure.objects.values_list("description", flat=True)) == [
        "Ny rutin för närvaro",
        "Utbildning för coacher",
    ]
    assert (
        _entries(AuditAction.LEX_SARAH_REPORT_CLOSED, report)
        .get()
        .changes["after"]["measures_to_follow_up"]
        == 2
    )
    page = _text(client.get(answer["Location"]))
    assert f"Rapporten {report.reference} är avslutad." in page
    assert "Rutinen för närvaro skärps." in page
    assert f"Ska följas upp {later.isoformat()}." in page
    assert "Skriv en ny version av utredningen" not in page
    assert selectors.measures_due(officer.sydost, later).count() == 2


# --- Following a measure up ----------------------------------------------------------------


def test_a_measure_followed_up_leaves_the_to_dos(staff, officer):
    later = _today() + dt.timedelta(days=10)
    report = closed(
        investigated(filed(staff.coach_sydost), officer.sydost),
        officer.sydost,
        decided_on=_today(),
        measures=(services.MeasureToFollowUp("Ny rutin", later),),
    )
    measure = Measure.objects.get()
    client = client_for(officer.sydost)
    url = f"/lex-sarah/atgarder/{measure.pk}/uppfoljd/"

    empty = client.post(url, {"note": "  "})
    assert empty.status_code == 200
    assert "Skriv vad uppföljningen visade." in _text(empty)
    assert Measure.objects.get().followed_up_on is None

    assert selectors.measures_due(officer.sydost, later).count() == 1
    answer = client.post(url, {"note": "Rutinen följs av alla."})
    assert answer.status_code == 302
    assert selectors.measures_due(officer.sydost, later).count() == 0
    assert _entries(AuditAction.LEX_SARAH_MEASURE_FOLLOWED_UP, report).count() == 1
    page = _text(client.get(answer["Location"]))
    assert "Rutinen följs av alla." in page
    assert "Registrera uppföljningen" not in page

    again = client.post(url, {"note": "Igen"}, follow=True)
    assert "Åtgärden är redan uppföljd." in _text(again)
    assert Measure.objects.get().follow_up_note == "Rutinen följs av alla."


# --- A report from received to closed, through the pages ----------------------------------


def test_a_serious_report_walked_from_received_to_closed(staff, officer):
    report = filed(staff.coach_sydost)
    client = client_for(officer.sydost)
    base = f"/lex-sarah/rapporter/{report.pk}/"

    assert "Börja utredningen" in _text(client.get(base))
    form = client.get(base + "utredning/")
    version = form.context["form"].initial["expected_version"]
    assert (
        client.post(
            base + "utredning/",
            {
                "expected_version": version,
                "facts": "Närvaron registrerades inte.",
                "causes": "Rutinen saknades.",
                "assessment": Assessment.SERIOUS_WRONGDOING,
            },
        ).status_code
        == 302
    )
    page = _text(client.get(base))
    assert "Under utredning" in page and "Allvarligt missförhållande" in page
    assert "Bedömd som allvarlig" in page

    assert (
        client.post(
            base + "ivo/skickad/",
            {"kind": IvoDocumentKind.NOTIFICATION, "sent_on": _today().isoformat()},
        ).status_code
        == 302
    )

    report.refresh_from_db()
    later = _today() + dt.timedelta(days=14)
    assert (
        client.post(
            base + "avsluta/",
            _close_data(report, measure_1="Ny rutin", follow_up_1=later.isoformat()),
        ).status_code
        == 302
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.CLOSED

    # The completed investigation goes to IVO once the report is closed.
    assert (
        client.post(
            base + "ivo/skickad/",
            {"kind": IvoDocumentKind.INVESTIGATION, "sent_on": _today().isoformat()},
        ).status_code
        == 302
    )
    page = _text(client.get(base))
    assert "Avslutad" in page
    assert "Färdig utredning till IVO: skickad" in page
    assert "Registrera som skickad" not in page  # both documents are recorded

    measure = Measure.objects.get()
    assert (
        client.post(f"/lex-sarah/atgarder/{measure.pk}/uppfoljd/", {"note": "Följs."}).status_code
        == 302
    )
    assert not selectors.measures_due(officer.sydost, later).exists()
    inbox = _text(client.get("/lex-sarah/rapporter/?status=avslutade"))
    assert report.reference in inbox
