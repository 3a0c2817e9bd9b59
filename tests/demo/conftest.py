"""The demo, loaded once for the tests of a module that only read it (loading it is most of
their time): in a transaction rolled back after the module's last test; each test runs in a
savepoint of its own inside it."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings


@pytest.fixture(scope="module")
def loaded_demo(django_db_setup, django_db_blocker, tmp_path_factory):
    with (
        django_db_blocker.unblock(),
        override_settings(DATA_DIR=tmp_path_factory.mktemp("demo")),
        transaction.atomic(),
    ):
        call_command("load_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(loaded_demo, db):
    """The loaded demo, for one test."""
