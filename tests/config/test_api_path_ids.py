"""An id in a path that is not an id answers as an unknown id does: 404, on every API route with
an id in its path, for every role; and no page answers 500 or 422 to a malformed id."""

import re
import uuid

import pytest
from django.urls import get_resolver

from jobbtorg.config.api import api
from tests.conftest import api_client_for, client_for
from tests.participants.test_audit_trail import _walk

pytestmark = pytest.mark.django_db

# A body each route accepts, so that an unknown id is what the answer is about.
BODIES = {
    ("POST", "/participants/{participant_id}/first-meeting"): {
        "held_on": "2026-11-02",
        "duties_explained": True,
        "af_registration": "registered",
    },
    ("POST", "/participants/{participant_id}/plans"): {
        "activities": [{"type": "praktik", "provider": "Stadsmissionen"}]
    },
    ("POST", "/participants/{participant_id}/interruptions"): {
        "reason": "sick",
        "start": "2026-11-02",
    },
    ("POST", "/participants/{participant_id}/exit"): {"date": "2026-11-02", "reason": "work"},
    ("POST", "/participants/{participant_id}/reports"): {"kind": "absence", "text": "Borta."},
    ("POST", "/interruptions/{interruption_id}/end"): {"end": "2026-11-02"},
    ("POST", "/plans/{plan_id}/approve"): {},
    ("POST", "/plans/{plan_id}/reject"): {"reason": "Fel."},
    ("POST", "/plans/{plan_id}/follow-ups"): {
        "activity_id": 1,
        "done_on": "2026-11-02",
        "outcome": "done",
    },
}

MALFORMED = ["not-a-uuid", "1", "00000000-0000-0000-0000-00000000000g", "%20", "%C3%A5"]


def routes_with_an_id() -> list[tuple[str, str]]:
    found = []
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            if "{" not in path:
                continue
            for operation in path_view.operations:
                for method in operation.methods:
                    found.append((method, prefix + path))
    return sorted(found)


ROUTES = routes_with_an_id()
ROLES = ["coach_sydost", "manager_sydost", "officer_farsta", "provider_staff", "analyst"]


def test_every_route_with_an_id_is_walked():
    """A new route with an id in its path joins BODIES, and so this test."""
    assert ROUTES
    assert {route for route in ROUTES if route[0] != "GET"} == set(BODIES)


def _call(client, method: str, path: str, ident: str):
    url = "/api/v1" + re.sub(r"\{[^}]+\}", ident, path)
    if method == "GET":
        return client.get(url)
    return client.post(url, BODIES[(method, path)], content_type="application/json")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_a_malformed_id_answers_like_an_unknown_one(staff, people, role, method, path):
    client = api_client_for(getattr(staff, role))
    unknown = _call(client, method, path, str(uuid.uuid4()))
    assert unknown.status_code == 404, unknown.content
    for ident in MALFORMED:
        malformed = _call(client, method, path, ident)
        assert malformed.status_code == 404, (ident, malformed.content)
        assert malformed.json() == unknown.json()


def test_a_bad_body_with_a_good_id_still_names_the_field(staff, people):
    client = api_client_for(staff.coach_sydost)
    response = client.post(
        f"/api/v1/participants/{people.in_farsta.pk}/reports",
        {"kind": "absence"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "text" in response.json()["errors"]


def page_urls_with_an_id() -> list[str]:
    urls = []
    for route in _walk(get_resolver().url_patterns):
        if "<" not in route or route.startswith(("^", "api/", "admin/")):
            continue
        urls.append("/" + re.sub(r"<[^>]+>", "not-an-id", route))
    return sorted(set(urls))


PAGES = page_urls_with_an_id()


@pytest.mark.parametrize("role", ["coach_sydost", "manager_sydost", "officer_farsta"])
def test_no_page_answers_a_malformed_id_with_an_error(staff, people, role):
    assert len(PAGES) > 20
    client = client_for(getattr(staff, role))
    for url in PAGES:
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code not in (422, 500), (url, response.status_code)
            assert response.status_code in (302, 400, 403, 404, 405), (url, response.status_code)
