"""The activity catalog in the API: every type with its code, names and attendance rules."""

import pytest

from jobbtorg.providers.models import ActivityType
from tests.conftest import api_client_for

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
