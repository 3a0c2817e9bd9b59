"""/healthz: public JSON for a load balancer; 503 when the database does not answer or the
worker has been silent for five minutes; no personal data."""

import datetime as dt

from django.db import OperationalError, connection
from django.test import Client
from django.utils import timezone

from jobbtorg.core.models import WorkerHeartbeat
from tests.core.worker_tasks import append_line

FIELDS = {
    "status",
    "database",
    "worker",
    "worker_last_seen",
    "worker_silent_seconds",
    "waiting_tasks",
    "oldest_waiting_seconds",
}


def _beat(seconds_ago: float) -> None:
    now = timezone.now()
    WorkerHeartbeat.objects.create(
        worker_id="w1",
        hostname="app1",
        pid=4242,
        started_at=now - dt.timedelta(hours=1),
        last_seen=now - dt.timedelta(seconds=seconds_ago),
    )


def _health(client=None):
    response = (client or Client()).get("/healthz")
    return response, response.json()


def test_a_fresh_heartbeat_is_healthy_without_signing_in(db):
    _beat(seconds_ago=3)
    response, body = _health()
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["worker"] == "ok"
    assert 3 <= body["worker_silent_seconds"] < 60
    assert body["waiting_tasks"] == 0
    assert body["oldest_waiting_seconds"] is None
    # Counts and times only: no host, no pid, nothing about anyone.
    assert set(body) == FIELDS


def test_a_worker_silent_for_five_minutes_is_503(db):
    _beat(seconds_ago=4 * 60 + 50)
    assert _health()[0].status_code == 200
    WorkerHeartbeat.objects.update(last_seen=timezone.now() - dt.timedelta(minutes=5, seconds=5))
    response, body = _health()
    assert response.status_code == 503
    assert body["status"] == "unhealthy"
    assert body["worker"] == "silent"
    assert body["worker_silent_seconds"] >= 300


def test_a_fresh_install_whose_worker_never_beat_is_503_worker_not_seen(db):
    response, body = _health()
    assert response.status_code == 503
    assert body["worker"] == "not seen"
    assert body["database"] == "ok"
    assert body["worker_last_seen"] is None


def test_the_oldest_waiting_task_is_reported(db, task_queue, tmp_path):
    _beat(seconds_ago=1)
    # No worker runs them here: they wait.
    append_line.enqueue(str(tmp_path / "out"), "one")
    append_line.enqueue(str(tmp_path / "out"), "two")
    response, body = _health()
    assert response.status_code == 200
    assert body["waiting_tasks"] == 2
    assert body["oldest_waiting_seconds"] is not None
    assert 0 <= body["oldest_waiting_seconds"] < 60


def test_a_database_that_does_not_answer_is_503(db, monkeypatch):
    _beat(seconds_ago=1)

    def unreachable():
        raise OperationalError("could not connect to server")

    with monkeypatch.context() as patched:
        patched.setattr(connection, "ensure_connection", unreachable)
        response, body = _health()
    assert response.status_code == 503
    assert body["database"] == "unavailable"
    assert body["status"] == "unhealthy"
