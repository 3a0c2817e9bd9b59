"""One JSON line per request: request id, user id, route, status, duration; never personal data."""

import io
import json
import logging

import pytest
from django.http import HttpRequest
from django.test import Client, override_settings
from django.urls import path, reverse

from tests.conftest import client_for

PERSONNUMMER = "199001012389"
PERSONNUMMER_WITH_DASH = "900101-2389"


def _boom(request: HttpRequest, code: str):
    raise RuntimeError("a bug")


# A page that fails, for the error path (override_settings(ROOT_URLCONF=__name__)).
urlpatterns = [path("fel/<str:code>/", _boom)]


@pytest.fixture
def log_lines():
    """What the settings' console handler writes while the test runs, line by line."""
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    stream = io.StringIO()
    original = handler.setStream(stream)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    handler.setStream(original)


def _request_lines(lines) -> list[dict]:
    return [line for line in lines if line["logger"] == "jobbtorg.requests"]


def test_a_request_is_one_json_line_with_its_route_status_user_and_duration(staff, log_lines):
    client = client_for(staff.coach_sydost)
    response = client.get(reverse("participants:list"))

    [line] = _request_lines(log_lines())
    assert line["route"] == "deltagare/"
    assert line["method"] == "GET"
    assert line["status"] == 200
    assert line["user_id"] == staff.coach_sydost.pk
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert line["request_id"] == response["X-Request-ID"]
    assert len(response["X-Request-ID"]) == 32


def test_an_anonymous_request_has_no_user_and_a_path_without_a_pattern_no_route(db, log_lines):
    response = Client().get("/finns-inte/")
    [line] = _request_lines(log_lines())
    assert response.status_code == 404
    assert line["status"] == 404
    assert line["route"] is None
    assert line["user_id"] is None


@pytest.mark.parametrize(
    "url",
    [
        f"/deltagare/?q={PERSONNUMMER}",
        f"/deltagare/?q={PERSONNUMMER_WITH_DASH}",
        f"/deltagare/{PERSONNUMMER}/",
        f"/api/v1/participants/{PERSONNUMMER}",
    ],
)
def test_a_personnummer_in_the_path_or_query_is_never_written_to_the_log(staff, log_lines, url):
    client_for(staff.coach_sydost).get(url)
    lines = log_lines()
    written = json.dumps(lines)
    assert _request_lines(lines), "the request was not logged"
    assert PERSONNUMMER not in written
    assert PERSONNUMMER_WITH_DASH not in written


@override_settings(ROOT_URLCONF=__name__)
def test_an_error_is_logged_with_its_traceback_and_request_id_but_not_the_path(db, log_lines):
    client = Client(raise_request_exception=False)
    response = client.get(f"/fel/{PERSONNUMMER}/")
    assert response.status_code == 500
    lines = log_lines()
    [error] = [line for line in lines if line["logger"] == "django.request"]
    [request] = [line for line in lines if line["logger"] == "jobbtorg.requests"]
    assert error["level"] == "ERROR"
    assert "RuntimeError: a bug" in error["exception"]
    assert error["message"] == "500 fel/<str:code>/"
    assert error["request_id"] == request["request_id"] == response["X-Request-ID"]
    assert request["status"] == 500
    assert PERSONNUMMER not in json.dumps(lines)


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("5f0c2a9e8b7d4c1fa3e6b2d9c8f7e1a0", True),  # nginx's $request_id
        ("0b9f7c52-6a1d-4f3e-9c8b-2d7e1a4f6b30", True),  # a UUID
        ("short", False),
        ("a b c d e f g h i", False),
        ("x" * 200, False),
        (f"id-{PERSONNUMMER}", False),
        (f"id-{PERSONNUMMER_WITH_DASH}-abc", False),
    ],
)
def test_a_sane_request_id_from_the_proxy_is_kept_anything_else_replaced(db, log_lines, sent, kept):
    response = Client().get(reverse("web:login"), HTTP_X_REQUEST_ID=sent)
    [line] = _request_lines(log_lines())
    assert (response["X-Request-ID"] == sent) is kept
    assert line["request_id"] == response["X-Request-ID"]
    if not kept:
        assert sent not in json.dumps(line)
