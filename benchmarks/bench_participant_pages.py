"""How much scoping and the audit log cost on the pages that list and show people.

Figures are medians over repeated runs in this one process, with ratios against a baseline: the
bare query for the same 25 people, with no scoping function and no audit entry. Run with
`make bench`. Database: SQLite in memory, or DATABASE_URL if set.
"""

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
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

PEOPLE = int(os.environ.get("BENCH_PEOPLE", "20000"))
REPEATS = int(os.environ.get("BENCH_REPEATS", "50"))


def median_ms(action) -> float:
    action()  # warm up
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run() -> None:
    from tests.factories import UserFactory, valid_personal_identity_number

    from jobbtorg.core.audit.events import AuditContext, participants_listed
    from jobbtorg.core.audit.models import AuditEntry
    from jobbtorg.organisation.models import District
    from jobbtorg.organisation.selectors import district_ids_served_by
    from jobbtorg.participants.models import Participant
    from jobbtorg.participants.selectors import participants_visible_to

    districts = list(District.objects.all())
    Participant.objects.bulk_create(
        Participant(
            personal_identity_number=(number := valid_personal_identity_number(n)),
            birth_date=f"{number[:4]}-{number[4:6]}-{number[6:8]}",
            first_name=f"Förnamn{n}",
            last_name=f"Efternamn{n}",
            home_district=districts[n % len(districts)],
        )
        for n in range(PEOPLE)
    )
    coach = UserFactory(username="bench-coach", coach=True)
    served = list(district_ids_served_by(coach.job_centre_id).values_list("district_id", flat=True))
    client = Client()
    client.force_login(coach)
    one = participants_visible_to(coach).first()

    def baseline() -> None:
        list(Participant.objects.filter(home_district_id__in=served)[:25])

    def scoped() -> None:
        list(participants_visible_to(coach)[:25])

    def scoped_and_audited() -> None:
        context = AuditContext.for_command("bench", actor=coach)
        participants_listed(context, participants_visible_to(coach)[:25])

    def list_page() -> None:
        assert client.get("/deltagare/").status_code == 200

    def detail_page() -> None:
        assert client.get(f"/deltagare/{one.pk}/").status_code == 200

    figures = [
        ("baseline: bare query, 25 people", median_ms(baseline)),
        ("scoping function, 25 people", median_ms(scoped)),
        ("scoping + 25 audit entries", median_ms(scoped_and_audited)),
        ("list page /deltagare/ (render)", median_ms(list_page)),
        ("person page (render)", median_ms(detail_page)),
    ]
    base = figures[0][1]
    print(f"{connection.vendor}, {PEOPLE} people, {REPEATS} runs each (median)")
    for label, ms in figures:
        print(f"  {label:<34} {ms:8.2f} ms   x{ms / base:6.1f} of baseline")
    print(f"  audit entries written: {AuditEntry.objects.count()}")


if __name__ == "__main__":
    main()
