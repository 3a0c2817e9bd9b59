"""The scoping functions of the providers app, role by role, and the reads for display that
log the people they show."""

import datetime as dt

import pytest
from django.utils import timezone

from jobbtorg.core.audit.models import AuditAction
from jobbtorg.core.errors import NotAllowed, ValidationFailed
from jobbtorg.participants.models import DistrictEvent, EventKind
from jobbtorg.providers.models import (
    ActivityParticipation,
    AttendanceRegister,
    Provider,
    ProviderReport,
    ProviderReportKind,
)
from jobbtorg.providers.selectors import (
    participations_visible_to,
    provider_reports_visible_to,
)
from jobbtorg.providers.selectors.attendance import (
    attendance_for_caseload,
    attendance_for_provider,
    attendance_registers_visible_to,
)
from jobbtorg.providers.selectors.participations import (
    offering_participants_shown,
    offerings_visible_to,
    unread_reports_shown,
)
from jobbtorg.providers.selectors.pauses import with_pauses
from tests.audit_reads import people_named
from tests.factories import ProviderFactory, UserFactory
from tests.offering import offering_at, place, report
from tests.participants.factories import InterruptionFactory, ReferralFactory
from tests.participants.scenarios import context, refer
from tests.providers.helpers import (
    FRIDAY,
    MONDAY,
    NEXT_MONDAY,
    SATURDAY,
    THURSDAY,
    TODAY,
    TUESDAY,
    WEDNESDAY,
    enrolled,
    in_training,
    missing_of,
    register,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported(staff):
    """A Farsta person's case at Sydost, placed with the provider staff's provider in an
    offering made at Sydost, with one start report and one attendance register."""
    provider = staff.provider_staff.provider
    case = ReferralFactory(enrolled=True)
    participation = place(case, offering_at(provider), staff.coach_sydost)
    report(
        participation, staff.provider_staff, ProviderReportKind.START, participation.planned_start
    )
    AttendanceRegister.objects.create(
        participation=participation,
        day=participation.planned_start,
        status="present",
        registered_by=staff.provider_staff,
    )
    participation.refresh_from_db()
    return participation


# Who sees the participation, its reports and its registers.
SEES = {
    "coach_sydost": True,
    "matcher_sydost": True,
    "manager_sydost": True,
    "coach_jarva": False,
    "manager_jarva": False,
    "officer_farsta": True,
    "officer_skarpnack": False,
    "provider_staff": True,
    "analyst": False,
    "administrator": False,
}


@pytest.mark.parametrize(("who", "sees"), sorted(SEES.items()))
def test_each_role_sees_the_participation_its_reports_and_registers_or_none(
    staff, reported, who, sees
):
    user = getattr(staff, who)
    assert participations_visible_to(user).filter(pk=reported.pk).exists() is sees
    assert provider_reports_visible_to(user).filter(participation=reported).exists() is sees
    assert attendance_registers_visible_to(user).filter(participation=reported).exists() is sees


def test_another_providers_staff_see_no_report_nor_register(staff, reported):
    other = UserFactory(
        role="provider_staff", provider=Provider.objects.create(slug="annan", name="Annan")
    )
    assert not provider_reports_visible_to(other).exists()
    assert not attendance_registers_visible_to(other).exists()


def test_the_unread_reports_of_min_dag_are_the_coachs_own_and_are_logged(staff, reported):
    ctx = context(staff.coach_sydost)
    reports = unread_reports_shown(ctx)
    assert [r.participation for r in reports] == [reported]
    listed = people_named(AuditAction.PARTICIPANT_LISTED, actor=staff.coach_sydost)
    assert listed == [reported.referral.participant_id]
    assert unread_reports_shown(context(staff.coach_jarva)) == []


def test_the_offering_list_is_the_jobbtorgs_own_and_its_people_are_logged(staff, reported):
    offering = reported.offering
    assert list(offerings_visible_to(staff.coach_sydost)) == [offering]
    assert not offerings_visible_to(staff.coach_jarva).exists()
    # The provider's staff see their provider's offerings, another provider's none.
    assert list(offerings_visible_to(staff.provider_staff)) == [offering]
    stranger = UserFactory(
        username="other-provider", provider_staff=True, provider=ProviderFactory()
    )
    assert not offerings_visible_to(stranger).exists()
    shown = offering_participants_shown(context(staff.manager_sydost), offering)
    assert shown == [reported]
    listed = people_named(AuditAction.PARTICIPANT_LISTED, actor=staff.manager_sydost)
    assert reported.referral.participant_id in listed


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


def test_signed_out_visitors_are_sent_to_sign_in(db):
    from django.test import Client

    response = Client().get("/jamforelse/")
    assert response.status_code == 302 and "/logga-in/" in response["Location"]


@pytest.mark.usefixtures("english")
def test_a_place_is_refused_when_the_offering_is_full_and_nothing_is_written(staff, provider):
    offering = offering_at(provider, capacity=1)
    place(enrolled(staff, 1), offering, staff.coach_sydost)
    second = enrolled(staff, 2)
    with pytest.raises(ValidationFailed) as refused:
        place(second, offering, staff.coach_sydost)
    assert "All 1 places are taken" in refused.value.errors["offering"][0]
    assert not ActivityParticipation.objects.filter(referral=second).exists()


@pytest.mark.usefixtures("english")
def test_places_do_not_count_against_a_period_that_does_not_overlap(staff, provider):
    offering = offering_at(provider, capacity=1)
    place(enrolled(staff, 1), offering, staff.coach_sydost, start=TODAY, days=10)
    later = place(
        enrolled(staff, 2), offering, staff.coach_sydost, start=TODAY + dt.timedelta(days=11)
    )
    assert later.status == "placed"


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"start": TODAY - dt.timedelta(days=400)}, "planned_start", "The offering runs from"),
        ({"days": -1}, "planned_end", "before the start date"),
        ({"level": "D"}, "level", "level A, B or C"),
    ],
)
def test_bad_placements_are_refused_with_the_reason(staff, provider, changes, field, words):
    referral = enrolled(staff, 1)
    with pytest.raises(ValidationFailed) as refused:
        place(referral, offering_at(provider), staff.coach_sydost, **changes)
    assert words in refused.value.errors[field][0]
    assert not ActivityParticipation.objects.exists()


