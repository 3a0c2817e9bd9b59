"""Who may change whom: every form and API route that writes about a person, against a user of
every other unit. The read side is tests/participants/test_selectors.py.

One world is built once for the module (people of Sydost's district Farsta at each step of their
path, with a plan, an activity, a proposal, a fair and a summer-job application); each test runs
in a transaction inside it that is rolled back. For each write route:

- a user of another unit (coach, matcher, manager of Järva; the officer of Skärpnäck; staff of
  another provider; the analyst; the administrator) is refused, 404 out of scope or 403 by role,
  and nothing changes in the database: not a row of personal data, not the audit log (where the
  look-up of a known person is itself logged as a read of them, only that may be added);
- the owner (someone who may write it) succeeds with the same request and something changes,
  so that the refusal is not a bad request in disguise.

A guard fails when a route that takes POST, PUT, PATCH or DELETE is in neither the table nor the
list of routes that write nothing about a person.
"""

import datetime as dt
import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from jobbtorg.config.api import api
from jobbtorg.core.audit.events import AuditContext
from jobbtorg.core.audit.models import AuditAction, AuditChannel, AuditEntry
from jobbtorg.core.roles import Role
from jobbtorg.engines.rules.deadlines import is_working_day
from jobbtorg.matching.services.fairs import fair_invite
from jobbtorg.matching.services.proposals import proposal_create
from jobbtorg.participants.models import DistrictEvent, EventKind
from jobbtorg.participants.services.case_messages import message_from_participant
from jobbtorg.participants.services.consent_withdrawals import consent_withdrawal_request
from jobbtorg.participants.services.interruptions import interruption_start
from jobbtorg.participants.services.limit_exceptions import limit_exception_request
from jobbtorg.providers.models import ProviderKind
from jobbtorg.summerjobs.models import SummerApplication, VerifiedPriority
from tests.conftest import api_client_for, client_for
from tests.factories import ProviderFactory, UserFactory, district, job_centre
from tests.matching.scenario import a_fair
from tests.matching.scenario import person as matching_person
from tests.matching.scenario import vacancy as a_vacancy
from tests.offering import offering_at, place, report
from tests.participants.scenarios import (
    active_case,
    activity,
    context,
    enrol,
    formset_post,
    new_number,
    publish_slot,
    refer,
    write_plan,
)
from tests.participants.test_api import referral_body
from tests.participants.test_pages import referral_form
from tests.summerjobs.conftest import make_application, make_season, make_workplace

TODAY = timezone.localdate()

# The users of another unit than the world's people (Farsta, served by Sydost; provider "w-p").
OTHER_UNITS = [
    "coach_jarva",
    "matcher_jarva",
    "manager_jarva",
    "officer_skarpnack",
    "other_provider_staff",
    "analyst",
    "administrator",
]

# The apps whose rows are personal data or hang on a person (reference tables left out: they
# are not written by these routes and are large).
SNAPSHOT_APPS = ["participants", "plans", "providers", "matching", "summerjobs", "transfer"]
REFERENCE_MODELS = {"SsykGroup", "Occupation", "Skill", "Language", "DistrictCentroid"}


# Audit entries of reads: a refused request writes none either, except where a look-up of an
# existing person is itself logged as a read of them (the registration and referral forms).
READ_ACTIONS = {
    action
    for action in AuditAction.values
    if action.endswith((".viewed", ".listed", ".read", "_suggested"))
} | {AuditAction.PARTICIPANT_LOOKED_UP}  # a refused registration or referral: a read


def snapshot() -> dict[str, Any]:
    rows: dict[str, Any] = {}
    # Read as the database holds them, in plain SQL: the ORM's query building was most of the
    # time of the 700 snapshots these tests take.
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for app in SNAPSHOT_APPS:
            for model in apps.get_app_config(app).get_models():
                if model.__name__ not in REFERENCE_MODELS:
                    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
                    cursor.execute(f"SELECT * FROM {table} ORDER BY {pk}")
                    rows[model._meta.label] = cursor.fetchall()
    entries = AuditEntry.objects.all()
    rows["audit writes"] = entries.exclude(action__in=READ_ACTIONS).count()
    rows["audit reads"] = entries.filter(action__in=READ_ACTIONS).count()
    return rows


