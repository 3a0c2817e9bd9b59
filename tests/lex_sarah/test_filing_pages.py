"""Filing a lex Sarah report, its receipt and the reporter's list: every staff role files, only
the reporter reads the receipt (officers included get 404 there), a participant's session gets
404; bad input is refused in Swedish with nothing written; every read and write is audited."""

import datetime as dt

import pytest

from jobbtorg.core.audit.models import AuditAction, AuditEntry, AuditEntryPerson
from jobbtorg.lex_sarah.models import Assessment, Report, ReportKind, ReportStatus
from tests.conftest import client_for
from tests.factories import ProviderFactory, job_centre
from tests.lex_sarah.world import filed, investigated, officers
from tests.portal.cases import own_case, signed_in_as

pytestmark = pytest.mark.django_db

STAFF = [
    "coach_sydost",
    "matcher_sydost",
    "manager_sydost",
    "coach_jarva",
    "manager_jarva",
    "officer_farsta",
    "officer_skarpnack",
    "provider_staff",
    "analyst",
    "administrator",
]


def _form(**overrides):
    data = {
        "kind": ReportKind.WRONGDOING,
        "what_happened": "Närvaron registrerades inte på tre veckor.",
        "happened_on": "2026-11-02",
        "happened_where": "Jobbtorg Sydost",
        "affected": "En deltagare",
        "immediate_actions": "",
        "job_centre": str(job_centre("sydost").pk),
        "provider": "",
        "participant": "",
    }
    data.update(overrides)
    return data


def _entries(action, **filters):
    return AuditEntry.objects.filter(action=action, **filters)


# --- Who may file and read ---------------------------------------------------------------


@pytest.mark.parametrize("username", STAFF)
def test_every_staff_role_files_a_report_and_gets_the_receipt(staff, username):
    user = getattr(staff, username)
    client = client_for(user)
    assert client.get("/lex-sarah/ny/").status_code == 200
    assert client.get("/lex-sarah/").status_code == 200
    answer = client.post("/lex-sarah/ny/", _form())
    report = Report.objects.get(reported_by=user)
    assert answer.status_code == 302
    assert answer["Location"] == f"/lex-sarah/mina/{report.pk}/"
    assert client.get(answer["Location"]).status_code == 200


def test_the_officers_file_too_and_see_the_inbox_link_on_their_page(staff):
    team = officers(staff)
    for officer in (team.city, team.jarva, team.sydost):
        html = client_for(officer).get("/lex-sarah/").content.decode()
        assert 'href="/lex-sarah/rapporter/"' in html
        assert client_for(officer).get("/lex-sarah/ny/").status_code == 200
    html = client_for(staff.coach_sydost).get("/lex-sarah/").content.decode()
    assert 'href="/lex-sarah/rapporter/"' not in html


@pytest.mark.parametrize("username", [u for u in STAFF if u != "coach_sydost"])
def test_the_receipt_is_the_reporters_alone(staff, username):
    report = filed(staff.coach_sydost)
    answer = client_for(getattr(staff, username)).get(f"/lex-sarah/mina/{report.pk}/")
    assert answer.status_code == 404
    assert not _entries(AuditAction.LEX_SARAH_REPORT_VIEWED).exists()


def test_an_officer_of_the_report_gets_404_on_the_reporters_receipt(staff):
    team = officers(staff)
    report = filed(staff.coach_sydost)
    for officer in (team.city, team.sydost, team.jarva):
        assert client_for(officer).get(f"/lex-sarah/mina/{report.pk}/").status_code == 404


def test_a_participants_session_gets_404_on_every_filing_page(staff):
    person = own_case(staff).participant
    report = filed(staff.coach_sydost)
    client = signed_in_as(person)
    for path in ("/lex-sarah/", "/lex-sarah/ny/", f"/lex-sarah/mina/{report.pk}/"):
        assert client.get(path).status_code == 404
    assert client.post("/lex-sarah/ny/", _form()).status_code == 404
    assert Report.objects.count() == 1


def test_a_signed_out_visitor_is_asked_to_sign_in(db):
    from django.test import Client

    assert Client().get("/lex-sarah/ny/").status_code == 302
    assert Client().post("/lex-sarah/ny/", _form()).status_code == 302
    assert not Report.objects.exists()


# --- The form ------------------------------------------------------------------------------


def test_the_page_says_what_lex_sarah_is_in_swedish(staff):
    html = client_for(staff.coach_sydost).get("/lex-sarah/ny/").content.decode()
    assert "Vad är lex Sarah?" in html
    assert "lex Sarah-ansvariga" in html
    assert "IVO" in html


