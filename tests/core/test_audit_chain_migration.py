"""Migration core/0014 computes the chain for the entries written before it, in id order, as the
writer would have, and the append-only trigger holds again afterwards."""

import datetime as dt
import uuid

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from jobbtorg.core.audit import chain
from jobbtorg.core.audit.models import AuditEntry
from jobbtorg.core.audit.verification import verify_chain

BEFORE = [("core", "0013_worker_heartbeat_and_schedule")]


def _latest() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_chains_the_entries_already_there(staff, people):
    old = _migrate(BEFORE)
    try:
        entries = old.get_model("core", "AuditEntry")
        written = [
            entries.objects.create(
                occurred_at=dt.datetime(2026, 3, 1, 9, n, 0, 123456, tzinfo=dt.UTC),
                actor_id=staff.coach_sydost.pk,
                actor_username="coach-sydost",
                actor_role="coach",
                action="participant.viewed",
                participant_id=people.in_farsta.pk,
                object_type="participants.participant",
                object_id=str(people.in_farsta.pk),
                channel="page",
                ip_address="2001:db8::1" if n % 2 else "10.0.0.1",
                path=f"/deltagare/{uuid.uuid4()}/",
                changes={"after": {"hours": 40.0, "n": n}} if n else {},
            ).pk
            for n in range(3)
        ]
    finally:
        # Every app back to its latest migration, not just past this one: the tests after this
        # one expect the whole schema.
        _migrate(_latest())

    stored = list(AuditEntry.objects.order_by("id"))
    assert [entry.pk for entry in stored] == written
    previous = chain.GENESIS
    for entry in stored:
        # What the writer would have stored for the same entry after the same one.
        assert entry.previous_hash == previous
        assert entry.entry_hash == chain.entry_hash(previous, chain.hashed_values(entry))
        previous = entry.entry_hash
    check = verify_chain()
    assert check.intact and check.entries_checked == 3
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditentry SET path = 'x' WHERE id = %s", [written[0]])
