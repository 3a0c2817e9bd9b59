"""The activity catalog in the API: every type with its code, names and attendance rules."""

import pytest
from django.urls import reverse

from jobbtorg.providers.models import (
    ActivityType,
)
from tests.conftest import api_client_for, client_for
from tests.providers.helpers import (
    FRIDAY,
    MONDAY,
    THURSDAY,
    TUESDAY,
    WEDNESDAY,
    in_training,
    register,
    review,
)

pytestmark = pytest.mark.django_db

FIELDS = {
    "code",
    "name_sv",
    "name_en",
    "category",
    "daily_attendance",
    "max_length_days",
    "full_day",
    "is_active",
}


def test_the_catalog_lists_every_activity_type_by_code_with_its_fields(staff):
    got = api_client_for(staff.officer_farsta).get("/api/v1/activity-types").json()
    assert [row["code"] for row in got] == list(
        ActivityType.objects.order_by("code").values_list("code", flat=True)
    )
    assert got and all(set(row) == FIELDS for row in got)


def test_the_catalog_needs_a_token():
    from django.test import Client

    assert Client().get("/api/v1/activity-types").status_code == 401


def test_the_district_gets_the_events_through_the_api_and_no_other_district_does(staff):
    participation = in_training(staff)
    review(THURSDAY)
    register(staff.provider_staff, participation, THURSDAY, "absent_invalid", today=FRIDAY)
    farsta = api_client_for(staff.officer_farsta).get("/api/v1/district/events").json()
    got = {e["kind"]: e for e in farsta if e["kind"] in {"absence", "missing_registers"}}
    assert got["missing_registers"]["data"]["dates"] == [
        MONDAY.isoformat(),
        TUESDAY.isoformat(),
        WEDNESDAY.isoformat(),
    ]
    assert got["absence"]["data"]["day"] == THURSDAY.isoformat()
    assert got["absence"]["data"]["activity"] == "work_training"
    skarpnack = api_client_for(staff.officer_skarpnack).get("/api/v1/district/events").json()
    assert not [e for e in skarpnack if e["kind"] in {"absence", "missing_registers"}]
    # The inbox page shows them with their days.
    page = (
        client_for(staff.officer_farsta, "en").get(reverse("participants:inbox")).content.decode()
    )
    assert THURSDAY.isoformat() in page and WEDNESDAY.isoformat() in page
    other = (
        client_for(staff.officer_skarpnack, "en")
        .get(reverse("participants:inbox"))
        .content.decode()
    )
    assert THURSDAY.isoformat() not in other
