"""The provider's week of attendance (R15): one page per activity, the people as rows and the
week's days as columns, everyone present unless stated otherwise, saved all or nothing through
the attendance service; who may open it; and the missing registers per activity and week."""

import datetime as dt
import re
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jobbtorg.core.audit.models import AuditAction, AuditEntry
from jobbtorg.participants.models import DistrictEvent, EventKind, InterruptionReason
from jobbtorg.providers.models import AttendanceRegister
from jobbtorg.providers.selectors.attendance import attendance_backlog
from tests.audit_reads import people_named
from tests.conftest import client_for
from tests.factories import ProviderFactory, UserFactory
from tests.offering import offering_at, place, report
from tests.participants.factories import InterruptionFactory
from tests.participants.scenarios import active_case, backdate
from tests.providers.helpers import FRIDAY, MONDAY, NEXT_MONDAY, THURSDAY, TUESDAY, WEDNESDAY

pytestmark = pytest.mark.django_db

WEEK = "2025-W10"  # MONDAY's week


def group(staff, *names, provider=None, code="work_training", start=MONDAY):
    """People of Farsta (coach_sydost) in one activity with daily attendance, started on
    `start` (MONDAY)."""
    provider = provider or staff.provider_staff.provider
    offering = offering_at(provider, code=code, valid_from=MONDAY - dt.timedelta(days=30))
    people = []
    for name in names:
        first, last = name.split()
        case = active_case(staff, first_name=first, last_name=last)
        case = backdate(case, (timezone.localdate() - MONDAY).days + 14)
        participation = place(case, offering, staff.coach_sydost, start=start)
        report(participation, staff.provider_staff, "start", start)
        participation.refresh_from_db()
        people.append(participation)
    return offering, people


def week_url(offering, week=WEEK):
    url = reverse("providers:attendance_week", args=[offering.pk])
    return f"{url}?vecka={week}" if week else url


def cell(participation, day):
    return f"cell-{participation.pk}_{day.isoformat()}"


def form_as_shown(html):
    """What the browser sends when the form is saved as shown: each select's chosen option."""
    found = {}
    for name, body in re.findall(
        r'<select id="[^"]+" name="([^"]+)"[^>]*>(.*?)</select>', html, re.S
    ):
        chosen = re.search(r'<option value="([^"]*)" selected>', body)
        found[name] = chosen.group(1) if chosen else ""
    return found


# Who may


def test_provider_staff_see_the_week_of_their_activity(staff, on_day):
    offering, (amira, bo) = group(staff, "Amira Hassan", "Bo Berg")
    on_day(WEDNESDAY)
    response = client_for(staff.provider_staff, "en").get(week_url(offering))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Amira Hassan" in html and "Bo Berg" in html
    # Monday to Wednesday can be registered; Thursday and Friday have not come yet.
    for day in (MONDAY, TUESDAY, WEDNESDAY):
        assert f'name="{cell(amira, day)}"' in html
    for day in (THURSDAY, FRIDAY):
        assert f'name="{cell(amira, day)}"' not in html
    assert html.count("Not yet") == 4
    # The list shown is logged as an attendance list, naming each person.
    assert {amira.referral.participant_id, bo.referral.participant_id} <= set(
        people_named(AuditAction.ATTENDANCE_VIEWED)
    )


def test_another_providers_staff_get_a_404_and_write_nothing(staff, on_day):
    offering, (amira,) = group(staff, "Amira Hassan")
    on_day(WEDNESDAY)
    stranger = UserFactory(
        username="other-provider", provider_staff=True, provider=ProviderFactory()
    )
    client = client_for(stranger, "en")
    assert client.get(week_url(offering)).status_code == 404
    assert client.post(week_url(offering), {cell(amira, MONDAY): "present"}).status_code == 404
    assert not AttendanceRegister.objects.exists()


def test_a_cell_of_someone_not_in_the_activity_is_a_404(staff, on_day):
    offering, _people = group(staff, "Amira Hassan")
    _other, (bo,) = group(staff, "Bo Berg")
    on_day(WEDNESDAY)
    response = client_for(staff.provider_staff, "en").post(
        week_url(offering), {cell(bo, MONDAY): "present"}
    )
    assert response.status_code == 404
    assert not AttendanceRegister.objects.exists()


@pytest.mark.parametrize(
    "who", ["coach_sydost", "manager_sydost", "officer_farsta", "analyst", "administrator"]
)
def test_the_lists_are_the_providers_the_coach_registers_on_the_persons_page(staff, who, on_day):
    offering, (amira,) = group(staff, "Amira Hassan")
    on_day(WEDNESDAY)
    client = client_for(getattr(staff, who), "en")
    response = client.get(week_url(offering))
    assert response.status_code == 403
    assert "The attendance lists are for the provider" in response.content.decode()
    assert client.post(week_url(offering), {cell(amira, MONDAY): "present"}).status_code == 403
    assert client.get(reverse("providers:attendance_weeks")).status_code == 403
    assert not AttendanceRegister.objects.exists()


