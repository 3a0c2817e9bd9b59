"""The provider register: organisation numbers, offerings and the rules they follow (R22)."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from jobbtorg.core.audit.models import AuditAction, AuditEntry
from jobbtorg.core.errors import NotAllowed, ValidationFailed
from jobbtorg.participants.models import DistrictEvent, EventKind
from jobbtorg.providers.models import (
    ActivityParticipation,
    ActivityType,
    AttendanceRegister,
    ChoiceKind,
    ChoiceRotation,
    Contract,
    Offering,
    Provider,
    ProviderKind,
    ProviderLocation,
    ProviderReportKind,
)
from jobbtorg.providers.services.attendance import (
    DayEntry,
    Entry,
    attendance_register_day,
    attendance_register_days,
)
from jobbtorg.providers.services.catalog import offering_create, organisation_number_clean
from jobbtorg.providers.services.free_choice import provider_choose, provider_facts
from jobbtorg.providers.services.participations import (
    participation_take_from_waiting_list,
)
from jobbtorg.providers.services.provider_reports import provider_report_seen
from tests.factories import ProviderFactory, UserFactory, job_centre
from tests.offering import offering_at, place, report
from tests.participants.scenarios import active_case, backdate, context
from tests.providers.helpers import (
    FRIDAY,
    MONDAY,
    SATURDAY,
    THURSDAY,
    TODAY,
    TUESDAY,
    WEDNESDAY,
    choose,
    enrolled,
    events,
    in_training,
    job_search,
    lov,
    nothing_written,
    register,
    review,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def procured():
    provider = Provider.objects.create(
        slug="acme",
        name="Acme Coaching AB",
        kind=ProviderKind.PROCURED,
        organisation_number="5560160680",
    )
    place = ProviderLocation.objects.create(provider=provider, name="Farsta centrum")
    Contract.objects.create(
        provider=provider,
        number="LOU-2026-7",
        valid_from=TODAY - dt.timedelta(days=30),
        valid_until=TODAY + dt.timedelta(days=300),
    )
    return provider, place


def values(provider, place, **changes):
    return {
        "provider": provider,
        "activity_type": ActivityType.objects.get(code="job_search"),
        "location": place,
        "capacity": 12,
        "weekdays": [0, 1, 2, 3, 4],
        "starts_at": dt.time(9),
        "ends_at": dt.time(12),
        "valid_from": TODAY,
        "valid_until": TODAY + dt.timedelta(days=90),
    } | changes


@pytest.mark.parametrize(
    ("text", "stored"),
    [("556016-0680", "5560160680"), ("5560160680", "5560160680"), ("212000-0142", "2120000142")],
)
def test_organisation_numbers_are_checked_and_stored_as_ten_digits(text, stored):
    assert organisation_number_clean(text) == stored


@pytest.mark.parametrize("text", ["556016-0681", "abc", "", "55601606"])
def test_a_wrong_organisation_number_is_refused_with_the_reason(text):
    with pytest.raises(ValidationFailed) as raised:
        organisation_number_clean(text)
    assert "not a valid organisation number" in raised.value.errors["organisation_number"][0]


def test_a_manager_adds_an_offering_under_the_contract_in_force(staff, procured):
    provider, place = procured
    offering = offering_create(actor=staff.manager_sydost, **values(provider, place))
    assert offering.made_at == job_centre("sydost")
    assert offering.contract.number == "LOU-2026-7"


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"capacity": 0}, "capacity", "at least one place"),
        ({"weekdays": []}, "weekdays", "weekdays"),
        ({"ends_at": dt.time(8)}, "ends_at", "after its start"),
        ({"valid_from": TODAY + dt.timedelta(days=400)}, "valid_from", "no contract in force"),
        ({"valid_until": TODAY + dt.timedelta(days=500)}, "valid_until", "ends"),
    ],
)
def test_bad_offerings_are_refused_naming_the_field_and_nothing_is_written(
    staff, procured, changes, field, words
):
    provider, place = procured
    with pytest.raises(ValidationFailed) as raised:
        offering_create(actor=staff.manager_sydost, **values(provider, place, **changes))
    assert words in raised.value.errors[field][0]
    assert not Offering.objects.exists()


def test_an_activity_type_the_provider_may_not_deliver_is_refused(staff, procured):
    provider, place = procured
    sfi = ActivityType.objects.get(code="sfi")
    sfi.provider_kinds = [ProviderKind.OWN_OPERATION, ProviderKind.NGO]
    sfi.save()
    with pytest.raises(ValidationFailed) as raised:
        offering_create(actor=staff.manager_sydost, **values(provider, place, activity_type=sfi))
    assert "may not deliver" in raised.value.errors["activity_type"][0]


def test_a_place_of_another_provider_is_refused(staff, procured):
    provider, _ = procured
    other = Provider.objects.create(slug="other", name="Other")
    elsewhere = ProviderLocation.objects.create(provider=other, name="Elsewhere")
    with pytest.raises(ValidationFailed) as raised:
        offering_create(actor=staff.manager_sydost, **values(provider, elsewhere))
    assert "location" in raised.value.errors


@pytest.mark.parametrize(
    "username", ["coach_sydost", "officer_farsta", "analyst", "provider_staff"]
)
def test_only_managers_and_administrators_add_offerings(staff, procured, username):
    provider, place = procured
    with pytest.raises(NotAllowed):
        offering_create(actor=getattr(staff, username), **values(provider, place))


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


# A week's cells: each refused one is told under "<id>.<day>[.field]", all at once, and
# nothing of the week is written. As of WEDNESDAY; the activity runs Monday to Friday.
WEEK_CELLS = [
    (MONDAY, "present", "", None),
    (TUESDAY, "absent_valid", "illness", None),
    (WEDNESDAY, "absent_invalid", "", None),
    (MONDAY, "absent_valid", "", "reason"),
    (MONDAY, "absent_valid", "holiday", "reason"),
    (MONDAY, "present", "illness", "reason"),
    (MONDAY, "late", "", "status"),
    (THURSDAY, "present", "", "day"),  # in the future
    (SATURDAY, "present", "", "day"),  # no activity that day
    (MONDAY - dt.timedelta(days=7), "present", "", "day"),  # before the participation
]


@pytest.mark.parametrize(("day", "status", "reason", "refused"), WEEK_CELLS)
def test_each_cell_of_the_week_is_checked_and_the_week_saved_all_or_nothing(
    staff, day, status, reason, refused
):
    first = in_training(staff)
    second = in_training(staff, first_name="Bo", last_name="Berg")
    cells = [
        DayEntry(first, MONDAY, "present"),  # always fine
        DayEntry(second, day, status, reason),
    ]
    ctx = context(staff.provider_staff)
    if refused is None:
        saved = attendance_register_days(ctx, cells, today=WEDNESDAY)
        assert len(saved) == AttendanceRegister.objects.count() == 2
        return
    with pytest.raises(ValidationFailed) as error:
        attendance_register_days(ctx, cells, today=WEDNESDAY)
    assert list(error.value.errors) == [f"{second.pk}.{day.isoformat()}.{refused}"]
    assert not AttendanceRegister.objects.exists()


def test_a_week_names_every_refused_cell_at_once(staff):
    first = in_training(staff)
    cells = [
        DayEntry(first, MONDAY, "absent_valid"),
        DayEntry(first, TUESDAY, "present"),
        DayEntry(first, THURSDAY, "present"),
    ]
    with pytest.raises(ValidationFailed) as error:
        attendance_register_days(context(staff.provider_staff), cells, today=WEDNESDAY)
    assert set(error.value.errors) == {
        f"{first.pk}.{MONDAY.isoformat()}.reason",
        f"{first.pk}.{THURSDAY.isoformat()}.day",
    }
    assert not AttendanceRegister.objects.exists()
    with pytest.raises(ValidationFailed):  # the same person and day twice
        attendance_register_days(
            context(staff.provider_staff),
            [DayEntry(first, MONDAY, "present"), DayEntry(first, MONDAY, "present")],
            today=WEDNESDAY,
        )


def test_another_providers_staff_may_not_register_a_week(staff):
    first = in_training(staff)
    stranger = UserFactory(
        username="other-provider", provider_staff=True, provider=ProviderFactory()
    )
    with pytest.raises(NotAllowed):
        attendance_register_days(
            context(stranger), [DayEntry(first, MONDAY, "present")], today=WEDNESDAY
        )
    assert not AttendanceRegister.objects.exists()


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


def test_the_participants_choice_is_recorded(staff):
    lov("alfa")
    chosen = lov("beta")
    case = active_case(staff)
    participation = choose(staff, case, chosen)
    assert participation.offering == chosen
    assert participation.choice == ChoiceKind.CHOSEN
    entry = AuditEntry.objects.get(action=AuditAction.PROVIDER_CHOSEN)
    assert entry.participant == case.participant
    assert entry.actor == staff.coach_sydost
    assert entry.changes["after"]["provider"] == "beta"
    assert entry.changes["after"]["choice"] == "chosen"
    assert entry.changes["after"]["rotation_position"] is None
    assert AuditEntry.objects.filter(action=AuditAction.PARTICIPATION_PLACED).count() == 1
    # A choice does not move the rotation.
    assert not ChoiceRotation.objects.exists()


def test_with_no_choice_the_default_rule_goes_round_in_slug_order(staff):
    for slug in ("gamma", "alfa", "beta"):
        lov(slug)
    given = []
    for n in range(5):
        case = active_case(staff, first_name=f"Person{n}")
        participation = choose(staff, case)
        assert participation.choice == ChoiceKind.DEFAULT_ROTATION
        given.append(participation.offering.provider.slug)
    assert given == ["alfa", "beta", "gamma", "alfa", "beta"]
    rotation = ChoiceRotation.objects.get(activity_type=job_search())
    assert rotation.last_provider.slug == "beta"
    last = AuditEntry.objects.filter(action=AuditAction.PROVIDER_CHOSEN).order_by("-id").first()
    assert last.changes["after"]["choice"] == "default_rotation"
    assert last.changes["after"]["rotation_position"] == 2
    assert last.changes["after"]["previous_default"] == "alfa"
    assert last.changes["after"]["rotation"] == ["alfa", "beta", "gamma"]


def test_the_default_rule_skips_a_provider_without_a_free_place(staff):
    full = lov("alfa", capacity=1)
    lov("beta")
    place(active_case(staff, first_name="Redan"), full, staff.coach_sydost)
    participation = choose(staff, active_case(staff))
    assert participation.offering.provider.slug == "beta"


def test_other_kinds_of_provider_are_not_in_the_choice_system(staff):
    procured = Provider.objects.create(slug="lou", name="Upphandlad", kind=ProviderKind.PROCURED)
    own = Provider.objects.create(slug="egen", name="Egen regi", kind=ProviderKind.OWN_OPERATION)
    offering_at(procured)
    offering_at(own)
    lov("zeta")
    assert choose(staff, active_case(staff)).offering.provider.slug == "zeta"


def test_a_type_not_in_the_choice_system_is_refused_and_nothing_written(staff):
    lov("alfa", code="work_training")
    case = active_case(staff)
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationFailed) as refused:
        choose(staff, case, code="work_training")
    assert "activity_type" in refused.value.errors
    assert nothing_written(before)


def test_no_free_place_anywhere_is_refused_and_nothing_written(staff):
    full = lov("alfa", capacity=1)
    place(active_case(staff, first_name="Redan"), full, staff.coach_sydost)
    case = active_case(staff)
    before_places = ActivityParticipation.objects.count()
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationFailed) as refused:
        choose(staff, case)
    assert "free place" in str(refused.value.errors["offering"])
    assert ActivityParticipation.objects.count() == before_places
    assert not ChoiceRotation.objects.exists()
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("what", ["procured", "other_type", "full", "expired"])
def test_a_choice_outside_the_approved_offerings_in_force_is_refused(staff, what):
    today = timezone.localdate()
    if what == "procured":
        provider = Provider.objects.create(
            slug="lou", name="Upphandlad", kind=ProviderKind.PROCURED
        )
        offering = offering_at(provider)
    elif what == "other_type":
        offering = lov("alfa", code="work_training")
    elif what == "full":
        offering = lov("alfa", capacity=1)
        place(active_case(staff, first_name="Redan"), offering, staff.coach_sydost)
    else:
        offering = lov("alfa", valid_until=today + dt.timedelta(days=10))
    case = active_case(staff)
    before = AuditEntry.objects.count()
    count = ActivityParticipation.objects.count()
    with pytest.raises(ValidationFailed) as refused:
        choose(staff, case, offering)
    assert "offering" in refused.value.errors
    assert ActivityParticipation.objects.count() == count
    assert AuditEntry.objects.count() == before


def test_bad_dates_and_level_are_refused(staff):
    lov("alfa")
    case = active_case(staff)
    today = timezone.localdate()
    with pytest.raises(ValidationFailed) as refused:
        provider_choose(
            context(staff.coach_sydost),
            referral=case,
            activity_type=job_search(),
            planned_start=today,
            planned_end=today - dt.timedelta(days=1),
            level="D",
        )
    assert set(refused.value.errors) == {"planned_end", "level"}
    assert not ActivityParticipation.objects.exists()


@pytest.mark.parametrize("who", ["coach_jarva", "officer_farsta", "provider_staff", "analyst"])
def test_only_staff_at_the_persons_jobbtorg_record_a_choice(staff, who):
    lov("alfa")
    case = active_case(staff)
    with pytest.raises(NotAllowed):
        choose(staff, case, actor=getattr(staff, who))
    assert not ActivityParticipation.objects.exists()


@pytest.mark.parametrize("who", ["matcher_sydost", "manager_sydost"])
def test_the_matcher_and_manager_may_record_a_choice(staff, who):
    lov("alfa")
    assert choose(staff, active_case(staff), actor=getattr(staff, who)).choice == "default_rotation"


def test_the_order_is_shuffled_per_person_and_stable_for_each(staff):
    for slug in ("alfa", "beta", "gamma", "delta"):
        lov(slug)
    today = timezone.localdate()

    def order(seed):
        return [
            f.provider.slug
            for f in provider_facts(job_search(), today, today, seed=seed, today=today)
        ]

    assert order("person-1") == order("person-1")
    firsts = {order(f"person-{n}")[0] for n in range(20)}
    assert len(firsts) > 1  # no provider always comes first


def test_results_are_shown_for_5_or_more_and_masked_below(staff):
    many = lov("alfa")
    few = lov("beta")
    today = timezone.localdate()
    for n in range(5):
        participation = place(active_case(staff, first_name=f"A{n}"), many, staff.coach_sydost)
        report(participation, staff.coach_sydost, ProviderReportKind.START, today)
        if n < 3:
            report(participation, staff.coach_sydost, ProviderReportKind.COMPLETION, today)
    for n in range(4):
        participation = place(active_case(staff, first_name=f"B{n}"), few, staff.coach_sydost)
        report(participation, staff.coach_sydost, ProviderReportKind.START, today)
    facts = {
        f.provider.slug: f
        for f in provider_facts(job_search(), today, today, seed="x", today=today)
    }
    assert not facts["alfa"].masked and facts["alfa"].share_completed == 60
    assert facts["alfa"].share_into_work_or_studies == 0
    assert facts["beta"].masked and facts["beta"].share_completed is None


def test_a_full_offering_takes_the_person_on_its_waiting_list_when_asked(staff, provider):
    offering = offering_at(provider, capacity=1)
    first = place(enrolled(staff, 1), offering, staff.coach_sydost)
    waiting = place(enrolled(staff, 2), offering, staff.coach_sydost, waiting_list=True)
    assert waiting.status == "waiting"

    with pytest.raises(ValidationFailed):  # no place has come free yet
        participation_take_from_waiting_list(context(staff.coach_sydost), waiting)
    report(first, staff.provider_staff, ProviderReportKind.NEVER_STARTED, TODAY)
    moved = participation_take_from_waiting_list(context(staff.coach_sydost), waiting)
    assert moved.status == "placed"


def test_only_the_persons_jobbtorg_marks_a_report_read(staff, provider):
    participation = place(enrolled(staff, 1), offering_at(provider), staff.coach_sydost)
    created = report(participation, staff.provider_staff, ProviderReportKind.START, TODAY)
    with pytest.raises(NotAllowed):
        provider_report_seen(context(staff.provider_staff), created)
    with pytest.raises(NotAllowed):
        provider_report_seen(context(staff.coach_jarva), created)
