"""The provider's page of one person in an activity: the reports the most used first
(attendance or absence, then start, completion, a job or studies, and a break-off last), no
date filled in for them, and a break-off or a start that never happened confirmed in a second
step on the server before anything is sent; and the person's pause shown wherever their
activity is."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from jobbtorg.participants.models import InterruptionReason
from jobbtorg.providers.models import AttendanceRegister, ProviderReport, ProviderReportKind
from tests.conftest import client_for
from tests.offering import offering_at, place, report
from tests.participants.factories import InterruptionFactory
from tests.participants.scenarios import active_case, backdate

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YESTERDAY = TODAY - dt.timedelta(days=1)


def started_in_training(staff, first_name="Amira", last_name="Hassan"):
    case = backdate(active_case(staff, first_name=first_name, last_name=last_name), 30)
    offering = offering_at(staff.provider_staff.provider, code="work_training")
    participation = place(case, offering, staff.coach_sydost, start=TODAY - dt.timedelta(days=20))
    report(participation, staff.provider_staff, "start", TODAY - dt.timedelta(days=20))
    participation.refresh_from_db()
    return participation


def url_of(participation):
    return reverse("providers:participation", args=[participation.pk])


def headings(html):
    return re.findall(r'<h2 id="(?:attendance-title|report-[a-z_]+)">(.*?)</h2>', html)


def test_attendance_first_and_a_break_off_last_with_no_date_filled_in(staff):
    participation = started_in_training(staff)
    html = client_for(staff.provider_staff, "en").get(url_of(participation)).content.decode()
    assert headings(html) == [
        "Attendance or absence",
        "Report completion",
        "Report work or studies obtained",
        "Report a break-off",
    ]
    assert f'value="{TODAY.isoformat()}"' not in html  # no date commits itself
    assert "attendance for everyone in the activity" in html


def test_placed_a_start_comes_first_and_never_started_after_it(staff):
    case = active_case(staff)
    participation = place(case, offering_at(staff.provider_staff.provider), staff.coach_sydost)
    html = client_for(staff.provider_staff, "en").get(url_of(participation)).content.decode()
    assert headings(html) == [
        "Attendance or absence",
        "Report the start",
        "Report that it never started",
    ]


def test_an_absence_is_registered_from_the_persons_page(staff):
    participation = started_in_training(staff)
    client = client_for(staff.provider_staff, "en")
    response = client.post(
        url_of(participation),
        {
            "action": "attendance",
            "attendance-day": YESTERDAY.isoformat(),
            "attendance-attendance": "absent_valid:care_of_child",
        },
    )
    if YESTERDAY.weekday() >= 5:  # no activity at the weekend: refused, with the reason
        assert response.status_code == 200
        assert "No attendance is expected" in response.content.decode()
        assert not AttendanceRegister.objects.exists()
        return
    assert response.status_code == 302
    register = AttendanceRegister.objects.get()
    assert (register.day, register.status, register.reason) == (
        YESTERDAY,
        "absent_valid",
        "care_of_child",
    )


def test_a_bad_absence_names_its_fields_and_saves_nothing(staff):
    participation = started_in_training(staff)
    response = client_for(staff.provider_staff, "en").post(
        url_of(participation),
        {"action": "attendance", "attendance-day": "", "attendance-attendance": ""},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Day: Give the day." in html
    assert "Attendance: Choose present or the kind of absence." in html
    assert not AttendanceRegister.objects.exists()


def test_a_break_off_is_confirmed_before_it_is_sent(staff):
    participation = started_in_training(staff)
    client = client_for(staff.provider_staff, "en")
    typed = {
        "action": "report",
        "kind": "break_off",
        "break_off-on": YESTERDAY.isoformat(),
        "break_off-note": "Har slutat komma.",
    }
    asked = client.post(url_of(participation), typed)
    html = asked.content.decode()
    assert asked.status_code == 200
    assert f"Amira Hassan on {YESTERDAY.isoformat()}?" in html
    assert "Yes, report the break-off" in html and "No, go back" in html
    assert 'name="break_off-note" value="Har slutat komma."' in html
    participation.refresh_from_db()
    assert participation.status == "started"
    assert not ProviderReport.objects.filter(kind=ProviderReportKind.BREAK_OFF).exists()

    # "No, go back": the form as typed, nothing sent.
    back = client.post(url_of(participation), typed | {"edit": "yes"}).content.decode()
    assert "Yes, report the break-off" not in back and "Har slutat komma." in back
    assert not ProviderReport.objects.filter(kind=ProviderReportKind.BREAK_OFF).exists()

    done = client.post(url_of(participation), typed | {"confirmed": "yes"})
    assert done.status_code == 302
    participation.refresh_from_db()
    assert participation.status == "broken_off" and participation.ended_on == YESTERDAY


def test_a_break_off_the_service_would_refuse_is_not_asked_about(staff):
    participation = started_in_training(staff)
    response = client_for(staff.provider_staff, "en").post(
        url_of(participation),
        {
            "action": "report",
            "kind": "break_off",
            "break_off-on": (TODAY + dt.timedelta(days=3)).isoformat(),
            "break_off-note": "",
        },
    )
    html = response.content.decode()
    assert "Yes, report the break-off" not in html
    assert "The date is in the future" in html and "Say why the activity was broken off." in html
    participation.refresh_from_db()
    assert participation.status == "started"


def test_a_completion_is_sent_at_once(staff):
    participation = started_in_training(staff)
    response = client_for(staff.provider_staff, "en").post(
        url_of(participation),
        {"action": "report", "kind": "completion", "completion-on": YESTERDAY.isoformat()},
    )
    assert response.status_code == 302
    participation.refresh_from_db()
    assert participation.status == "completed"


# The person's pause


@pytest.mark.parametrize(
    ("reason", "provider_reads", "coach_reads"),
    [
        (
            InterruptionReason.PARENTAL_LEAVE,
            "Paused (parental leave) until 2030-01-31",
            "Paused (parental leave) until 2030-01-31",
        ),
        # Health is not the provider's to read: only that the person is paused, and until when.
        (
            InterruptionReason.ILLNESS,
            "Paused until 2030-01-31",
            "Paused (illness) until 2030-01-31",
        ),
        (
            InterruptionReason.PREGNANCY,
            "Paused until 2030-01-31",
            "Paused (pregnancy) until 2030-01-31",
        ),
    ],
)
def test_the_pause_is_shown_wherever_the_activity_is(staff, reason, provider_reads, coach_reads):
    participation = started_in_training(staff)
    InterruptionFactory(
        referral=participation.referral,
        reason=reason,
        start=YESTERDAY,
        expected_end=dt.date(2030, 1, 31),
    )
    provider = client_for(staff.provider_staff, "en")
    for page in (reverse("web:home"), url_of(participation)):
        html = provider.get(page).content.decode()
        assert provider_reads in html and '<span class="chip">Started</span>' not in html
        if provider_reads != coach_reads:
            assert coach_reads not in html
    coach = client_for(staff.coach_sydost, "en")
    person = reverse("web:participant", args=[participation.referral.participant_id])
    for page in (reverse("web:home"), person, url_of(participation)):
        assert coach_reads in coach.get(page).content.decode()


def test_an_ended_pause_and_an_ended_activity_read_as_their_status(staff):
    participation = started_in_training(staff)
    InterruptionFactory(
        referral=participation.referral,
        reason=InterruptionReason.PARENTAL_LEAVE,
        start=TODAY - dt.timedelta(days=10),
        end=YESTERDAY,
    )
    html = client_for(staff.provider_staff, "en").get(url_of(participation)).content.decode()
    assert "Paused" not in html and '<span class="chip">Started</span>' in html


def test_the_providers_menu_has_min_dag_attendance_and_their_offerings(staff):
    html = client_for(staff.provider_staff, "en").get(reverse("web:home")).content.decode()
    nav = re.search(r'class="main-nav">(.*?)</nav>', html, re.S).group(1)
    assert re.findall(r">([^<>]+)</a>", nav) == [
        "My day",
        "Attendance",
        "Our offerings",
        "Lex Sarah",
    ]
    offering = started_in_training(staff).offering
    listed = (
        client_for(staff.provider_staff, "en").get(reverse("providers:offerings")).content.decode()
    )
    assert "Your activities" in listed and "Work training" in listed
    detail = client_for(staff.provider_staff, "en").get(
        reverse("providers:offering", args=[offering.pk])
    )
    assert "Amira Hassan" in detail.content.decode()
