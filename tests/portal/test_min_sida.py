"""Min sida complete (ADR 0005, point 5; issue 18): the plan's history, the week from the staff's
engine, the deadlines that concern the person, an interruption with its expected end, and after
the exit what happens with the assistance. Each for the signed-in person only, read on the
audit channel `participant`."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from jobbtorg.core.audit.models import AuditAction, AuditChannel, AuditEntry
from jobbtorg.engines.rules.deadlines import add_working_days
from jobbtorg.participants.models import ExitReason, Interruption
from jobbtorg.plans.models import PlanStatus
from jobbtorg.plans.schedule import monday_of
from jobbtorg.plans.selectors import plan_awaiting_approval_for_participant
from jobbtorg.plans.services import plan_reject
from jobbtorg.providers.models import Provider, ProviderLocation
from tests.conftest import client_for
from tests.factories import ProviderFactory
from tests.offering import offering_at, place
from tests.participants.factories import ExitFactory
from tests.participants.scenarios import (
    activity,
    approve,
    context,
    enrol,
    refer,
    tomorrow_at,
    write_plan,
)
from tests.portal.cases import first_meeting_booked, own_case, signed_in_as

pytestmark = pytest.mark.django_db

# Written out by hand, not by the code under test: the page must say "tisdag 15 december".
WEEKDAYS = ["måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"]
MONTHS = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
]


def in_swedish_words(day: dt.date) -> str:
    year = "" if day.year == timezone.localdate().year else f" {day.year}"
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]}{year}"


def date_in_swedish(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _page(person, address: str = "/mina-sidor/") -> str:
    answer = signed_in_as(person).get(address)
    assert answer.status_code == 200
    return answer.content.decode()


def _main(html: str) -> str:
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


# The plan's history ---------------------------------------------------------------------------


@pytest.fixture
def three_versions(staff):
    """Version 1 replaced by 2 (in force), a refused 3 and a draft 4 awaiting approval."""
    case = own_case(staff, first_name="Mona", last_name="Minsson")
    second = approve(
        write_plan(case, staff.coach_sydost, [activity(goal="Andra planens mål.")], based_on=1),
        staff.officer_farsta,
    )
    refused = write_plan(case, staff.coach_sydost, [activity(goal="Den nekade.")], based_on=2)
    plan_reject(
        actor=staff.officer_farsta,
        audit_context=context(staff.officer_farsta),
        plan=refused,
        reason="Fel.",
    )
    draft = write_plan(case, staff.coach_sydost, [activity(goal="Utkastets mål.")], based_on=3)
    first = case.plan_versions.get(number=1)
    return case, first, second, refused, draft


def test_the_history_lists_the_approved_versions_and_which_replaced_which(three_versions):
    case, first, second, refused, draft = three_versions

    page = _page(case.participant, "/mina-sidor/planer/")

    assert page.count('href="/mina-sidor/planer/') == 2
    assert f'href="/mina-sidor/planer/{second.pk}/"' in page
    assert f'href="/mina-sidor/planer/{first.pk}/"' in page
    assert page.index(str(second.pk)) < page.index(str(first.pk))  # the newest first
    assert "Gäller nu" in page and page.count("Gäller nu") == 1
    decided = date_in_swedish(timezone.localdate(first.decided_at))
    assert f"Godkänd {decided}" in page
    assert f"Den ersatte planen som godkändes {decided}." in page
    assert "Den ersattes av planen som godkändes" in page
    assert f"Din plan gäller från {date_in_swedish(second.start)}" in page


def test_the_history_never_shows_a_refused_version_or_one_awaiting_approval(three_versions):
    case, _, _, refused, draft = three_versions
    page = _page(case.participant, "/mina-sidor/planer/")
    assert str(refused.pk) not in page and str(draft.pk) not in page
    assert "Utkastets mål." not in page and "Den nekade." not in page


def test_the_history_has_no_one_elses_plan(staff):
    mine = own_case(staff, first_name="Mona", last_name="Minsson")
    others = own_case(staff, first_name="Otto", last_name="Andersson")
    page = _page(mine.participant, "/mina-sidor/planer/")
    assert str(others.plan_versions.get().pk) not in page
    assert f"?deltagare={others.participant_id}" not in page
    # Another person's id in the address changes nothing: the page takes none.
    other_address = f"/mina-sidor/planer/?deltagare={others.participant_id}"
    assert str(others.plan_versions.get().pk) not in _page(mine.participant, other_address)


def test_the_history_is_read_on_the_persons_channel(three_versions):
    case, first, second, _, _ = three_versions
    _page(case.participant, "/mina-sidor/planer/")
    read = AuditEntry.objects.filter(
        participant=case.participant,
        channel=AuditChannel.PARTICIPANT,
        action=AuditAction.PLAN_VIEWED,
    )
    assert set(read.values_list("object_id", flat=True)) == {str(first.pk), str(second.pk)}
    assert not read.exclude(actor=None).exists()


def test_before_a_plan_the_history_says_there_is_none(staff):
    case = enrol(refer(staff.officer_farsta), staff.coach_sydost)
    assert "Du har ingen godkänd plan än." in _page(case.participant, "/mina-sidor/planer/")


@pytest.mark.parametrize("address", ["/mina-sidor/planer/", "/mina-sidor/vecka/"])
def test_signed_out_goes_to_the_sign_in_and_staff_get_404(staff, address):
    assert Client().get(address).url == "/mina-sidor/"
    assert client_for(staff.coach_sydost).get(address).status_code == 404


# The week --------------------------------------------------------------------------------------


@pytest.fixture
def week_case(staff):
    """SFI mornings and a placement's afternoons on Monday and Wednesday, from this Monday."""
    case = own_case(staff, first_name="Mona", last_name="Minsson")
    monday = monday_of(timezone.localdate())
    sfi = offering_at(
        Provider.objects.create(slug="sfi", name="SFI Skärholmen"),
        code="sfi",
        starts_at=dt.time(8),
        ends_at=dt.time(12),
        place="Skärholmens centrum",
    )
    ProviderLocation.objects.filter(pk=sfi.location_id).update(address="Skärholmsvägen 1")
    placement = offering_at(
        Provider.objects.create(slug="lager", name="Lager AB"),
        code="intro_placement",
        starts_at=dt.time(13),
        ends_at=dt.time(16),
        weekdays=(0, 2),
        place="Lagret",
    )
    place(case, sfi, staff.coach_sydost, start=monday)
    place(case, placement, staff.coach_sydost, start=monday)
    return case, monday