def last_working_day_before(day: dt.date) -> dt.date:
    day -= dt.timedelta(days=1)
    while not is_working_day(day):
        day -= dt.timedelta(days=1)
    return day


def _build() -> SimpleNamespace:
    sydost, jarva = job_centre("sydost"), job_centre("jarva")
    staff = SimpleNamespace(
        coach_sydost=UserFactory(username="w-coach-sydost", coach=True),
        new_coach_sydost=UserFactory(username="w-coach-ny", coach=True),
        matcher_sydost=UserFactory(username="w-matcher-sydost", matcher=True),
        manager_sydost=UserFactory(username="w-manager-sydost", manager=True),
        coach_jarva=UserFactory(username="w-coach-jarva", role=Role.COACH, job_centre=jarva),
        matcher_jarva=UserFactory(username="w-matcher-jarva", role=Role.MATCHER, job_centre=jarva),
        manager_jarva=UserFactory(username="w-manager-jarva", role=Role.MANAGER, job_centre=jarva),
        officer_farsta=UserFactory(username="w-officer-farsta", officer=True),
        officer_skarpnack=UserFactory(
            username="w-officer-skarpnack",
            role=Role.DISTRICT_OFFICER,
            district=district("skarpnack"),
        ),
        provider_staff=UserFactory(username="w-provider", provider_staff=True),
        other_provider_staff=UserFactory(username="w-other-provider", provider_staff=True),
        analyst=UserFactory(username="w-analyst", analyst=True),
        administrator=UserFactory(username="w-administrator", administrator=True),
    )
    assert staff.coach_sydost.job_centre == sydost
    coach, officer = staff.coach_sydost, staff.officer_farsta
    w = SimpleNamespace(staff=staff)
    # Referred, no first meeting yet; a free intake time to book for them.
    w.referred = refer(officer, first_name="Rut", last_name="Remitterad")
    publish_slot(
        coach, timezone.make_aware(dt.datetime.combine(TODAY, dt.time(9))) + dt.timedelta(days=40)
    )
    # Enrolled with an approved plan: the case most writes are about.
    w.case = active_case(staff, first_name="Aida", last_name="Aktiv")
    w.plan = w.case.plan_versions.get()
    w.plan_activity = w.plan.activities.get()
    # A message from the person, for the coach to answer.
    w.thread = message_from_participant(
        participant=w.case.participant,
        referral=w.case,
        subject="Fråga om praktiken",
        body="När börjar praktiken?",
        audit_context=AuditContext(actor=None, channel=AuditChannel.PAGE),
    ).thread
    # The person's request to take back a consent, for the coach to mark handled.
    w.consent_request = consent_withdrawal_request(
        participant=w.case.participant,
        referral=w.case,
        text="",
        audit_context=AuditContext(actor=None, channel=AuditChannel.PARTICIPANT),
    )
    # Enrolled, a plan awaiting the district's approval (and its inbox event).
    w.waiting = enrol(refer(officer, first_name="Vera", last_name="Väntar"), coach)
    w.waiting_plan = write_plan(w.waiting, coach)
    w.event = DistrictEvent.objects.get(referral=w.waiting, kind=EventKind.PLAN_AWAITING_APPROVAL)
    # Interrupted (for ending the interruption).
    w.interrupted = active_case(staff, first_name="Ivar", last_name="Avbruten")
    w.interruption = interruption_start(
        actor=coach,
        audit_context=context(coach),
        referral=w.interrupted,
        reason="illness",
        start=TODAY,
    )
    # An exception to the 18-month limit awaiting the manager.
    w.excepted = active_case(staff, first_name="Ebba", last_name="Undantag")
    w.exception = limit_exception_request(
        actor=coach,
        audit_context=context(coach),
        referral=w.excepted,
        reason="Utbildningen slutar i april.",
        until=TODAY + dt.timedelta(days=700),
    )
    # An activity at the provider, started and reported, in daily-attendance training.
    started = TODAY - dt.timedelta(days=20)
    offering = offering_at(
        staff.provider_staff.provider,
        code="work_training",
        weekdays=(0, 1, 2, 3, 4, 5, 6),
        valid_from=started - dt.timedelta(days=30),
    )
    w.participation = place(w.case, offering, coach, start=started)
    w.start_report = report(w.participation, staff.provider_staff, "start", started)
    # An offering made at Järva, where Sydost's coach may place their person too (R22).
    w.jarva_offering = offering_at(
        staff.provider_staff.provider, code="work_training", made_at="jarva", place="Tensta"
    )
    # A provider in the choice system (LOV), for the participant's own choice.
    w.choice_offering = offering_at(
        ProviderFactory(slug="w-lov", name="Valfrihet AB", kind=ProviderKind.CHOICE_SYSTEM)
    )
    w.attendance_day = last_working_day_before(TODAY)
    # Matching: a profile, a vacancy, a proposal by Sydost's matcher, a fair with an invitation.
    w.candidate = matching_person(staff, n=1)
    w.vacancy = a_vacancy()
    w.proposal = proposal_create(
        context(staff.matcher_sydost), vacancy=w.vacancy, referral=w.candidate
    )
    w.other_candidate = matching_person(staff, n=2)
    w.fair = a_fair(staff)
    w.invitation = fair_invite(context(staff.matcher_sydost), w.fair, w.candidate)
    # Summer jobs: an application whose priority ground staff verify.
    season = make_season()
    library = make_workplace(season, "Biblioteket")
    w.summer = SimpleNamespace(season=season, library=library)
    w.application = make_application(w.summer)
    grounds = list(season.priority_grounds.order_by("rank"))
    w.ground = grounds[0]
    w.verified = VerifiedPriority.objects.create(
        application=w.application,
        ground=grounds[1],
        verified_by=staff.matcher_sydost,
        note="Intyg",
    )
    # The same personnummer sent again without the code, for staff to keep or remove.
    w.later = make_application(w.summer, code="ZZZZZZZZZZ", n=2, first="Mallory")
    SummerApplication.objects.filter(pk=w.later.pk).update(
        personal_identity_number=w.application.personal_identity_number,
        duplicate_of=w.application,
    )
    return w


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once; each test's own transaction (pytest-django) is a savepoint inside this one,
    which is rolled back when the module is done."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            built = _build()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