def test_the_reporters_own_jobbtorg_is_chosen_at_first(staff):
    form = client_for(staff.coach_jarva).get("/lex-sarah/ny/").context["form"]
    assert form.initial["job_centre"] == job_centre("jarva").pk
    form = client_for(staff.analyst).get("/lex-sarah/ny/").context["form"]
    assert "job_centre" not in form.initial


def test_provider_staff_have_their_provider_chosen_at_first(staff):
    form = client_for(staff.provider_staff).get("/lex-sarah/ny/").context["form"]
    assert form.initial["provider"] == staff.provider_staff.provider_id
    assert "job_centre" not in form.initial


def test_the_report_holds_what_was_written(staff):
    provider = ProviderFactory()
    client = client_for(staff.provider_staff)
    client.post(
        "/lex-sarah/ny/",
        _form(
            kind=ReportKind.RISK,
            job_centre="",
            provider=str(provider.pk),
            immediate_actions="Rutinen påmindes.",
        ),
    )
    report = Report.objects.get()
    assert report.kind == ReportKind.RISK
    assert report.job_centre is None
    assert report.provider == provider
    assert report.happened_on == dt.date(2026, 11, 2)
    assert report.immediate_actions == "Rutinen påmindes."
    assert report.status == ReportStatus.RECEIVED
    assert report.reference == f"LS-{report.year}-0001"


def test_filing_is_audited_by_the_report_never_the_person(staff):
    person = own_case(staff).participant
    client_for(staff.coach_sydost).post("/lex-sarah/ny/", _form(participant=str(person.pk)))
    report = Report.objects.get()
    entry = _entries(AuditAction.LEX_SARAH_REPORT_FILED).get()
    assert entry.object_id == str(report.pk)
    assert entry.participant_id is None
    assert entry.actor == staff.coach_sydost
    assert entry.changes["after"] == {"reference": report.reference, "linked_participant": True}
    assert not AuditEntry.objects.filter(participant=person, path__startswith="/lex-sarah").exists()


KIND_MISSING = "Välj om det är ett missförhållande eller en påtaglig risk för missförhållande."


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "kind",
            "",
            "Välj om det är ett missförhållande eller en påtaglig risk för missförhållande.",
        ),
        (
            "kind",
            "other",
            "Välj om det är ett missförhållande eller en påtaglig risk för missförhållande.",
        ),
        ("what_happened", "  ", "Beskriv vad som hände eller kan hända."),
        ("happened_where", "", "Skriv var det hände eller kan hända."),
        ("happened_where", "x" * 301, "Skriv platsen med högst 300 tecken."),
        ("affected", "", "Skriv vem som drabbades eller kan drabbas"),
        ("happened_on", "2.11.2026", "Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2026-03-14."),
        ("happened_on", "2999-01-01", "Datumet kan inte ligga i framtiden."),
        ("happened_on", "1990-01-01", "Kontrollera året i datumet."),
        ("job_centre", "999999", "Välj ett aktivt Jobbtorg."),
        ("provider", "999999", "Välj en anordnare i listan."),
        ("what_happened", "x" * 10_001, "Texten får vara högst 10000 tecken."),
    ],
)
def test_bad_input_is_refused_in_swedish_and_nothing_is_written(staff, field, value, message):
    answer = client_for(staff.coach_sydost).post("/lex-sarah/ny/", _form(**{field: value}))
    assert answer.status_code == 200
    html = answer.content.decode()
    assert message in html.replace("&nbsp;", " ").replace("\u00a0", " ")
    assert 'class="error-summary"' in html
    assert not Report.objects.exists()
    assert not _entries(AuditAction.LEX_SARAH_REPORT_FILED).exists()


def test_an_inactive_jobbtorg_cannot_be_chosen(staff):
    jarva = job_centre("jarva")
    jarva.is_active = False
    jarva.save(update_fields=["is_active"])
    answer = client_for(staff.coach_sydost).post("/lex-sarah/ny/", _form(job_centre=str(jarva.pk)))
    assert "Välj ett aktivt Jobbtorg." in answer.content.decode()
    assert not Report.objects.exists()


def test_what_was_typed_is_kept_when_the_form_is_refused(staff):
    answer = client_for(staff.coach_sydost).post("/lex-sarah/ny/", _form(affected=""))
    assert "Närvaron registrerades inte på tre veckor." in answer.content.decode()


# --- The person linked from their page ----------------------------------------------------


def test_the_participant_page_links_to_a_report_about_the_person(staff):
    person = own_case(staff).participant
    html = client_for(staff.coach_sydost).get(f"/deltagare/{person.pk}/").content.decode()
    assert f'href="/lex-sarah/ny/?deltagare={person.pk}"' in html


