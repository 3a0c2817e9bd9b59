"""Daily attendance (R15, R33): a missing register is never an absence; it is flagged to the
provider and the coach the next working day and, when repeated, becomes one district event;
an absence without valid reason becomes one event, and its correction another.

Dates are relative to a fixed Monday (no holidays that fortnight); "today" is passed to the
services and the command (`--on`), and the pages run on a patched `timezone.localdate`.
"""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from jobbtorg.core.audit.models import AuditAction, AuditEntry
from jobbtorg.core.errors import NotAllowed, ValidationFailed
from jobbtorg.participants.models import DistrictEvent, EventKind
from jobbtorg.providers.models import AttendanceRegister
from jobbtorg.providers.selectors.attendance import (
    attendance_for_caseload,
    attendance_for_provider,
)
from jobbtorg.providers.services.attendance import (
    Entry,
    attendance_register,
    attendance_register_day,
)
from tests.conftest import api_client_for, client_for
from tests.factories import ProviderFactory, UserFactory
from tests.offering import offering_at, place, report
from tests.participants.factories import InterruptionFactory
from tests.participants.scenarios import active_case, backdate, context

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2025, 3, 3)
TUESDAY, WEDNESDAY, THURSDAY, FRIDAY = (MONDAY + dt.timedelta(days=n) for n in range(1, 5))
SATURDAY = MONDAY + dt.timedelta(days=5)
NEXT_MONDAY = MONDAY + dt.timedelta(days=7)


def in_training(staff, *, provider=None, started=True, **case):
    """A person of Farsta (coach_sydost) in daily-attendance work training from MONDAY."""
    provider = provider or staff.provider_staff.provider
    offering = offering_at(
        provider, code="work_training", valid_from=MONDAY - dt.timedelta(days=30)
    )
    case_ = backdate(active_case(staff, **case), (timezone.localdate() - MONDAY).days + 14)
    participation = place(case_, offering, staff.coach_sydost, start=MONDAY)
    if started:
        report(participation, staff.provider_staff, "start", MONDAY)
        participation.refresh_from_db()
    return participation


def register(user, participation, day, status, reason="", today=None):
    return attendance_register(
        context(user), participation, day=day, status=status, reason=reason, today=today or day
    )


def missing_of(items, participation):
    return next(i.missing for i in items if i.participation.pk == participation.pk)


def events(kind):
    return list(DistrictEvent.objects.filter(kind=kind).order_by("occurred_at", "id"))


def review(on) -> int:
    """Runs the daily review as of `on`; the number of events it says it sent."""
    out = io.StringIO()
    call_command("attendance", "review", "--on", on.isoformat(), stdout=out)
    line = next(line for line in out.getvalue().splitlines() if line.startswith("events sent"))
    return int(line.split()[-1])


# A missing register is a flag, never an absence


def test_a_missing_register_is_flagged_to_provider_and_coach_the_next_working_day(staff):
    participation = in_training(staff)
    register(staff.provider_staff, participation, MONDAY, "present")

    # Tuesday's register is due on Tuesday: not missing yet.
    on_tuesday = attendance_for_provider(staff.provider_staff, TUESDAY)
    assert missing_of(on_tuesday, participation) == ()
    # On Wednesday it is missing, for the provider and the coach, and it is no absence.
    on_wednesday = attendance_for_provider(staff.provider_staff, WEDNESDAY)
    assert missing_of(on_wednesday, participation) == (TUESDAY,)
    review_ = on_wednesday[0].review
    assert review_.absences_without_valid_reason == ()
    assert review_.flags_due_today == (TUESDAY,)
    assert missing_of(attendance_for_caseload(staff.coach_sydost, WEDNESDAY), participation) == (
        TUESDAY,
    )
    assert not DistrictEvent.objects.filter(kind=EventKind.ABSENCE).exists()


def test_a_friday_is_flagged_on_monday_not_at_the_weekend(staff):
    participation = in_training(staff)
    for day in (MONDAY, TUESDAY, WEDNESDAY, THURSDAY):
        register(staff.provider_staff, participation, day, "present")
    assert missing_of(attendance_for_provider(staff.provider_staff, SATURDAY), participation) == ()
    assert missing_of(
        attendance_for_provider(staff.provider_staff, NEXT_MONDAY), participation
    ) == (FRIDAY,)


def test_a_start_never_reported_does_not_hide_missing_registers(staff):
    participation = in_training(staff, started=False)
    assert participation.status == "placed"
    missing = missing_of(attendance_for_provider(staff.provider_staff, WEDNESDAY), participation)
    assert missing == (MONDAY, TUESDAY)


def test_no_register_is_expected_while_the_case_is_interrupted(staff):
    participation = in_training(staff)
    InterruptionFactory(referral=participation.referral, start=MONDAY)
    assert missing_of(attendance_for_provider(staff.provider_staff, FRIDAY), participation) == ()