# The routes. `url` and `data` take the world; `owner` names who may make the request.


@dataclass(frozen=True)
class Write:
    name: str  # URL name, or "METHOD /api/v1 path" as the API router spells it
    url: Callable[[Any], str]
    data: Callable[[Any], dict[str, Any]]
    owner: str | None
    api: bool = False
    # Users of another unit who may make it by design (e.g. any Jobbtorg's matcher proposes).
    allowed: frozenset[str] = field(default_factory=frozenset)
    # Besides 403/404: a form that answers with its refusal on the page (200) or in the API (422),
    # where the refusal is the subject of another rule (an existing person, own district).
    also_refused_with: frozenset[int] = field(default_factory=frozenset)
    # A look-up of the person that is logged as a read of them, refused or not.
    logs_a_read: bool = False
    # The part of a page with several actions ("[action]") when a page has more than one.
    variant: str = ""

    @property
    def id(self) -> str:
        return self.name + (f"[{self.variant}]" if self.variant else "")


def person_url(name: str, subject: str = "case") -> Callable[[Any], str]:
    return lambda w: reverse(name, args=[getattr(w, subject).participant_id])


def api_person(path: str, subject: str = "case") -> Callable[[Any], str]:
    return lambda w: f"/api/v1/participants/{getattr(w, subject).participant_id}{path}"


def _today() -> str:
    return TODAY.isoformat()


EXIT_PAGE = {
    "reason": "work",
    "employment_form": "permanent",
    "extent": "part",
    "hours_per_week": "30",
    "wage_subsidy": "no",
    "employer": "Bageriet AB",
    "occupation_ssyk": "7612",
}
EXIT_API = {
    "reason": "work",
    "employment": {
        "form": "permanent",
        "extent": "part",
        "hours_per_week": 30,
        "wage_subsidy": False,
        "employer": "Stockholms stad",
        "occupation_ssyk": "5321",
    },
}


