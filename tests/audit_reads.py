"""Who the audit log says was shown: for tests of the read-audit of pages that list people."""

from jobbtorg.core.audit.models import AuditEntry


def people_named(action: str, **entry_filters) -> list:
    """The participant ids the entries of `action` name, oldest entry first: an entry's own
    participant, and each person a list entry names (in the order the list entry stores them,
    sorted by id)."""
    entries = AuditEntry.objects.filter(action=action, **entry_filters).order_by("id")
    named = []
    for entry in entries.prefetch_related("people"):
        if entry.participant_id is not None:
            named.append(entry.participant_id)
        named.extend(person.participant_id for person in entry.people.order_by("id"))
    return named


def objects_named(action: str, **entry_filters) -> list[str]:
    """The object ids the entries of `action` name: a list entry's object per person, else the
    entry's own."""
    entries = AuditEntry.objects.filter(action=action, **entry_filters).order_by("id")
    named = []
    for entry in entries.prefetch_related("people"):
        own = [person.object_id for person in entry.people.order_by("id") if person.object_id]
        named.extend(own or [entry.object_id])
    return named


def extract_of(participant_id) -> list[tuple[str, str, str]]:
    """The person's loggutdrag as the manager's page and CSV read it (audit_entries_for):
    (action, actor username, object id shown) of each entry, newest first."""
    from jobbtorg.participants.selectors import audit_entries_for

    return [
        (entry.action, entry.actor_username, entry.shown_object_id)
        for entry in audit_entries_for(participant_id)
    ]


def in_extract(participant_id, action: str, actor_username: str) -> bool:
    """Whether the person's loggutdrag shows an entry of `action` by that account."""
    return any(
        (seen_action, seen_by) == (action, actor_username)
        for seen_action, seen_by, _ in extract_of(participant_id)
    )
