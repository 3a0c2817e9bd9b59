"""Reading import runs (an administrator sees every run, a manager their own, anyone else none)
and assistance months (the unit that holds the person's case)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from jobbtorg.transfer.models import AssistanceMonth, ImportRun
from jobbtorg.transfer.selectors import (
    assistance_months_visible_to,
    recent_transfer_runs,
    transfer_run_get,
    transfer_runs_visible_to,
)
from tests.conftest import client_for
from tests.factories import valid_personal_identity_number
from tests.participants.scenarios import enrol, refer


@pytest.fixture
def runs(staff):
    return {
        "sydost": ImportRun.objects.create(imported_by=staff.manager_sydost, source="a.zip"),
        "jarva": ImportRun.objects.create(imported_by=staff.manager_jarva, source="b.zip"),
        "command": ImportRun.objects.create(imported_by=None, source="/data/c"),
    }


@pytest.mark.parametrize(
    ("name", "visible"),
    [
        ("administrator", {"sydost", "jarva", "command"}),
        ("manager_sydost", {"sydost"}),
        ("manager_jarva", {"jarva"}),
        ("coach_sydost", set()),
        ("officer_farsta", set()),
        ("analyst", set()),
    ],
)
def test_transfer_runs_visible_to(staff, runs, name, visible):
    user = getattr(staff, name)
    expected = {runs[key].pk for key in visible}
    assert set(transfer_runs_visible_to(user).values_list("pk", flat=True)) == expected
    assert {run.pk for run in recent_transfer_runs(user)} == expected
    for key, run in runs.items():
        assert (transfer_run_get(user, run.pk) is not None) is (key in visible)


def test_another_managers_run_is_not_found(staff, runs):
    client = client_for(staff.manager_sydost)
    for view in ("transfer:run", "transfer:rejects"):
        assert client.get(reverse(view, args=[runs["jarva"].pk])).status_code == 404
    assert client.get(reverse("transfer:run", args=[runs["sydost"].pk])).status_code == 200


@pytest.fixture
def months(staff):
    case = enrol(refer(staff.officer_farsta), staff.coach_sydost)
    person = case.participant
    month = dt.date(2026, 10, 1)
    return {
        "participant": AssistanceMonth.objects.create(
            personal_identity_number=person.personal_identity_number,
            participant=person,
            month=month,
            amount_sek=Decimal("9500.00"),
        ),
        # Someone who never had a case: in the effect estimate's comparison pool only.
        "pool": AssistanceMonth.objects.create(
            personal_identity_number=valid_personal_identity_number(8999),
            month=month,
            amount_sek=Decimal("7000.00"),
        ),
    }


@pytest.mark.parametrize(
    ("name", "visible"),
    [
        ("coach_sydost", {"participant"}),
        ("matcher_sydost", {"participant"}),
        ("manager_sydost", {"participant"}),
        ("officer_farsta", {"participant"}),
        ("coach_jarva", set()),
        ("manager_jarva", set()),
        ("officer_skarpnack", set()),
        ("provider_staff", set()),
        ("analyst", set()),
        ("administrator", set()),
    ],
)
def test_assistance_months_visible_to(staff, months, name, visible):
    seen = set(assistance_months_visible_to(getattr(staff, name)).values_list("pk", flat=True))
    assert seen == {months[key].pk for key in visible}
