"""The hash chain that makes the audit log tamper-evident (docs/audit-log.md, "The chain").

Each entry stores the previous entry's hash and a SHA-256 over a canonical serialisation of its
own content and that previous hash. Changing, removing or reordering an entry after the fact
breaks the chain at that point, unless every later hash is recomputed too.

Appending takes a lock on the one-row chain head (`SELECT ... FOR UPDATE` on PostgreSQL; on
SQLite every transaction already takes the database's write lock when it begins), so two
requests writing at once cannot both chain onto the same entry. The lock is held until the
surrounding transaction commits: audit entries are written last in a service's transaction.
"""

import datetime as dt
import functools
import hashlib
import ipaddress
import json
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction

from jobbtorg.core.audit.models import AuditChainHead, AuditEntry, AuditEntryPerson
from jobbtorg.core.bulk import insert_objects

# The hash of "no entry before": the first entry's previous hash.
GENESIS = "0" * 64
# Names the serialisation below; a later scheme gets a new tag and verifies both.
SCHEME = "jobbtorg-audit-1"
# A list entry's serialisation: the same, followed by the sorted people it names
# (AuditEntryPerson rows). An entry with such rows is verified under this scheme, one without
# under SCHEME, so removing all of a list's rows breaks the chain as surely as removing one.
LIST_SCHEME = "jobbtorg-audit-list-1"
# The stored fields an entry's hash covers, in the order they are serialised. Its id is not
# among them: the id is given by the database on insert, after the hash is computed; the order of
# entries is held by the previous hashes instead.
HASHED_FIELDS = (
    "occurred_at",
    "actor_id",
    "actor_username",
    "actor_role",
    "action",
    "participant_id",
    "object_type",
    "object_id",
    "channel",
    "ip_address",
    "path",
    "changes",
)
HEAD_ID = 1

# One person a list entry names: their participant id (None for a list of things that are not
# participants) and the id of their own object shown, or "".
Person = tuple[uuid.UUID | str | None, str]


