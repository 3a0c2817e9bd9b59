"""`jobbtorg payments preview --month YYYY-MM` (R27): what the run for a month would pay now,
as totals per provider, and its problems. Writes nothing: approving is done on the page.

Exit status: 0 when computed (problems are printed, they do not fail it), 2 when the month is
refused (not YYYY-MM, or after this month).
"""

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from jobbtorg.core.errors import ValidationFailed
from jobbtorg.payments.services import month_parse, payment_run_compute

EXIT_REFUSED = 2


class Command(BaseCommand):
    help = "Payment runs (docs/payments.md): `payments preview --month YYYY-MM`."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        previewing = commands.add_parser("preview", help="totals per provider; writes nothing")
        previewing.add_argument("--month", required=True, help="YYYY-MM")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            month = month_parse(options["month"])
        except ValidationFailed as error:
            for messages in error.errors.values():
                for message in messages:
                    self.stderr.write(message)
            sys.exit(EXIT_REFUSED)
        result, _ = payment_run_compute(month)
        self.stdout.write(f"Payment run {month:%Y-%m} (preview, nothing written)")
        for provider in sorted(result.totals_by_provider):
            lines = sum(1 for line in result.lines if line.provider_ref == provider)
            total = result.totals_by_provider[provider]
            self.stdout.write(f"{provider}\t{lines} lines\t{total:.2f}")
        if not result.totals_by_provider:
            self.stdout.write("No lines: nothing new is due.")
        for problem in result.problems:
            self.stdout.write(f"problem: {problem}")