def _times(html: str) -> list[str]:
    return re.findall(r"\d\d:\d\d–\d\d:\d\d", _main(html))


def test_the_week_lists_each_day_with_times_provider_place_and_hours(week_case):
    case, monday = week_case
    page = _page(case.participant, f"/mina-sidor/vecka/?vecka={monday:%G-W%V}")

    assert f"Din vecka, vecka {monday.isocalendar().week}" in page
    assert in_swedish_words(monday) in page
    assert "08:00–12:00" in page and "13:00–16:00" in page
    assert "hos SFI Skärholmen" in page
    assert "Skärholmens centrum, Skärholmsvägen 1" in page
    assert "hos Lager AB" in page
    assert "Timmar den här dagen: 7." in page  # Monday: 4 + 3 hours
    assert "<table" not in _main(page)  # a list per day, not a wide table
    assert "<script" not in page


def test_the_week_is_the_staff_weeks_for_the_same_person_and_week(week_case, staff):
    case, monday = week_case
    week = f"{monday:%G-W%V}"
    mine = _page(case.participant, f"/mina-sidor/vecka/?vecka={week}")
    staffs = (
        client_for(staff.coach_sydost)
        .get(f"/deltagare/{case.participant_id}/vecka/", {"vecka": week})
        .content.decode()
    )
    assert _times(mine) == _times(staffs) and _times(mine)
    total = re.search(r"<dt>Schemalagda timmar</dt><dd>([\d,]+)</dd>", staffs)[1]
    assert f"Timmar med aktiviteter den här veckan: {total}." in mine


