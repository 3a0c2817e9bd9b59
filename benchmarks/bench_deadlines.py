"""How long "Min dag" and GET /api/v1/deadlines take to compute every case's deadlines.

A manager's list covers the whole Jobbtorg; a coach's their caseload. Baseline: fetching the same
cases with no deadline computed. Medians over repeated runs in this one process, with the
number of database queries (which must not grow with the number of cases).
"""

import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobbtorg.config.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

CASES = int(os.environ.get("BENCH_CASES", "2000"))
COACHES = int(os.environ.get("BENCH_COACHES", "40"))
REPEATS = int(os.environ.get("BENCH_REPEATS", "7"))


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
    from django.utils import timezone
    from tests.factories import UserFactory, valid_personal_identity_number

    from jobbtorg.organisation.models import District, JobCentre
    from jobbtorg.participants.models import Interruption, Participant, Referral, TargetGroup
    from jobbtorg.plans.models import PlanActivity, PlanVersion
    from jobbtorg.providers.models import ActivityType

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
        for i in range(CASES)
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
            enrolled_on=today - dt.timedelta(days=i % 400),
            coach=coaches[i % COACHES],
        )
        for i, p in enumerate(people)
    )
    plans = PlanVersion.objects.bulk_create(
        PlanVersion(
            referral=r,
            number=1,
            status="approved",
            start=r.enrolled_on,
            end=r.enrolled_on + dt.timedelta(days=150),
            written_by=coaches[0],
        )
        for r in referrals
        if r.enrolled_on < today - dt.timedelta(days=5)
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
        for kind, offset in ((job_search, dt.timedelta(0)), (placement, dt.timedelta(days=61)))
    )
    Interruption.objects.bulk_create(
        Interruption(
            referral=r,
            reason="illness",
            start=r.enrolled_on + dt.timedelta(days=1),
            end=r.enrolled_on + dt.timedelta(days=20),
            recorded_by=coaches[0],
        )
        for r in referrals[::5]
    )
    return manager, coaches[0]


def main():
    setup_test_environment()
    old = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from jobbtorg.participants.models import Referral
        from jobbtorg.participants.selectors import deadlines_for, enrolled_referrals_for

        manager, coach = populate()
        rows = [
            (
                "baseline: fetch the Jobbtorg's cases",
                lambda: list(
                    Referral.objects.filter(job_centre=manager.job_centre).select_related(
                        "participant"
                    )
                ),
            ),
            ("manager: deadlines of every case", lambda: deadlines_for(manager)),
            ("coach: caseload fetch (baseline)", lambda: list(enrolled_referrals_for(coach))),
            ("coach: Min dag (due within 7 days)", lambda: deadlines_for(coach, within_days=7)),
        ]
        results = [(label, *measure(action)) for label, action in rows]
        print(f"{connection.vendor}, {CASES} cases, {COACHES} coaches, median of {REPEATS}")
        for label, ms, queries in results:
            base = results[0][1] if label.startswith(("baseline", "manager")) else results[2][1]
            print(f"  {label:<40} {ms:9.1f} ms  x{ms / base:6.1f}  {queries:3d} queries")
    finally:
        connection.creation.destroy_test_db(old, verbosity=0)


if __name__ == "__main__":
    main()
