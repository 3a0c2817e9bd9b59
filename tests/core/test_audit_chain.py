"""The audit log's hash chain: every entry chains onto the one before; a change, a removal or a
reordering is named as the first broken entry by `jobbtorg audit verify` (exit code 1)."""

import io
import threading
import uuid

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jobbtorg.core.audit import chain
from jobbtorg.core.audit import events as audit
from jobbtorg.core.audit.models import AuditEntry, AuditEntryNotChained, AuditEntryPerson
from jobbtorg.core.audit.verification import verify_chain
from tests.plans.factories import PlanVersionFactory
from tests.tampering import append_only_lifted


def context(user=None):
    return audit.AuditContext.for_command("test", actor=user)


@pytest.fixture
def five_entries(staff, people):
    """Five entries about two people: three written one by one, then a list naming both (one
    entry), then one more."""
    written = [
        audit.participant_viewed(context(staff.coach_sydost), people.in_farsta),
        audit.participant_viewed(context(staff.manager_sydost), people.in_skarpnack),
        audit.participant_viewed(context(staff.coach_sydost), people.in_skarpnack),
    ]
    audit.participants_listed(context(staff.coach_sydost), [people.in_farsta, people.in_skarpnack])
    written.append(audit.participant_viewed(context(staff.manager_sydost), people.in_farsta))
    ids = list(AuditEntry.objects.order_by("id").values_list("id", flat=True))
    assert len(ids) == 5 and ids[:3] + ids[4:] == [entry.pk for entry in written]
    assert AuditEntryPerson.objects.filter(entry_id=ids[3]).count() == 2
    return ids


def test_every_entry_chains_onto_the_one_before_it(five_entries):
    rows = list(
        AuditEntry.objects.order_by("id").values_list("previous_hash", "entry_hash", flat=False)
    )
    assert rows[0][0] == chain.GENESIS
    for (_, before), (previous, _) in zip(rows, rows[1:], strict=False):
        assert previous == before
    assert len({entry_hash for _, entry_hash in rows}) == 5


def test_an_untouched_chain_is_intact(five_entries):
    check = verify_chain(chunk=2)  # chunks smaller than the log: the walk goes on across them
    assert check.intact
    assert (check.entries_checked, check.up_to_entry_id) == (5, five_entries[-1])


def _change_a_field(cursor, ids):
    cursor.execute("UPDATE core_auditentry SET actor_username = 'someone' WHERE id = %s", [ids[1]])


def _change_what_was_done(cursor, ids):
    cursor.execute("UPDATE core_auditentry SET changes = %s WHERE id = %s", ['{"x": 1}', ids[2]])


def _change_a_stored_hash(cursor, ids):
    cursor.execute("UPDATE core_auditentry SET entry_hash = %s WHERE id = %s", ["f" * 64, ids[3]])


def _delete_an_entry(cursor, ids):
    cursor.execute("DELETE FROM core_auditentry WHERE id = %s", [ids[1]])


def _reorder_two_entries(cursor, ids):
    swap = [(ids[1], -1), (ids[2], ids[1]), (-1, ids[2])]
    for old, new in swap:
        cursor.execute("UPDATE core_auditentry SET id = %s WHERE id = %s", [new, old])


def _delete_the_newest_entries(cursor, ids):
    cursor.execute("DELETE FROM core_auditentryperson WHERE entry_id >= %s", [ids[3]])
    cursor.execute("DELETE FROM core_auditentry WHERE id >= %s", [ids[3]])


# A list entry (ids[3]) names its people in rows of their own; its hash covers them.


def _remove_a_person_from_a_list(cursor, ids):
    cursor.execute(
        "DELETE FROM core_auditentryperson WHERE id = "
        "(SELECT MIN(id) FROM core_auditentryperson WHERE entry_id = %s)",
        [ids[3]],
    )


def _remove_everyone_from_a_list(cursor, ids):
    cursor.execute("DELETE FROM core_auditentryperson WHERE entry_id = %s", [ids[3]])


def _add_a_person_to_a_list(cursor, ids):
    cursor.execute(
        "INSERT INTO core_auditentryperson (entry_id, participant_id, object_id) "
        "VALUES (%s, %s, '')",
        [ids[3], uuid.uuid4().hex],
    )


