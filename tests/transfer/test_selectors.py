"""Reading import runs: an administrator sees every run, a manager their own, anyone else none."""

import pytest
from django.urls import reverse

from jobbtorg.transfer.models import ImportRun
from jobbtorg.transfer.selectors import (
    recent_transfer_runs,
    transfer_run_get,
    transfer_runs_visible_to,
)
from tests.conftest import client_for


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
