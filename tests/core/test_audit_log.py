"""The audit log is append-only: the application and the database both refuse changes."""

import pytest
from django.core.exceptions import ObjectDoesNotExist
from django.db import DatabaseError, connection, transaction

from jobbtorg.core.audit import events as audit
from jobbtorg.core.audit.models import AuditEntry, AuditLogIsAppendOnly


@pytest.fixture
def entry(staff, people):
    return audit.participant_viewed(
        audit.AuditContext.for_command("test", actor=staff.coach_sydost), people.in_farsta
    )


def test_an_entry_records_who_in_which_role_did_what_to_whom(entry, staff, people):
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert stored.actor == staff.coach_sydost
    assert stored.actor_username == "coach-sydost"
    assert stored.actor_role == "coach"
    assert stored.participant == people.in_farsta
    assert stored.object_type == "participants.participant"
    assert stored.object_id == str(people.in_farsta.pk)
    assert stored.occurred_at is not None


def test_saving_a_changed_entry_is_refused(entry):
    entry.actor_username = "someone-else"
    with pytest.raises(AuditLogIsAppendOnly):
        entry.save()
    assert AuditEntry.objects.get(pk=entry.pk).actor_username == "coach-sydost"


def test_deleting_an_entry_is_refused(entry):
    with pytest.raises(AuditLogIsAppendOnly):
        entry.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(actor_username="x")
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_the_database_refuses_an_update_that_bypasses_the_application(entry):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_auditentry SET actor_username = %s WHERE id = %s", ["x", entry.pk]
        )
    assert AuditEntry.objects.get(pk=entry.pk).actor_username == "coach-sydost"


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite refuses deletes in the application only (see migration core 0003)",
)
def test_postgresql_refuses_a_delete_that_bypasses_the_application(entry):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditentry WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_a_persons_entries_outlive_the_person_unchanged(entry, people):
    """Culling (gallring) deletes a person; their entries stay, with an id that no longer
    resolves (the only path that deletes a person: retention/services.py)."""
    person_id = people.in_farsta.pk
    people.in_farsta.delete()
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert stored.participant_id == person_id
    assert stored.object_id == str(person_id)
    with pytest.raises(ObjectDoesNotExist):
        stored.participant  # noqa: B018 (the reference no longer resolves)


def test_the_audit_log_is_not_offered_in_the_admin():
    from django.contrib import admin

    assert AuditEntry not in admin.site._registry