def _swap_a_person_on_a_list(cursor, ids):
    cursor.execute(
        "UPDATE core_auditentryperson SET participant_id = %s WHERE entry_id = %s",
        [uuid.uuid4().hex, ids[3]],
    )


def _make_an_entry_a_list(cursor, ids):
    cursor.execute(
        "INSERT INTO core_auditentryperson (entry_id, participant_id, object_id) "
        "VALUES (%s, %s, '')",
        [ids[1], uuid.uuid4().hex],
    )


@pytest.mark.parametrize(
    ("tamper", "first_broken", "last_intact", "problem"),
    [
        (_change_a_field, 1, 0, chain.CHANGED),
        (_change_what_was_done, 2, 1, chain.CHANGED),
        (_change_a_stored_hash, 3, 2, chain.CHANGED),
        # The entry after the removed one no longer follows the one before it.
        (_delete_an_entry, 2, 0, chain.NOT_AFTER_PREVIOUS),
        # The second entry's place now holds the third, which follows the second.
        (_reorder_two_entries, 1, 0, chain.NOT_AFTER_PREVIOUS),
        # Nothing after them shows it: the chain head still names the newest entry.
        (_delete_the_newest_entries, 4, 2, chain.NEWEST_MISSING),
        (_remove_a_person_from_a_list, 3, 2, chain.CHANGED),
        (_remove_everyone_from_a_list, 3, 2, chain.CHANGED),
        (_add_a_person_to_a_list, 3, 2, chain.CHANGED),
        (_swap_a_person_on_a_list, 3, 2, chain.CHANGED),
        (_make_an_entry_a_list, 1, 0, chain.CHANGED),
    ],
    ids=lambda value: getattr(value, "__name__", None),
)
def test_a_tampered_entry_is_named_as_the_first_broken_one(
    five_entries, tamper, first_broken, last_intact, problem
):
    with append_only_lifted() as cursor:
        tamper(cursor, five_entries)
    check = verify_chain()
    assert not check.intact
    assert check.problem == problem
    assert check.broken_entry_id == five_entries[first_broken]
    assert check.up_to_entry_id == five_entries[last_intact]
    if problem != chain.NEWEST_MISSING:
        stored = AuditEntry.objects.filter(pk=check.broken_entry_id).values("occurred_at").get()
        assert check.broken_entry_at == stored["occurred_at"]


def test_the_command_says_intact_and_exits_zero(five_entries):
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    assert "Checked 5 entries" in out.getvalue()
    assert f"intact up to entry {five_entries[-1]}" in out.getvalue()


def test_the_command_names_the_first_broken_entry_and_exits_non_zero(five_entries):
    with append_only_lifted() as cursor:
        _change_a_field(cursor, five_entries)
    broken = AuditEntry.objects.get(pk=five_entries[1])
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("audit", "verify", stdout=io.StringIO(), stderr=err)
    assert exit_.value.code == 1
    message = err.getvalue()
    assert f"broken at entry {five_entries[1]}" in message
    assert timezone.localtime(broken.occurred_at).isoformat(timespec="seconds") in message
    assert "changed after it was written" in message


def test_an_entry_stored_around_the_chain_is_refused(staff, people):
    entry = AuditEntry(action="participant.viewed", channel="command", participant=people.in_farsta)
    with pytest.raises(AuditEntryNotChained):
        entry.save()
    with pytest.raises(AuditEntryNotChained):
        AuditEntry.objects.bulk_create([entry])
    assert not AuditEntry.objects.exists()


def test_the_chain_goes_on_after_the_head_is_lost(five_entries, staff, people):
    """A test's flush empties the head with the rest; a lost head is made from the newest
    entry, so the chain does not start again from nothing."""
    chain.AuditChainHead.objects.all().delete()
    audit.participant_viewed(context(staff.coach_sydost), people.in_farsta)
    assert verify_chain().intact


def test_values_hash_as_the_database_gives_them_back(staff, people):
    """An IPv4 address seen through an IPv6 socket, whole floats and tuples in `changes`: the
    stored entry hashes to what was computed before it was stored."""
    ctx = audit.AuditContext(
        actor=staff.coach_sydost, channel="page", ip_address="::ffff:10.0.0.1", path="/x"
    )
    audit.participant_created(
        ctx, people.in_farsta, {"hours": 40.0, "share": 0.25, "days": (1, 2), "name": "Åsa"}
    )
    assert verify_chain().intact


