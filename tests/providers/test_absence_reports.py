"""Absence reported by the person themselves (ADR 0005, 8): written as a valid absence on the
person's own scheduled days from today on, never over a register that exists, never as an
absence without valid reason; bad input is refused with a Swedish message naming the field and
nothing saved; audited; and no missing register is ever flagged for a reported day."""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jobbtorg.core.audit.events import AuditContext
from jobbtorg.core.audit.models import AuditAction, AuditChannel, AuditEntry
from jobbtorg.core.errors import ValidationFailed
from jobbtorg.participants.models import DistrictEvent, EventKind
from jobbtorg.providers.models import AttendanceRegister, AttendanceStatus
from jobbtorg.providers.services import absence_reports
from jobbtorg.providers.services.absence_reports import (
    REPORT_DAYS_AHEAD,
    absence_report_by_participant,
    participant_reason_choices,
)
from tests.audit_reads import people_named
from tests.participants.factories import InterruptionFactory
from tests.providers.helpers import (
    FRIDAY,
    MONDAY,
    NEXT_MONDAY,
    SATURDAY,
    THURSDAY,
    TUESDAY,
    WEDNESDAY,
    in_training,
    register,
    review,
)

pytestmark = pytest.mark.django_db

TODAY = WEDNESDAY  # the day the person reports, in every test
SUNDAY = SATURDAY + dt.timedelta(days=1)


def the_person_reports(participation, reason="illness", first=TODAY, last=None, today=TODAY):
    return absence_report_by_participant(
        participant=participation.referral.participant,
        reason=reason,
        first_day=first,
        last_day=last,
        audit_context=person_context(),
        today=today,
    )


def person_context() -> AuditContext:
    # The person has no staff account: the portal's own channel (ADR 0005, 6).
    return AuditContext(actor=None, channel=AuditChannel.PARTICIPANT, path="/mina-sidor/franvaro/")


def registers_of(participation):
    return {
        r.day: (r.status, r.reason, r.reported_by_participant)
        for r in AttendanceRegister.objects.filter(participation=participation)
    }


# What is written


def test_a_report_writes_a_valid_absence_on_each_scheduled_day_only(staff):
    amira = in_training(staff)
    report = the_person_reports(amira, "care_of_child", TODAY, NEXT_MONDAY)
    # Wednesday to Friday and Monday; not the weekend, where the activity does not run.
    reported = ("absent_valid", "care_of_child", True)
    assert registers_of(amira) == {
        WEDNESDAY: reported,
        THURSDAY: reported,
        FRIDAY: reported,
        NEXT_MONDAY: reported,
    }
    assert [(r.participation.pk, r.day) for r in report.written] == [
        (amira.pk, day) for day in (WEDNESDAY, THURSDAY, FRIDAY, NEXT_MONDAY)
    ]
    assert report.already_registered == []
    assert not AttendanceRegister.objects.filter(registered_by__isnull=False).exists()


def test_one_day_when_no_last_day_is_given(staff):
    amira = in_training(staff)
    the_person_reports(amira, first=THURSDAY)
    assert registers_of(amira) == {THURSDAY: ("absent_valid", "illness", True)}


def test_a_day_registered_already_is_left_as_it_is_and_named(staff):
    amira = in_training(staff)
    register(staff.provider_staff, amira, TODAY, "present")
    report = the_person_reports(amira, first=TODAY, last=THURSDAY)
    assert registers_of(amira) == {
        WEDNESDAY: ("present", "", False),
        THURSDAY: ("absent_valid", "illness", True),
    }
    assert [r.day for r in report.already_registered] == [WEDNESDAY]
    assert report.already_registered[0].register.status == AttendanceStatus.PRESENT
    # Telling the person the day is registered reads their attendance: logged.
    assert amira.referral.participant_id in people_named(AuditAction.ATTENDANCE_VIEWED)


def test_a_register_saved_by_staff_meanwhile_stands(staff, monkeypatch):
    amira = in_training(staff)
    read = absence_reports.attendance_of

    def read_then_the_provider_registers(participations, today):
        items = read(participations, today)
        register(staff.provider_staff, amira, TODAY, "present")  # after the report read
        return items

    monkeypatch.setattr(absence_reports, "attendance_of", read_then_the_provider_registers)
    report = the_person_reports(amira, last=THURSDAY)
    assert registers_of(amira) == {
        WEDNESDAY: ("present", "", False),
        THURSDAY: ("absent_valid", "illness", True),
    }
    assert [r.day for r in report.already_registered] == [WEDNESDAY]


