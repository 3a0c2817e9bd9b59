"""The test suite: SQLite in memory unless DATABASE_URL points at PostgreSQL."""

import os

os.environ.setdefault("DATABASE_URL", "sqlite://:memory:")
os.environ["DEBUG"] = "false"
os.environ.setdefault("JOBBTORG_DEMO_MODE", "true")

from jobbtorg.config.settings.base import *  # noqa: E402,F403

SECRET_KEY = "django-insecure-test-only"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALLOWED_HOSTS = ["*"]
STORAGES = {
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# WhiteNoise looks STATIC_ROOT up on each request instead of reading it when the test client
# starts (no collectstatic in the suite; a test that runs it sets its own STATIC_ROOT).
WHITENOISE_AUTOREFRESH = True
# Connections of the live-server thread must close with it, or PostgreSQL keeps the test
# database busy at teardown.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = False  # noqa: F405
# The tests check suggestions right after the change that should alter them: every read compares
# the stored matching index with the data, and the immediate task backend rebuilds it at once.
JOBBTORG_MATCHING_RECHECK_SECONDS = 0
# Unit tests run a task the moment it is enqueued; the fixture `task_queue` (tests/conftest.py)
# switches to the database queue and runs the real worker loop.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