def test_an_activity_without_daily_attendance_has_no_week_list(staff, on_day):
    offering, _people = group(staff, "Amira Hassan", code="coaching")
    on_day(WEDNESDAY)
    assert client_for(staff.provider_staff).get(week_url(offering)).status_code == 404


# Saving the week


def test_everyone_is_present_by_default_and_one_save_registers_the_week(staff, on_day):
    offering, (amira, bo) = group(staff, "Amira Hassan", "Bo Berg")
    on_day(WEDNESDAY)
    client = client_for(staff.provider_staff, "en")
    shown = form_as_shown(client.get(week_url(offering)).content.decode())
    assert set(shown.values()) == {"present"} and len(shown) == 6
    response = client.post(week_url(offering), shown)
    assert response.status_code == 302 and response["Location"] == week_url(offering)
    registers = AttendanceRegister.objects.all()
    assert {(r.participation_id, r.day, r.status) for r in registers} == {
        (p.pk, day, "present") for p in (amira, bo) for day in (MONDAY, TUESDAY, WEDNESDAY)
    }
    assert AuditEntry.objects.filter(action=AuditAction.ATTENDANCE_REGISTERED).count() == 6
    # Shown again: registered as saved, and saving again changes nothing and logs nothing.
    again = form_as_shown(client.get(week_url(offering)).content.decode())
    assert again == shown
    client.post(week_url(offering), again)
    assert AuditEntry.objects.filter(action=AuditAction.ATTENDANCE_REGISTERED).count() == 6


def test_exceptions_are_registered_per_person_and_day(staff, on_day):
    offering, (amira, bo) = group(staff, "Amira Hassan", "Bo Berg")
    on_day(WEDNESDAY)
    client = client_for(staff.provider_staff, "en")
    data = form_as_shown(client.get(week_url(offering)).content.decode())
    data[cell(amira, TUESDAY)] = "absent_valid:illness"
    data[cell(bo, WEDNESDAY)] = "absent_invalid"
    data[cell(bo, MONDAY)] = ""  # not known yet: left missing, never read as an absence
    assert client.post(week_url(offering), data).status_code == 302
    registers = {(r.participation_id, r.day): r for r in AttendanceRegister.objects.all()}
    assert (registers[(amira.pk, TUESDAY)].status, registers[(amira.pk, TUESDAY)].reason) == (
        "absent_valid",
        "illness",
    )
    assert registers[(bo.pk, WEDNESDAY)].status == "absent_invalid"
    assert (bo.pk, MONDAY) not in registers
    assert len(registers) == 5
    # The absence without valid reason goes to the district, as from the day's list.
    absences = DistrictEvent.objects.filter(kind=EventKind.ABSENCE)
    assert [e.data["day"] for e in absences] == [WEDNESDAY.isoformat()]


