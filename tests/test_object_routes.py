"""Every page and API route that takes the id of an object, for every role: outside the user's
scope it answers 404 (or 403 where the role may never use the page), and inside it the read of a
person is in the audit log, written by the request itself.

The world is the one the write-path table builds (tests/participants/test_scoping_writes.py):
people of Sydost's district Farsta at each step of their path, users of Sydost and of every
other unit. A guard fails when a route with an id is in neither table: a new page joins this
test (or the write-path table, when it only writes).
"""

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver

from jobbtorg.config.api import api
from jobbtorg.core.audit.models import AuditEntry
from jobbtorg.followup.models import ReportStatus, TertialReportFile
from jobbtorg.lex_sarah.models import Assessment
from jobbtorg.payments.models import PaymentRun
from jobbtorg.transfer.models import ImportRun, RunStatus
from tests.conftest import api_client_for, client_for
from tests.lex_sarah import world as lex_sarah
from tests.participants.test_scoping_writes import _build as build_world
from tests.portal.cases import thread_written

pytestmark = pytest.mark.django_db

USERS = [
    "coach_sydost",
    "matcher_sydost",
    "manager_sydost",
    "officer_farsta",
    "provider_staff",
    "coach_jarva",
    "matcher_jarva",
    "manager_jarva",
    "officer_skarpnack",
    "other_provider_staff",
    "analyst",
    "administrator",
]
CASE = frozenset({"coach_sydost", "matcher_sydost", "manager_sydost", "officer_farsta"})
CASE_WORKERS = frozenset({"coach_sydost", "manager_sydost"})
JOB_CENTRE = frozenset({"coach_sydost", "matcher_sydost", "manager_sydost"})
MATCHERS_ANYWHERE = frozenset(
    {"matcher_sydost", "manager_sydost", "matcher_jarva", "manager_jarva"}
)


def everyone_else(*groups: frozenset[str]) -> frozenset[str]:
    seen = frozenset().union(*groups)
    return frozenset(u for u in USERS if u not in seen)


@dataclass(frozen=True)
class Read:
    """`route` is the path as the URL conf spells it with every parameter as <id> (the API's
    with /api/v1 in front). `ok` see it; `by_role` are refused by role (403); every other user
    is outside the scope (404). `person` names the world's person whose read is logged."""

    route: str
    url: Callable[[Any], str]
    ok: frozenset[str]
    by_role: frozenset[str] = frozenset()
    person: str | None = None
    api: bool = False


def person_page(tail: str, subject: str = "case") -> Callable[[Any], str]:
    return lambda w: f"/deltagare/{getattr(w, subject).participant_id}/{tail}"


def _on_the_case(tail: str, ok: frozenset[str], by_role: frozenset[str], subject: str = "case"):
    return Read(
        f"deltagare/<id>/{tail}",
        person_page(tail, subject),
        ok=ok,
        by_role=by_role,
        person=subject,
    )


