"""`jobbtorg attendance review [--on YYYY-MM-DD]` (R15): run every working day.

Reviews every participation with daily attendance; repeated missing registers (2 or more in the
last 10 working days) go to the person's home district as a `missing_registers` event, once per
new missing day. A second run the same day sends nothing. Exit code 0, or 2 for bad arguments.
"""

import datetime as dt
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from jobbtorg.core.audit.events import AuditContext
from jobbtorg.providers.services.attendance import attendance_review

EXIT_OK, EXIT_BAD_ARGUMENTS = 0, 2


class Command(BaseCommand):
    help = (
        "Daily attendance (docs/attendance.md): `attendance review [--on YYYY-MM-DD]` reviews "
        "every participation with daily attendance and reports repeated missing registers to "
        "the district."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        review = commands.add_parser("review", help="review attendance as of a day (today)")
        review.add_argument("--on", dest="on", help="the day to review as of, YYYY-MM-DD")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        on = today
        if options.get("on"):
            try:
                on = dt.date.fromisoformat(options["on"])
            except ValueError:
                self.stderr.write(f"--on {options['on']!r} is not a date: give it as YYYY-MM-DD.")
                sys.exit(EXIT_BAD_ARGUMENTS)
            if on > today:
                self.stderr.write(
                    f"--on {on.isoformat()} is in the future: attendance is reviewed afterwards."
                )
                sys.exit(EXIT_BAD_ARGUMENTS)
        counts = attendance_review(AuditContext.for_command("attendance review"), today=on)
        self.stdout.write(f"Attendance reviewed as of {on.isoformat()}")
        self.stdout.write(f"{'participations reviewed':<34}{counts.reviewed:>6}")
        self.stdout.write(f"{'with missing registers':<34}{counts.with_missing:>6}")
        self.stdout.write(f"{'first flagged today':<34}{counts.flagged_today:>6}")
        self.stdout.write(f"{'events sent to districts':<34}{counts.events_sent:>6}")
