"""`jobbtorg deadlines rebuild`: keep every enrolled case's deadlines again now (after a change
of rules or of the holiday calendar, a restore, or data written behind the services' back).
`jobbtorg deadlines check`: list the cases whose kept deadlines differ from what the rules say
from their facts (exit status 1 when there are any)."""

import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from jobbtorg.plans.case_deadlines import case_deadlines_check, case_deadlines_rebuild


class Command(BaseCommand):
    help = (
        "Each case's deadlines, kept as columns: `deadlines rebuild` keeps them all again; "
        "`deadlines check` lists the cases whose kept deadlines differ from the rules."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        commands.add_parser("rebuild", help="keep every enrolled case's deadlines again")
        commands.add_parser("check", help="list the cases whose kept deadlines are out of step")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        if options["action"] == "rebuild":
            kept = case_deadlines_rebuild()
            seconds = time.perf_counter() - started
            self.stdout.write(f"Deadlines kept for {kept} enrolled cases in {seconds:.1f} s.")
            return
        differ = case_deadlines_check()
        for referral_id in differ:
            self.stdout.write(f"out of step: case {referral_id}")
        self.stdout.write(f"{len(differ)} cases out of step.")
        if differ:
            sys.exit(1)
