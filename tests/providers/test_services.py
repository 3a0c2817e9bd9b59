"""The provider register: organisation numbers, offerings and the rules they follow (R22)."""

import datetime as dt

import pytest

from jobbtorg.core.errors import NotAllowed, ValidationFailed
from jobbtorg.providers.models import (
    ActivityType,
    Contract,
    Offering,
    Provider,
    ProviderKind,
    ProviderLocation,
)
from jobbtorg.providers.services.catalog import offering_create, organisation_number_clean
from tests.factories import job_centre

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
TODAY = dt.date.today()


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