@pytest.mark.usefixtures("english")
def test_a_person_not_yet_enrolled_cannot_be_placed(staff, provider):
    referral = refer(staff.officer_farsta)
    with pytest.raises(ValidationFailed, match="enrolled"):
        place(referral, offering_at(provider), staff.coach_sydost)


@pytest.mark.usefixtures("english")
def test_the_same_offering_twice_is_refused(staff, provider):
    referral, offering = enrolled(staff, 1), offering_at(provider)
    place(referral, offering, staff.coach_sydost)
    with pytest.raises(ValidationFailed, match="already has a place"):
        place(referral, offering, staff.coach_sydost)


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize("username", ["coach_jarva", "officer_farsta", "provider_staff", "analyst"])
def test_only_staff_of_the_persons_jobbtorg_place_them(staff, provider, username):
    referral = enrolled(staff, 1)
    with pytest.raises(NotAllowed):
        place(referral, offering_at(provider), getattr(staff, username))


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(
    ("status_reports", "kind", "allowed"),
    [
        ([], ProviderReportKind.START, True),
        ([], ProviderReportKind.COMPLETION, False),
        ([], ProviderReportKind.NEVER_STARTED, True),
        ([ProviderReportKind.START], ProviderReportKind.START, False),
        ([ProviderReportKind.START], ProviderReportKind.BREAK_OFF, True),
        ([ProviderReportKind.START], ProviderReportKind.COMPLETION, True),
        (
            [ProviderReportKind.START, ProviderReportKind.COMPLETION],
            ProviderReportKind.RESULT,
            True,
        ),
        ([ProviderReportKind.NEVER_STARTED], ProviderReportKind.RESULT, False),
    ],
)
def test_reports_follow_the_activitys_status(staff, provider, status_reports, kind, allowed):
    participation = place(enrolled(staff, 1), offering_at(provider), staff.coach_sydost)
    for earlier in status_reports:
        note = "Slutade komma" if earlier == ProviderReportKind.BREAK_OFF else ""
        report(participation, staff.provider_staff, earlier, TODAY, note=note)
    arguments = {"note": "Flyttade"}
    if kind == ProviderReportKind.RESULT:
        arguments |= {
            "result_kind": "work",
            "details": {"employer": "ICA", "employment_form": "permanent", "extent": "full"},
        }
    if allowed:
        report(participation, staff.provider_staff, kind, TODAY, **arguments)
    else:
        with pytest.raises(ValidationFailed, match="cannot be reported now"):
            report(participation, staff.provider_staff, kind, TODAY, **arguments)


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(
    ("kind", "arguments", "field"),
    [
        (ProviderReportKind.START, {"on": TODAY + dt.timedelta(days=1)}, "on"),
        (ProviderReportKind.START, {"on": None}, "on"),
        (ProviderReportKind.BREAK_OFF, {"note": ""}, "note"),
        (ProviderReportKind.RESULT, {"result_kind": ""}, "result_kind"),
        (ProviderReportKind.RESULT, {"result_kind": "work", "details": {}}, "employer"),
        (
            ProviderReportKind.RESULT,
            {"result_kind": "work", "details": {"employer": "ICA", "extent": "full"}},
            "employment_form",
        ),
        (ProviderReportKind.RESULT, {"result_kind": "studies", "details": {}}, "school"),
    ],
)
def test_bad_reports_are_refused_with_the_field_and_nothing_changes(
    staff, provider, kind, arguments, field
):
    participation = place(enrolled(staff, 1), offering_at(provider), staff.coach_sydost)
    if kind != ProviderReportKind.START:
        report(participation, staff.provider_staff, ProviderReportKind.START, TODAY)
    before = ActivityParticipation.objects.get().status
    on = arguments.pop("on", TODAY)
    with pytest.raises(ValidationFailed) as refused:
        report(participation, staff.provider_staff, kind, on, **arguments)
    assert field in refused.value.errors
    assert ActivityParticipation.objects.get().status == before
    assert ProviderReport.objects.count() == (0 if kind == ProviderReportKind.START else 1)