def test_previous_and_next_weeks_are_links_and_open_their_week(week_case):
    case, monday = week_case
    page = _page(case.participant, f"/mina-sidor/vecka/?vecka={monday:%G-W%V}")
    after = monday + dt.timedelta(days=7)
    assert f'href="?vecka={(monday - dt.timedelta(days=7)):%G-W%V}"' in page
    assert f'href="?vecka={after:%G-W%V}"' in page
    assert in_swedish_words(after) in _page(
        case.participant, f"/mina-sidor/vecka/?vecka={after:%G-W%V}"
    )


@pytest.mark.parametrize("value", ["abc", "2026-W60", "9999-W01", "0001-W01", "2026-50", "'"])
def test_a_week_that_cannot_be_read_gives_this_week_and_says_so(week_case, value):
    case, monday = week_case
    page = _page(case.participant, f"/mina-sidor/vecka/?vecka={value}")
    assert "Vi kunde inte läsa veckan i länken." in page
    assert f"Din vecka, vecka {monday.isocalendar().week} år {monday.isocalendar().year}" in page


def test_the_week_has_no_one_elses_activities_whatever_the_address(week_case, staff):
    case, monday = week_case
    others = own_case(staff, first_name="Otto", last_name="Andersson")
    place(
        others,
        offering_at(ProviderFactory(name="Annan AB"), starts_at=dt.time(17), ends_at=dt.time(19)),
        staff.coach_sydost,
        start=monday,
    )
    page = _page(case.participant, f"/mina-sidor/vecka/?deltagare={others.participant_id}")
    assert "Annan AB" not in page and "17:00" not in page


def test_the_week_is_read_as_a_schedule_on_the_persons_channel(week_case):
    case, _ = week_case
    _page(case.participant, "/mina-sidor/vecka/")
    entries = AuditEntry.objects.filter(
        participant=case.participant,
        action=AuditAction.SCHEDULE_VIEWED,
        channel=AuditChannel.PARTICIPANT,
    )
    assert entries.count() == 1 and entries.get().actor is None


def test_an_interruption_pauses_the_days_it_covers_in_the_week(week_case, staff):
    case, monday = week_case
    wednesday = monday + dt.timedelta(days=2)
    Interruption.objects.create(
        referral=case,
        reason="illness",
        start=wednesday,
        expected_end=wednesday + dt.timedelta(days=30),
        recorded_by=staff.coach_sydost,
    )
    page = _page(case.participant, f"/mina-sidor/vecka/?vecka={monday:%G-W%V}")
    assert f"Dina aktiviteter är pausade från {in_swedish_words(wednesday)}" in page
    assert "Dina aktiviteter är pausade den här dagen." in page
    # Monday and Tuesday keep their sessions: 4 + 3 and 4 hours.
    assert "Timmar med aktiviteter den här veckan: 11." in page
    assert "Sjukdom" not in page


# Deadlines -------------------------------------------------------------------------------------


def test_the_plan_due_within_five_working_days_in_plain_words(staff):
    case = enrol(refer(staff.officer_farsta), staff.coach_sydost)
    due = add_working_days(timezone.localdate(), 5)
    page = _page(case.participant)
    assert f"Din plan ska vara klar senast {in_swedish_words(due)}." in page


def test_the_first_meeting_is_a_date_to_know(staff):
    case = refer(staff.officer_farsta)
    starts_at = tomorrow_at(10)
    first_meeting_booked(case, staff.coach_sydost, starts_at)
    page = _page(case.participant)
    expected = in_swedish_words(starts_at.date())
    assert f"Ditt första möte med din coach är {expected} kl. 10:00." in page