def test_bad_cells_are_all_told_at_once_and_nothing_is_saved(staff, on_day):
    offering, (amira, bo) = group(staff, "Amira Hassan", "Bo Berg")
    on_day(WEDNESDAY)
    client = client_for(staff.provider_staff, "en")
    data = form_as_shown(client.get(week_url(offering)).content.decode())
    audited = AuditEntry.objects.filter(action=AuditAction.ATTENDANCE_REGISTERED).count()
    data[cell(amira, MONDAY)] = "absent_valid"  # no reason
    data[cell(bo, TUESDAY)] = "asleep"  # no such choice
    data[cell(bo, THURSDAY)] = "present"  # has not come yet
    response = client.post(week_url(offering), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was saved" in html
    assert f"Amira Hassan, {MONDAY.isoformat()}: Choose the reason" in html
    assert f"Bo Berg, {TUESDAY.isoformat()}: Choose present, absent with valid reason" in html
    assert f"Bo Berg, {THURSDAY.isoformat()}: {THURSDAY.isoformat()} is in the future" in html
    assert not AttendanceRegister.objects.exists()
    assert not DistrictEvent.objects.filter(kind=EventKind.ABSENCE).exists()
    assert AuditEntry.objects.filter(action=AuditAction.ATTENDANCE_REGISTERED).count() == audited
    # What was typed is kept, and the refused cell is linked from the summary.
    assert f'href="#{cell(amira, MONDAY)}"' in html
    assert form_as_shown(html)[cell(bo, WEDNESDAY)] == "present"


def test_a_day_outside_the_participation_or_the_week_is_refused_in_swedish(staff, on_day):
    offering, (amira,) = group(staff, "Amira Hassan", start=WEDNESDAY)
    on_day(NEXT_MONDAY + dt.timedelta(days=2))
    client = client_for(staff.provider_staff)
    page = client.get(week_url(offering)).content.decode()
    assert f'name="{cell(amira, TUESDAY)}"' not in page and "Ingen aktivitet" in page
    response = client.post(
        week_url(offering), {cell(amira, TUESDAY): "present", cell(amira, WEDNESDAY): "present"}
    )
    html = response.content.decode()
    assert "Inget sparades" in html and "Ingen närvaro väntas" in html
    other_week = client.post(week_url(offering), {cell(amira, NEXT_MONDAY): "present"})
    assert "dagen ligger inte i den här veckan" in other_week.content.decode()
    assert not AttendanceRegister.objects.exists()


# Moving between weeks


def test_previous_and_next_week_and_no_week_after_this_one(staff, on_day):
    offering, _people = group(staff, "Amira Hassan")
    on_day(NEXT_MONDAY)
    client = client_for(staff.provider_staff, "en")
    this_week = client.get(week_url(offering, None)).content.decode()
    assert "Attendance week 11" in this_week
    assert f"vecka={WEEK}" in this_week  # the previous week
    assert "Next week" not in this_week
    last_week = client.get(week_url(offering)).content.decode()
    assert "Attendance week 10" in last_week and "vecka=2025-W11" in last_week
    assert "Next week" in last_week and "This week" in last_week


def test_a_week_that_is_no_week_is_told_and_this_week_shown(staff, on_day):
    offering, _people = group(staff, "Amira Hassan")
    on_day(WEDNESDAY)
    html = client_for(staff.provider_staff).get(week_url(offering, "vecka10")).content.decode()
    assert "”vecka10” är ingen vecka" in html or "“vecka10” är ingen vecka" in html
    assert "vecka 10" in html.lower()


# The person's pause


def test_a_paused_person_reads_as_paused_not_expected(staff, on_day):
    offering, (amira,) = group(staff, "Amira Hassan")
    InterruptionFactory(
        referral=amira.referral,
        reason=InterruptionReason.PARENTAL_LEAVE,
        start=TUESDAY,
        expected_end=dt.date(2025, 9, 1),
    )
    on_day(WEDNESDAY)
    html = client_for(staff.provider_staff).get(week_url(offering)).content.decode()
    assert "Pausad (föräldraledighet) till 2025-09-01" in html
    assert f'name="{cell(amira, MONDAY)}"' in html
    assert f'name="{cell(amira, TUESDAY)}"' not in html
    assert html.count(">Pausad<") == 2


# The missing registers, per activity and week


def test_the_backlog_is_one_row_per_activity_and_week_with_counts(staff, on_day):
    offering, (amira, bo) = group(staff, "Amira Hassan", "Bo Berg")
    on_day(NEXT_MONDAY + dt.timedelta(days=2))  # Wednesday of the next week
    client = client_for(staff.provider_staff, "en")
    for page in (reverse("web:home"), reverse("providers:attendance_weeks")):
        html = client.get(page).content.decode()
        assert "Missing attendance registers" in html
        rows = re.findall(
            r"<tr>\s*<th scope=\"row\" data-label=\"Activity\">(.*?)</tr>", html, re.S
        )
        # Last week: 2 people × 5 days; this week Monday and Tuesday: 2 people × 2 days.
        assert len(rows) == 2
        assert "Week 11" in rows[0] and ">2<" in rows[0] and ">4<" in rows[0]
        assert "Week 10" in rows[1] and ">2<" in rows[1] and ">10<" in rows[1]
        assert f"{week_url(offering)}" in rows[1]
        # No wall of one link per day.
        assert f"?dag={MONDAY.isoformat()}" not in html


class _Item(SimpleNamespace):
    pass


def _offering(pk):
    return SimpleNamespace(
        pk=pk,
        activity_type=SimpleNamespace(name=f"Aktivitet {pk}"),
        location=SimpleNamespace(name="Plats"),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, 2), st.sets(st.integers(0, 60), max_size=8)), max_size=6))
def test_the_backlog_counts_every_missing_register_once(people):
    offerings = {pk: _offering(pk) for pk in range(3)}
    items = [
        _Item(
            participation=SimpleNamespace(pk=n, offering=offerings[offering]),
            missing=tuple(MONDAY + dt.timedelta(days=d) for d in sorted(days)),
        )
        for n, (offering, days) in enumerate(people)
    ]
    rows = attendance_backlog(items)
    assert sum(row.registers for row in rows) == sum(len(item.missing) for item in items)
    for row in rows:
        assert row.monday.weekday() == 0 and 1 <= row.people <= row.registers
        assert row.people <= 5 * row.registers
    keys = [(row.offering.pk, row.monday) for row in rows]
    assert len(keys) == len(set(keys))
    assert [row.monday for row in rows] == sorted((row.monday for row in rows), reverse=True)
