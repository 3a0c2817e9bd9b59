"""The audit log is append-only: the application and the database both refuse changes."""

import pytest
from django.core.exceptions import ObjectDoesNotExist
from django.db import DatabaseError, connection, transaction

from jobbtorg.core.audit import events as audit
from jobbtorg.core.audit.models import AuditEntry, AuditEntryPerson, AuditLogIsAppendOnly


@pytest.fixture
def entry(staff, people):
    return audit.participant_viewed(
        audit.AuditContext.for_command("test", actor=staff.coach_sydost), people.in_farsta
    )


@pytest.fixture
def list_entry(staff, people):
    """A list page's entry naming two people: one entry, one row per person."""
    audit.participants_listed(
        audit.AuditContext.for_command("test", actor=staff.coach_sydost),
        [people.in_farsta, people.in_skarpnack, people.in_farsta],
    )
    return AuditEntry.objects.get(action=audit.AuditAction.PARTICIPANT_LISTED)


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


def test_a_list_is_one_entry_naming_each_person_once(list_entry, people):
    assert list_entry.participant is None
    assert list_entry.object_type == "participants.participant"
    named = AuditEntryPerson.objects.filter(entry=list_entry).values_list("participant", flat=True)
    assert sorted(named) == sorted([people.in_farsta.pk, people.in_skarpnack.pk])


def test_a_lists_people_cannot_be_changed_or_removed_by_the_application(list_entry):
    named = AuditEntryPerson.objects.filter(entry=list_entry)
    with pytest.raises(AuditLogIsAppendOnly):
        named.first().delete()
    with pytest.raises(AuditLogIsAppendOnly):
        named.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        named.update(object_id="x")
    with pytest.raises(AuditLogIsAppendOnly):
        named.first().save()
    assert named.count() == 2


def test_the_database_refuses_to_change_a_lists_people(list_entry):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_auditentryperson SET object_id = 'x' WHERE entry_id = %s", [list_entry.pk]
        )
    assert not AuditEntryPerson.objects.filter(object_id="x").exists()


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite refuses deletes in the application only (see migration core 0003)",
)
def test_postgresql_refuses_to_remove_a_person_from_a_list(list_entry):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditentryperson WHERE entry_id = %s", [list_entry.pk])
    assert AuditEntryPerson.objects.filter(entry=list_entry).count() == 2


def test_a_list_entry_outlives_the_people_it_names(list_entry, people):
    person_id = people.in_farsta.pk
    people.in_farsta.delete()
    named = AuditEntryPerson.objects.filter(entry=list_entry).values_list("participant", flat=True)
    assert person_id in set(named)


def test_the_audit_log_is_not_offered_in_the_admin():
    from django.contrib import admin

    assert AuditEntry not in admin.site._registry
    assert AuditEntryPerson not in admin.site._registry
