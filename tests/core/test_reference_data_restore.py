"""A transactional test's flush takes the reference data away; it must come back whole."""

import pytest
from django.db import connection
from django.db.backends.base.creation import BaseDatabaseCreation

from jobbtorg.matching.models import Occupation, Skill
from jobbtorg.organisation.models import District


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_bulk_restore_writes_back_the_rows_djangos_own_restore_would():
    saved = connection._test_serialized_contents
    assert Skill.objects.count() > 1000 and District.objects.exists()
    # The restore in use is the bulk one (tests/conftest.py), and it wrote these rows.
    assert BaseDatabaseCreation.deserialize_db_from_string.__module__ == "tests.reference_data"
    assert connection.creation.serialize_db_to_string() == saved
    # Emptied and restored again: the same rows once more, nothing twice.
    Occupation.objects.all().delete()
    Skill.objects.all().delete()
    connection.creation.deserialize_db_from_string(saved)
    assert connection.creation.serialize_db_to_string() == saved
