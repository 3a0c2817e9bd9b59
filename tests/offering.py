"""Offerings and participations in them, built through the services where there is one.

`offering_at(provider)` makes an offering (weekdays 9–12 by default) at a new place of the
provider; `place(referral, offering, coach)` places the person; `report(...)` is the provider's
report. Procured and choice-system providers get a contract in force.
"""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from jobbtorg.providers.models import (
    CONTRACTED_KINDS,
    ActivityParticipation,
    ActivityType,
    Contract,
    Offering,
    Provider,
    ProviderLocation,
)
from jobbtorg.providers.services.participations import participation_place
from jobbtorg.providers.services.provider_reports import provider_report
from tests.factories import job_centre
from tests.participants.scenarios import context


def contract_for(provider: Provider, number: str = "") -> Contract:
    today = timezone.localdate()
    contract, _ = Contract.objects.get_or_create(
        provider=provider,
        number=number or f"C-{provider.slug}",
        defaults={
            "valid_from": today - dt.timedelta(days=400),
            "valid_until": today + dt.timedelta(days=400),
        },
    )
    return contract


def offering_at(
    provider: Provider,
    *,
    code: str = "job_search",
    capacity: int = 12,
    weekdays: tuple[int, ...] = (0, 1, 2, 3, 4),
    starts_at: dt.time = dt.time(9),
    ends_at: dt.time = dt.time(12),
    made_at: str = "sydost",
    valid_from: dt.date | None = None,
    valid_until: dt.date | None = None,
    place: str = "Farsta centrum",
    languages: str = "",
    own_cost_per_month: Decimal | None = None,
) -> Offering:
    today = timezone.localdate()
    contract = contract_for(provider) if provider.kind in CONTRACTED_KINDS else None
    location, _ = ProviderLocation.objects.get_or_create(provider=provider, name=place)
    return Offering.objects.create(
        provider=provider,
        activity_type=ActivityType.objects.get(code=code),
        location=location,
        contract=contract,
        made_at=job_centre(made_at),
        capacity=capacity,
        weekdays=list(weekdays),
        starts_at=starts_at,
        ends_at=ends_at,
        valid_from=valid_from or today - dt.timedelta(days=365),
        valid_until=valid_until or (contract.valid_until if contract else None),
        languages=languages,
        own_cost_per_month=own_cost_per_month,
    )


def place(
    referral,
    offering: Offering,
    coach,
    *,
    start: dt.date | None = None,
    days: int = 90,
    **kwargs,
) -> ActivityParticipation:
    start = start or timezone.localdate()
    return participation_place(
        context(coach),
        referral=referral,
        offering=offering,
        planned_start=start,
        planned_end=start + dt.timedelta(days=days),
        **kwargs,
    )


def report(participation: ActivityParticipation, actor, kind: str, on: dt.date, **kwargs):
    return provider_report(context(actor), participation, kind=kind, on=on, **kwargs)