COACH_PAGES = ["plan/ny/", "uppfoljning/", "avslut/", "rapport/", "coach/", "undantag/"]
READS = [
    # The participant's own plan page: no staff member's (the person's side, for another
    # person's id: tests/portal/test_routes.py).
    Read("mina-sidor/planer/<id>/", lambda w: f"/mina-sidor/planer/{w.plan.pk}/", ok=frozenset()),
    # The person's own thread: staff answer from the person's staff page, never here.
    Read(
        "mina-sidor/meddelanden/<id>/",
        lambda w: f"/mina-sidor/meddelanden/{w.thread.pk}/",
        ok=frozenset(),
    ),
    _on_the_case("", CASE, frozenset()),
    _on_the_case("logg/", frozenset({"manager_sydost"}), CASE - {"manager_sydost"}),
    _on_the_case("logg.csv", frozenset({"manager_sydost"}), CASE - {"manager_sydost"}),
    _on_the_case("kartlaggning/", JOB_CENTRE, frozenset({"officer_farsta"})),
    _on_the_case("delning/", CASE, frozenset()),
    # The person's messages: everyone who reads the case (answering is tested in
    # tests/participants/test_case_messages.py).
    _on_the_case("meddelanden/", CASE, frozenset()),
    _on_the_case("forsta-motet/", CASE_WORKERS, CASE - CASE_WORKERS, "referred"),
    _on_the_case("boka-forsta-mote/", CASE_WORKERS, CASE - CASE_WORKERS, "referred"),
    _on_the_case("avbrott/", CASE_WORKERS, CASE - CASE_WORKERS, "interrupted"),
    *[_on_the_case(tail, CASE_WORKERS, CASE - CASE_WORKERS) for tail in COACH_PAGES],
    *[
        _on_the_case(tail, JOB_CENTRE, frozenset({"officer_farsta"}))
        for tail in ["aktivitet/ny/", "vecka/", "matchningsprofil/", "valfrihet/"]
    ],
    Read(
        "planer/<id>/",
        lambda w: f"/planer/{w.plan.pk}/",
        ok=CASE,
        person="case",
    ),
    Read(
        "aktiviteter/<id>/",
        lambda w: f"/aktiviteter/{w.participation.pk}/",
        ok=CASE | {"provider_staff"},
        person="case",
    ),
    Read(
        "undantag/<id>/beslut/",
        lambda w: f"/undantag/{w.exception.pk}/beslut/",
        ok=frozenset({"manager_sydost"}),
        by_role=CASE - {"manager_sydost"},
        person="excepted",
    ),
    # Matching is coordinated across the city (R23): any Jobbtorg's matchers see the candidates.
    Read(
        "matchning/lediga/<id>/kandidater/",
        lambda w: f"/matchning/lediga/{w.vacancy.pk}/kandidater/",
        ok=MATCHERS_ANYWHERE,
        by_role=everyone_else(MATCHERS_ANYWHERE),
    ),
    Read(
        "matchning/forslag/<id>/",
        lambda w: f"/matchning/forslag/{w.proposal.pk}/",
        ok=JOB_CENTRE,
        person="candidate",
    ),
    # The employer's view of a proposal exists only once the person has agreed to it.
    Read(
        "matchning/forslag/<id>/profil/",
        lambda w: f"/matchning/forslag/{w.proposal.pk}/profil/",
        ok=frozenset(),
        by_role=JOB_CENTRE,
    ),
    Read(
        "matchning/massor/<id>/",
        lambda w: f"/matchning/massor/{w.fair.pk}/",
        ok=JOB_CENTRE | {"coach_jarva", "matcher_jarva", "manager_jarva"},
        by_role=frozenset(
            {
                "officer_farsta",
                "provider_staff",
                "officer_skarpnack",
                "other_provider_staff",
                "analyst",
                "administrator",
            }
        ),
    ),
    Read(
        "matchning/arbetsgivare/<id>/",
        lambda w: f"/matchning/arbetsgivare/{w.vacancy.employer_id}/",
        ok=JOB_CENTRE | {"coach_jarva", "matcher_jarva", "manager_jarva"},
        by_role=everyone_else(JOB_CENTRE, {"coach_jarva", "matcher_jarva", "manager_jarva"}),
    ),
    Read(
        "matchning/arbetsgivare/<id>/andra/",
        lambda w: f"/matchning/arbetsgivare/{w.vacancy.employer_id}/andra/",
        ok=MATCHERS_ANYWHERE,
        by_role=everyone_else(MATCHERS_ANYWHERE),
    ),
    Read(
        "matchning/lediga/<id>/",
        lambda w: f"/matchning/lediga/{w.vacancy.pk}/",
        ok=JOB_CENTRE | {"coach_jarva", "matcher_jarva", "manager_jarva"},
        by_role=everyone_else(JOB_CENTRE, {"coach_jarva", "matcher_jarva", "manager_jarva"}),
    ),
    Read(
        "matchning/lediga/<id>/andra/",
        lambda w: f"/matchning/lediga/{w.vacancy.pk}/andra/",
        ok=MATCHERS_ANYWHERE,
        by_role=everyone_else(MATCHERS_ANYWHERE),
    ),
    # An offering made at Järva is Järva's to manage, and its provider's to see.
    Read(
        "erbjudanden/<id>/",
        lambda w: f"/erbjudanden/{w.jarva_offering.pk}/",
        ok=frozenset({"coach_jarva", "matcher_jarva", "manager_jarva", "provider_staff"}),
        by_role=everyone_else(
            JOB_CENTRE,
            {"coach_jarva", "matcher_jarva", "manager_jarva"},
            {"provider_staff", "other_provider_staff"},
        ),
    ),
    # The week's attendance list of an activity: its provider's staff only (the list is
    # logged as one, naming each person: tests/providers/test_attendance_week.py).
    Read(
        "anordnare/narvaro/vecka/<id>/",
        lambda w: f"/anordnare/narvaro/vecka/{w.participation.offering_id}/",
        ok=frozenset({"provider_staff"}),
        by_role=everyone_else({"provider_staff", "other_provider_staff"}),
    ),
    Read(
        "sommarjobb/sasonger/<id>/",
        lambda w: f"/sommarjobb/sasonger/{w.summer.season.pk}/",
        ok=MATCHERS_ANYWHERE | {"analyst", "administrator"},
        by_role=everyone_else(MATCHERS_ANYWHERE, {"analyst", "administrator"}),
    ),
    Read(
        "sommarjobb/personal/ansokningar/<id>/",
        lambda w: f"/sommarjobb/personal/ansokningar/{w.application.pk}/",
        ok=MATCHERS_ANYWHERE,
        by_role=everyone_else(MATCHERS_ANYWHERE),
    ),
    # A manager's upload is theirs (and the administrators'); its rejects file comes once the
    # check has found some.
    Read(
        "overforing/<id>/",
        lambda w: f"/overforing/{w.import_run.pk}/",
        ok=frozenset({"manager_sydost", "administrator"}),
        by_role=everyone_else({"manager_sydost", "administrator", "manager_jarva"}),
    ),
    Read(
        "overforing/<id>/avvisade.csv",
        lambda w: f"/overforing/{w.import_run.pk}/avvisade.csv",
        ok=frozenset(),
        by_role=everyone_else({"manager_sydost", "administrator", "manager_jarva"}),
    ),
    # One payment run for the city each month; its invoice basis exists once it is approved.
    Read(
        "ersattning/<id>/",
        lambda w: f"/ersattning/{w.payment_run.pk}/",
        ok=frozenset({"manager_sydost", "manager_jarva", "administrator"}),
        by_role=everyone_else({"manager_sydost", "manager_jarva", "administrator"}),
    ),
    *[
        Read(
            f"ersattning/<id>/fakturaunderlag.{suffix}",
            lambda w, suffix=suffix: f"/ersattning/{w.payment_run.pk}/fakturaunderlag.{suffix}",
            ok=frozenset(),
            by_role=everyone_else({"manager_sydost", "manager_jarva", "administrator"}),
        )
        for suffix in ("csv", "xlsx")
    ],
    # A tertial report prepared for a manager (not suppressed): every reader who sees small
    # groups gets it; an analyst (who would see "fewer than 5") does not.
    *[
        Read(
            route,
            lambda w, tail=tail: f"/nyckeltal/rapport/{w.report_file.pk}/{tail}",
            ok=frozenset({"manager_sydost", "manager_jarva", "administrator"}),
            by_role=everyone_else({"manager_sydost", "manager_jarva", "administrator", "analyst"}),
        )
        for route, tail in (
            ("nyckeltal/rapport/<id>/", ""),
            ("nyckeltal/rapport/<id>/fil/", "fil/"),
        )
    ],
    # Lex Sarah's documents to IVO: the report's officers only (Sydost's manager is designated
    # for Sydost in the world), the reporter included among the 404s. The entry names the
    # report, never the linked person (core/audit/events.py), so no read of a person here.
    *[
        Read(
            f"lex-sarah/rapporter/<id>/ivo/{tail}",
            lambda w, tail=tail: f"/lex-sarah/rapporter/{w.lex_sarah_report.pk}/ivo/{tail}",
            ok=frozenset({"manager_sydost"}),
        )
        for tail in ("anmalan.pdf", "utredning.pdf")
    ],
    # A lex Sarah report is read by the officers of its Jobbtorg (here the manager of Sydost,
    # designated); the reporter (coach_sydost) follows only its status on their own page.
    *[
        Read(
            route,
            lambda w, tail=tail: f"/lex-sarah/rapporter/{w.lex_sarah_report.pk}/{tail}",
            ok=frozenset({"manager_sydost"}),
        )
        for route, tail in (
            ("lex-sarah/rapporter/<id>/", ""),
            ("lex-sarah/rapporter/<id>/utredning/", "utredning/"),
            ("lex-sarah/rapporter/<id>/utredning/<id>/", "utredning/1/"),
        )
    ],
    # A lex Sarah receipt is its reporter's alone: the officers read the report on their own
    # page, nobody else at all.
    Read(
        "lex-sarah/mina/<id>/",
        lambda w: f"/lex-sarah/mina/{w.lex_sarah_report.pk}/",
        ok=frozenset({"coach_sydost"}),
    ),
    Read(
        "/api/v1/participants/<id>",
        lambda w: f"/api/v1/participants/{w.case.participant_id}",
        ok=CASE,
        person="case",
        api=True,
    ),
    Read(
        "/api/v1/participants/<id>/audit-log",
        lambda w: f"/api/v1/participants/{w.case.participant_id}/audit-log",
        ok=frozenset({"manager_sydost"}),
        by_role=CASE - {"manager_sydost"},
        person="case",
        api=True,
    ),
    Read(
        "/api/v1/plans/<id>",
        lambda w: f"/api/v1/plans/{w.plan.pk}",
        ok=CASE,
        person="case",
        api=True,
    ),
]

