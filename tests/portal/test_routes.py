"""Every route of the portal, for a participant's session: their own objects are shown, another
person's by id are 404, and the guard fails when a portal route is not in the table (a new
portal page joins it). Staff pages for a participant's session: tests/portal/test_session.py."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, get_resolver

from jobbtorg.core.audit.models import AuditChannel, AuditEntry
from jobbtorg.plans.models import PlanStatus
from tests.participants.scenarios import write_plan
from tests.portal.cases import own_case, signed_in_as, thread_written

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class PortalRoute:
    """`own` builds the address with the signed-in person's object, `other` with someone
    else's (None: the route takes no id). `method` is how the route is read."""

    route: str
    own: Callable[[Any], str]
    other: Callable[[Any], str] | None = None
    method: str = "get"
    # What the person's own address answers: 200, or a redirect (the e-ID start).
    own_status: int = 200


ROUTES = [
    # No provider is configured here, so the start is 404; with one: test_eid_sign_in.py.
    PortalRoute("e-legitimation/", lambda w: "/e-legitimation/", own_status=404),
    PortalRoute("e-legitimation/retur/", lambda w: "/e-legitimation/retur/", own_status=400),
    PortalRoute("mina-sidor/", lambda w: "/mina-sidor/"),
    PortalRoute(
        "mina-sidor/logga-ut/", lambda w: "/mina-sidor/logga-ut/", method="post", own_status=302
    ),
    PortalRoute("mina-sidor/demo/", lambda w: "/mina-sidor/demo/"),
    PortalRoute(
        "mina-sidor/planer/<uuid:plan_id>/",
        lambda w: f"/mina-sidor/planer/{w.own_plan.pk}/",
        other=lambda w: f"/mina-sidor/planer/{w.others_plan.pk}/",
    ),
    # The person's own only, whatever the address says (tests/portal/test_min_sida.py).
    PortalRoute("mina-sidor/planer/", lambda w: "/mina-sidor/planer/"),
    PortalRoute("mina-sidor/vecka/", lambda w: "/mina-sidor/vecka/"),
    PortalRoute("mina-sidor/mina-uppgifter/", lambda w: "/mina-sidor/mina-uppgifter/"),
    PortalRoute("mina-sidor/mina-uppgifter/pdf/", lambda w: "/mina-sidor/mina-uppgifter/pdf/"),
    # Always about the person's own case: no id to take.
    PortalRoute(
        "mina-sidor/mina-uppgifter/samtycke/",
        lambda w: "/mina-sidor/mina-uppgifter/samtycke/",
        method="post",
        own_status=302,
    ),
    PortalRoute("mina-sidor/meddelanden/", lambda w: "/mina-sidor/meddelanden/"),
    PortalRoute("mina-sidor/meddelanden/nytt/", lambda w: "/mina-sidor/meddelanden/nytt/"),
    PortalRoute(
        "mina-sidor/meddelanden/<uuid:thread_id>/",
        lambda w: f"/mina-sidor/meddelanden/{w.own_thread.pk}/",
        other=lambda w: f"/mina-sidor/meddelanden/{w.others_thread.pk}/",
    ),
    PortalRoute("mina-sidor/franvaro/", lambda w: "/mina-sidor/franvaro/"),
    # The answer to a report: with no report in this session, back to the form.
    PortalRoute(
        "mina-sidor/franvaro/anmald/", lambda w: "/mina-sidor/franvaro/anmald/", own_status=302
    ),
]


def portal_routes() -> set[str]:
    (portal,) = [
        pattern
        for pattern in get_resolver().url_patterns
        if getattr(pattern, "namespace", None) == "portal"
    ]
    return {
        str(pattern.pattern) for pattern in portal.url_patterns if isinstance(pattern, URLPattern)
    }


def test_every_portal_route_is_in_the_table():
    assert portal_routes() == {route.route for route in ROUTES}


class World:
    def __init__(self, staff):
        mine = own_case(staff, first_name="Mona", last_name="Minsson")
        others = own_case(staff, first_name="Otto", last_name="Andersson")
        self.person = mine.participant
        self.own_plan = mine.plan_versions.get(status=PlanStatus.APPROVED)
        self.others_plan = others.plan_versions.get(status=PlanStatus.APPROVED)
        # A draft of the person's own: the staff's work in progress, not theirs to see.
        self.own_draft = write_plan(mine, staff.coach_sydost, based_on=1)
        self.own_thread = thread_written(mine, "Tid för möte")
        self.others_thread = thread_written(others, "Ottos fråga")


@pytest.fixture
def world(staff, settings):
    # No provider here (the e-ID start is 404): the sign-in itself is test_eid_sign_in.py.
    settings.JOBBTORG_OIDC_ISSUER = ""
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = ""
    return World(staff)


@pytest.mark.parametrize("route", ROUTES, ids=[route.route for route in ROUTES])
def test_the_persons_own_address_answers(world, route, settings):
    client = signed_in_as(world.person)
    answer = getattr(client, route.method)(route.own(world))
    assert answer.status_code == route.own_status


OBJECT_ROUTES = [route for route in ROUTES if route.other is not None]


@pytest.mark.parametrize("route", OBJECT_ROUTES, ids=[route.route for route in OBJECT_ROUTES])
def test_another_persons_object_by_id_is_404_and_nothing_is_read(world, route):
    before = AuditEntry.objects.count()
    answer = signed_in_as(world.person).get(route.other(world))
    assert answer.status_code == 404
    assert AuditEntry.objects.count() == before


def test_the_persons_own_plan_is_read_in_their_log_on_their_channel(world):
    page = signed_in_as(world.person).get(f"/mina-sidor/planer/{world.own_plan.pk}/")
    assert "Söka tio jobb i veckan." in page.content.decode()
    assert AuditEntry.objects.filter(
        participant=world.person, channel=AuditChannel.PARTICIPANT, object_id=str(world.own_plan.pk)
    ).exists()


def test_a_draft_of_the_persons_own_plan_is_404(world):
    assert (
        signed_in_as(world.person).get(f"/mina-sidor/planer/{world.own_draft.pk}/").status_code
        == 404
    )


def test_without_a_session_the_plan_page_sends_to_the_sign_in(world):
    answer = Client().get(f"/mina-sidor/planer/{world.own_plan.pk}/")
    assert answer.status_code == 302 and answer.url == "/mina-sidor/"