def test_the_plans_end_its_activities_end_and_review_are_dates_to_know(staff):
    case = own_case(staff)
    plan = case.plan_versions.get(status=PlanStatus.APPROVED)
    activity_ends = plan.activities.get().end
    page = _page(case.participant)
    assert f"Din plan gäller till och med {in_swedish_words(plan.end)}." in page
    assert f"slutar {in_swedish_words(activity_ends)}." in page
    assert "Du och din coach går igenom din plan igen senast" in page
    # The 18-month limit is the staff's flag, never shown to the person.
    assert "18" not in _main(page).split("Datum att hålla koll på", 1)[1].split("</section>")[0]


def test_a_plan_awaiting_approval_is_told_without_what_it_says(staff):
    case = own_case(staff)
    write_plan(case, staff.coach_sydost, [activity(goal="Utkastets mål.")], based_on=1)
    page = _page(case.participant)
    assert "Din nya plan har skickats till Farsta." in page
    assert "Utkastets mål." not in page


def test_another_persons_plan_awaiting_approval_is_never_the_persons(staff):
    mine = own_case(staff, first_name="Mona")
    others = own_case(staff, first_name="Otto")
    write_plan(others, staff.coach_sydost, based_on=1)
    assert plan_awaiting_approval_for_participant(others.participant, others)
    assert not plan_awaiting_approval_for_participant(mine.participant, others)
    assert "Din nya plan har skickats" not in _page(mine.participant)


def test_another_persons_deadlines_are_not_shown(staff):
    mine = enrol(refer(staff.officer_farsta, first_name="Mona"), staff.coach_sydost)
    others = refer(staff.officer_farsta, first_name="Otto")
    first_meeting_booked(others, staff.coach_sydost, tomorrow_at(15))
    page = _page(mine.participant)
    assert "kl. 15:00" not in page


# Interruption ----------------------------------------------------------------------------------


def test_an_interruption_without_an_expected_end_and_its_explanation_kept_from_the_person(staff):
    case = own_case(staff)
    Interruption.objects.create(
        referral=case,
        reason="other",
        reason_text="Vård på sjukhus.",
        start=timezone.localdate(),
        recorded_by=staff.coach_sydost,
    )
    page = _page(case.participant)
    start = in_swedish_words(timezone.localdate())
    assert (
        f"Dina aktiviteter är pausade från {start}. Din coach berättar när de börjar igen." in page
    )
    assert "Vård på sjukhus." not in page


# After the exit --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reason", "said"),
    [
        (ExitReason.WORK, "eftersom du fick ett arbete."),
        (ExitReason.STUDIES, "eftersom du började studera."),
        (ExitReason.AF_GUARANTEE, "Arbetsförmedlingens jobb- och utvecklingsgaranti"),
        (ExitReason.MOVED, "eftersom du flyttade från Stockholm."),
        (ExitReason.OTHER_SUPPORT, "Du får annat stöd från stadsdelen eller från vården."),
        (ExitReason.NO_ASSISTANCE, "eftersom du inte längre får ekonomiskt bistånd."),
        (ExitReason.STOPPED, "eftersom du slutade delta."),
        (ExitReason.OTHER, "Du slutade på Jobbtorg"),
    ],
)
def test_after_the_exit_the_page_says_when_why_and_whom_to_ask(staff, reason, said):
    case = own_case(staff)
    extra = {"to_work": True} if reason == ExitReason.WORK else {"reason": reason}
    ExitFactory(referral=case, reason_text="Intern anteckning.", **extra)
    page = _page(case.participant)
    assert f"Du slutade på Jobbtorg {in_swedish_words(timezone.localdate())}" in page
    assert said in page
    assert "Kontakta socialtjänsten i Farsta." in page
    assert "Intern anteckning." not in page
    assert "Datum att hålla koll på" not in page
