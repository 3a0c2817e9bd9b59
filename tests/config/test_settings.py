"""Settings come from the environment; production refuses to start unsafe."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from jobbtorg.config.env import env_bool, env_int, env_list, env_str

JOBBTORG = str(Path(sys.executable).parent / "jobbtorg")


def _run(args, tmp_path, **env):
    ours = {
        "DEBUG",
        "SECRET_KEY",
        "DATABASE_URL",
        "JOBBTORG_DEMO_MODE",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
        "JOBBTORG_OIDC_ISSUER",
        "JOBBTORG_PASSWORD_LOGIN",
    }
    clean = {k: v for k, v in os.environ.items() if k not in ours}
    clean["DJANGO_SETTINGS_MODULE"] = "jobbtorg.config.settings.prod"
    clean["DATABASE_URL"] = f"sqlite:///{tmp_path / 'prod.sqlite3'}"
    clean.update(env)
    return subprocess.run([JOBBTORG, *args], capture_output=True, text=True, env=clean, timeout=120)


def _refused(tmp_path, **env) -> str:
    """`jobbtorg check` under production settings with a real key and `env`: it must fail; its
    errors."""
    result = _run(["check"], tmp_path, SECRET_KEY=secrets.token_urlsafe(64), **env)
    assert result.returncode != 0
    return result.stderr


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    result = _run(
        ["check", "--deploy", "--fail-level", "WARNING"],
        tmp_path,
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="jobbtorg.example.se",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    "secret_key",
    [
        None,
        "",
        "short",
        "django-insecure-development-only-never-in-production" + "x" * 20,
        "a" * 60,
    ],
)
def test_production_refuses_to_start_without_a_real_secret_key(tmp_path, secret_key):
    env = {} if secret_key is None else {"SECRET_KEY": secret_key}
    result = _run(["check"], tmp_path, **env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set to a long random value" in result.stderr


@pytest.mark.parametrize(("name", "value"), [("DEBUG", "true"), ("JOBBTORG_DEMO_MODE", "1")])
def test_production_refuses_debug_and_demo_mode(tmp_path, name, value):
    result = _run(["check"], tmp_path, SECRET_KEY=secrets.token_urlsafe(64), **{name: value})
    assert result.returncode != 0
    assert name in result.stderr


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("JOBBTORG_LIST_COUNT_LIMIT", "0"),
        ("JOBBTORG_LIST_COUNT_LIMIT", "many"),
        ("JOBBTORG_DB_PREPARE_THRESHOLD", "-1"),
    ],
)
def test_a_count_limit_or_prepare_threshold_out_of_range_stops_start_up_with_its_name(
    tmp_path, name, value
):
    errors = _refused(tmp_path, DATABASE_URL="postgres://u@db.example/jobbtorg", **{name: value})
    assert f"{name}={value!r}" in errors


def test_a_bad_database_url_stops_start_up_with_its_name(tmp_path):
    result = _run(
        ["check"], tmp_path, SECRET_KEY=secrets.token_urlsafe(64), DATABASE_URL="nosuchdb://x"
    )
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


def test_env_helpers_read_values_and_refuse_nonsense(monkeypatch):
    monkeypatch.setenv("X_BOOL", "yes")
    monkeypatch.setenv("X_INT", "42")
    monkeypatch.setenv("X_LIST", "a, b,,c")
    assert env_bool("X_BOOL", False) is True
    assert env_int("X_INT", 0) == 42
    assert env_list("X_LIST", []) == ["a", "b", "c"]
    assert env_str("X_MISSING", "fallback") == "fallback"
    monkeypatch.setenv("X_BOOL", "maybe")
    monkeypatch.setenv("X_INT", "many")
    with pytest.raises(ImproperlyConfigured, match="X_BOOL"):
        env_bool("X_BOOL", False)
    with pytest.raises(ImproperlyConfigured, match="X_INT"):
        env_int("X_INT", 0)
    with pytest.raises(ImproperlyConfigured, match="X_MISSING"):
        env_str("X_MISSING")
    monkeypatch.setenv("X_INT", "-1")
    assert env_int("X_INT", 0, minimum=-1) == -1
    with pytest.raises(ImproperlyConfigured, match="X_INT='-1' is less than 0"):
        env_int("X_INT", 0, minimum=0)


def test_a_sqlite_database_is_in_wal_mode_with_a_busy_timeout(tmp_path, monkeypatch):
    """A reader of the web process must not fail an upload's check with "database is locked"."""
    from django.db.backends.sqlite3.base import DatabaseWrapper

    from jobbtorg.config.settings.base import _database_from_env

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'web.sqlite3'}")
    monkeypatch.setenv("JOBBTORG_SQLITE_BUSY_TIMEOUT_SECONDS", "7")
    config = _database_from_env()
    wrapper = DatabaseWrapper({**config, "TIME_ZONE": None, "AUTOCOMMIT": True}, alias="probe")
    # The connection as Django opens it (with the settings' init commands), outside the test
    # database.
    connection = wrapper.get_new_connection(wrapper.get_connection_params())
    try:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert connection.execute("PRAGMA busy_timeout").fetchone()[0] == 7000
        assert wrapper.transaction_mode == "IMMEDIATE"
    finally:
        connection.close()


