"""The demo, loaded once for the tests of a module that only read it (`loaded_demo`,
tests/conftest.py)."""

import pytest


@pytest.fixture
def demo(loaded_demo, db):
    """The loaded demo, for one test."""
