"""How fast the summer-job season page answers with a city ten times Stockholm's size
(within a second with 159,000 applications).

Populates a test database (SQLite in memory, or DATABASE_URL) with BENCH_APPLICATIONS
applications (5 choices each), 800 approved workplaces with 6,900 places, verified priority
grounds for one in ten, and an offer for 6,900 of them (half accepted). Measures the season page
(figures by district, age and priority ground) as the median of repeated requests, against a
baseline: counting the season's applications.
"""

import datetime as dt
import os
import random
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
from django.test.utils import setup_test_environment  # noqa: E402

APPLICATIONS = int(os.environ.get("BENCH_APPLICATIONS", "159000"))
REPEATS = int(os.environ.get("BENCH_REPEATS", "5"))


def median_ms(action) -> float:
    action()
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def populate():
    from tests.factories import UserFactory

    from jobbtorg.organisation.models import District
    from jobbtorg.summerjobs.models import (
        AllocationRun,
        ApplicationChoice,
        Offer,
        SummerApplication,
        SummerWorkplace,
        VerifiedPriority,
    )
    from jobbtorg.summerjobs.services import season_create

    rng = random.Random(11)
    admin = UserFactory(username="bench-admin", administrator=True)
    matcher = UserFactory(username="bench-matcher", matcher=True)
    reference = dt.date(2026, 6, 15)
    season = season_create(
        admin,
        name="Bench",
        year=2026,
        opens_on=dt.date(2026, 2, 1),
        closes_on=dt.date(2026, 3, 15),
        reference_date=reference,
        min_age=16,
        max_age=19,
        goal=6700,
        status="closed",
    )
    districts = list(District.objects.all())
    workplaces = SummerWorkplace.objects.bulk_create(
        SummerWorkplace(
            season=season,
            code=f"w{n}",
            name=f"Arbetsplats {n}",
            organisation="Stockholms stad",
            kind="city_unit",
            district=districts[n % len(districts)],
            tasks="-",
            places=8 + (n % 3) if n < 700 else 10,
            contact_name="x",
            contact_email="x@example.org",
            status="approved",
        )
        for n in range(800)
    )
    applications = SummerApplication.objects.bulk_create(
        (
            SummerApplication(
                season=season,
                personal_identity_number=f"{n:012d}",
                birth_date=reference - dt.timedelta(days=365 * 15 + rng.randrange(365 * 5)),
                first_name="U",
                last_name=str(n),
                home_district=districts[n % len(districts)],
                confirmation_code_hash="x" * 64,
            )
            for n in range(APPLICATIONS)
        ),
        batch_size=5000,
    )
    ApplicationChoice.objects.bulk_create(
        (
            ApplicationChoice(application=a, rank=k + 1, workplace=w)
            for a in applications
            for k, w in enumerate(rng.sample(workplaces, 5))
        ),
        batch_size=10000,
    )
    grounds = list(season.priority_grounds.all())
    VerifiedPriority.objects.bulk_create(
        (
            VerifiedPriority(
                application=a, ground=grounds[n % len(grounds)], verified_by=matcher, note="-"
            )
            for n, a in enumerate(applications[::10])
        ),
        batch_size=5000,
    )
    run = AllocationRun.objects.create(
        season=season, round_number=1, seed=1, ran_by=matcher, applicants_csv="", workplaces_csv=""
    )
    Offer.objects.bulk_create(
        (
            Offer(
                run=run,
                application=a,
                workplace=workplaces[n % 800],
                status="accepted" if n % 2 else "offered",
                answer_by=reference,
            )
            for n, a in enumerate(applications[:6900])
        ),
        batch_size=5000,
    )
    return admin, season


def main() -> None:
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        start = time.perf_counter()
        user, season = populate()
        print(
            f"{connection.vendor}: {APPLICATIONS} applications, 800 workplaces "
            f"(populated in {time.perf_counter() - start:.0f} s)"
        )
        client = Client()
        client.force_login(user)
        url = f"/sommarjobb/sasonger/{season.pk}/"

        def page() -> None:
            assert client.get(url).status_code == 200

        def baseline() -> None:
            season.applications.count()

        base = median_ms(baseline)
        ms = median_ms(page)
        print(f"  baseline: count the applications   {base:8.1f} ms")
        print(
            f"  season page (median of {REPEATS})          {ms:8.1f} ms  "
            f"x{ms / base:.0f} of baseline  (target < 1000 ms)"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
