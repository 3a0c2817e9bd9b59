"""The two documents to IVO (R35): the notification of a serious case and the completed
investigation, as PDFs in Swedish for the report's officers only, each naming the investigation
version it shows; the linked person's identity only for an officer who sees the person; each
document produced is in the audit log, naming the report, never the person."""

import datetime as dt
import io

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from jobbtorg.core.audit.models import AuditAction, AuditEntry
from jobbtorg.core.text_pdf import LINES_PER_PAGE, line_width, wrapped
from jobbtorg.lex_sarah import services
from jobbtorg.lex_sarah.models import Assessment, IvoDocumentKind
from tests.conftest import client_for
from tests.factories import ProviderFactory, job_centre
from tests.lex_sarah.world import closed, context, filed, investigated, notified, officers
from tests.portal.cases import own_case
from tests.web.plain_words import offences

pytestmark = pytest.mark.django_db


# The services date a report, its assessment and its decision by the real clock: the
# documents are produced on the same day (read when a test runs, never at import).
def today() -> dt.date:
    return timezone.localdate()


def follow_up_on() -> dt.date:
    return today() + dt.timedelta(days=60)


SERIOUS_FIELDS = {
    "course_of_events": "Närvaron fördes inte in under veckorna 45 till 47.",
    "people_heard": "Coachen och enhetschefen hördes.",
    "measures_taken": "Närvaron fördes in i efterhand.",
    "measures_planned": "En ny rutin för närvaro tas fram.",
}


def notification_url(report) -> str:
    return f"/lex-sarah/rapporter/{report.pk}/ivo/anmalan.pdf"


def investigation_url(report) -> str:
    return f"/lex-sarah/rapporter/{report.pk}/ivo/utredning.pdf"


def pdf_text(data: bytes) -> str:
    """The PDF's words on one line each way: a text wrapped on the page reads back whole."""
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


@pytest.fixture
def lex(staff):
    return officers(staff)


@pytest.fixture
def person_case(staff):
    return own_case(staff, first_name="Linnea", last_name="Lexsson")


@pytest.fixture
def serious(staff, lex, person_case):
    """A serious wrongdoing at Sydost, filed by the coach about the person, investigated by
    Sydost's officer, not yet notified."""
    report = filed(
        staff.coach_sydost,
        participant=person_case.participant,
        provider=ProviderFactory(
            slug="lex-anordnare", name="Anordnaren AB", organisation_number="5561234567"
        ),
    )
    return investigated(report, lex.sydost, Assessment.SERIOUS_WRONGDOING, **SERIOUS_FIELDS)


def _closed_with_measures(report, officer):
    notified(report, officer)
    return closed(
        report,
        officer,
        decided_on=today(),
        measures=(
            services.MeasureToFollowUp("Rutinen följs upp på arbetsplatsträff.", follow_up_on()),
        ),
    )


# The content ------------------------------------------------------------------------------


def test_the_notification_holds_what_ivo_asks_for_in_swedish(serious, lex, staff, person_case):
    officer = lex.sydost
    officer.first_name, officer.last_name, officer.email = "Maja", "Chefsson", "maja@example.se"
    officer.save()
    answer = client_for(officer).get(notification_url(serious))
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    assert answer["Content-Disposition"] == (
        f'attachment; filename="lex-sarah-{serious.reference}-anmalan.pdf"'
    )
    assert answer["Cache-Control"] == "no-store"
    text = pdf_text(answer.content)
    person = person_case.participant
    for part in (
        "Anmälan enligt lex Sarah till IVO",
        f"Referensnummer {serious.reference}. Utredningsversion 1. "
        f"Framställd den {today():%Y-%m-%d}.",
        # The provider of the operation.
        "Huvudman: Stockholms stad, arbetsmarknadsförvaltningen",
        f"Verksamhet: {job_centre('sydost').name}",
        "Anordnaren AB, organisationsnummer 5561234567",
        # The contact person.
        "Namn: Maja Chefsson",
        "E-post: maja@example.se",
        # The report and the event.
        f"Rapporterad: {serious.reported_at:%Y-%m-%d}",
        "Ett missförhållande",
        "Närvaron registrerades inte på tre veckor.",
        "När: 2026-11-02",
        "Var: Jobbtorg Sydost",
        "Närvaron registrerades i efterhand.",
        # The people affected: the text, and the person the officer sees.
        "En deltagare",
        f"{person.full_name}, {person.personal_identity_number_display}",
        # The investigation so far, the assessment and the measures.
        "Utredningen hittills",
        "Registret saknades.",
        SERIOUS_FIELDS["course_of_events"],
        "Rutinen var oklar.",
        SERIOUS_FIELDS["people_heard"],
        "Bedömning: Allvarligt missförhållande",
        f"Bedömt som allvarligt: {today():%Y-%m-%d}",
        SERIOUS_FIELDS["measures_taken"],
        SERIOUS_FIELDS["measures_planned"],
    ):
        assert part in text, part
    assert list(offences([text])) == []