# Routes with an id that only write (GET answers 405): the write-path table walks them.
WRITE_ONLY = {
    "planer/<id>/godkann/",
    "planer/<id>/avsla/",
    "inkorg/<id>/hanterad/",
    "samtycke/<id>/hanterad/",
    "overforing/<id>/importera/",
    "overforing/<id>/slang/",
    "ersattning/<id>/godkann/",
    "ersattning/<id>/kasta/",
    "matchning/arbetsgivare/<id>/kontakt/",
    "matchning/lediga/<id>/status/",
    "sommarjobb/personal/arbetsplatser/<id>/beslut/",
    "sommarjobb/personal/ansokningar/<id>/senare/",
    "sommarjobb/personal/ansokningar/<id>/prioritet/",
    "sommarjobb/personal/ansokningar/<id>/prioritet/<id>/ta-bort/",
    "lex-sarah/rapporter/<id>/avsluta/",
    "lex-sarah/rapporter/<id>/ivo/skickad/",
    "lex-sarah/atgarder/<id>/uppfoljd/",
    "lex-sarah/handlaggare/<id>/avsluta/",
    "/api/v1/participants/<id>/first-meeting",
    "/api/v1/participants/<id>/plans",
    "/api/v1/participants/<id>/interruptions",
    "/api/v1/participants/<id>/exit",
    "/api/v1/participants/<id>/reports",
    "/api/v1/interruptions/<id>/end",
    "/api/v1/plans/<id>/approve",
    "/api/v1/plans/<id>/reject",
    "/api/v1/plans/<id>/follow-ups",
}
# A workplace's own page opens with the secret link it was sent, not with an id.
# A workplace's token, and the kind of name a look-up searches (yrke, kompetens, sprak): no
# object's id. Who may use the look-ups is tested in tests/matching/test_lookups.py.
NOT_AN_OBJECT_ID = {"sommarjobb/arbetsplats/<id>/", "matchning/uppslag/<id>/"}


