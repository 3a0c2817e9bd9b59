"""`jobbtorg summerjobs allocate --applicants A.csv --workplaces W.csv --on YYYY-MM-DD
[--seed N] --out M.csv [--explain E.csv] [--compare]`: the allocation on files, for
audit and for testing with other tools. It never touches the database (no model is imported,
no system or migration checks run). Exit 0 with a one-line summary; 2 with a message naming
file, row and column when an input is bad, and then nothing is written. More subcommands of
the summer jobs go beside `allocate`. See docs/summerjobs-allocation.md."""

import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from jobbtorg.engines.summerjobs import allocate
from jobbtorg.engines.summerjobs.fairness import tradeoff
from jobbtorg.engines.summerjobs.files import (
    BadFile,
    parse_date,
    read_applicants,
    read_workplaces,
    write_explanations,
    write_result,
)

EXIT_DONE, EXIT_BAD_INPUT = 0, 2


class Command(BaseCommand):
    help = "Summer jobs: `summerjobs allocate` allocates places from CSV files (no database)."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        run = commands.add_parser(
            "allocate",
            help="the applicant-optimal stable allocation (deferred acceptance) on files",
        )
        run.add_argument("--applicants", required=True, metavar="A.csv")
        run.add_argument("--workplaces", required=True, metavar="W.csv")
        run.add_argument("--on", required=True, metavar="YYYY-MM-DD", help="ages are counted on")
        run.add_argument(
            "--seed",
            type=int,
            default=0,
            help="draws the lottery numbers left empty in A.csv (default 0)",
        )
        run.add_argument("--out", required=True, metavar="M.csv")
        run.add_argument(
            "--explain", metavar="E.csv", help="also write every applicant's explanation"
        )
        run.add_argument(
            "--compare",
            action="store_true",
            help="print the trade-off: the stable allocation against a maximum-placement one",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        code = self._allocate(options)
        if code != EXIT_DONE:
            sys.exit(code)

    def _allocate(self, options: dict[str, Any]) -> int:
        began = time.perf_counter()
        on = parse_date(options["on"])
        if on is None:
            self.stderr.write(f"--on: not a date (YYYY-MM-DD): {options['on']!r}")
            return EXIT_BAD_INPUT
        try:
            workplaces = read_workplaces(options["workplaces"])
            applicants = read_applicants(options["applicants"], workplaces)
        except BadFile as error:
            self.stderr.write(str(error))
            return EXIT_BAD_INPUT
        seed = options["seed"]
        result = allocate(applicants, workplaces, on=on, seed=seed)
        explanations = result.explanations() if options.get("explain") else None
        try:
            if explanations is not None:
                write_explanations(options["explain"], explanations)
            write_result(options["out"], result.assignment)
        except OSError as error:
            self.stderr.write(f"cannot write: {error}")
            return EXIT_BAD_INPUT
        seconds = time.perf_counter() - began
        self.stdout.write(
            f"{len(applicants)} applicants, {result.placed} placed, {result.places} places, "
            f"{result.first_choices} first choices, seed {seed}, {seconds:.2f} s"
        )
        if options["compare"]:
            figures = tradeoff(applicants, workplaces, on=on, seed=seed)
            self.stdout.write(
                f"{'allocation':<15}{'placed':>8}{'empty places':>14}{'first choices':>15}"
                f"{'unfair pairs':>14}"
            )
            for row in (figures.stable, figures.max_placement):
                self.stdout.write(
                    f"{row.name:<15}{row.placed:>8}{row.empty_places:>14}"
                    f"{row.first_choices:>15}{row.blocking_pairs:>14}"
                )
        return EXIT_DONE