# The person's pause beside their activity: the reason is told outside the case only when it
# is no health data and no free text; an ended interruption or activity is no pause.
PAUSES = [
    # reason, own case, expected end, what is read
    ("parental_leave", False, dt.date(2030, 1, 31), "Paused (parental leave) until 2030-01-31"),
    ("parental_leave", True, None, "Paused (parental leave) since {start}"),
    ("illness", False, dt.date(2030, 1, 31), "Paused until 2030-01-31"),
    ("illness", True, dt.date(2030, 1, 31), "Paused (illness) until 2030-01-31"),
    ("pregnancy", False, None, "Paused since {start}"),
    ("pregnancy", True, None, "Paused (pregnancy) since {start}"),
    ("other", False, None, "Paused since {start}"),
    ("other", True, None, "Paused (other) since {start}"),
]


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(("reason", "own_case", "expected_end", "reads"), PAUSES)
def test_the_pause_reads_as_the_viewer_may_read_it(staff, reason, own_case, expected_end, reads):
    participation = in_training(staff)
    start = timezone.localdate() - dt.timedelta(days=3)
    InterruptionFactory(
        referral=participation.referral,
        reason=reason,
        reason_text="Egen text" if reason == "other" else "",
        start=start,
        expected_end=expected_end,
    )
    (shown,) = with_pauses([participation], timezone.localdate(), own_case=own_case)
    assert str(shown.pause) == reads.format(start=start.isoformat())
    assert "Egen text" not in str(shown.pause)


@pytest.mark.parametrize("ended", ["interruption", "activity"])
def test_an_ended_interruption_or_activity_is_no_pause(staff, ended):
    participation = in_training(staff)
    today = timezone.localdate()
    InterruptionFactory(
        referral=participation.referral,
        start=today - dt.timedelta(days=10),
        end=today - dt.timedelta(days=1) if ended == "interruption" else None,
    )
    if ended == "activity":
        participation.status = "completed"
    (shown,) = with_pauses([participation], today, own_case=True)
    assert shown.pause is None
