"""The offering factories build rows that the providers' selectors and services read as
intended."""

import pytest
from django.utils import timezone

from jobbtorg.providers.models import ParticipationStatus
from jobbtorg.providers.selectors.participations import participations_visible_to
from jobbtorg.providers.services.participations import places_taken
from tests.factories import UserFactory
from tests.providers.factories import ActivityParticipationFactory, OfferingFactory

pytestmark = pytest.mark.django_db


def test_an_offering_is_own_operation_job_search_made_at_sydost():
    offering = OfferingFactory()
    assert offering.contract is None
    assert offering.activity_type.code == "job_search"
    assert offering.made_at.slug == "sydost"
    assert offering.location.provider == offering.provider
    today = timezone.localdate()
    assert places_taken(offering, today, today) == 0


def test_a_placed_participation_takes_a_place_and_is_seen_by_the_coach(staff):
    participation = ActivityParticipationFactory()
    today = timezone.localdate()
    assert participation.status == ParticipationStatus.PLACED
    assert places_taken(participation.offering, today, today) == 1
    assert participation in participations_visible_to(staff.coach_sydost)
    assert participation.placed_by == staff.coach_sydost


def test_a_started_participation_is_seen_by_the_providers_staff():
    participation = ActivityParticipationFactory(started=True)
    assert participation.status == ParticipationStatus.STARTED
    assert participation.started_on == participation.planned_start
    today = timezone.localdate()
    assert places_taken(participation.offering, today, today) == 1
    at_the_provider = UserFactory(provider_staff=True, provider=participation.offering.provider)
    assert participation in participations_visible_to(at_the_provider)
    elsewhere = UserFactory(provider_staff=True)
    assert participation not in participations_visible_to(elsewhere)
