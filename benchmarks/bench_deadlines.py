"""How long the pages that list deadlines take: Min dag (coach and manager), the deadline list
(GET /api/v1/deadlines) and the officer's inbox, at the size of a Jobbtorg.

The deadlines of a case are kept as columns (plans/case_deadlines.py); the pages read them.
"From scratch" rows work out the same deadlines with the rule module over every case, as the
pages did before the columns were kept: the ratio is what keeping them saves. Medians over
repeated runs in this one process, with the number of database queries (which must not grow
with the number of cases). Database: SQLite in memory, or DATABASE_URL if set.

    BENCH_COACHES=30 BENCH_CASES_PER_COACH=150 python benchmarks/bench_deadlines.py
    BENCH_PROFILE=1 ... prints a cProfile of the manager's Min dag.
    BENCH_EXPLAIN=1 ... prints the query plans of the inbox's page and the manager's to-dos.
"""

import cProfile
import datetime as dt
import logging
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobbtorg.config.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

COACHES = int(os.environ.get("BENCH_COACHES", "30"))
CASES_PER_COACH = int(os.environ.get("BENCH_CASES_PER_COACH", "150"))
EVENTS = int(os.environ.get("BENCH_EVENTS", "3000"))
REPEATS = int(os.environ.get("BENCH_REPEATS", "5"))
PROFILE = os.environ.get("BENCH_PROFILE") == "1"
EXPLAIN = os.environ.get("BENCH_EXPLAIN") == "1"


def measure(action):
    action()
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as queries:
        action()
    return statistics.median(times), len(queries)


def populate():
    """A Jobbtorg of COACHES coaches with CASES_PER_COACH enrolled cases each: most with an
    approved plan of two activities, one in five interrupted once (a few still are), some with
    a rejected plan or none; and the home district's inbox with EVENTS events."""
    from django.utils import timezone
    from tests.factories import UserFactory, valid_personal_identity_number

    from jobbtorg.organisation.models import District, JobCentre
    from jobbtorg.participants.models import (
        DistrictEvent,
        EventKind,
        Interruption,
        Participant,
        Referral,
        TargetGroup,
    )
    from jobbtorg.plans.models import PlanActivity, PlanVersion
    from jobbtorg.providers.models import ActivityType

    cases = COACHES * CASES_PER_COACH
    centre = JobCentre.objects.get(slug="sydost")
    farsta = District.objects.get(slug="farsta")
    group = TargetGroup.objects.get(code="resurs")
    officer = UserFactory(username="bench-officer", officer=True)
    coaches = [UserFactory(username=f"bench-coach-{i}", coach=True) for i in range(COACHES)]
    manager = UserFactory(username="bench-manager", manager=True)
    today = timezone.localdate()
    people = Participant.objects.bulk_create(
        Participant(
            personal_identity_number=(n := valid_personal_identity_number(i)),
            birth_date=dt.date(int(n[:4]), int(n[4:6]), int(n[6:8])),
            first_name=f"F{i}",
            last_name=f"E{i}",
            home_district=farsta,
        )
        for i in range(cases)
    )
    referrals = Referral.objects.bulk_create(
        Referral(
            participant=p,
            district=farsta,
            job_centre=centre,
            target_group=group,
            basis="x",
            consent_given=True,
            referred_by=officer,
            referred_at=timezone.now(),
            stage="enrolled",
            enrolled_on=today - dt.timedelta(days=i % 560),
            coach=coaches[i % COACHES],
        )
        for i, p in enumerate(people)
    )
    with_plan = [r for i, r in enumerate(referrals) if i % 10 and r.enrolled_on < today]
    plans = PlanVersion.objects.bulk_create(
        PlanVersion(
            referral=r,
            number=1,
            status="rejected" if i % 17 == 0 else "approved",
            decided_at=timezone.now(),
            rejection_reason="Målet saknas" if i % 17 == 0 else "",
            start=r.enrolled_on,
            end=r.enrolled_on + dt.timedelta(days=150),
            written_by=coaches[0],
        )
        for i, r in enumerate(with_plan)
    )
    job_search = ActivityType.objects.get(code="job_search")
    placement = ActivityType.objects.get(code="placement")
    PlanActivity.objects.bulk_create(
        PlanActivity(
            plan=plan,
            activity_type=kind,
            provider_name="x",
            start=plan.start + offset,
            end=plan.start + offset + dt.timedelta(days=60),
            hours_per_week=20,
            goal="x",
        )
        for plan in plans
        if plan.status == "approved"
        for kind, offset in ((job_search, dt.timedelta(0)), (placement, dt.timedelta(days=61)))
    )
    Interruption.objects.bulk_create(
        Interruption(
            referral=r,
            reason="illness",
            start=r.enrolled_on + dt.timedelta(days=1),
            # One in ten of these is still going on.
            end=None if i % 10 == 0 else r.enrolled_on + dt.timedelta(days=20),
            recorded_by=coaches[0],
        )
        for i, r in enumerate(referrals[::5])
    )
    DistrictEvent.objects.bulk_create(
        DistrictEvent(
            district=farsta,
            participant=people[i % cases],
            referral=referrals[i % cases],
            kind=EventKind.ABSENCE,
            occurred_at=timezone.now() - dt.timedelta(hours=i),
            summary="x",
            handled_at=timezone.now() if i % 3 else None,
        )
        for i in range(EVENTS)
    )
    return manager, coaches[0], officer, referrals