def test_the_coach_sees_only_their_caseload(staff):
    participation = in_training(staff)
    assert attendance_for_caseload(staff.coach_jarva, WEDNESDAY) == []
    other = UserFactory(username="coach-2", coach=True)
    assert attendance_for_caseload(other, WEDNESDAY) == []
    assert missing_of(attendance_for_caseload(staff.coach_sydost, WEDNESDAY), participation)


# Repeated missing registers: one district event, de-duplicated


def test_repeated_missing_registers_become_one_event_and_only_once(staff):
    participation = in_training(staff)
    register(staff.provider_staff, participation, MONDAY, "present")

    # One missing day (Tuesday, seen Wednesday) is a flag, not yet an event.
    assert review(WEDNESDAY) == 0
    assert events(EventKind.MISSING_REGISTERS) == []

    # Two missing days: one event to Farsta, naming the days and the participation.
    assert review(THURSDAY) == 1
    (event,) = events(EventKind.MISSING_REGISTERS)
    assert event.district.slug == "farsta"
    assert event.data["dates"] == [TUESDAY.isoformat(), WEDNESDAY.isoformat()]
    assert event.data["participation"] == str(participation.pk)
    assert TUESDAY.isoformat() in event.summary and WEDNESDAY.isoformat() in event.summary

    # The same day again: nothing new.
    assert review(THURSDAY) == 0
    assert len(events(EventKind.MISSING_REGISTERS)) == 1

    # A further missing day: one more event, listing the days in the window.
    review(FRIDAY)
    later = events(EventKind.MISSING_REGISTERS)
    assert len(later) == 2
    assert later[1].data["dates"] == [d.isoformat() for d in (TUESDAY, WEDNESDAY, THURSDAY)]
    assert AuditEntry.objects.filter(action=AuditAction.REPORTED_TO_DISTRICT).count() == 2


def test_filling_in_the_missing_registers_stops_the_events(staff):
    participation = in_training(staff)
    register(staff.provider_staff, participation, MONDAY, "present")
    assert review(WEDNESDAY) == 0  # Tuesday missing: flagged
    register(staff.provider_staff, participation, TUESDAY, "present", today=WEDNESDAY)
    assert review(THURSDAY) == 0  # only Wednesday missing now
    assert events(EventKind.MISSING_REGISTERS) == []


def test_the_review_command_refuses_bad_arguments_with_exit_code_2(staff, capsys):
    for bad in (
        "2025-02-30",
        "tomorrow",
        (timezone.localdate() + dt.timedelta(days=2)).isoformat(),
    ):
        with pytest.raises(SystemExit) as exit_:
            call_command("attendance", "review", "--on", bad)
        assert exit_.value.code == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_the_district_gets_the_events_through_the_api_and_no_other_district_does(staff):
    participation = in_training(staff)
    review(THURSDAY)
    register(staff.provider_staff, participation, THURSDAY, "absent_invalid", today=FRIDAY)
    farsta = api_client_for(staff.officer_farsta).get("/api/v1/district/events").json()
    got = {e["kind"]: e for e in farsta if e["kind"] in {"absence", "missing_registers"}}
    assert got["missing_registers"]["data"]["dates"] == [
        MONDAY.isoformat(),
        TUESDAY.isoformat(),
        WEDNESDAY.isoformat(),
    ]
    assert got["absence"]["data"]["day"] == THURSDAY.isoformat()
    assert got["absence"]["data"]["activity"] == "work_training"
    skarpnack = api_client_for(staff.officer_skarpnack).get("/api/v1/district/events").json()
    assert not [e for e in skarpnack if e["kind"] in {"absence", "missing_registers"}]
    # The inbox page shows them with their days.
    page = (
        client_for(staff.officer_farsta, "en").get(reverse("participants:inbox")).content.decode()
    )
    assert THURSDAY.isoformat() in page and WEDNESDAY.isoformat() in page
    other = (
        client_for(staff.officer_skarpnack, "en")
        .get(reverse("participants:inbox"))
        .content.decode()
    )
    assert THURSDAY.isoformat() not in other


# Absence without valid reason


