"""Min sida, first version (ADR 0005, point 5): what happens next in plain words with the day
written out, the plan in force with its activities, where and when the person goes, and the
coach; read through the person's own selectors and logged on the channel `participant`."""

import datetime as dt

import pytest
from django.utils import formats, timezone, translation

from jobbtorg.core.audit.models import AuditAction, AuditChannel, AuditEntry
from jobbtorg.organisation.models import JobCentre
from jobbtorg.participants.models import Interruption
from jobbtorg.portal.templatetags.portal_dates import day_written_out
from jobbtorg.providers.models import ProviderLocation
from tests.factories import ProviderFactory
from tests.offering import offering_at, place
from tests.participants.scenarios import activity, tomorrow_at, write_plan
from tests.portal.cases import first_meeting_booked, own_case, signed_in_as

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(staff):
    coach = staff.coach_sydost
    coach.first_name, coach.last_name, coach.email = "Cecilia", "Coach", "cecilia@example.se"
    coach.save()
    JobCentre.objects.filter(pk=coach.job_centre_id).update(location="Tvistevägen 48")
    return own_case(staff, first_name="Mona", last_name="Minsson")


def _page(person) -> str:
    answer = signed_in_as(person).get("/mina-sidor/")
    assert answer.status_code == 200
    return answer.content.decode()


def _written_out(moment: dt.datetime) -> str:
    with translation.override("sv"):
        return formats.date_format(timezone.localtime(moment), "l j F")


def test_the_next_meeting_says_when_where_and_with_whom(case, staff):
    starts_at = tomorrow_at(10)
    first_meeting_booked(case, staff.coach_sydost, starts_at)

    page = _page(case.participant)

    assert f"{_written_out(starts_at)} kl. 10:00" in page
    assert "Första mötet med din coach Cecilia Coach" in page
    assert "Tvistevägen 48" in page


def test_the_next_day_of_an_activity_names_the_provider_the_place_and_the_hours(case, staff):
    provider = ProviderFactory(name="Jobbverkstan")
    offering = offering_at(provider, weekdays=(0, 1, 2, 3, 4, 5, 6), place="Farsta centrum")
    ProviderLocation.objects.filter(pk=offering.location_id).update(address="Farstaplan 1")
    place(case, offering, staff.coach_sydost, start=timezone.localdate() + dt.timedelta(days=1))

    page = _page(case.participant)

    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with translation.override("sv"):
        day = formats.date_format(tomorrow, "l j F")
    assert f"{day} kl. 09:00" in page
    assert "hos Jobbverkstan" in page
    assert "Farsta centrum, Farstaplan 1" in page
    assert "09:00–12:00" in page


def test_nothing_booked_says_so(case):
    assert "Du har inget bokat de närmaste två veckorna" in _page(case.participant)


def test_the_plan_in_force_is_shown_and_a_draft_is_not(case, staff):
    write_plan(case, staff.coach_sydost, activities=[activity(goal="Ett utkast")], based_on=1)

    page = _page(case.participant)

    assert "Din plan gäller från" in page
    assert "20 timmar i veckan" in page
    assert "Ett utkast" not in page


def test_the_coach_and_how_to_reach_them(case):
    page = _page(case.participant)
    assert "Din coach är Cecilia Coach på Jobbtorg Sydost." in page
    assert "mailto:cecilia@example.se" in page


def test_no_one_elses_case_is_on_the_page(case, staff):
    other = own_case(staff, first_name="Otto", last_name="Andersson")
    first_meeting_booked(other, staff.coach_sydost, tomorrow_at(11))
    page = _page(case.participant)
    assert "Andersson" not in page
    assert "kl. 11:00" not in page


def test_the_read_is_the_persons_own_in_the_log(case):
    _page(case.participant)
    entries = AuditEntry.objects.filter(
        participant=case.participant, channel=AuditChannel.PARTICIPANT
    )
    assert {AuditAction.PARTICIPANT_VIEWED, AuditAction.PLAN_VIEWED} <= set(
        entries.values_list("action", flat=True)
    )
    assert not entries.exclude(actor=None).exists()


def test_the_page_needs_no_javascript(case):
    assert "<script" not in _page(case.participant)


def test_an_interruption_pauses_the_activity_days_and_says_until_when(case, staff):
    offering = offering_at(ProviderFactory(name="Jobbverkstan"), weekdays=(0, 1, 2, 3, 4, 5, 6))
    place(case, offering, staff.coach_sydost)
    back_on = timezone.localdate() + dt.timedelta(days=30)
    Interruption.objects.create(
        referral=case,
        reason="illness",
        start=timezone.localdate(),
        expected_end=back_on,
        recorded_by=staff.coach_sydost,
    )

    page = _page(case.participant)

    with translation.override("sv"):
        start = day_written_out(timezone.localdate())
        end = day_written_out(back_on)
    assert f"Din planering är pausad från {start} till {end}." in page
    assert "Sjukdom" not in page  # a health reason is never shown
    assert "Du har inget bokat de närmaste två veckorna" in page