@pytest.mark.parametrize(
    ("url", "options"),
    [
        ("postgres://u@db.example/jobbtorg", "-c jit=off"),
        (
            "postgres://u@db.example/jobbtorg?options=-c%20statement_timeout%3D5000",
            "-c jit=off -c statement_timeout=5000",
        ),
    ],
)
def test_postgresql_connections_compile_no_query_and_keep_the_urls_own_options(
    url, options, monkeypatch
):
    """A page's queries take milliseconds: JIT compilation took 30 ms of a list's count."""
    from jobbtorg.config.settings.base import _database_from_env

    monkeypatch.setenv("DATABASE_URL", url)
    assert _database_from_env()["OPTIONS"]["options"] == options


@pytest.mark.parametrize(
    ("threshold", "expected"),
    [
        (None, {"server_side_binding": True, "prepare_threshold": 2}),
        ("5", {"server_side_binding": True, "prepare_threshold": 5}),
        ("0", {}),
    ],
)
def test_postgresql_connections_prepare_the_queries_they_send_again(
    threshold, expected, monkeypatch
):
    """A page's queries are the same on every view: prepared, PostgreSQL plans them once per
    connection. JOBBTORG_DB_PREPARE_THRESHOLD=0 turns that off for a pooler that cannot."""
    from jobbtorg.config.settings.base import _database_from_env

    monkeypatch.setenv("DATABASE_URL", "postgres://u@db.example/jobbtorg")
    if threshold is None:
        monkeypatch.delenv("JOBBTORG_DB_PREPARE_THRESHOLD", raising=False)
    else:
        monkeypatch.setenv("JOBBTORG_DB_PREPARE_THRESHOLD", threshold)
    options = _database_from_env()["OPTIONS"]
    assert {
        k: options[k] for k in ("server_side_binding", "prepare_threshold") if k in options
    } == (expected)


@pytest.mark.django_db
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"
)
def test_a_query_sent_twice_on_a_connection_is_prepared_on_the_server():
    from jobbtorg.organisation.models import District

    for _ in range(3):
        list(District.objects.filter(slug="farsta"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any('FROM "organisation_district"' in statement for statement in prepared)


REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("DATABASE_URL", "make serve needs DATABASE_URL"),
        ("SECRET_KEY", "make serve needs SECRET_KEY"),
    ],
)
def test_make_serve_refuses_to_start_without_a_database_or_a_secret_key(missing, message):
    # Without the outer make's variables: a suite run as `make VENV=.venv-3.13 test-sqlite`
    # (.ci/run's second Python) would pass its VENV on to this make.
    outer = {"DATABASE_URL", "SECRET_KEY", "MAKEFLAGS", "MFLAGS", "MAKELEVEL"}
    env = {k: v for k, v in os.environ.items() if k not in outer}
    env.update({"DATABASE_URL": "postgres://x@127.0.0.1/x", "SECRET_KEY": "k" * 64})
    del env[missing]
    # -o: take the installed environment as it is (make setup is not what is tested here).
    result = subprocess.run(
        ["make", "--no-print-directory", "-o", ".venv/.installed", "serve"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert message in result.stderr
    assert "migrate" not in result.stdout


def test_passwords_cannot_be_switched_off_without_an_identity_provider(tmp_path):
    result = _run(
        ["check"], tmp_path, SECRET_KEY=secrets.token_urlsafe(64), JOBBTORG_PASSWORD_LOGIN="false"
    )
    assert result.returncode != 0
    assert "JOBBTORG_PASSWORD_LOGIN=false needs an identity provider" in result.stderr


def test_an_identity_provider_needs_the_client_jobbtorg_is_registered_as(tmp_path):
    errors = _refused(tmp_path, JOBBTORG_OIDC_ISSUER="https://login.stad.example/realms/stad")
    assert "JOBBTORG_OIDC_CLIENT_ID and JOBBTORG_OIDC_CLIENT_SECRET" in errors


def test_production_with_the_provider_only_is_clean(tmp_path):
    result = _run(
        ["check", "--deploy", "--fail-level", "WARNING"],
        tmp_path,
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="jobbtorg.example.se",
        JOBBTORG_OIDC_ISSUER="https://login.stad.example/realms/stad",
        JOBBTORG_OIDC_CLIENT_ID="jobbtorg",
        JOBBTORG_OIDC_CLIENT_SECRET=secrets.token_urlsafe(32),
        JOBBTORG_PASSWORD_LOGIN="false",
    )
    assert result.returncode == 0, result.stdout + result.stderr
