"""The audit log's hash chain: what appending costs, how fast `jobbtorg audit verify` walks it,
and what a loggutdrag's check costs when it goes on from the last check (docs/audit-log.md).

Writes BENCH_ENTRIES entries (default 200000) 100 to a write, as an import writes its entry per
person (and as list pages did before a list became one entry: bench_read_audit.py), then walks
them.
Database: SQLite in memory, or DATABASE_URL if set.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobbtorg.config.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

ENTRIES = int(os.environ.get("BENCH_ENTRIES", "200000"))
PER_WRITE = 100


def main() -> None:
    setup_test_environment()
    old = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from tests.factories import ParticipantFactory

        from jobbtorg.core.audit import chain
        from jobbtorg.core.audit import events as audit
        from jobbtorg.core.audit.models import AuditAction
        from jobbtorg.core.audit.verification import chain_checked_up_to, verify_chain

        people = [ParticipantFactory() for _ in range(PER_WRITE)]
        context = audit.AuditContext.for_command("bench")
        hashing = 0.0
        real_hash = chain.entry_hash

        def timed_hash(previous: str, values: object, people: object = None) -> str:
            nonlocal hashing
            start = time.perf_counter()
            digest = real_hash(previous, values, people)  # type: ignore[arg-type]
            hashing += time.perf_counter() - start
            return digest

        chain.entry_hash = timed_hash
        start = time.perf_counter()

        def write_each(people: list) -> None:
            chain.append(
                [
                    audit._entry(context, action=AuditAction.PARTICIPANT_VIEWED, participant=p)
                    for p in people
                ]
            )

        for _ in range(ENTRIES // PER_WRITE):
            write_each(people)
        writing = time.perf_counter() - start
        chain.entry_hash = real_hash

        start = time.perf_counter()
        full = verify_chain()
        walking = time.perf_counter() - start
        assert full.intact and full.entries_checked == ENTRIES, full.problem

        for _ in range(10):
            write_each(people)
        newest = audit.participant_viewed(context, people[0])
        start = time.perf_counter()
        since = chain_checked_up_to(newest.pk)
        extract_check = time.perf_counter() - start
        assert since.intact and since.entries_checked == 10 * PER_WRITE + 1

        print(f"{connection.vendor}, {ENTRIES} entries written {PER_WRITE} at a time")
        print(f"  write them                      {writing:8.2f} s")
        print(
            f"    of which hashing              {hashing:8.2f} s "
            f"({hashing / ENTRIES * 1e6:.1f} µs an entry)"
        )
        print(
            f"  audit verify (whole chain)      {walking:8.2f} s "
            f"({ENTRIES / walking:,.0f} entries a second)"
        )
        print(
            f"  loggutdrag check of the {since.entries_checked} entries since: "
            f"{extract_check * 1000:.1f} ms"
        )
    finally:
        connection.creation.destroy_test_db(old, verbosity=0)


if __name__ == "__main__":
    main()