def keep_deadlines(referrals):
    """The columns for data written in bulk, as the rebuild command keeps them."""
    try:
        from jobbtorg.plans.case_deadlines import case_deadlines_rebuild
    except ImportError:  # the code before the columns were kept
        return None
    start = time.perf_counter()
    case_deadlines_rebuild()
    return (time.perf_counter() - start) * 1000


def explain(manager, officer):
    from django.db import models
    from django.utils import timezone

    from jobbtorg.participants.selectors import district_events_visible_to

    inbox = district_events_visible_to(officer).order_by(
        models.Case(models.When(handled_at__isnull=True, then=0), default=1),
        "-occurred_at",
        "-id",
    )[:25]
    print("inbox page:", inbox.explain(analyze=True), sep="\n")
    try:
        from jobbtorg.plans.deadlines import deadline_items_for
    except ImportError:
        return
    todo = deadline_items_for(manager, today=timezone.localdate(), within_days=7)[:25]
    print("manager's to-dos, one page:", todo.explain(analyze=True), sep="\n")


def main():
    # One line per request on standard error would drown the figures.
    logging.getLogger("jobbtorg.requests").setLevel(logging.WARNING)
    setup_test_environment()
    old = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run()
    finally:
        connection.creation.destroy_test_db(old, verbosity=0)


def signed_in(user):
    from jobbtorg.organisation.services import api_token_create

    client = Client(headers={"Authorization": f"Bearer {api_token_create(user=user)}"})
    client.force_login(user)
    return client


def run():
    from jobbtorg.participants.selectors import enrolled_referrals_for
    from jobbtorg.plans.deadlines import case_deadlines_many, deadlines_for

    manager, coach, officer, referrals = populate()
    rebuild_ms = keep_deadlines(referrals)
    as_manager, as_coach, as_officer = signed_in(manager), signed_in(coach), signed_in(officer)

    def get(client, path):
        def action():
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)

        return action

    def from_scratch(user):
        return lambda: case_deadlines_many(list(enrolled_referrals_for(user)))

    rows = [
        ("manager: deadlines from scratch (rule module)", from_scratch(manager)),
        ("manager: deadlines_for (what is due)", lambda: deadlines_for(manager)),
        ("manager: Min dag page", get(as_manager, "/")),
        ("manager: GET /api/v1/deadlines", get(as_manager, "/api/v1/deadlines")),
        ("coach: deadlines from scratch (rule module)", from_scratch(coach)),
        ("coach: to-dos within 7 days", lambda: deadlines_for(coach, within_days=7)),
        ("coach: Min dag page", get(as_coach, "/")),
        ("coach: GET /api/v1/deadlines", get(as_coach, "/api/v1/deadlines")),
        ("officer: inbox page", get(as_officer, "/inkorg/")),
    ]
    results = [(label, *measure(action)) for label, action in rows]
    cases = COACHES * CASES_PER_COACH
    print(
        f"{connection.vendor}, {cases} enrolled cases ({COACHES} coaches x {CASES_PER_COACH}), "
        f"{EVENTS} inbox events, median of {REPEATS}; load {os.getloadavg()[0]:.2f}"
    )
    if rebuild_ms is not None:
        print(f"  rebuilding every case's deadline columns: {rebuild_ms:.0f} ms")
    scratch = {"manager": results[0][1], "coach": results[4][1]}
    for label, ms, queries in results:
        who = label.split(":")[0]
        ratio = f"x{scratch[who] / ms:6.1f} faster" if who in scratch else ""
        print(f"  {label:<46} {ms:9.1f} ms  {queries:3d} queries  {ratio}")
    if EXPLAIN:
        explain(manager, officer)
    if PROFILE:
        profiler = cProfile.Profile()
        profiler.enable()
        get(as_manager, "/")()
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
