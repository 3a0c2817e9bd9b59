"""The reference data a transactional test gets back after its flush, restored in bulk.

Tests marked `serialized_rollback=True` (the browser tests, the audit chain's and other
transactional ones) have the database emptied after them and the reference data the migrations
loaded (about 10,000 rows: the taxonomy's skills and occupations, districts, permissions) put
back before them. Django parses the saved JSON again and saves the rows one by one each time,
about 2.5 s a test on an idle machine; this parses it once per process and writes each emptied
model's rows with one bulk insert. The rows written are the same (a test compares).
"""

from io import StringIO
from typing import Any

from django.core import serializers
from django.db import transaction
from django.db.backends.base.creation import BaseDatabaseCreation

_parsed: dict[tuple[str, int], list[tuple[type, list[Any], list[tuple[Any, str, list[Any]]]]]] = {}


def _groups(
    alias: str, data: str
) -> list[tuple[type, list[Any], list[tuple[Any, str, list[Any]]]]]:
    """The saved rows as runs of one model each, in the saved order (parents before the rows
    that point at them), with each object's many-to-many links."""
    key = (alias, hash(data))
    if key not in _parsed:
        groups: list[tuple[type, list[Any], list[tuple[Any, str, list[Any]]]]] = []
        for deserialized in serializers.deserialize("json", StringIO(data), using=alias):
            obj = deserialized.object
            if not groups or groups[-1][0] is not type(obj):
                groups.append((type(obj), [], []))
            groups[-1][1].append(obj)
            for name, ids in (deserialized.m2m_data or {}).items():
                groups[-1][2].append((obj, name, ids))
        _parsed[key] = groups
    return _parsed[key]


def _insert_raw(model: type, objects: list[Any], connection: Any) -> None:
    """The rows as saved, in batches: raw, as Django's own restore saves them, so that no field
    fills itself in (`bulk_create` would stamp `auto_now` fields with the time of the restore)."""
    fields = model._meta.local_concrete_fields
    size = connection.ops.bulk_batch_size(fields, objects) or len(objects)
    for start in range(0, len(objects), size):
        model._base_manager._insert(
            objects[start : start + size], fields=fields, raw=True, using=connection.alias
        )


def _changed(model: type, objects: list[Any], rows: Any) -> list[Any]:
    """The saved objects whose row in the database now holds other values."""
    fields = model._meta.local_concrete_fields
    now = {row[0]: row[1:] for row in rows.values_list("pk", *(f.attname for f in fields))}
    return [
        obj for obj in objects if now.get(obj.pk) != tuple(getattr(obj, f.attname) for f in fields)
    ]


def restore(creation: BaseDatabaseCreation, data: str) -> None:
    """Drop-in for `BaseDatabaseCreation.deserialize_db_from_string`."""
    connection = creation.connection
    groups = _groups(connection.alias, data)
    tables = set()
    with transaction.atomic(using=connection.alias):
        with connection.constraint_checks_disabled():
            for model, objects, links in groups:
                rows = model._base_manager.using(connection.alias)
                present = set(rows.values_list("pk", flat=True))
                if not present:
                    _insert_raw(model, objects, connection)
                elif present != {obj.pk for obj in objects}:
                    # Partly there (a test that emptied one table): Django's way, row by row,
                    # which updates what is there and adds what is not.
                    for obj in objects:
                        obj.save_base(raw=True, using=connection.alias)
                else:
                    # All there: the database was not flushed since it was loaded. Django's
                    # restore would still write every row back, so a row some earlier test
                    # changed and committed is written back here too; the rest is left alone.
                    for obj in _changed(model, objects, rows):
                        obj.save_base(raw=True, using=connection.alias)
                for obj, name, ids in links:
                    getattr(obj, name).set(ids)
                tables.add(model._meta.db_table)
        connection.check_constraints(table_names=sorted(tables))