def test_the_document_is_swedish_when_the_officers_pages_are_english(serious, lex):
    text = pdf_text(client_for(lex.sydost, "en").get(notification_url(serious)).content)
    assert "Anmälan enligt lex Sarah till IVO" in text and "Notification" not in text


def test_the_person_is_named_only_to_an_officer_who_sees_the_person(serious, lex, person_case):
    person = person_case.participant
    city_wide = pdf_text(client_for(lex.city).get(notification_url(serious)).content)
    # The city-wide officer (an analyst) sees no personal data: the report's text only.
    assert "En deltagare" in city_wide
    assert person.last_name not in city_wide
    assert person.personal_identity_number_display not in city_wide
    assert person.personal_identity_number not in city_wide
    own_unit = pdf_text(client_for(lex.sydost).get(notification_url(serious)).content)
    assert person.last_name in own_unit


def test_the_citys_own_operations_without_a_provider(staff, lex):
    report = filed(staff.coach_sydost, centre=None, happened_where="Arbetsmarknadsförvaltningen")
    investigated(report, lex.city, Assessment.SERIOUS_RISK)
    text = pdf_text(client_for(lex.city).get(notification_url(report)).content)
    assert "Verksamhet: Stadens egen verksamhet" in text
    assert "Anordnare" not in text
    assert "Påtaglig risk för allvarligt missförhållande" in text


def test_the_sent_notification_shows_the_version_ivo_got(serious, lex):
    notified(serious, lex.sydost)
    serious.refresh_from_db()
    investigated(
        serious, lex.sydost, Assessment.SERIOUS_WRONGDOING, course_of_events="En senare version."
    )
    text = pdf_text(client_for(lex.sydost).get(notification_url(serious)).content)
    assert "Utredningsversion 1." in text
    assert SERIOUS_FIELDS["course_of_events"] in text and "En senare version." not in text


def test_the_completed_investigation_adds_the_decision_and_the_measures(serious, lex):
    report = _closed_with_measures(serious, lex.sydost)
    answer = client_for(lex.sydost).get(investigation_url(report))
    assert answer.status_code == 200
    assert answer["Content-Disposition"] == (
        f'attachment; filename="lex-sarah-{report.reference}-utredning.pdf"'
    )
    text = pdf_text(answer.content)
    for part in (
        "Lex Sarah: den färdiga utredningen till IVO",
        "Utredningsversion 1.",
        "Beslut: Rutinen för närvaro skärps.",
        f"Beslutad: {today():%Y-%m-%d}",
        "Alla coacher har fått rutinen.",
        "Åtgärd 1: Rutinen följs upp på arbetsplatsträff. "
        f"Följs upp den {follow_up_on():%Y-%m-%d}.",
        "Registret saknades.",
        "Allvarligt missförhållande",
    ):
        assert part in text, part
    assert list(offences([text])) == []


def test_a_followed_up_measure_says_when(serious, lex):
    report = _closed_with_measures(serious, lex.sydost)
    services.follow_up_measure(
        actor=lex.sydost,
        measure=report.measures.get(),
        note="Rutinen följs.",
        audit_context=context(lex.sydost),
    )
    text = pdf_text(client_for(lex.sydost).get(investigation_url(report)).content)
    assert f"Uppföljd den {today():%Y-%m-%d}." in text


# When a document exists -------------------------------------------------------------------


def test_no_notification_without_a_serious_assessment(staff, lex):
    report = filed(staff.coach_sydost)
    client = client_for(lex.sydost)
    assert client.get(notification_url(report)).status_code == 404
    investigated(report, lex.sydost, Assessment.WRONGDOING)
    assert client.get(notification_url(report)).status_code == 404
    assert not AuditEntry.objects.filter(action=AuditAction.LEX_SARAH_IVO_DOCUMENT_PRODUCED)


def test_the_completed_investigation_only_once_the_report_is_closed(serious, lex):
    client = client_for(lex.sydost)
    assert client.get(investigation_url(serious)).status_code == 404
    notified(serious, lex.sydost)
    assert client.get(investigation_url(serious)).status_code == 404
    closed(serious, lex.sydost, decided_on=today())
    assert client.get(investigation_url(serious)).status_code == 200
    # The notification stays available, as the copy IVO got.
    assert client.get(notification_url(serious)).status_code == 200


