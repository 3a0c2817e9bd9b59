"""Fixtures of the matching tests."""

import pytest

from jobbtorg.matching.services.employers import employer_create


@pytest.fixture
def employer(staff):
    return employer_create(actor=staff.matcher_sydost, name="Bygg AB")