# An officer of another district registering or referring a person the city already knows (of
# Farsta, enrolled at Sydost).
def known_number(w: Any) -> str:
    return w.case.participant.personal_identity_number


FIRST_MEETING = {
    "outcome": "held",
    "coach": "w-coach-sydost",
    "duties_explained": "on",
    "af_registration": "registered_today",
}

WRITES = [
    # The person's pages (participant_id)
    Write(
        "participants:create",
        lambda w: reverse("participants:create"),
        lambda w: {
            "personal_identity_number": known_number(w),
            "first_name": "Nora",
            "last_name": "Nyström",
        },
        owner=None,  # registering a new person is tested in test_participant_create.py
        also_refused_with=frozenset({200}),
        logs_a_read=True,
    ),
    Write(
        "participants:case_sharing",
        person_url("participants:case_sharing"),
        lambda w: {"case": str(w.case.pk), "unit": "jobbtorg:jarva", "shared_part": "case_file"},
        owner="coach_sydost",
    ),
    Write(
        "participants:first_meeting",
        person_url("participants:first_meeting", "referred"),
        lambda w: FIRST_MEETING | {"held_on": _today()},
        owner="coach_sydost",
    ),
    Write(
        "participants:first_meeting_book",
        person_url("participants:first_meeting_book", "referred"),
        lambda w: {},
        owner="manager_sydost",
    ),
    Write(
        "participants:assessment",
        person_url("participants:assessment"),
        lambda w: {"action": "assessment", "version": "1", "languages": "somaliska"},
        owner="coach_sydost",
        variant="assessment",
    ),
    Write(
        "participants:assessment",
        person_url("participants:assessment"),
        lambda w: {"action": "health", "text": "Ryggbesvär, tål ej lyft."},
        owner="coach_sydost",
        variant="health",
    ),
    Write(
        "plans:create",
        person_url("plans:create"),
        lambda w: formset_post([activity(goal="Ny plan.")], based_on=1),
        owner="coach_sydost",
    ),
    Write(
        "plans:follow_up",
        person_url("plans:follow_up"),
        lambda w: {
            "activity": w.plan_activity.pk,
            "done_on": _today(),
            "outcome": "next_step",
            "note": "Vidare.",
        },
        owner="coach_sydost",
    ),
    Write(
        "participants:interruption",
        person_url("participants:interruption"),
        lambda w: {"reason": "illness", "start": _today(), "confirmed": "yes"},
        owner="coach_sydost",
        variant="start",
    ),
    Write(
        "participants:interruption",
        person_url("participants:interruption", "interrupted"),
        lambda w: {"end": _today()},
        owner="coach_sydost",
        variant="end",
    ),
    Write(
        "web:participant_exit",
        person_url("web:participant_exit"),
        lambda w: EXIT_PAGE | {"date": _today()},
        owner="coach_sydost",
    ),
    Write(
        "participants:report",
        person_url("participants:report"),
        lambda w: {"kind": "absence", "text": "Frånvarande utan anmälan."},
        owner="coach_sydost",
    ),
    Write(
        "participants:coach_change",
        person_url("participants:coach_change"),
        lambda w: {"coach": "w-coach-ny"},
        owner="manager_sydost",
    ),
    Write(
        "participants:case_messages",
        person_url("participants:case_messages"),
        lambda w: {"thread": str(w.thread.pk), "body": "Den börjar på måndag."},
        owner="coach_sydost",
    ),
    Write(
        "participants:limit_exception",
        person_url("participants:limit_exception"),
        lambda w: {
            "reason": "Praktik leder till anställning.",
            "until": (TODAY + dt.timedelta(days=700)).isoformat(),
        },
        owner="coach_sydost",
    ),
    Write(
        "providers:place",
        person_url("providers:place"),
        lambda w: {
            "offering": w.jarva_offering.pk,
            "planned_start": _today(),
            "planned_end": (TODAY + dt.timedelta(days=30)).isoformat(),
            "level": "B",
        },
        owner="coach_sydost",
    ),
    Write(
        "matching:profile",
        person_url("matching:profile"),
        lambda w: {
            "action": "save",
            "version": "1",
            "wanted_occupations": "Undersköterska, hemtjänst, äldreboende och habilitering",
            "swedish_level": "intermediate",
            "extent": "any",
        },
        owner="coach_sydost",
    ),
    Write(
        "providers:free_choice",
        lambda w: (
            reverse("providers:free_choice", args=[w.case.participant_id]) + "?aktivitet=job_search"
        ),
        lambda w: {
            "offering": str(w.choice_offering.pk),
            "planned_start": _today(),
            "planned_end": (TODAY + dt.timedelta(days=30)).isoformat(),
            "level": "B",
        },
        owner="coach_sydost",
    ),
    # Pages about a case by another id
    Write(
        "participants:referral_create",
        lambda w: reverse("participants:referral_create"),
        lambda w: referral_form(personal_identity_number=known_number(w)),
        owner=None,  # referring is tested in test_pages.py
        also_refused_with=frozenset({200}),
        logs_a_read=True,
    ),
    Write(
        "participants:inbox_handle",
        lambda w: reverse("participants:inbox_handle", args=[w.event.pk]),
        lambda w: {},
        owner="officer_farsta",
    ),
    Write(
        "participants:consent_withdrawal_handle",
        lambda w: reverse("participants:consent_withdrawal_handle", args=[w.consent_request.pk]),
        lambda w: {},
        owner="coach_sydost",
    ),
    Write(
        "participants:exception_decide",
        lambda w: reverse("participants:exception_decide", args=[w.exception.pk]),
        lambda w: {
            f"undantag-{w.exception.pk}-decision": "approve",
            f"undantag-{w.exception.pk}-note": "",
        },
        owner="manager_sydost",
    ),
    Write(
        "plans:approve",
        lambda w: reverse("plans:approve", args=[w.waiting_plan.pk]),
        lambda w: {},
        owner="officer_farsta",
    ),
    Write(
        "plans:reject",
        lambda w: reverse("plans:reject", args=[w.waiting_plan.pk]),
        lambda w: {"reason": "Fler timmar behövs."},
        owner="officer_farsta",
    ),
    Write(
        "providers:participation",
        lambda w: reverse("providers:participation", args=[w.participation.pk]),
        lambda w: {"action": "report", "kind": "completion", "completion-on": _today()},
        owner="provider_staff",
        variant="report",
    ),
    Write(
        "providers:participation",
        lambda w: reverse("providers:participation", args=[w.participation.pk]),
        lambda w: {"action": "seen", "report": w.start_report.pk},
        owner="coach_sydost",
        variant="seen",
    ),
    Write(
        "providers:participation",
        lambda w: reverse("providers:participation", args=[w.participation.pk]),
        lambda w: {"action": "correct", "correct-level": "C", "correct-note": "Fel nivå."},
        owner="manager_sydost",
        variant="correct",
    ),
    Write(
        "providers:attendance",
        lambda w: reverse("providers:attendance") + f"?dag={w.attendance_day.isoformat()}",
        lambda w: {f"status-{w.participation.pk}": "present"},
        owner="provider_staff",
    ),
    Write(
        "providers:attendance_week",
        lambda w: (
            reverse("providers:attendance_week", args=[w.participation.offering_id])
            + "?vecka={}-W{:02d}".format(*w.attendance_day.isocalendar()[:2])
        ),
        lambda w: {f"cell-{w.participation.pk}_{w.attendance_day.isoformat()}": "present"},
        owner="provider_staff",
    ),
    Write(
        "matching:candidates",
        lambda w: reverse("matching:candidates", args=[w.vacancy.pk]),
        lambda w: {"referral": str(w.other_candidate.pk)},
        owner="matcher_sydost",
        # Candidates come from every Jobbtorg (R24): any Jobbtorg's matcher or manager proposes.
        allowed=frozenset({"matcher_jarva", "manager_jarva"}),
    ),
    Write(
        "matching:proposal",
        lambda w: reverse("matching:proposal", args=[w.proposal.pk]),
        lambda w: {"action": "withdraw", "withdraw-reason": "Tjänsten tillsatt."},
        owner="matcher_sydost",
    ),
    Write(
        "matching:fair",
        lambda w: reverse("matching:fair", args=[w.fair.pk]),
        lambda w: {"action": "invite", "referral": str(w.other_candidate.pk)},
        owner="matcher_sydost",
        # Any Jobbtorg's staff invite people the engine may suggest from every Jobbtorg (R23).
        allowed=frozenset({"coach_jarva", "matcher_jarva", "manager_jarva"}),
        variant="invite",
    ),
    Write(
        "matching:fair",
        lambda w: reverse("matching:fair", args=[w.fair.pk]),
        lambda w: {
            "action": "update",
            "invitation": w.invitation.pk,
            f"inv{w.invitation.pk}-status": "attended",
            f"inv{w.invitation.pk}-outcome": "interview",
        },
        owner="matcher_sydost",
        # Fairs are shared by every Jobbtorg (R23): their staff record who came (access.md).
        allowed=frozenset({"coach_jarva", "matcher_jarva", "manager_jarva"}),
        variant="update",
    ),
    Write(
        "summerjobs:staff_priority_add",
        lambda w: reverse("summerjobs:staff_priority_add", args=[w.application.pk]),
        lambda w: {"ground": w.ground.pk, "note": "Intyg från skolan"},
        owner="matcher_sydost",
        # The summer-job staff pages are the city's: any Jobbtorg's matcher or manager works there.
        allowed=frozenset({"matcher_jarva", "manager_jarva"}),
    ),
    Write(
        "summerjobs:staff_priority_delete",
        lambda w: reverse(
            "summerjobs:staff_priority_delete", args=[w.application.pk, w.verified.pk]
        ),
        lambda w: {},
        owner="matcher_sydost",
        allowed=frozenset({"matcher_jarva", "manager_jarva"}),
    ),
    Write(
        "summerjobs:staff_later_submission",
        lambda w: reverse("summerjobs:staff_later_submission", args=[w.later.pk]),
        lambda w: {"decision": "keep"},
        owner="matcher_sydost",
        allowed=frozenset({"matcher_jarva", "manager_jarva"}),
    ),
    # The API
    Write(
        "POST /participants",
        lambda w: "/api/v1/participants",
        lambda w: {
            "personal_identity_number": new_number(),
            "first_name": "Nora",
            "last_name": "Nyström",
            "home_district": "farsta",
        },
        owner="officer_farsta",
        # A new person: another district's officer is told it is not theirs (access.md).
        also_refused_with=frozenset({403}),
        api=True,
        logs_a_read=True,
    ),
    Write(
        "POST /participants/{participant_id}/first-meeting",
        api_person("/first-meeting", "referred"),
        lambda w: {
            "held_on": _today(),
            "coach": "w-coach-sydost",
            "duties_explained": True,
            "af_registration": "registered_today",
        },
        owner="coach_sydost",
        api=True,
    ),
    Write(
        "POST /participants/{participant_id}/plans",
        api_person("/plans"),
        lambda w: {
            "activities": [
                {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in activity().items()}
            ],
            "based_on_version": 1,
        },
        owner="coach_sydost",
        api=True,
    ),
    Write(
        "POST /participants/{participant_id}/interruptions",
        api_person("/interruptions"),
        lambda w: {"reason": "illness", "start": _today(), "confirmed": "yes"},
        owner="coach_sydost",
        api=True,
    ),
    Write(
        "POST /participants/{participant_id}/exit",
        api_person("/exit"),
        lambda w: EXIT_API | {"date": _today()},
        owner="coach_sydost",
        api=True,
    ),
    Write(
        "POST /participants/{participant_id}/reports",
        api_person("/reports"),
        lambda w: {"kind": "absence", "text": "Frånvarande utan anmälan."},
        owner="coach_sydost",
        api=True,
    ),
    Write(
        "POST /referrals",
        lambda w: "/api/v1/referrals",
        lambda w: referral_body(personnummer=new_number()),
        owner="officer_farsta",
        # A new person: another district's officer is told it is not theirs (access.md).
        also_refused_with=frozenset({403}),
        api=True,
        logs_a_read=True,
    ),
    Write(
        "POST /interruptions/{interruption_id}/end",
        lambda w: f"/api/v1/interruptions/{w.interruption.pk}/end",
        lambda w: {"end": _today()},
        owner="coach_sydost",
        api=True,
    ),
    Write(
        "POST /plans/{plan_id}/approve",
        lambda w: f"/api/v1/plans/{w.waiting_plan.pk}/approve",
        lambda w: {},
        owner="officer_farsta",
        api=True,
    ),
    Write(
        "POST /plans/{plan_id}/reject",
        lambda w: f"/api/v1/plans/{w.waiting_plan.pk}/reject",
        lambda w: {"reason": "Fler timmar behövs."},
        owner="officer_farsta",
        api=True,
    ),
    Write(
        "POST /plans/{plan_id}/follow-ups",
        lambda w: f"/api/v1/plans/{w.plan.pk}/follow-ups",
        lambda w: {"activity_id": w.plan_activity.pk, "done_on": _today(), "outcome": "next_step"},
        owner="coach_sydost",
        api=True,
    ),
]