def test_an_absence_without_valid_reason_sends_one_event_and_its_correction_another(staff, english):
    participation = in_training(staff)
    register(staff.provider_staff, participation, MONDAY, "absent_invalid")
    (absence,) = events(EventKind.ABSENCE)
    assert absence.district.slug == "farsta"
    assert absence.data["day"] == MONDAY.isoformat()
    assert MONDAY.isoformat() in absence.summary and "Work training" in absence.summary

    # Saved again, or changed and back without a correction in between: no second event.
    register(staff.provider_staff, participation, MONDAY, "absent_invalid", today=TUESDAY)
    assert len(events(EventKind.ABSENCE)) == 1

    # Corrected: the district is told, nothing is withdrawn silently.
    register(staff.provider_staff, participation, MONDAY, "absent_valid", "illness", TUESDAY)
    first, correction = events(EventKind.ABSENCE)
    assert first.pk == absence.pk
    assert correction.data["corrected"] is True and correction.data["day"] == MONDAY.isoformat()
    assert "Corrected" in correction.summary

    # The change keeps before and after in the audit entry.
    entries = AuditEntry.objects.filter(action=AuditAction.ATTENDANCE_REGISTERED).order_by("pk")
    assert [e.changes.get("before") for e in entries] == [
        None,
        {"day": MONDAY.isoformat(), "status": "absent_invalid", "reason": ""},
    ]
    assert entries.last().changes["after"]["reason"] == "illness"
    assert entries.last().participant == participation.referral.participant

    # Absent without valid reason again after the correction: a new event.
    register(staff.provider_staff, participation, MONDAY, "absent_invalid", today=TUESDAY)
    assert len(events(EventKind.ABSENCE)) == 3


def test_a_valid_absence_or_presence_sends_nothing(staff):
    participation = in_training(staff)
    register(staff.provider_staff, participation, MONDAY, "present")
    register(staff.provider_staff, participation, TUESDAY, "absent_valid", "care_of_child")
    assert not DistrictEvent.objects.filter(kind=EventKind.ABSENCE).exists()


# Bad input: refused with a clear message, nothing written


@pytest.mark.parametrize(
    "day, status, reason, field, message",
    [
        (WEDNESDAY, "present", "", "day", "in the future"),
        (SATURDAY, "present", "", "day", "No attendance is expected"),
        (MONDAY - dt.timedelta(days=7), "present", "", "day", "No attendance is expected"),
        (MONDAY, "absent_valid", "", "reason", "Choose the reason"),
        (MONDAY, "absent_valid", "holiday", "reason", "Choose the reason"),
        (MONDAY, "present", "illness", "reason", "Only an absence with valid reason"),
        (MONDAY, "late", "", "status", "Choose present"),
    ],
)
def test_bad_registers_are_refused_and_nothing_is_written(
    staff, english, day, status, reason, field, message
):
    participation = in_training(staff)
    with pytest.raises(ValidationFailed) as error:
        register(staff.provider_staff, participation, day, status, reason, today=TUESDAY)
    assert message in " ".join(error.value.errors[field])
    assert not AttendanceRegister.objects.exists()
    assert not AuditEntry.objects.filter(action=AuditAction.ATTENDANCE_REGISTERED).exists()
    assert not DistrictEvent.objects.filter(kind=EventKind.ABSENCE).exists()


def test_an_activity_without_daily_attendance_takes_no_register(staff, english):
    offering = offering_at(
        staff.provider_staff.provider, code="coaching", valid_from=MONDAY - dt.timedelta(30)
    )
    case_ = backdate(active_case(staff), (timezone.localdate() - MONDAY).days + 14)
    participation = place(case_, offering, staff.coach_sydost, start=MONDAY)
    with pytest.raises(ValidationFailed) as error:
        register(staff.provider_staff, participation, MONDAY, "present")
    assert "no daily attendance" in error.value.errors["day"][0]
    assert not AttendanceRegister.objects.exists()


def test_a_day_is_saved_all_or_nothing(staff, english):
    first = in_training(staff)
    second = in_training(staff, first_name="Bo", last_name="Berg")
    with pytest.raises(ValidationFailed) as error:
        attendance_register_day(
            context(staff.provider_staff),
            [Entry(first, "present"), Entry(second, "absent_valid")],
            day=MONDAY,
            today=TUESDAY,
        )
    assert list(error.value.errors) == [f"{second.pk}.reason"]
    assert not AttendanceRegister.objects.exists()


# Who may register


def test_the_coach_may_record_what_the_provider_phoned_in(staff):
    participation = in_training(staff)
    saved = register(staff.coach_sydost, participation, MONDAY, "present")
    assert saved.registered_by == staff.coach_sydost


@pytest.mark.parametrize(
    "who", ["coach_jarva", "manager_jarva", "officer_farsta", "analyst", "administrator"]
)
def test_others_may_not_register(staff, who):
    participation = in_training(staff)
    with pytest.raises(NotAllowed):
        register(getattr(staff, who), participation, MONDAY, "present")
    assert not AttendanceRegister.objects.exists()


def test_staff_of_another_provider_may_not_register_nor_see(staff):
    participation = in_training(staff)
    stranger = UserFactory(username="other-provider", provider_staff=True)
    with pytest.raises(NotAllowed):
        register(stranger, participation, MONDAY, "present")
    assert attendance_for_provider(stranger, WEDNESDAY) == []


