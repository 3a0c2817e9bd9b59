"""factory_boy factories for providers' offerings and the places people take in them.

These write the rows directly, bypassing the services on purpose: they are fast fixtures for a
test that needs an offering or a participation *in* a state. They write no audit entries and
check no capacity or contract. Placing a person through the rules (capacity, waiting list,
contract in force) and the provider's reports stay service-built: `tests/offering.py`
(`offering_at`, `place`, `report`).

Rows satisfy the models' database constraints. An offering is by default job search at a new
provider of the city's own operation (which needs no contract), at a place of its own, made at
Jobbtorg Sydost, weekdays 9–12, 12 places, valid from a year ago and open-ended, as
`offering_at` makes them.

- `OfferingFactory()`.
- `ActivityParticipationFactory()`: a new enrolled case placed in a new offering from today for
  90 days, by the case's coach; `started=True`: the activity started today.
"""

import datetime as dt

import factory
from django.utils import timezone

from jobbtorg.providers.models import (
    ActivityParticipation,
    ActivityType,
    Offering,
    ParticipationStatus,
    ProviderLocation,
)
from tests.factories import ProviderFactory, job_centre
from tests.participants.factories import ReferralFactory, sydost_coach


def _today() -> dt.date:
    return timezone.localdate()


class ProviderLocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProviderLocation
        django_get_or_create = ["provider", "name"]

    provider = factory.SubFactory(ProviderFactory)
    name = "Farsta centrum"


class OfferingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offering

    provider = factory.SubFactory(ProviderFactory)
    activity_type = factory.LazyFunction(lambda: ActivityType.objects.get(code="job_search"))
    location = factory.SubFactory(
        ProviderLocationFactory, provider=factory.SelfAttribute("..provider")
    )
    made_at = factory.LazyFunction(lambda: job_centre("sydost"))
    capacity = 12
    weekdays = factory.LazyFunction(lambda: [0, 1, 2, 3, 4])
    starts_at = dt.time(9)
    ends_at = dt.time(12)
    valid_from = factory.LazyAttribute(lambda o: _today() - dt.timedelta(days=365))


class ActivityParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityParticipation

    referral = factory.SubFactory(ReferralFactory, enrolled=True)
    offering = factory.SubFactory(OfferingFactory)
    status = ParticipationStatus.PLACED
    planned_start = factory.LazyFunction(_today)
    planned_end = factory.LazyAttribute(lambda o: o.planned_start + dt.timedelta(days=90))
    placed_by = factory.LazyAttribute(lambda o: o.referral.coach or sydost_coach())

    class Params:
        started = factory.Trait(
            status=ParticipationStatus.STARTED,
            started_on=factory.SelfAttribute("planned_start"),
        )