# Routes that take POST but write nothing about a person, or whose scoping is tested elsewhere.
NOT_ABOUT_A_PERSON = {
    "web:login": "signing in",
    "web:logout": "signing out",
    "portal:eid_sign_out": "a participant signing out (their own session)",
    "portal:demo_sign_in": "demo mode only: signing in as a demo participant",
    "portal:consent_withdrawal": "the participant's own request in their own case; staff get "
    "404 (tests/portal/test_my_data.py)",
    "portal:message_new": "the participant writes in their own case; staff get 404 "
    "(tests/portal/test_messages.py)",
    "portal:message_thread": "the participant answers in their own thread, another's is 404; "
    "staff get 404 (tests/portal/test_messages.py)",
    "portal:report_absence": "the participant's own absence on their own activities; staff "
    "get 404 (tests/portal/test_absence.py)",
    "set_language": "the language cookie",
    "participants:intake_slots": "a coach publishes their own intake times",
    "matching:fairs": "organising a fair (its invitations are in the table)",
    "summerjobs:season": "an administrator sets up a season",
    "payments:runs": "a payment run of the Jobbtorg's contracts (test_payment_runs.py)",
    "payments:approve": "a payment run of the Jobbtorg's contracts (test_payment_runs.py)",
    "payments:discard": "a payment run of the Jobbtorg's contracts (test_payment_runs.py)",
    "matching:employer_create": "employers are organisations",
    "matching:employer_edit": "employers are organisations",
    "matching:employer_contact": "the contact log with an employer",
    "matching:vacancy_create": "vacancies",
    "matching:free_text_ad": "vacancies",
    "matching:vacancy_edit": "vacancies",
    "matching:vacancy_status": "vacancies",
    "summerjobs:staff_workplace_decision": "a summer workplace, not a person",
    "summerjobs:apply": "the young person's own application (no account)",
    "summerjobs:applied": "the young person's own confirmation",
    "summerjobs:my_application": "the young person's own page, by their code",
    "summerjobs:my_application_answer": "the young person's own answer, by their code",
    "summerjobs:my_application_leave": "the young person signs out",
    "summerjobs:workplace_report": "a workplace reports its places",
    "summerjobs:workplace_reported": "a workplace's confirmation",
    "summerjobs:workplace_page": "the workplace contact's secret link",
    "transfer:upload": "the transfer upload: tests/transfer/ test its scope",
    "transfer:confirm": "the transfer upload: tests/transfer/ test its scope",
    "transfer:discard": "the transfer upload: tests/transfer/ test its scope",
    "followup:report": "asking for a tertial report: aggregates (tests/followup/test_pages.py)",
    "lex_sarah:investigate": "a lex Sarah report's investigation, never a person's data; the "
    "officers of the report's unit only (tests/lex_sarah/test_investigation_pages.py)",
    "lex_sarah:close": "closing a lex Sarah report (tests/lex_sarah/test_investigation_pages.py)",
    "lex_sarah:ivo_sent": "a lex Sarah document recorded as sent to IVO "
    "(tests/lex_sarah/test_investigation_pages.py)",
    "lex_sarah:measure_followed_up": "a lex Sarah measure followed up "
    "(tests/lex_sarah/test_investigation_pages.py)",
    "lex_sarah:file_report": "anyone on staff files a lex Sarah report; a person is linked only "
    "if the reporter may see them, refused otherwise (tests/lex_sarah/test_filing_pages.py, "
    "tests/lex_sarah/test_services.py)",
    "lex_sarah:officers": "the administrator designates a lex Sarah officer "
    "(tests/lex_sarah/test_officer_pages.py)",
    "lex_sarah:end_designation": "the administrator ends a designation "
    "(tests/lex_sarah/test_officer_pages.py)",
}
NOT_ABOUT_A_PERSON_API: dict[str, str] = {}

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def _page_routes(resolver: URLResolver, namespace: str | None = None):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in {"admin", "api-v1"}:
                continue  # the admin is the administrator's; the API is walked below
            yield from _page_routes(pattern, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, pattern.callback


def _allowed_methods(view: Any) -> set[str] | None:
    """The methods a view's require_http_methods allows; None when it does not say."""
    while view is not None:
        try:
            methods = inspect.getclosurevars(view).nonlocals.get("request_method_list")
        except TypeError:
            methods = None
        if methods is not None:
            return set(methods)
        view = getattr(view, "__wrapped__", None)
    return None


def _routes_that_write() -> tuple[set[str], set[str]]:
    pages = set()
    for name, view in _page_routes(get_resolver()):
        methods = _allowed_methods(view)
        if methods is None or methods & WRITE_METHODS:
            pages.add(name)
    api_routes = set()
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                for method in set(operation.methods) & WRITE_METHODS:
                    api_routes.add(f"{method} {prefix}{path}")
    return pages, api_routes


def test_every_route_that_writes_is_in_the_table_or_named_as_not_about_a_person():
    pages, api_routes = _routes_that_write()
    in_table = {w.name for w in WRITES}
    missing = sorted((pages - in_table - set(NOT_ABOUT_A_PERSON)) | (api_routes - in_table))
    assert not missing, f"add these routes to WRITES (or NOT_ABOUT_A_PERSON): {missing}"
    stale = sorted((in_table | set(NOT_ABOUT_A_PERSON)) - pages - api_routes)
    assert not stale, f"these routes are gone: {stale}"


def _request(world, write: Write, username: str):
    user = getattr(world.staff, username)
    url, data = write.url(world), write.data(world)
    if write.api:
        return api_client_for(user).post(url, data, content_type="application/json")
    return client_for(user, language="en").post(url, data)


CASES = [
    pytest.param(write, username, id=f"{write.id}-{username}")
    for write in WRITES
    for username in OTHER_UNITS
    if username not in write.allowed
]


@pytest.mark.django_db
@pytest.mark.parametrize(("write", "username"), CASES)
def test_a_user_of_another_unit_is_refused_and_nothing_changes(world, write, username):
    user = getattr(world.staff, username)
    # In the role that makes this write at home, the object is out of scope: 404, as for an id
    # that does not exist. Other roles may be told that their role does not do it (403).
    owner = getattr(world.staff, write.owner) if write.owner else None
    refused = {404} if owner and user.role == owner.role else {403, 404}
    before = snapshot()
    response = _request(world, write, username)
    assert response.status_code in refused | write.also_refused_with, response.content[:300]
    after = snapshot()
    if write.logs_a_read:
        del before["audit reads"], after["audit reads"]
    assert after == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    "write", [pytest.param(w, id=w.id) for w in WRITES if w.owner], ids=lambda w: w.id
)
def test_the_owner_of_the_case_makes_the_same_request(world, write):
    before = snapshot()
    response = _request(world, write, write.owner)
    assert response.status_code in ({200, 201} if write.api else {302}), response.content.decode()[
        -6000:
    ]
    after = snapshot()
    assert after.pop("audit writes") > before.pop("audit writes")
    del after["audit reads"], before["audit reads"]
    assert after != before
