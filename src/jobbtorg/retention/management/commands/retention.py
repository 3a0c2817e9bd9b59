"""`jobbtorg retention [--dry-run [--on YYYY-MM-DD]]`: cull the case files that are due
(gallring, docs/operations.md).

With --dry-run nothing is written: it lists what would go, counts per kind of record and the
people by id and case numbers (never by name) with the date of their last entry. Without it,
each person's files are culled in one transaction, what the key figures need kept without
personal data, and one audit entry written per person. Culling is always as of today; only a
dry run may look at another day. Exit code 0, or 2 for bad arguments.
"""

import datetime as dt
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from jobbtorg.core.audit.events import AuditContext
from jobbtorg.retention.services import CullingReport, cull_expired, expired_case_files

EXIT_OK, EXIT_BAD_ARGUMENTS = 0, 2


class Command(BaseCommand):
    help = (
        "Retention (gallring, docs/operations.md): cull the case files whose last entry is "
        "older than the period. --dry-run lists what would go and writes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="list what would go; write nothing"
        )
        parser.add_argument(
            "--on", dest="on", help="with --dry-run: list as of this day, YYYY-MM-DD (today)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        on = timezone.localdate()
        if options.get("on"):
            if not options["dry_run"]:
                self.stderr.write("--on goes with --dry-run only: culling is always as of today.")
                sys.exit(EXIT_BAD_ARGUMENTS)
            try:
                on = dt.date.fromisoformat(options["on"])
            except ValueError:
                self.stderr.write(f"--on {options['on']!r} is not a date: give it as YYYY-MM-DD.")
                sys.exit(EXIT_BAD_ARGUMENTS)
        if options["dry_run"]:
            report = expired_case_files(on)
            self._write(report, heading=f"Would cull as of {on.isoformat()} (nothing written)")
            return
        report = cull_expired(audit_context=AuditContext.for_command("retention"))
        self._write(report, heading=f"Culled as of {report.today.isoformat()}")

    def _write(self, report: CullingReport, *, heading: str) -> None:
        self.stdout.write(heading)
        self.stdout.write(f"rule: {report.rule.describe()}")
        done = report.culled if report.culled or report.skipped else len(report.people)
        self.stdout.write(f"{'people':<34}{done:>8}")
        if report.skipped:
            self.stdout.write(f"{'kept after a new entry':<34}{report.skipped:>8}")
        for kind, n in sorted(report.counts.items()):
            self.stdout.write(f"{kind:<34}{n:>8}")
        self.stdout.write(
            f"comparison pool ({report.pool_years} years after the last month): "
            f"{report.pool_people} people, {report.pool_months} months of assistance"
        )
        if report.people:
            self.stdout.write("")
            self.stdout.write("participant id                        last entry  due from    cases")
            for person in report.people:
                self.stdout.write(
                    f"{person.participant_id!s:<38}{person.last_entry.isoformat():<12}"
                    f"{person.cull_from.isoformat():<12}{' '.join(person.case_numbers)}"
                )