def test_reporting_the_same_days_again_writes_nothing_more(staff):
    amira = in_training(staff)
    the_person_reports(amira, last=FRIDAY)
    written = AuditEntry.objects.filter(action=AuditAction.ATTENDANCE_REGISTERED).count()
    again = the_person_reports(amira, "appointment", last=FRIDAY)
    assert again.written == [] and len(again.already_registered) == 3
    assert {reason for _s, reason, _r in registers_of(amira).values()} == {"illness"}
    assert AuditEntry.objects.filter(action=AuditAction.ATTENDANCE_REGISTERED).count() == written


def test_interrupted_days_and_other_peoples_activities_are_not_touched(staff):
    amira = in_training(staff)
    bo = in_training(staff, first_name="Bo", last_name="Berg")
    InterruptionFactory(referral=amira.referral, start=THURSDAY, end=THURSDAY)
    the_person_reports(amira, last=FRIDAY)
    assert set(registers_of(amira)) == {WEDNESDAY, FRIDAY}
    assert registers_of(bo) == {}


def test_an_activity_without_daily_attendance_takes_no_report(staff):
    amira = in_training(staff)
    amira.offering.activity_type.daily_attendance = False
    amira.offering.activity_type.save()
    with pytest.raises(ValidationFailed) as refused:
        the_person_reports(amira, last=FRIDAY)
    assert set(refused.value.errors) == {"first_day"}
    assert not AttendanceRegister.objects.exists()


def test_the_reasons_are_the_registers_valid_ones_in_plain_swedish():
    with translation.override("sv"):
        choices = dict(participant_reason_choices())
    assert set(choices) == {"illness", "care_of_child", "appointment"}
    assert choices["illness"] == "Jag är sjuk"
    assert "absent_invalid" not in choices


# Bad input: refused, a Swedish message naming the field, nothing saved

