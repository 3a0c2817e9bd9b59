"""A transactional test's flush takes the reference data away; it must come back whole."""

import json
from collections import Counter

import pytest
from django.db import connection
from django.db.backends.base.creation import BaseDatabaseCreation

from jobbtorg.matching.models import Occupation, Skill
from jobbtorg.organisation.models import District


def differences(saved: str, now: str) -> dict[str, Counter]:
    """What differs between two serialisations, by model: short enough for a failure to say
    (pytest's diff of two 10,000-row texts ran for more than ten minutes)."""
    before = {(o["model"], str(o["pk"])): o for o in json.loads(saved)}
    after = {(o["model"], str(o["pk"])): o for o in json.loads(now)}
    return {
        "missing": Counter(model for model, _ in before.keys() - after.keys()),
        "added": Counter(model for model, _ in after.keys() - before.keys()),
        "changed": Counter(
            key[0] for key in before.keys() & after.keys() if before[key] != after[key]
        ),
    }


NONE = {"missing": Counter(), "added": Counter(), "changed": Counter()}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_bulk_restore_writes_back_the_rows_djangos_own_restore_would():
    saved = connection._test_serialized_contents
    assert Skill.objects.count() > 1000 and District.objects.exists()
    # The restore in use is the bulk one (tests/conftest.py), and it wrote these rows.
    assert BaseDatabaseCreation.deserialize_db_from_string.__module__ == "tests.reference_data"
    assert differences(saved, connection.creation.serialize_db_to_string()) == NONE
    # Emptied and restored again: the same rows once more, nothing twice.
    Occupation.objects.all().delete()
    Skill.objects.all().delete()
    connection.creation.deserialize_db_from_string(saved)
    assert differences(saved, connection.creation.serialize_db_to_string()) == NONE


def test_the_differences_name_the_models_that_differ():
    row = {"model": "organisation.district", "pk": 1, "fields": {"name": "Farsta"}}
    other = {"model": "organisation.district", "pk": 2, "fields": {"name": "Bromma"}}
    renamed = {**row, "fields": {"name": "Farsta strand"}}
    found = differences(json.dumps([row, other]), json.dumps([renamed]))
    assert found == {
        "missing": Counter({"organisation.district": 1}),
        "added": Counter(),
        "changed": Counter({"organisation.district": 1}),
    }


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_reference_row_changed_without_a_flush_is_written_back():
    """Django's own restore writes every saved row, so a change some earlier test committed to
    a reference row does not outlive the next transactional test's start; nor here."""
    saved = connection._test_serialized_contents
    farsta = District.objects.order_by("pk").first()
    District.objects.filter(pk=farsta.pk).update(name="Ändrad")
    connection.creation.deserialize_db_from_string(saved)
    assert District.objects.get(pk=farsta.pk).name == farsta.name
    assert differences(saved, connection.creation.serialize_db_to_string()) == NONE
