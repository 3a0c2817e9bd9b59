"""`jobbtorg supervise NAME=COMMAND ...`: run the commands as one (core/supervisor.py)."""

import shlex
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jobbtorg.core.supervisor import ProcessSpec, supervise


def _spec(text: str) -> ProcessSpec:
    name, sep, command = text.partition("=")
    argv = shlex.split(command)
    if not sep or not name.strip() or not argv:
        raise CommandError(f"Not NAME=COMMAND: {text!r}")
    return ProcessSpec(name=name.strip(), argv=argv)


class Command(BaseCommand):
    help = (
        "Run long-lived commands side by side (make run: the web server and a worker). Ctrl-C "
        "stops them all; if one ends, the others are stopped and the exit status is non-zero."
    )
    # Starts other commands; checks are theirs to run.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("processes", nargs="+", metavar="NAME=COMMAND")
        parser.add_argument(
            "--grace",
            type=float,
            default=10.0,
            help="seconds a process has to stop after SIGTERM before it is killed (10)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        specs = [_spec(text) for text in options["processes"]]
        names = [spec.name for spec in specs]
        if len(set(names)) != len(names):
            raise CommandError(f"Each process needs its own name: {', '.join(names)}")
        status = supervise(specs, grace_seconds=options["grace"])
        if status:
            sys.exit(status)
