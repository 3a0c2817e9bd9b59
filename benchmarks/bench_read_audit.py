"""The read-audit of a list page: what one list write costs, one entry per person shown (before)
against one entry naming every person shown (now), at a few list sizes; rows and bytes per
write; a person's loggutdrag among them; and the audit volume of a day at the issue's load
(docs/audit-log.md, "What a list costs").

Sizes: BENCH_LIST_SIZES (default "50,200,500"). Database: SQLite in memory, or DATABASE_URL if
set. Both ways write in the same run, into the same tables, so the ratios compare like with like.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobbtorg.config.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

SIZES = [int(n) for n in os.environ.get("BENCH_LIST_SIZES", "50,200,500").split(",")]
# Enough writes per size that the bytes are not lost in the database's page size.
ROWS_PER_SIZE = int(os.environ.get("BENCH_ROWS_PER_SIZE", "6000"))
# The load of issue 16: 200 staff opening a page every 20-30 s (about 480 list views a minute),
# 37,000 people shown a minute (about 77 a view), over an 8-hour working day.
VIEWS_PER_MINUTE = int(os.environ.get("BENCH_VIEWS_PER_MINUTE", "480"))
PEOPLE_PER_VIEW = int(os.environ.get("BENCH_PEOPLE_PER_VIEW", "77"))
WORKING_MINUTES = 8 * 60


def _audit_bytes() -> int:
    """What the audit tables (with their indexes) take in the database now."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT pg_total_relation_size('core_auditentry')"
                " + pg_total_relation_size('core_auditentryperson')"
            )
            return int(cursor.fetchone()[0])
        # SQLite in memory: no per-table sizes; nothing else is written meanwhile.
        cursor.execute("PRAGMA page_count")
        pages = cursor.fetchone()[0]
        cursor.execute("PRAGMA page_size")
        return int(pages * cursor.fetchone()[0])


def _rows() -> int:
    from jobbtorg.core.audit.models import AuditEntry, AuditEntryPerson

    return AuditEntry.objects.count() + AuditEntryPerson.objects.count()


def _one_entry_per_person(context, people) -> None:
    """How a list was written before: an entry of its own for each person, chained one by one
    (events._entry and chain.append, as the import's entry per person still is)."""
    from jobbtorg.core.audit import chain
    from jobbtorg.core.audit import events as audit
    from jobbtorg.core.audit.models import AuditAction

    entries = [
        audit._entry(context, action=AuditAction.PARTICIPANT_LISTED, participant=person)
        for person in people
    ]
    chain.append(entries)


def _one_entry_per_list(context, people) -> None:
    from jobbtorg.core.audit import events as audit

    audit.participants_listed(context, people)


def _measure(write, context, people, writes: int) -> dict[str, float]:
    times = []
    rows, size = _rows(), _audit_bytes()
    for _ in range(writes):
        start = time.perf_counter()
        with transaction.atomic():  # as a page's request is
            write(context, people)
        times.append(time.perf_counter() - start)
    return {
        "ms": statistics.median(times) * 1000,
        "rows": (_rows() - rows) / writes,
        "bytes": (_audit_bytes() - size) / writes,
    }


def _per_view(results: dict[int, dict[str, float]], people: int, key: str) -> float:
    """A measure at `people` on a line through the smallest and largest size measured."""
    low, high = min(results), max(results)
    slope = (results[high][key] - results[low][key]) / (high - low) if high > low else 0
    return results[low][key] + slope * (people - low)


def main() -> None:
    setup_test_environment()
    old = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from tests.factories import ParticipantFactory, UserFactory

        from jobbtorg.core.audit.events import AuditContext
        from jobbtorg.core.audit.verification import verify_chain
        from jobbtorg.participants.selectors import audit_entries_for

        people = [ParticipantFactory() for _ in range(max(SIZES))]
        coach = UserFactory(username="bench-coach", coach=True)
        context = AuditContext(actor=coach, channel="page", ip_address="10.0.0.1", path="/")
        before: dict[int, dict[str, float]] = {}
        after: dict[int, dict[str, float]] = {}
        for size in SIZES:
            writes = max(10, ROWS_PER_SIZE // size)
            shown = people[:size]
            before[size] = _measure(_one_entry_per_person, context, shown, writes)
            after[size] = _measure(_one_entry_per_list, context, shown, writes)

        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM core_auditentry")
            entries = cursor.fetchone()[0]
        start = time.perf_counter()
        extract = audit_entries_for(people[0])
        count, newest = extract.count(), list(extract[:100])
        extract_ms = (time.perf_counter() - start) * 1000
        start = time.perf_counter()
        check = verify_chain()
        verify_s = time.perf_counter() - start
        assert check.intact, check.problem

        print(f"{connection.vendor}: one list page's read-audit, median of the writes at each size")
        print(
            f"  {'people':>6}  {'before ms':>9} {'now ms':>7} {'ratio':>6}   "
            f"{'rows':>5} {'now':>4}   {'bytes':>8} {'now':>7} {'ratio':>6}"
        )
        for size in SIZES:
            b, a = before[size], after[size]
            print(
                f"  {size:>6}  {b['ms']:>9.1f} {a['ms']:>7.1f} {b['ms'] / a['ms']:>5.1f}x   "
                f"{b['rows']:>5.0f} {a['rows']:>4.0f}   {b['bytes']:>8,.0f} {a['bytes']:>7,.0f} "
                f"{b['bytes'] / a['bytes']:>5.1f}x"
            )
        views = VIEWS_PER_MINUTE * WORKING_MINUTES
        day_before = views * _per_view(before, PEOPLE_PER_VIEW, "bytes")
        day_after = views * _per_view(after, PEOPLE_PER_VIEW, "bytes")
        print(
            f"  a day at the issue's load ({VIEWS_PER_MINUTE} list views a minute, "
            f"{PEOPLE_PER_VIEW} people each, 8 hours: {views:,} views):"
        )
        print(
            f"    rows   {views * PEOPLE_PER_VIEW:>13,} before, "
            f"{views * (1 + PEOPLE_PER_VIEW):>13,} now (of which {views:,} entries)"
        )
        print(
            f"    bytes  {day_before / 1e9:>10.2f} GB before, {day_after / 1e9:>10.2f} GB now "
            f"({day_before / day_after:.1f}x less); a year of 250 days: "
            f"{250 * day_before / 1e9:,.0f} GB before, {250 * day_after / 1e9:,.0f} GB now"
        )
        print(
            f"  one person's loggutdrag ({count:,} of {entries:,} entries, first page of "
            f"{len(newest)}): {extract_ms:.1f} ms"
        )
        print(
            f"  audit verify, {check.entries_checked:,} entries (the lists' people with them): "
            f"{verify_s:.2f} s"
        )
    finally:
        connection.creation.destroy_test_db(old, verbosity=0)


if __name__ == "__main__":
    main()
