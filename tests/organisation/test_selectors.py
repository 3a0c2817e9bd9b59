"""Staff accounts are seen by administrators, and by each member of staff within their own unit."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

from jobbtorg.organisation.models import District, DistrictAssignment, JobCentre, User
from jobbtorg.organisation.selectors import (
    JobCentreCalendar,
    api_tokens_visible_to,
    provider_find,
    users_visible_to,
)
from jobbtorg.organisation.services import api_token_create

pytestmark = pytest.mark.django_db


def test_the_administrator_sees_every_account(staff):
    assert users_visible_to(staff.administrator).count() == User.objects.count()


def test_staff_see_the_accounts_of_their_own_unit(staff):
    seen = set(users_visible_to(staff.coach_sydost))
    assert {staff.coach_sydost, staff.matcher_sydost, staff.manager_sydost} <= seen
    assert staff.coach_jarva not in seen and staff.officer_farsta not in seen
    assert staff.administrator not in seen


@pytest.mark.parametrize("username", ["analyst", "officer_farsta", "provider_staff"])
def test_others_see_their_unit_or_themselves(staff, username):
    user = getattr(staff, username)
    seen = set(users_visible_to(user))
    assert user in seen
    assert staff.coach_sydost not in seen


def test_a_signed_out_visitor_sees_no_account():
    assert not users_visible_to(AnonymousUser()).exists()
    assert not api_tokens_visible_to(AnonymousUser()).exists()


def test_tokens_are_seen_by_their_owner_and_the_administrator(staff):
    api_token_create(user=staff.officer_farsta)
    assert api_tokens_visible_to(staff.officer_farsta).count() == 1
    assert api_tokens_visible_to(staff.administrator).count() == 1
    assert not api_tokens_visible_to(staff.coach_sydost).exists()


def test_a_provider_is_found_by_its_slug_through_the_accounts_relation():
    from tests.factories import ProviderFactory

    provider = ProviderFactory(slug="stadsmissionen")
    assert provider_find("stadsmissionen") == provider
    assert provider_find("nobody") is None
    assert provider_find("") is None


def test_the_calendar_of_job_centres_says_what_each_district_says_on_every_day():
    """A district moved from one Jobbtorg to another: the import's one-query calendar gives the
    Jobbtorg `District.job_centre_on` gives, before, on and after each boundary."""
    farsta = District.objects.get(slug="farsta")
    current = farsta.assignments.get(valid_until__isnull=True)
    moved_on = dt.date(2026, 3, 1)
    other = JobCentre.objects.exclude(pk=current.job_centre_id).first()
    DistrictAssignment.objects.create(
        district=farsta,
        job_centre=other,
        valid_from=dt.date(2020, 1, 1),
        valid_until=moved_on - dt.timedelta(days=1),
    )
    current.valid_from = moved_on
    current.save()
    calendar = JobCentreCalendar()
    days = [dt.date(2019, 12, 31), dt.date(2020, 1, 1), moved_on - dt.timedelta(days=1), moved_on]
    for district in District.objects.all():
        for day in days:
            assert calendar.job_centre_on(district, day) == district.job_centre_on(day)
    assert calendar.job_centre_on(farsta, moved_on - dt.timedelta(days=1)) == other
    assert calendar.job_centre_on(farsta, dt.date(2019, 12, 31)) is None