LATEST = TODAY + dt.timedelta(days=REPORT_DAYS_AHEAD)
TOO_FAR = LATEST + dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("reason", "first", "last", "field", "message"),
    [
        ("", TODAY, None, "reason", "Orsak: välj varför du är borta."),
        ("holiday", TODAY, None, "reason", "Orsak: välj varför du är borta."),
        ("absent_invalid", TODAY, None, "reason", "Orsak: välj varför du är borta."),
        ("illness", None, None, "first_day", "Första dagen: skriv den första dagen"),
        ("illness", "i morgon", None, "first_day", "Första dagen: skriv den första dagen"),
        ("illness", TUESDAY, None, "first_day", "Första dagen: den dagen har redan varit."),
        ("illness", MONDAY, FRIDAY, "first_day", "Första dagen: den dagen har redan varit."),
        ("illness", TOO_FAR, TOO_FAR, "first_day", "Första dagen: du kan anmäla frånvaro högst"),
        ("illness", FRIDAY, THURSDAY, "last_day", "Sista dagen: den är före första dagen."),
        ("illness", TODAY, TOO_FAR, "last_day", "Sista dagen: du kan anmäla frånvaro högst 14"),
        ("illness", TODAY, "fredag", "last_day", "Sista dagen: skriv den sista dagen"),
        ("illness", SATURDAY, SUNDAY, "first_day", "Dagarna: du har ingen aktivitet med närvaro"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_saved(
    staff, reason, first, last, field, message
):
    amira = in_training(staff)
    audited = AuditEntry.objects.count()
    with translation.override("sv"), pytest.raises(ValidationFailed) as refused:
        the_person_reports(amira, reason, first, last)
    assert field in refused.value.errors
    assert refused.value.errors[field][0].startswith(message)
    assert not AttendanceRegister.objects.exists()
    assert AuditEntry.objects.count() == audited


def test_the_latest_day_allowed_is_accepted(staff):
    amira = in_training(staff)
    # LATEST (two weeks after a Wednesday) is a Wednesday: a day of the activity.
    the_person_reports(amira, first=LATEST, last=LATEST)
    assert set(registers_of(amira)) == {LATEST}


def test_every_problem_is_told_at_once(staff):
    amira = in_training(staff)
    with pytest.raises(ValidationFailed) as refused:
        the_person_reports(amira, "", TUESDAY)
    assert set(refused.value.errors) == {"reason", "first_day"}


# Audit


def test_each_day_written_is_audited_as_reported_by_the_person(staff):
    amira = in_training(staff)
    the_person_reports(amira, last=THURSDAY)
    entries = list(
        AuditEntry.objects.filter(action=AuditAction.ATTENDANCE_REGISTERED).order_by("id")
    )
    assert len(entries) == 2
    for entry, day in zip(entries, (WEDNESDAY, THURSDAY), strict=True):
        assert entry.participant_id == amira.referral.participant_id
        assert entry.actor is None and entry.actor_username == ""
        assert entry.channel == AuditChannel.PARTICIPANT
        assert entry.changes["before"] is None
        assert entry.changes["after"] == {
            "day": day.isoformat(),
            "status": "absent_valid",
            "reason": "illness",
            "reported_by_participant": True,
        }


# The provider corrects; attendance and what reads it count it as a reported reason


def test_the_provider_can_correct_it_and_then_it_is_the_providers(staff):
    amira = in_training(staff)
    the_person_reports(amira)
    corrected = register(staff.provider_staff, amira, TODAY, "present")
    assert (corrected.status, corrected.reported_by_participant) == ("present", False)
    assert corrected.registered_by == staff.provider_staff
    entry = AuditEntry.objects.filter(action=AuditAction.ATTENDANCE_REGISTERED).latest("id")
    assert entry.changes["before"]["reported_by_participant"] is True
    assert "reported_by_participant" not in entry.changes["after"]


def test_saving_what_the_person_reported_keeps_it_marked_as_theirs(staff):
    amira = in_training(staff)
    the_person_reports(amira)
    kept = register(staff.provider_staff, amira, TODAY, "absent_valid", "illness")
    assert kept.reported_by_participant and kept.registered_by is None


def test_reported_days_are_never_missing_and_send_no_missing_registers(staff):
    amira = in_training(staff)
    bo = in_training(staff, first_name="Bo", last_name="Berg")
    for person in (amira, bo):
        for day in (MONDAY, TUESDAY):
            register(staff.provider_staff, person, day, "present")
    the_person_reports(amira, last=FRIDAY)
    # The next Monday's review: Bo's Wednesday to Friday are missing and go to the district;
    # Amira reported hers, so nothing is missing and nothing goes.
    review(NEXT_MONDAY)
    sent = DistrictEvent.objects.filter(kind=EventKind.MISSING_REGISTERS)
    assert [event.data["participation"] for event in sent] == [str(bo.pk)]
    assert not DistrictEvent.objects.filter(kind=EventKind.ABSENCE).exists()


# The property: never outside the person's own scheduled days, never over a register


@pytest.fixture
def two_people(staff):
    amira = in_training(staff)
    bo = in_training(staff, first_name="Bo", last_name="Berg")
    InterruptionFactory(referral=amira.referral, start=NEXT_MONDAY, end=NEXT_MONDAY)
    return amira, bo


def _snapshot():
    return {
        (r.participation_id, r.day): (r.status, r.reason, r.registered_by_id)
        for r in AttendanceRegister.objects.all()
    }


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    first=st.one_of(st.none(), st.integers(-3, REPORT_DAYS_AHEAD + 3)),
    length=st.one_of(st.none(), st.integers(-2, REPORT_DAYS_AHEAD + 3)),
    reason=st.sampled_from(["illness", "care_of_child", "appointment", "absent_invalid", ""]),
    existing=st.sets(st.integers(0, REPORT_DAYS_AHEAD), max_size=5),
    existing_status=st.sampled_from(["present", "absent_invalid"]),
)
def test_a_report_never_writes_outside_own_scheduled_days_nor_over_a_register(
    staff, two_people, first, length, reason, existing, existing_status
):
    amira, bo = two_people
    with transaction.atomic():
        # Registers already there (the provider's word), on the days of both people.
        for offset in existing:
            day = TODAY + dt.timedelta(days=offset)
            for person in (amira, bo):
                AttendanceRegister.objects.create(
                    participation=person, day=day, status=existing_status,
                    registered_by=staff.provider_staff,
                )  # fmt: skip
        before = _snapshot()
        first_day = TODAY + dt.timedelta(days=first) if first is not None else None
        last_day = (
            first_day + dt.timedelta(days=length)
            if first_day is not None and length is not None
            else None
        )
        try:
            the_person_reports(amira, reason, first_day, last_day)
        except ValidationFailed:
            assert _snapshot() == before  # refused: nothing written
        after = _snapshot()
        # Nothing there before changed; nothing of Bo's was added.
        assert {key: after[key] for key in before} == before
        new = {key: value for key, value in after.items() if key not in before}
        for (participation_id, day), (status, given_reason, by) in new.items():
            assert participation_id == amira.pk
            assert (status, given_reason, by) == ("absent_valid", reason, None)
            assert first_day is not None and first_day <= day <= (last_day or first_day)
            assert TODAY <= day <= TODAY + dt.timedelta(days=REPORT_DAYS_AHEAD)
            # A day of the activity (weekdays; the interrupted Monday is not one).
            assert day.weekday() < 5 and day != NEXT_MONDAY
        transaction.set_rollback(True)
