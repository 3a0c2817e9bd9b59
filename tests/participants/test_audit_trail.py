"""Every route that shows a person writes an audit entry: found by walking the URL patterns."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from jobbtorg.core.audit.models import AuditAction, AuditChannel, AuditEntry
from tests.audit_reads import in_extract, people_named
from tests.conftest import api_client_for, client_for


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def participant_routes() -> list[str]:
    routes = [route for route in _walk(get_resolver().url_patterns) if "participant_id" in route]
    return sorted(set(routes))


def _url(route: str, participant_id) -> str:
    path = route.replace("<uuid:participant_id>", str(participant_id))
    path = path.replace("<participant_id>", str(participant_id))
    return "/" + path.lstrip("^").rstrip("$")


def test_the_walk_finds_the_pages_and_the_api_routes():
    routes = participant_routes()
    assert any(route.startswith("api/v1/") for route in routes)
    assert any(route.startswith("deltagare/") for route in routes)
    assert len(routes) >= 5


@pytest.mark.parametrize("route", participant_routes())
def test_every_route_that_shows_a_participant_writes_an_audit_entry(staff, people, route):
    person = people.in_farsta
    # The manager may open every route that takes a person.
    user = staff.manager_sydost
    client = api_client_for(user) if route.startswith("api/") else client_for(user)
    before = AuditEntry.objects.filter(participant=person).count()

    response = client.get(_url(route, person.pk))

    if response.status_code == 405:
        # A write-only API route (POST): it shows nothing on GET and must log nothing; its
        # writes are audited by the services, tested with them.
        assert route.startswith("api/"), route
        assert AuditEntry.objects.filter(participant=person).count() == before
        return
    assert response.status_code == 200, (route, response.status_code)
    entries = AuditEntry.objects.filter(participant=person).order_by("-id")
    assert entries.count() == before + 1
    entry = entries.first()
    assert entry.actor == user
    assert entry.actor_role == "manager"
    assert entry.object_id == str(person.pk)
    assert entry.ip_address == "127.0.0.1"
    expected_channel = (
        AuditChannel.API
        if route.startswith("api/")
        else AuditChannel.EXPORT
        if route.endswith(".csv")
        else AuditChannel.PAGE
    )
    assert entry.channel == expected_channel


@pytest.mark.parametrize("route", participant_routes())
def test_a_refused_look_writes_no_entry_about_the_person(staff, people, route):
    person = people.in_farsta
    user = staff.coach_jarva  # another Jobbtorg
    client = api_client_for(user) if route.startswith("api/") else client_for(user)
    response = client.get(_url(route, person.pk))
    assert response.status_code in (404, 405)
    assert not AuditEntry.objects.filter(participant=person).exists()


def test_a_list_logs_each_person_shown_and_nobody_else(staff, people):
    client = client_for(staff.coach_sydost)
    client.get("/deltagare/")
    listed = AuditEntry.objects.get(action=AuditAction.PARTICIPANT_LISTED)  # one for the page
    assert listed.actor == staff.coach_sydost
    named = people_named(AuditAction.PARTICIPANT_LISTED)
    assert sorted(named) == sorted([people.in_farsta.pk, people.in_skarpnack.pk])
    for person in (people.in_farsta, people.in_skarpnack):
        assert in_extract(person.pk, AuditAction.PARTICIPANT_LISTED, "coach-sydost")
    assert not in_extract(people.in_rinkeby.pk, AuditAction.PARTICIPANT_LISTED, "coach-sydost")


def test_the_api_list_logs_each_person_returned(staff, people):
    client = api_client_for(staff.officer_farsta)
    client.get("/api/v1/participants")
    listed = AuditEntry.objects.get(action=AuditAction.PARTICIPANT_LISTED)
    assert listed.channel == AuditChannel.API
    assert people_named(AuditAction.PARTICIPANT_LISTED) == [people.in_farsta.pk]
    assert in_extract(people.in_farsta.pk, AuditAction.PARTICIPANT_LISTED, "officer-farsta")
