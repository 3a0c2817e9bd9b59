"""`jobbtorg transfer import` at the scale of a municipality moving over: people with a
plan of two activities each, a third of them exited, and two years of monthly assistance.

Prints the time of each step (write the files, read, validate, write to the database) and the
import again (everything unchanged), with ratios against reading the files, in this one process.
Set BENCH_PEOPLE (default 20000). Database: SQLite in memory, or DATABASE_URL if set.
"""

import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobbtorg.config.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

PEOPLE = int(os.environ.get("BENCH_PEOPLE", "20000"))
MONTHS = 24


def generate(directory: Path) -> None:
    from tests.factories import valid_personal_identity_number

    from jobbtorg.engines.transfer.write import write_csv_directory

    today = timezone.localdate()
    districts = ["farsta", "skarpnack", "rinkeby-kista", "bromma", "sodermalm", "alvsjo"]
    tables: dict[str, list[dict[str, str]]] = {
        k: [] for k in ("participants", "plans", "activities", "exits", "assistance")
    }
    for n in range(PEOPLE):
        pnr = valid_personal_identity_number(n)
        referred = today - dt.timedelta(days=60 + n % 500)
        enrolled = referred + dt.timedelta(days=3)
        tables["participants"].append(
            {
                "personnummer": pnr,
                "first_name": f"Förnamn{n}",
                "last_name": f"Efternamn{n}",
                "home_district": districts[n % len(districts)],
                "target_group": "resurs",
                "referred_on": referred.isoformat(),
                "enrolled_on": enrolled.isoformat(),
                "coach": "",
                "af_registered": "yes",
            }
        )
        start = enrolled + dt.timedelta(days=2)
        tables["plans"].append(
            {
                "personnummer": pnr,
                "plan_ref": f"P{n}",
                "drawn_up_on": start.isoformat(),
                "start": start.isoformat(),
                "end": (start + dt.timedelta(days=150)).isoformat(),
                "approved_on": (start + dt.timedelta(days=1)).isoformat(),
            }
        )
        for kind, offset in (("job_search", 0), ("placement", 60)):
            a_start = start + dt.timedelta(days=offset)
            tables["activities"].append(
                {
                    "personnummer": pnr,
                    "plan_ref": f"P{n}",
                    "activity_type": kind,
                    "provider": "Jobbtorget",
                    "start": a_start.isoformat(),
                    "end": (a_start + dt.timedelta(days=55)).isoformat(),
                    "status": "ongoing",
                    "outcome": "",
                }
            )
        if n % 3 == 0:
            tables["exits"].append(
                {
                    "personnummer": pnr,
                    "exit_date": (today - dt.timedelta(days=1)).isoformat(),
                    "reason": "studies",
                }
            )
        for m in range(MONTHS):
            month = dt.date(
                today.year - 2 + (today.month - 1 + m) // 12, (today.month - 1 + m) % 12 + 1, 1
            )
            tables["assistance"].append(
                {
                    "personnummer": pnr,
                    "month": month.strftime("%Y-%m"),
                    "amount_sek": str(7000 + n % 900),
                }
            )
    write_csv_directory(directory, tables)


def main() -> None:
    setup_test_environment()
    old = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from jobbtorg.core.audit.events import AuditContext
        from jobbtorg.engines.transfer.read import read_transfer
        from jobbtorg.engines.transfer.validate import validate
        from jobbtorg.transfer.services import (
            known_people,
            known_plans,
            reference_codes,
            transfer_import,
        )

        with tempfile.TemporaryDirectory() as tmp:
            directory = Path(tmp) / "transfer"
            figures = []
            start = time.perf_counter()
            generate(directory)
            figures.append(("write the files", time.perf_counter() - start))
            for label in ("first import", "same files again"):
                start = time.perf_counter()
                transfer = read_transfer(directory)
                read_s = time.perf_counter() - start
                result = validate(
                    transfer,
                    reference_codes(),
                    today=timezone.localdate(),
                    known_people=known_people(),
                    known_plans=known_plans(),
                )
                validate_s = time.perf_counter() - start - read_s
                _, table = transfer_import(
                    result=result,
                    source=str(directory),
                    actor=None,
                    audit_context=AuditContext.for_command("bench"),
                )
                total = time.perf_counter() - start
                figures.append((f"{label}: read", read_s))
                figures.append((f"{label}: validate", validate_s))
                figures.append((f"{label}: write to the database", total - read_s - validate_s))
                figures.append((f"{label}: total", total))
                assert not result.rejects, result.rejects[:3]
            rows = sum(v["read"] for v in table.values())
            print(
                f"{connection.vendor}, {PEOPLE} people, {rows} rows "
                f"({MONTHS} months of assistance each)"
            )
            base = figures[1][1]
            for label, seconds in figures:
                print(f"  {label:<40} {seconds:7.2f} s  x{seconds / base:5.1f} of reading")
            print(f"  reconciliation of the second import: {table['participants']}")
    finally:
        connection.creation.destroy_test_db(old, verbosity=0)


if __name__ == "__main__":
    main()
