"""The participant's session (ADR 0005, point 2): read into `request.participant`, ended after
JOBBTORG_PARTICIPANT_IDLE_MINUTES idle, and 404 on every staff page, never a sign-in page
that suggests they might have an account. Public pages stay open."""

import uuid

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from jobbtorg.portal.middleware import OPEN_TO_EVERYONE, PARTICIPANT_SESSION_KEY
from tests.conftest import client_for
from tests.portal.cases import own_case, signed_in_as

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(staff):
    return own_case(staff, first_name="Petra", last_name="Portalsson").participant


def _named_routes(resolver: URLResolver, namespace: str | None = None):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in {"admin", "api-v1"}:
                continue  # walked by the explicit addresses below
            yield from _named_routes(pattern, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, pattern


def _example_kwargs(pattern: URLPattern) -> dict[str, object]:
    examples = {"UUIDConverter": uuid.uuid4(), "IntConverter": 1}
    converters = getattr(pattern.pattern, "converters", {})
    return {
        name: examples.get(type(converter).__name__, "x") for name, converter in converters.items()
    }


STAFF_ROUTES = sorted(
    (name, reverse(name, kwargs=_example_kwargs(pattern)))
    for name, pattern in _named_routes(get_resolver())
    if not name.startswith("portal:") and name not in OPEN_TO_EVERYONE
)
OTHER_STAFF_ADDRESSES = ["/admin/", "/admin/participants/participant/", "/api/v1/participants/"]


def test_the_walk_finds_the_staff_pages():
    names = {name for name, _ in STAFF_ROUTES}
    assert {"web:home", "participants:list", "web:participant", "plans:detail"} <= names


@pytest.mark.parametrize(("name", "path"), STAFF_ROUTES, ids=[name for name, _ in STAFF_ROUTES])
def test_a_participant_session_gets_404_on_every_staff_page(person, name, path):
    assert signed_in_as(person).get(path).status_code == 404


@pytest.mark.parametrize("path", OTHER_STAFF_ADDRESSES)
def test_a_participant_session_gets_404_in_the_admin_and_the_api(person, path):
    assert signed_in_as(person).get(path).status_code == 404


def test_the_same_staff_page_without_the_session_asks_for_a_staff_sign_in(db):
    assert Client().get("/deltagare/").status_code == 302


@pytest.mark.parametrize("path", ["/sommarjobb/", "/logga-in/", "/mina-sidor/"])
def test_public_pages_stay_open_to_a_participant(person, path):
    assert signed_in_as(person).get(path).status_code == 200


def test_the_health_check_answers_a_participant_as_anyone(person):
    # 200 or 503 by the worker's heartbeat, the same answer as without the session.
    assert signed_in_as(person).get("/healthz").status_code == Client().get("/healthz").status_code


def test_a_staff_member_keeps_their_pages(staff, person):
    assert client_for(staff.coach_sydost).get("/deltagare/").status_code == 200


def test_the_session_ends_after_fifteen_minutes_idle(person):
    assert (
        "Petra Portalsson"
        in signed_in_as(person, seen_seconds_ago=14 * 60).get("/mina-sidor/").content.decode()
    )

    client = signed_in_as(person, seen_seconds_ago=16 * 60)
    page = client.get("/mina-sidor/").content.decode()

    assert "Petra Portalsson" not in page
    assert "Du är inte inloggad" in page
    assert PARTICIPANT_SESSION_KEY not in client.session
    # Ended for good: the next page does not bring the person back.
    assert "Petra Portalsson" not in client.get("/mina-sidor/").content.decode()


def test_the_idle_time_is_a_setting(person, settings):
    settings.JOBBTORG_PARTICIPANT_IDLE_MINUTES = 5
    page = signed_in_as(person, seen_seconds_ago=6 * 60).get("/mina-sidor/").content.decode()
    assert "Du är inte inloggad" in page


def test_each_page_moves_the_idle_end_forward(person, settings):
    settings.JOBBTORG_SESSION_REFRESH_SECONDS = 0
    client = signed_in_as(person, seen_seconds_ago=14 * 60)
    client.get("/mina-sidor/")
    # Fourteen minutes later than the first page, the session is still the person's.
    session = client.session
    session["eid_participant_seen_at"] -= 14 * 60
    session.save()
    assert "Petra Portalsson" in client.get("/mina-sidor/").content.decode()


def test_a_staff_sign_in_in_the_same_browser_ends_the_participants_session(staff, person):
    client = signed_in_as(person)
    client.force_login(staff.coach_sydost)

    assert client.get("/deltagare/").status_code == 200
    assert PARTICIPANT_SESSION_KEY not in client.session
    assert "Petra Portalsson" not in client.get("/mina-sidor/").content.decode()