def test_a_page_read_is_one_chained_entry_naming_its_people_and_the_head_moves_to_it(staff, people):
    ctx = audit.AuditContext(actor=staff.coach_sydost, channel="page", path="/")
    audit.participant_created(ctx, people.in_farsta, {"name": "Åsa"})
    shown = [people.in_farsta, people.in_skarpnack]
    with CaptureQueriesContext(connection) as statements:
        audit.participants_listed(ctx, shown)
    entry = AuditEntry.objects.order_by("-id").first()
    assert entry.action == "participant.listed"
    assert {p.participant_id for p in AuditEntryPerson.objects.filter(entry=entry)} == {
        p.pk for p in shown
    }
    head = chain.AuditChainHead.objects.get(pk=chain.HEAD_ID)
    assert (head.entry_id, head.entry_hash) == (entry.pk, entry.entry_hash)
    assert verify_chain().intact
    writes = [q["sql"] for q in statements.captured_queries if "SAVEPOINT" not in q["sql"]]
    if connection.vendor == "postgresql":
        # The head locked, then the entry, its people and the head in one statement.
        assert len(writes) == 2


def test_the_participant_pages_entries_are_chained_in_order_and_the_head_names_the_last(
    staff, people
):
    ctx = audit.AuditContext(actor=staff.coach_sydost, channel="page", path="/")
    first = PlanVersionFactory(referral__participant=people.in_farsta)
    plans = [first, PlanVersionFactory(referral=first.referral, number=2)]
    with CaptureQueriesContext(connection) as statements:
        written = audit.participant_and_plans_viewed(ctx, people.in_farsta, plans)
    stored = list(AuditEntry.objects.order_by("-id")[:3])[::-1]
    assert [e.pk for e in written] == [e.pk for e in stored]
    assert [e.action for e in stored] == ["participant.viewed", "plan.viewed", "plan.viewed"]
    assert [e.object_id for e in stored[1:]] == [str(plan.pk) for plan in plans]
    head = chain.AuditChainHead.objects.get(pk=chain.HEAD_ID)
    assert (head.entry_id, head.entry_hash) == (stored[-1].pk, stored[-1].entry_hash)
    assert verify_chain().intact
    if connection.vendor == "postgresql":
        assert len(statements.captured_queries) == 2


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="parallel writers need PostgreSQL (SQLite in memory is one connection; its writers "
    "are serialised by the write lock each transaction takes when it begins)",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_many_writers_at_once_keep_one_chain(staff, people):
    writers, each = 8, 15
    barrier = threading.Barrier(writers)
    failures = []

    def write():
        try:
            barrier.wait()
            for n in range(each):
                with transaction.atomic():
                    if n % 3:
                        audit.participant_viewed(context(staff.coach_sydost), people.in_farsta)
                    else:
                        audit.participants_listed(
                            context(staff.coach_sydost), [people.in_farsta, people.in_skarpnack]
                        )
        except Exception as error:  # noqa: BLE001 - reported by the main thread
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write) for _ in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    check = verify_chain()
    assert check.intact, check.problem
    assert check.entries_checked == writers * each == AuditEntry.objects.count()
    assert AuditEntryPerson.objects.count() == writers * (each // 3) * 2


def test_the_nightly_task_walks_the_chain_and_logs_its_newest_hash(five_entries, caplog):
    from jobbtorg.core.tasks.audit import verify_audit_chain

    result = verify_audit_chain.enqueue()
    newest = AuditEntry.objects.get(pk=five_entries[-1])
    assert result.return_value["intact"] is True
    assert result.return_value["up_to_hash"] == newest.entry_hash
    assert f"whose hash is {newest.entry_hash}" in caplog.text


def test_the_nightly_task_logs_a_broken_chain_as_an_error(five_entries, caplog):
    from jobbtorg.core.tasks.audit import verify_audit_chain

    with append_only_lifted() as cursor:
        _delete_an_entry(cursor, five_entries)
    result = verify_audit_chain.enqueue()
    assert result.return_value["broken_entry_id"] == five_entries[2]
    [error] = [record for record in caplog.records if record.levelname == "ERROR"]
    assert f"broken at entry {five_entries[2]}" in error.getMessage()