def test_reads_are_few_queries_for_a_whole_provider(staff, django_assert_max_num_queries):
    for n in range(4):
        in_training(staff, first_name=f"P{n}")
    with django_assert_max_num_queries(3):
        items = attendance_for_provider(staff.provider_staff, NEXT_MONDAY)
    assert len(items) == 4 and all(len(i.missing) == 5 for i in items)


# The pages


@pytest.fixture
def on_day(monkeypatch):
    """Pages run as if `today` were the given day (Django's localdate, no arguments)."""
    real = timezone.localdate

    def set_day(day):
        monkeypatch.setattr(
            timezone, "localdate", lambda value=None, tz=None: real(value, tz) if value else day
        )

    return set_day


def page_url(day=None):
    url = reverse("providers:attendance")
    return f"{url}?dag={day.isoformat()}" if day else url


def test_provider_staff_see_the_day_and_the_missing_registers(staff, on_day):
    participation = in_training(staff, first_name="Amira", last_name="Hassan")
    on_day(WEDNESDAY)
    client = client_for(staff.provider_staff, "en")
    page = client.get(page_url(TUESDAY)).content.decode()
    assert "Amira Hassan" in page
    assert f'name="status-{participation.pk}"' in page
    assert "Missing registers" in page and f"?dag={MONDAY.isoformat()}" in page
    viewed = AuditEntry.objects.filter(action=AuditAction.ATTENDANCE_VIEWED)
    assert viewed.filter(participant=participation.referral.participant).exists()
    # The default day is today; the provider's home page flags the missing days at the top.
    assert WEDNESDAY.isoformat() in client.get(page_url()).content.decode()
    home = client.get(reverse("web:home")).content.decode()
    assert "Missing attendance registers" in home and MONDAY.isoformat() in home


def test_the_coach_sees_the_flag_on_min_dag(staff, on_day):
    in_training(staff, first_name="Amira", last_name="Hassan")
    on_day(WEDNESDAY)
    home = client_for(staff.coach_sydost, "en").get(reverse("web:home")).content.decode()
    assert "Missing attendance registers" in home
    assert TUESDAY.isoformat() in home and "Amira Hassan" in home
    other = client_for(staff.coach_jarva, "en").get(reverse("web:home")).content.decode()
    assert "Amira Hassan" not in other


def test_one_post_saves_the_whole_day(staff, on_day):
    first = in_training(staff)
    second = in_training(staff, first_name="Bo", last_name="Berg")
    on_day(TUESDAY)
    response = client_for(staff.provider_staff, "en").post(
        page_url(MONDAY),
        {f"status-{first.pk}": "present", f"status-{second.pk}": "absent_invalid"},
    )
    assert response.status_code == 302
    assert AttendanceRegister.objects.count() == 2
    assert len(events(EventKind.ABSENCE)) == 1


def test_a_refused_row_saves_nothing_and_keeps_what_was_typed(staff, on_day):
    first = in_training(staff)
    second = in_training(staff, first_name="Bo", last_name="Berg")
    on_day(TUESDAY)
    response = client_for(staff.provider_staff, "en").post(
        page_url(MONDAY),
        {f"status-{first.pk}": "present", f"status-{second.pk}": "absent_valid"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was saved" in page and "Choose the reason" in page
    assert f'id="status-{first.pk}-present" name="status-{first.pk}" value="present" checked' in (
        page
    )
    assert not AttendanceRegister.objects.exists()


def test_a_row_of_someone_not_theirs_is_404(staff, on_day):
    participation = in_training(staff)
    on_day(TUESDAY)
    stranger = UserFactory(
        username="other-provider", provider_staff=True, provider=ProviderFactory()
    )
    client = client_for(stranger, "en")
    page = client.get(page_url(MONDAY)).content.decode()
    assert participation.referral.participant.full_name not in page
    response = client.post(page_url(MONDAY), {f"status-{participation.pk}": "present"})
    assert response.status_code == 404
    assert not AttendanceRegister.objects.exists()


@pytest.mark.parametrize("who", ["coach_sydost", "officer_farsta", "analyst", "administrator"])
def test_the_page_is_for_provider_staff_only(staff, who):
    response = client_for(getattr(staff, who), "en").get(page_url())
    assert response.status_code == 403


def test_the_page_says_when_the_day_is_not_a_date(staff):
    page = client_for(staff.provider_staff, "en").get(f"{page_url()}?dag=igår")
    assert "is not a date" in page.content.decode()


def test_a_row_for_a_day_not_expected_is_refused_with_the_reason(staff, on_day):
    participation = in_training(staff, first_name="Amira", last_name="Hassan")
    on_day(NEXT_MONDAY)
    response = client_for(staff.provider_staff, "en").post(
        page_url(SATURDAY), {f"status-{participation.pk}": "present"}
    )
    page = response.content.decode()
    assert "Amira Hassan: No attendance is expected on" in page
    assert not AttendanceRegister.objects.exists()
