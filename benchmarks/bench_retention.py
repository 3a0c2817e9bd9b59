"""`jobbtorg retention` at the scale of a city: how long the dry run (who is due, counts per
kind) and the culling (one transaction per person, key figures kept) take.

People come in through the transfer import (`bench_transfer_import.generate`: a plan of two
activities each, a third exited, two years of monthly assistance); the culling then looks from
ten years on, when every file is due except those of people born on the 5th, 15th or 25th.
Checks that the year's key figures are the same before and after. Set BENCH_PEOPLE (default
5000). Database: SQLite in memory, or DATABASE_URL if set.
"""

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobbtorg.config.settings.test")
os.environ.setdefault("BENCH_PEOPLE", "5000")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

PEOPLE = int(os.environ["BENCH_PEOPLE"])


def key_figures(year: int) -> list:
    from jobbtorg.followup.services.key_figures import Source, compute_rows, tertial_period

    source = Source()  # the records read once for all the questions
    return [
        compute_rows(
            *tertial_period(y, tertial),
            by=by,
            job_centre=None,
            suppress_below=None,
            source=source,
        )
        for y in (year - 1, year)
        for tertial in (1, 2, 3)
        for by in (None, "target_group", "activity_type")
    ]


def main() -> None:
    from bench_transfer_import import generate

    setup_test_environment()
    old = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from jobbtorg.core.audit.events import AuditContext
        from jobbtorg.engines.rules.retention import add_years
        from jobbtorg.engines.transfer.read import read_transfer
        from jobbtorg.engines.transfer.validate import validate
        from jobbtorg.participants.models import Participant
        from jobbtorg.retention.services import cull_expired, expired_case_files
        from jobbtorg.transfer.services import (
            known_people,
            known_plans,
            reference_codes,
            transfer_import,
        )

        today = timezone.localdate()
        with tempfile.TemporaryDirectory() as tmp:
            directory = Path(tmp) / "transfer"
            generate(directory)
            result = validate(
                read_transfer(directory),
                reference_codes(),
                today=today,
                known_people=known_people(),
                known_plans=known_plans(),
            )
            transfer_import(
                result=result,
                source=str(directory),
                actor=None,
                audit_context=AuditContext.for_command("bench"),
            )
        print(f"{connection.vendor}, {PEOPLE} people imported", flush=True)
        later = add_years(today, 10)
        before = key_figures(today.year)

        start = time.perf_counter()
        listed = expired_case_files(later)
        dry_run = time.perf_counter() - start

        start = time.perf_counter()
        report = cull_expired(today=later, audit_context=AuditContext.for_command("retention"))
        culling = time.perf_counter() - start

        assert key_figures(today.year) == before, "the key figures changed"
        print(
            f"  dry run: {len(listed.people)} people due, "
            f"{sum(listed.counts.values())} records          {dry_run:7.2f} s"
        )
        print(
            f"  culling: {report.culled} people, {sum(report.counts.values())} records "
            f"        {culling:7.2f} s  ({1000 * culling / max(report.culled, 1):.1f} ms a person)"
        )
        print(f"  kept (born on the 5th, 15th, 25th): {Participant.objects.count()} people")
        print("  key figures of this year and last: the same before and after")
    finally:
        connection.creation.destroy_test_db(old, verbosity=0)


if __name__ == "__main__":
    main()