def test_coming_from_the_person_the_form_names_them_and_links_the_report(staff):
    person = own_case(staff, first_name="Petra", last_name="Portalsson").participant
    client = client_for(staff.coach_sydost)
    answer = client.get(f"/lex-sarah/ny/?deltagare={person.pk}")
    html = answer.content.decode()
    assert "Petra Portalsson" in html
    assert f'name="participant" value="{person.pk}"' in html
    client.post("/lex-sarah/ny/", _form(participant=str(person.pk)))
    assert Report.objects.get().participant == person


@pytest.mark.parametrize(
    "username", ["coach_jarva", "provider_staff", "analyst", "officer_skarpnack"]
)
def test_a_person_the_reporter_may_not_see_is_404_on_the_form(staff, username):
    person = own_case(staff).participant
    client = client_for(getattr(staff, username))
    assert client.get(f"/lex-sarah/ny/?deltagare={person.pk}").status_code == 404
    assert client.get("/lex-sarah/ny/?deltagare=x").status_code == 404


@pytest.mark.parametrize("username", ["coach_jarva", "provider_staff", "analyst"])
def test_a_tampered_person_is_refused_in_swedish_and_nothing_is_written(staff, username):
    person = own_case(staff, first_name="Petra", last_name="Portalsson").participant
    answer = client_for(getattr(staff, username)).post(
        "/lex-sarah/ny/", _form(participant=str(person.pk))
    )
    html = answer.content.decode()
    assert answer.status_code == 200
    assert "Du kan bara koppla en deltagare vars ärende du får se." in html
    assert "Petra Portalsson" not in html
    # The text stays; the link is dropped, so that sending again files without it.
    assert "Närvaron registrerades inte på tre veckor." in html
    assert 'name="participant" value="' not in html or f'value="{person.pk}"' not in html
    assert not Report.objects.exists()
    assert not _entries(AuditAction.LEX_SARAH_REPORT_FILED).exists()


def test_an_id_that_names_no_one_is_refused_as_well(staff):
    answer = client_for(staff.coach_sydost).post(
        "/lex-sarah/ny/", _form(participant="00000000-0000-4000-8000-000000000000")
    )
    assert "Du kan bara koppla en deltagare vars ärende du får se." in answer.content.decode()
    assert not Report.objects.exists()


# --- The receipt and the list --------------------------------------------------------------


def test_the_receipt_shows_the_reference_and_what_was_written_never_the_investigation(staff):
    team = officers(staff)
    report = filed(staff.coach_sydost)
    client = client_for(staff.coach_sydost)
    html = client.get(f"/lex-sarah/mina/{report.pk}/").content.decode()
    assert report.reference in html
    assert "Mottagen" in html
    assert "Närvaron registrerades inte på tre veckor." in html
    assert "2026-11-02" in html
    investigated(report, team.sydost, Assessment.SERIOUS_WRONGDOING)
    html = client.get(f"/lex-sarah/mina/{report.pk}/").content.decode()
    assert "Under utredning" in html
    assert "Registret saknades." not in html
    assert "Rutinen var oklar." not in html
    assert "Allvarligt" not in html
    assert "allvarlig" not in html


def test_reading_the_receipt_is_audited_as_the_status(staff):
    report = filed(staff.coach_sydost)
    client_for(staff.coach_sydost).get(f"/lex-sarah/mina/{report.pk}/")
    entry = _entries(AuditAction.LEX_SARAH_REPORT_VIEWED).get()
    assert entry.object_id == str(report.pk)
    assert entry.changes == {"part": "status"}
    assert entry.participant_id is None


def test_the_list_shows_ones_own_reports_newest_first_and_is_audited(staff):
    first = filed(staff.coach_sydost)
    second = filed(staff.coach_sydost, centre=None)
    others = filed(staff.matcher_sydost)
    answer = client_for(staff.coach_sydost).get("/lex-sarah/")
    html = answer.content.decode()
    assert html.index(second.reference) < html.index(first.reference)
    assert others.reference not in html
    assert "Mottagen" in html
    assert 'href="/lex-sarah/ny/"' in html
    entry = _entries(AuditAction.LEX_SARAH_REPORTS_LISTED).get()
    shown = set(AuditEntryPerson.objects.filter(entry=entry).values_list("object_id", flat=True))
    assert shown == {str(first.pk), str(second.pk)}


def test_an_empty_list_says_so_and_writes_no_entry(staff):
    html = client_for(staff.analyst).get("/lex-sarah/").content.decode()
    assert "Du har inte lämnat någon lex Sarah-rapport." in html
    assert not _entries(AuditAction.LEX_SARAH_REPORTS_LISTED).exists()
