"""Named users per role and unit, and one person in each of three districts.

Sydost serves farsta and skarpnack; Järva serves rinkeby-kista (the 2008 set-up, R1).
"""

import io
from types import SimpleNamespace
from unittest import mock

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.db.backends.base.creation import BaseDatabaseCreation
from django.test import Client, override_settings
from django.utils import timezone, translation

from jobbtorg.core.roles import Role
from jobbtorg.organisation.services import api_token_create
from tests import database_use, reference_data
from tests.factories import ParticipantFactory, UserFactory, district, job_centre

# The test OpenID provider and what signs in through it (tests/web, tests/browser).
from tests.oidc_provider.fixtures import (  # noqa: F401
    http_browser,
    http_browser_factory,
    identity_provider,
    signs_in_through_provider,
)

# Real worker processes on a SQLite file migrated once per test process (tests/core,
# tests/transfer).
from tests.worker_processes import migrated_worker_database, worker_database  # noqa: F401


def pytest_addoption(parser):
    database_use.add_option(parser)


def pytest_collection_modifyitems(config, items):
    database_use.deselect_tests_without_database(config, items)


@pytest.fixture(scope="session", autouse=True)
def _reference_data_restored_in_bulk():
    """Transactional tests get the reference data back in bulk (tests/reference_data.py)."""
    with mock.patch.object(
        BaseDatabaseCreation, "deserialize_db_from_string", reference_data.restore
    ):
        yield


@pytest.fixture(scope="module")
def loaded_demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, loaded once for the tests of a module that only read it (loading it is most of
    their time): in a transaction rolled back after the module's last test; each test runs in a
    savepoint of its own inside it (with `db`)."""
    with (
        django_db_blocker.unblock(),
        override_settings(DATA_DIR=tmp_path_factory.mktemp("demo")),
        transaction.atomic(),
    ):
        call_command("load_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def on_day(monkeypatch):
    """Pages run as if `today` were the given day (Django's localdate, no arguments)."""
    real = timezone.localdate

    def set_day(day):
        monkeypatch.setattr(
            timezone, "localdate", lambda value=None, tz=None: real(value, tz) if value else day
        )

    return set_day


@pytest.fixture
def english():
    """For tests that read English messages; tests/core/test_i18n.py checks the Swedish ones."""
    with translation.override("en"):
        yield


@pytest.fixture
def swedish():
    """For tests that read texts made outside a request (no page's language is active)."""
    with translation.override("sv"):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache (key figures live there)."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _own_data_dir(settings, tmp_path):
    """Every test has its own data directory (uploads, the stored matching index) and a process
    that has loaded no matching index yet, as a web process that just started."""
    from jobbtorg.matching import index_store

    settings.DATA_DIR = tmp_path
    index_store.forget()
    yield
    index_store.forget()


@pytest.fixture
def staff(db):
    return SimpleNamespace(
        coach_sydost=UserFactory(username="coach-sydost", coach=True),
        matcher_sydost=UserFactory(username="matcher-sydost", matcher=True),
        manager_sydost=UserFactory(username="manager-sydost", manager=True),
        coach_jarva=UserFactory(
            username="coach-jarva", role=Role.COACH, job_centre=job_centre("jarva")
        ),
        manager_jarva=UserFactory(
            username="manager-jarva", role=Role.MANAGER, job_centre=job_centre("jarva")
        ),
        officer_farsta=UserFactory(username="officer-farsta", officer=True),
        officer_skarpnack=UserFactory(
            username="officer-skarpnack",
            role=Role.DISTRICT_OFFICER,
            district=district("skarpnack"),
        ),
        officer_rinkeby=UserFactory(
            username="officer-rinkeby",
            role=Role.DISTRICT_OFFICER,
            district=district("rinkeby-kista"),
        ),
        provider_staff=UserFactory(username="provider-staff", provider_staff=True),
        analyst=UserFactory(username="analyst", analyst=True),
        administrator=UserFactory(username="administrator", administrator=True),
    )


@pytest.fixture
def people(db):
    return SimpleNamespace(
        in_farsta=ParticipantFactory(
            first_name="Fatima", last_name="Farstasson", home_district=district("farsta")
        ),
        in_skarpnack=ParticipantFactory(
            first_name="Sven", last_name="Skarpnäcksson", home_district=district("skarpnack")
        ),
        in_rinkeby=ParticipantFactory(
            first_name="Rami", last_name="Rinkebysson", home_district=district("rinkeby-kista")
        ),
    )


def client_for(user, language: str | None = None) -> Client:
    client = english_client() if language == "en" else Client()
    client.force_login(user)
    return client


def english_client() -> Client:
    """A browser where the person pressed "In English" (pages are Swedish otherwise)."""
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def api_client_for(user) -> Client:
    return Client(headers={"Authorization": f"Bearer {api_token_create(user=user)}"})


class TaskQueue:
    """The database queue and the real worker loop, run in the test process."""

    def waiting(self):
        from django_tasks_db.compat import TaskResultStatus
        from django_tasks_db.models import DBTaskResult

        return list(DBTaskResult.objects.filter(status=TaskResultStatus.READY))

    def run(self, *, worker_id: str = "test-worker") -> list:
        """Run every waiting task, and those they enqueue, to the end; returns the tasks run."""
        from django.utils import timezone
        from django_tasks_db.models import DBTaskResult

        started = timezone.now()
        # The loop closes connections between tasks as a request would; inside a test's
        # transaction that would close the test's own connection (PostgreSQL).
        with mock.patch(
            "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
        ):
            self._run(worker_id, started)
        return list(DBTaskResult.objects.filter(started_at__gte=started).order_by("started_at"))

    def _run(self, worker_id, started) -> None:
        from jobbtorg.core.tasks.worker import JobbtorgWorker

        JobbtorgWorker(
            housekeeping_in_thread=False,
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        ).run()


@pytest.fixture
def task_queue(db, settings):
    """Tasks wait in the database until `task_queue.run()` runs them with the real worker loop
    (the suite's default runs each task the moment it is enqueued)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # The periodic tasks would be due at once; tests of the schedule call enqueue_due themselves.
    settings.JOBBTORG_SCHEDULE = []
    return TaskQueue()