def test_a_closed_report_that_was_not_serious_has_no_document_for_ivo(staff, lex):
    report = investigated(filed(staff.coach_sydost), lex.sydost, Assessment.NO_WRONGDOING)
    closed(report, lex.sydost, decided_on=today())
    assert client_for(lex.sydost).get(investigation_url(report)).status_code == 404


def test_an_unknown_report_is_404(lex):
    assert (
        client_for(lex.sydost).get("/lex-sarah/rapporter/999999/ivo/anmalan.pdf").status_code == 404
    )


# Who may produce them ----------------------------------------------------------------------

NOT_OFFICERS_OF_SYDOST = [
    # The reporter herself, and every other role of the staff fixture.
    "coach_sydost",
    "matcher_sydost",
    "coach_jarva",
    "manager_jarva",
    "officer_farsta",
    "officer_skarpnack",
    "provider_staff",
    "analyst",
    "administrator",
]


@pytest.mark.parametrize("username", NOT_OFFICERS_OF_SYDOST)
@pytest.mark.parametrize("url", [notification_url, investigation_url])
def test_only_the_reports_officers_get_the_documents(serious, lex, staff, username, url):
    report = _closed_with_measures(serious, lex.sydost)
    assert client_for(getattr(staff, username)).get(url(report)).status_code == 404


@pytest.mark.parametrize("url", [notification_url, investigation_url])
def test_the_officers_of_the_report_get_them_and_another_units_officer_does_not(serious, lex, url):
    report = _closed_with_measures(serious, lex.sydost)
    assert client_for(lex.sydost).get(url(report)).status_code == 200
    assert client_for(lex.city).get(url(report)).status_code == 200
    assert client_for(lex.jarva).get(url(report)).status_code == 404


def test_an_ended_designation_ends_the_access(serious, lex, staff):
    designation = lex.sydost.lex_sarah_designations.get(ended_at__isnull=True)
    services.end_designation(
        actor=staff.administrator,
        designation=designation,
        audit_context=context(staff.administrator),
    )
    assert client_for(lex.sydost).get(notification_url(serious)).status_code == 404


def test_a_signed_out_visitor_is_sent_to_the_sign_in(serious):
    answer = Client().get(notification_url(serious))
    assert answer.status_code == 302 and "pdf" not in answer["Content-Type"]


def test_a_post_is_refused(serious, lex):
    assert client_for(lex.sydost).post(notification_url(serious)).status_code == 405


# The audit log -----------------------------------------------------------------------------


def test_each_document_produced_is_logged_with_its_kind_and_version_not_the_person(serious, lex):
    report = _closed_with_measures(serious, lex.sydost)
    client = client_for(lex.sydost)
    client.get(notification_url(report))
    client.get(investigation_url(report))
    entries = AuditEntry.objects.filter(
        action=AuditAction.LEX_SARAH_IVO_DOCUMENT_PRODUCED
    ).order_by("pk")
    assert [(e.changes, e.actor_id, e.object_id, e.participant_id) for e in entries] == [
        (
            {"document": IvoDocumentKind.NOTIFICATION.value, "investigation_version": 1},
            lex.sydost.pk,
            str(report.pk),
            None,
        ),
        (
            {"document": IvoDocumentKind.INVESTIGATION.value, "investigation_version": 1},
            lex.sydost.pk,
            str(report.pk),
            None,
        ),
    ]


def test_a_refused_document_is_not_logged(serious, staff):
    client_for(staff.coach_sydost).get(notification_url(serious))
    assert not AuditEntry.objects.filter(action=AuditAction.LEX_SARAH_IVO_DOCUMENT_PRODUCED)


# Long texts --------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    kind=st.sampled_from(["h1", "h2", "p"]),
    text=st.text(alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzåäö ÅÄÖ.,-\n"), max_size=2000),
)
def test_wrapping_keeps_every_letter_and_fits_the_line(kind, text):
    pieces = wrapped([(kind, text)])
    drawn = [piece for piece_kind, piece in pieces if piece_kind == kind]
    assert all(len(piece) <= line_width(kind) for piece in drawn)
    assert "".join("".join(piece.split()) for piece in drawn) == "".join(text.split())


def test_a_long_text_flows_onto_more_pages_without_losing_words(staff, lex):
    words = [f"ord{number:04d}" for number in range(1, 1201)]
    report = filed(staff.coach_sydost, what_happened=" ".join(words))
    investigated(report, lex.sydost, Assessment.SERIOUS_WRONGDOING, **SERIOUS_FIELDS)
    data = client_for(lex.sydost).get(notification_url(report)).content
    assert len(PdfReader(io.BytesIO(data)).pages) >= 2
    text = pdf_text(data)
    assert [word for word in text.split() if word.startswith("ord")] == words
    assert len(words) > LINES_PER_PAGE  # more lines than one page holds
