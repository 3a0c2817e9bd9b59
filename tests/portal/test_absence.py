"""The person reports their own absence on their own pages (ADR 0005, point 8): the reasons in
plain words, today by default, at most the service's days ahead; the answer names the days
reported and the days already registered; the provider's day list and the coach's Min dag
show it at once as a reported reason (never missing, never unexcused); bad input names its
field in Swedish and saves nothing; audited on the channel `participant`."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from jobbtorg.core.audit.models import AuditAction, AuditChannel, AuditEntry
from jobbtorg.participants.models import DistrictEvent, EventKind
from jobbtorg.providers.models import AttendanceRegister, AttendanceStatus
from tests.audit_reads import people_named
from tests.conftest import client_for
from tests.portal.cases import signed_in_as
from tests.providers.helpers import (
    FRIDAY,
    MONDAY,
    NEXT_MONDAY,
    SATURDAY,
    THURSDAY,
    TUESDAY,
    WEDNESDAY,
    in_training,
    page_url,
    register,
    review,
)

pytestmark = pytest.mark.django_db

FORM = "/mina-sidor/franvaro/"
ANSWER = "/mina-sidor/franvaro/anmald/"
TODAY = WEDNESDAY  # the day the person reports, in every test


@pytest.fixture
def amira(staff, on_day):
    """Amira in daily-attendance work training from MONDAY; Monday and Tuesday registered by
    the provider; today is Wednesday."""
    participation = in_training(staff, first_name="Amira", last_name="Hassan")
    for day in (MONDAY, TUESDAY):
        register(staff.provider_staff, participation, day, "present")
    on_day(TODAY)
    return participation


def registers_of(participation):
    return {
        r.day: (r.status, r.reason, r.reported_by_participant)
        for r in AttendanceRegister.objects.filter(participation=participation)
    }


def reported(participation, **fields):
    data = {"reason": "illness", "first_day": TODAY.isoformat(), "last_day": ""} | fields
    return signed_in_as(participation.referral.participant).post(FORM, data)


def test_the_form_offers_the_reasons_in_words_from_today_to_at_most_fourteen_days(amira):
    page = signed_in_as(amira.referral.participant).get(FORM).content.decode()
    for reason in (
        "Jag är sjuk",
        "Jag är hemma med mitt sjuka barn",
        "Jag har en tid, till exempel hos läkare",
    ):
        assert reason in page
    assert f'value="{TODAY.isoformat()}"' in page  # the first day is today unless changed
    assert f'max="{(TODAY + dt.timedelta(days=14)).isoformat()}"' in page
    assert "Du kan anmäla till och med 19 mars 2025." in page


def test_the_report_reaches_the_provider_and_the_coach_as_a_reported_reason(staff, amira, on_day):
    person = amira.referral.participant
    browser = signed_in_as(person)

    sent = browser.post(
        FORM,
        {"reason": "illness", "first_day": TODAY.isoformat(), "last_day": FRIDAY.isoformat()},
    )

    assert sent.status_code == 302 and sent["Location"] == ANSWER
    answer = browser.get(ANSWER).content.decode()
    assert "Din frånvaro är anmäld" in answer
    for weekday in ("onsdag 5 mars 2025", "torsdag 6 mars 2025", "fredag 7 mars 2025"):
        assert weekday in answer
    assert "Orsak: Sjukdom." in answer
    reported_day = (AttendanceStatus.ABSENT_VALID, "illness", True)
    present = (AttendanceStatus.PRESENT, "", False)
    assert registers_of(amira) == {
        MONDAY: present,
        TUESDAY: present,
        WEDNESDAY: reported_day,
        THURSDAY: reported_day,
        FRIDAY: reported_day,
    }

    # In the person's log, on their channel, with no staff actor.
    written = AuditEntry.objects.filter(
        action=AuditAction.ATTENDANCE_REGISTERED, participant=person, actor__isnull=True
    )
    assert written.count() == 3
    assert set(written.values_list("channel", flat=True)) == {AuditChannel.PARTICIPANT}
    assert person.pk in people_named(
        AuditAction.ATTENDANCE_VIEWED, channel=AuditChannel.PARTICIPANT
    )

    # The provider's day list shows it filled in and marked; the coach's Min dag lists it.
    day_list = client_for(staff.provider_staff).get(page_url(TODAY)).content.decode()
    row = day_list[day_list.index(f'id="row-{amira.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "anmäld frånvaro av deltagaren" in row and 'value="absent_valid" checked' in row
    home = client_for(staff.coach_sydost).get(reverse("web:home")).content.decode()
    section = home[home.index('id="absences-reported-title"') :]
    assert "Amira Hassan" in section[: section.index("</section>")]

    # Never missing, never unexcused: the daily review finds nothing to send.
    on_day(FRIDAY)
    assert review(FRIDAY) == 0
    assert not DistrictEvent.objects.filter(
        kind__in=[EventKind.ABSENCE, EventKind.MISSING_REGISTERS]
    ).exists()


def test_one_day_when_no_last_day_is_given(amira):
    assert reported(amira).status_code == 302
    assert set(registers_of(amira)) == {MONDAY, TUESDAY, WEDNESDAY}


def test_a_day_already_registered_is_named_and_left_as_it_was(staff, amira):
    register(staff.provider_staff, amira, WEDNESDAY, "present")
    browser = signed_in_as(amira.referral.participant)

    browser.post(
        FORM,
        {
            "reason": "appointment",
            "first_day": WEDNESDAY.isoformat(),
            "last_day": THURSDAY.isoformat(),
        },
    )

    answer = browser.get(ANSWER).content.decode()
    already = answer[answer.index("Dagar som redan var registrerade") :]
    assert "onsdag 5 mars 2025" in already and "Registrerad som: Närvarande." in already
    reported_part = answer[: answer.index("Dagar som redan var registrerade")]
    assert "torsdag 6 mars 2025" in reported_part and "onsdag" not in reported_part
    assert registers_of(amira)[WEDNESDAY] == (AttendanceStatus.PRESENT, "", False)
    assert registers_of(amira)[THURSDAY] == (AttendanceStatus.ABSENT_VALID, "appointment", True)


@pytest.fixture
def bo(staff):
    """Bo in the same activity (made before today is moved to Wednesday)."""
    return in_training(staff, first_name="Bo", last_name="Berg")


def test_the_report_touches_only_the_persons_own_activity(staff, bo, amira):
    reported(amira, last_day=FRIDAY.isoformat())
    assert registers_of(bo) == {}


@pytest.mark.parametrize(
    ("fields", "field", "text"),
    [
        ({"reason": ""}, "reason", "Orsak: välj varför du är borta."),
        ({"reason": "absent_invalid"}, "reason", "Orsak: välj varför du är borta."),
        ({"first_day": ""}, "first_day", "Första dagen: skriv den första dagen du är borta"),
        ({"first_day": "5/3"}, "first_day", "Första dagen: skriv den första dagen du är borta"),
        (
            {"first_day": TUESDAY.isoformat()},
            "first_day",
            "Första dagen: den dagen har redan varit.",
        ),
        (
            {"first_day": (TODAY + dt.timedelta(days=15)).isoformat()},
            "first_day",
            "Första dagen: du kan anmäla frånvaro högst 14 dagar framåt",
        ),
        ({"last_day": TUESDAY.isoformat()}, "last_day", "Sista dagen: den är före första dagen."),
        (
            {"last_day": (TODAY + dt.timedelta(days=15)).isoformat()},
            "last_day",
            "Sista dagen: du kan anmäla frånvaro högst 14 dagar framåt",
        ),
        (
            {"first_day": SATURDAY.isoformat(), "last_day": SATURDAY.isoformat()},
            "first_day",
            "Dagarna: du har ingen aktivitet med närvaro de dagarna.",
        ),
    ],
)
def test_bad_input_names_its_field_in_swedish_and_saves_nothing(amira, fields, field, text):
    audit_before = AuditEntry.objects.count()
    answer = reported(amira, **fields)
    assert answer.status_code == 200
    page = answer.content.decode()
    assert text in page
    assert f'href="#id_{field}"' in page and 'aria-invalid="true"' in page
    assert set(registers_of(amira)) == {MONDAY, TUESDAY}
    assert AuditEntry.objects.count() == audit_before


def test_what_was_typed_stays_after_a_refusal(amira):
    page = reported(amira, reason="", last_day=NEXT_MONDAY.isoformat()).content.decode()
    assert f'value="{NEXT_MONDAY.isoformat()}"' in page


@pytest.mark.parametrize(("method", "url"), [("get", FORM), ("post", FORM), ("get", ANSWER)])
def test_a_staff_session_has_no_absence_to_report_here(staff, amira, method, url):
    answer = getattr(client_for(staff.coach_sydost), method)(
        url, {"reason": "illness", "first_day": TODAY.isoformat()}
    )
    assert answer.status_code == 404
    assert set(registers_of(amira)) == {MONDAY, TUESDAY}


def test_without_a_session_the_form_sends_to_the_sign_in(amira):
    for url in (FORM, ANSWER):
        answer = Client().get(url)
        assert answer.status_code == 302 and answer["Location"] == "/mina-sidor/"
    Client().post(FORM, {"reason": "illness", "first_day": TODAY.isoformat()})
    assert set(registers_of(amira)) == {MONDAY, TUESDAY}


def test_a_post_without_the_csrf_token_is_refused(amira):
    browser = signed_in_as(amira.referral.participant)
    browser.handler.enforce_csrf_checks = True
    answer = browser.post(FORM, {"reason": "illness", "first_day": TODAY.isoformat()})
    assert answer.status_code == 403
    assert set(registers_of(amira)) == {MONDAY, TUESDAY}


def test_min_sida_links_to_the_form(amira):
    page = signed_in_as(amira.referral.participant).get("/mina-sidor/").content.decode()
    assert f'href="{FORM}"' in page and "Anmäl frånvaro" in page
