"""`jobbtorg audit verify`: check the audit log's hash chain from the first entry to the newest
(docs/audit-log.md, "The chain"). Streams the entries a chunk at a time, so it runs in little
memory on millions of entries, and records the check for the loggutdrag to go on from.

Exit code 0 when the chain is intact; 1 when it is broken, naming the first broken entry (its id
and time) and what is wrong with it.
"""

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone, translation

from jobbtorg.core.audit.verification import problem_text, verify_chain

EXIT_INTACT, EXIT_BROKEN = 0, 1


class Command(BaseCommand):
    help = (
        "The audit log (docs/audit-log.md): `audit verify` checks its hash chain and names the "
        "first broken entry."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        verify = commands.add_parser("verify", help="check the chain from the first entry")
        verify.add_argument("--chunk", type=int, default=5000, help="entries read at a time (5000)")

    def handle(self, *args: Any, **options: Any) -> None:
        check = verify_chain(chunk=options["chunk"])
        rate = check.entries_checked / check.seconds if check.seconds else 0
        self.stdout.write(
            f"Checked {check.entries_checked} entries in {check.seconds:.1f} s "
            f"({rate:,.0f} a second)."
        )
        if check.intact:
            self.stdout.write(
                f"The audit log's chain is intact up to entry {check.up_to_entry_id or '-'}, "
                f"whose hash is {check.up_to_hash}."
            )
            return
        when = (
            timezone.localtime(check.broken_entry_at).isoformat(timespec="seconds")
            if check.broken_entry_at
            else "time unknown: the entry is gone"
        )
        with translation.override("en"):
            why = problem_text(check)
        self.stderr.write(
            f"The audit log's chain is broken at entry {check.broken_entry_id} ({when}). {why} "
            f"The entries up to entry {check.up_to_entry_id or '-'} are intact."
        )
        sys.exit(EXIT_BROKEN)