def _instant(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _address(value: str | None) -> str | None:
    # Spelled out in full, so that the form does not depend on how the database or a version of
    # Python abbreviates an IPv6 address (e.g. "::ffff:10.0.0.1" against "::ffff:a00:1").
    if not value:
        return None
    if ":" not in value:
        return value  # IPv4: dotted quads, as stored
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return value
    return address.exploded


def _json_value(value: Any) -> Any:
    # The value as the database gives it back: PostgreSQL's jsonb stores 1.0 and 1e20 as numbers
    # and may return them as 1 and 100000000000000000000, so a whole float counts as an integer.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {key: _json_value(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_json_value(item) for item in value]
    return value


def _person_id(value: uuid.UUID | str | None) -> str | None:
    if value is None:
        return None
    return str(value if isinstance(value, uuid.UUID) else uuid.UUID(str(value)))


def listed_people(people: Iterable[Person]) -> list[list[str | None]]:
    """The people of a list entry as its hash covers them: `[participant id with hyphens or
    null, object id]`, sorted. (Not made unique here: a row stored twice must break the chain;
    `append` stores each once.)"""
    pairs = [[_person_id(participant), str(object_id or "")] for participant, object_id in people]
    return sorted(pairs, key=lambda pair: (pair[0] or "", pair[1]))


def canonical(
    previous_hash: str, values: Sequence[Any], people: list[list[str | None]] | None = None
) -> bytes:
    """The bytes an entry's hash is taken over: a JSON array of the scheme, the previous hash and
    the values of HASHED_FIELDS in order (times in UTC to the microsecond, ids as text, IPv6
    addresses written out in full, `changes` with sorted keys), ASCII, no spaces. A list entry
    (`people`, as `listed_people` gives them) has LIST_SCHEME and the people appended."""
    (
        occurred_at,
        actor_id,
        actor_username,
        actor_role,
        action,
        participant_id,
        object_type,
        object_id,
        channel,
        ip_address,
        path,
        changes,
    ) = values
    # The JSON round trip gives what the database stores: lists for tuples, text keys.
    stored_changes = _json_value(json.loads(json.dumps(changes))) if changes else {}
    if participant_id is not None and not isinstance(participant_id, uuid.UUID):
        participant_id = uuid.UUID(str(participant_id))
    return json.dumps(
        [
            SCHEME if people is None else LIST_SCHEME,
            previous_hash,
            _instant(occurred_at),
            None if actor_id is None else str(actor_id),
            actor_username,
            actor_role,
            str(action),
            None if participant_id is None else str(participant_id),
            object_type,
            object_id,
            str(channel),
            _address(ip_address),
            path,
            stored_changes,
            *([] if people is None else [people]),
        ],
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=True,
    ).encode("ascii")


def entry_hash(
    previous_hash: str, values: Sequence[Any], people: list[list[str | None]] | None = None
) -> str:
    return hashlib.sha256(canonical(previous_hash, values, people)).hexdigest()


def hashed_values(entry: AuditEntry) -> tuple[Any, ...]:
    return tuple(getattr(entry, name) for name in HASHED_FIELDS)


def _locked_head() -> AuditChainHead:
    """The chain head, locked until the transaction ends. A missing head (a fresh table, or one
    emptied by a test's flush) is made from the newest entry, so the chain goes on from it."""
    head = AuditChainHead.objects.select_for_update().filter(pk=HEAD_ID).first()
    if head is not None:
        return head
    newest = AuditEntry.objects.order_by("-id").values_list("id", "entry_hash").first()
    entry_id, last_hash = newest if newest else (None, GENESIS)
    # Two first writers at once: one inserts, the other's insert is ignored; both then lock it.
    AuditChainHead.objects.bulk_create(
        [AuditChainHead(pk=HEAD_ID, entry_id=entry_id, entry_hash=last_hash)],
        ignore_conflicts=True,
    )
    return AuditChainHead.objects.select_for_update().get(pk=HEAD_ID)


def append(entries: Sequence[AuditEntry], *, people: Iterable[Person] | None = None) -> None:
    """Chain the new entries, in order, onto the newest one and store them (one statement for
    many). With `people`, the one entry is a list entry: its hash covers them, and they are
    stored as its AuditEntryPerson rows in one more statement. The only way entries are written
    (`events._write`, `events._write_list`)."""
    if not entries:
        return
    # Each person once (sorted, so a repeat is next to the first); a list that names no one is
    # an ordinary entry.
    every = listed_people(people or ())
    listed = [pair for i, pair in enumerate(every) if i == 0 or pair != every[i - 1]] or None
    if listed is not None and len(entries) != 1:
        raise ValueError("A list entry is appended on its own.")
    # Inside the caller's transaction when there is one (no savepoint: a failed write fails
    # the caller's whole change, which is what it must do).
    with transaction.atomic(savepoint=False):
        few = connection.vendor == "postgresql" and len(entries) <= FEW
        previous = _locked_head_hash() if few else None
        if previous is None:  # not a few on PostgreSQL, or no head yet
            few = False
            previous = _locked_head().entry_hash
        for entry in entries:
            entry.previous_hash = previous
            entry.entry_hash = previous = entry_hash(previous, hashed_values(entry), listed)
        if few:
            _insert_few(entries, listed)
            return
        if len(entries) == 1:
            entries[0].save()
        else:
            insert_objects(AuditEntry, entries)
        if listed:
            _store_people(entries[0].pk, listed)
        # Entries are inserted in list order, so the last one has the highest id.
        newest_id = (
            entries[-1].pk
            or AuditEntry.objects.order_by("-id").values_list("id", flat=True).first()
        )
        AuditChainHead.objects.filter(pk=HEAD_ID).update(entry_id=newest_id, entry_hash=previous)


def _locked_head_hash() -> str | None:
    """PostgreSQL: the chain head's hash, locked until the transaction ends; None when there is
    no head yet (`_locked_head` makes it)."""
    with connection.cursor() as cursor:
        cursor.execute(_LOCK_HEAD, [HEAD_ID])
        row = cursor.fetchone()
    return None if row is None else str(row[0])


def _insert_few(entries: Sequence[AuditEntry], listed: list[list[str | None]] | None) -> None:
    """PostgreSQL: a page's entries, chained (a list entry with its people), inserted and the
    head moved to the last in one statement (after the lock: two in all). As four statements,
    each compiled by the ORM (or a COPY for two entries), an entry naming 60 people cost
    2.5-3.1 ms of CPU instead of 1.6, with the head locked 7 ms instead of 4.4
    (docs/audit-log.md)."""
    values = [
        field.get_db_prep_save(getattr(entry, field.attname), connection)
        for entry in entries
        for field in _FIELDS
    ]
    people = [person for person, _ in listed or ()]
    objects = [object_id for _, object_id in listed or ()]
    newest = entries[-1].entry_hash
    with connection.cursor() as cursor:
        cursor.execute(_append_statement(len(entries)), [*values, people, objects, newest, HEAD_ID])
        ids = {entry_hash_: entry_id for entry_id, entry_hash_ in cursor.fetchall()}
    for entry in entries:
        entry.pk = ids[entry.entry_hash]
        entry._state.adding = False
        entry._state.db = connection.alias


# At most this many entries go in by `_insert_few`; more (an import's entry per person) by COPY.
FEW = 20
# What an entry stores: every column but its id (the sequence's).
_FIELDS = [field for field in AuditEntry._meta.concrete_fields if not field.primary_key]
_LOCK_HEAD = "SELECT entry_hash FROM core_auditchainhead WHERE id = %s FOR UPDATE"


@functools.cache
def _append_statement(count: int) -> str:
    """The entries (`count` rows of values), the people of the first (two arrays; a list entry
    is appended on its own), and the head moved to the newest entry. Data-modifying WITH parts
    run once and in full whether or not the final SELECT reads them. The tables' and columns'
    names come from the models; everything else is a parameter."""
    columns = ", ".join(f'"{field.column}"' for field in _FIELDS)
    row = "(" + ", ".join("%s" for _ in _FIELDS) + ")"
    return (
        f"WITH entry AS (INSERT INTO core_auditentry ({columns}) "  # noqa: S608
        f"VALUES {', '.join([row] * count)} RETURNING id, entry_hash), "
        "people AS (INSERT INTO core_auditentryperson (entry_id, participant_id, object_id) "
        "SELECT (SELECT min(id) FROM entry), person, object_id "
        "FROM unnest(%s::uuid[], %s::text[]) AS listed(person, object_id)), "
        "head AS (UPDATE core_auditchainhead SET entry_id = (SELECT max(id) FROM entry), "
        "entry_hash = %s WHERE id = %s) "
        "SELECT id, entry_hash FROM entry"
    )


# AuditEntryPerson's table (migration 0018), written out: no part of a statement is input.
# PostgreSQL takes the people as three arrays in one statement; SQLite, in the process, runs one
# prepared statement for each row.
_INSERT_PEOPLE_POSTGRESQL = (
    "INSERT INTO core_auditentryperson (entry_id, participant_id, object_id) "
    "SELECT %s, person, object_id FROM unnest(%s::uuid[], %s::text[]) AS listed(person, object_id)"
)
_INSERT_PEOPLE = (
    "INSERT INTO core_auditentryperson (entry_id, participant_id, object_id) VALUES (%s, %s, %s)"
)


def _store_people(entry_id: int, listed: list[list[str | None]]) -> None:
    """A list entry's people in one statement: a Min dag of 200 people as model instances
    through bulk_create spent most of the write in the ORM (building and compiling 200
    instances), not in the database."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            people = [person for person, _ in listed]
            objects = [object_id for _, object_id in listed]
            cursor.execute(_INSERT_PEOPLE_POSTGRESQL, [entry_id, people, objects])
            return
        rows = [
            (entry_id, None if person is None else uuid.UUID(person).hex, object_id)
            for person, object_id in listed
        ]
        cursor.executemany(_INSERT_PEOPLE, rows)


@dataclass(frozen=True)
class ChainBreak:
    """The first entry whose place in the chain does not hold, why, and the last entry that
    still held before it. For removed newest entries, `entry_id` is the newest entry the chain
    head names, which is gone."""

    entry_id: int | None
    occurred_at: dt.datetime | None
    problem: str
    previous_entry_id: int | None


@dataclass(frozen=True)
class ChainVerification:
    """What a walk along the chain found: how many entries it checked, up to which one (and its
    hash, where a later walk can go on from), and the first break if any."""

    entries_checked: int
    last_entry_id: int | None
    last_hash: str
    broken: ChainBreak | None

    @property
    def intact(self) -> bool:
        return self.broken is None


CHANGED = "changed"
NOT_AFTER_PREVIOUS = "not_after_previous"
NEWEST_MISSING = "newest_missing"

_COLUMNS = ("id", "previous_hash", "entry_hash", *HASHED_FIELDS)


def _people_of(first_id: int, last_id: int) -> dict[int, list[Person]]:
    """The AuditEntryPerson rows of the entries from `first_id` to `last_id`, by entry: one
    query for a chunk of the walk, by the index on the entry."""
    people: dict[int, list[Person]] = {}
    rows = AuditEntryPerson.objects.filter(entry_id__gte=first_id, entry_id__lte=last_id)
    for entry_id, participant_id, object_id in rows.values_list(
        "entry_id", "participant_id", "object_id"
    ):
        people.setdefault(entry_id, []).append((participant_id, object_id))
    return people


def _rows(
    after_id: int | None, up_to_id: int | None, chunk: int
) -> Iterator[tuple[tuple[Any, ...], list[Person] | None]]:
    """Entries in id order, each with the people it names if it is a list entry, one chunk at
    a time by id (not an open cursor), so that a walk over millions of entries holds neither
    the whole table in memory nor a transaction open."""
    last = after_id
    while True:
        rows = AuditEntry.objects.order_by("id")
        if last is not None:
            rows = rows.filter(id__gt=last)
        if up_to_id is not None:
            rows = rows.filter(id__lte=up_to_id)
        batch = list(rows.values_list(*_COLUMNS)[:chunk])
        if batch:
            people = _people_of(batch[0][0], batch[-1][0])
            for row in batch:
                yield row, people.get(row[0])
        if len(batch) < chunk:
            return
        last = batch[-1][0]


def walk(
    *,
    after: tuple[int, str] | None = None,
    up_to_id: int | None = None,
    chunk: int = 5000,
) -> ChainVerification:
    """Check the chain from the first entry (or from after `after`: an entry id and the hash a
    previous walk found there) up to entry `up_to_id`, or to the newest entry the chain head
    names. Stops at the first break. A walk to the head also checks that its newest entry is
    there, so that removing the newest entries shows too."""
    head = None
    if up_to_id is None:
        # Read before the walk: entries appended meanwhile are left to the next walk.
        head = AuditChainHead.objects.filter(pk=HEAD_ID).values_list("entry_id", "entry_hash")
        head = head.first()
        if head is not None and head[0] is not None:
            up_to_id = head[0]
    previous = after[1] if after else GENESIS
    last_id = after[0] if after else None
    checked = 0
    for row, people in _rows(last_id, up_to_id, chunk):
        row_id, stored_previous, stored_hash, *values = row
        occurred_at = values[0]
        if stored_previous != previous:
            return ChainVerification(
                checked,
                last_id,
                previous,
                ChainBreak(row_id, occurred_at, NOT_AFTER_PREVIOUS, last_id),
            )
        listed = None if people is None else listed_people(people)
        if entry_hash(previous, values, listed) != stored_hash:
            return ChainVerification(
                checked, last_id, previous, ChainBreak(row_id, occurred_at, CHANGED, last_id)
            )
        previous, last_id = stored_hash, row_id
        checked += 1
    if head is not None and head != (last_id, previous):
        return ChainVerification(
            checked, last_id, previous, ChainBreak(head[0], None, NEWEST_MISSING, last_id)
        )
    return ChainVerification(checked, last_id, previous, None)