def _pages(resolver: URLResolver, prefix: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _pages(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def routes_with_an_id() -> set[str]:
    found = {
        re.sub(r"<[^>]+>", "<id>", route)
        for route in _pages(get_resolver())
        if "<" in route and not route.startswith(("admin/", "api/v1/", "i18n/", "static/"))
    }
    for prefix, router in api._routers:
        for path in router.path_operations:
            if "{" in path:
                found.add("/api/v1" + re.sub(r"\{[^}]+\}", "<id>", prefix + path))
    return found


def test_every_route_with_an_id_is_in_a_table():
    known = {read.route for read in READS} | WRITE_ONLY | NOT_AN_OBJECT_ID
    assert routes_with_an_id() - known == set(), "add the new route to READS or WRITE_ONLY"
    assert known - routes_with_an_id() == set(), "a route in the tables no longer exists"


@pytest.fixture(scope="module")
def objects(django_db_setup, django_db_blocker):
    """The write-path world, built once for the module inside a transaction that is rolled back
    at its end, with what it lacks here: an upload being checked, a payment run and a prepared
    tertial report."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            world = build_world()
            world.import_run = ImportRun.objects.create(
                imported_by=world.staff.manager_sydost,
                status=RunStatus.VALIDATED,
                source="overforing.zip",
                dry_run=True,
            )
            world.payment_run = PaymentRun.objects.create(
                month=dt.date(2026, 11, 1), created_by=world.staff.manager_sydost
            )
            world.report_file = TertialReportFile.objects.create(
                year=2026,
                tertial=1,
                format="xlsx",
                suppressed=False,
                data_version="v",
                status=ReportStatus.READY,
                content=b"PK",
                filename="tertialrapport-2026-t1-stad.xlsx",
                requested_by=world.staff.manager_sydost,
            )
            world.thread = thread_written(world.case, "Tid för möte")
            world.lex_sarah_report = _lex_sarah_report_at_ivo(world)
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield world
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


def _lex_sarah_report_at_ivo(w: Any) -> Any:
    """A serious report at Sydost about the world's person, notified to IVO and closed."""
    officer = w.staff.manager_sydost
    lex_sarah.designate(officer, officer.job_centre)
    report = lex_sarah.filed(w.staff.coach_sydost, participant=w.case.participant)
    lex_sarah.investigated(report, officer, Assessment.SERIOUS_WRONGDOING)
    lex_sarah.notified(report, officer)
    return lex_sarah.closed(report, officer)


def _get(w: Any, read: Read, username: str):
    user = getattr(w.staff, username)
    client = api_client_for(user) if read.api else client_for(user)
    return client.get(read.url(w))


def _reads_of(w: Any, read: Read) -> int:
    if read.person is None:
        return 0
    return AuditEntry.objects.filter(participant_id=getattr(w, read.person).participant_id).count()


CASES = [(read, username) for read in READS for username in USERS]


@pytest.mark.parametrize(
    ("read", "username"), CASES, ids=[f"{read.route}-{username}" for read, username in CASES]
)
def test_inside_the_scope_the_read_is_logged_outside_it_is_404(objects, read, username):
    before = _reads_of(objects, read)
    answer = _get(objects, read, username)
    if username in read.ok:
        assert answer.status_code == 200, answer.content[:300]
        if read.person is not None:
            assert _reads_of(objects, read) > before, "the read of the person is not logged"
        return
    expected = 403 if username in read.by_role else 404
    assert answer.status_code == expected, answer.content[:300]
    assert _reads_of(objects, read) == before


@pytest.mark.parametrize("route", sorted(WRITE_ONLY))
def test_routes_that_only_write_answer_405_to_a_read(objects, route):
    """So that the write-path table, not this one, is where they are walked."""
    ids = {
        "planer/": objects.plan.pk,
        "inkorg/": objects.event.pk,
        "samtycke/": objects.consent_request.pk,
        "overforing/": objects.import_run.pk,
        "ersattning/": objects.payment_run.pk,
        "matchning/lediga/": objects.vacancy.pk,
        "sommarjobb/personal/ansokningar/": objects.application.pk,
        "/api/v1/participants/": objects.case.participant_id,
        "/api/v1/plans/": objects.plan.pk,
        "/api/v1/interruptions/": objects.interruption.pk,
    }
    first = next((ident for start, ident in ids.items() if route.startswith(start)), 1)
    url = route.replace("<id>", str(first), 1).replace("<id>", "1")
    client = client_for(objects.staff.administrator)
    if route.startswith("/api/"):
        client = api_client_for(objects.staff.manager_sydost)
    else:
        url = "/" + url
    assert client.get(url).status_code == 405
