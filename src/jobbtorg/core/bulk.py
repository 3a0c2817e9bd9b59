"""Inserting many new model objects at once, for the writers whose rows come by the thousand
(the transfer import, the audit chain, the kept deadlines).

On PostgreSQL the objects go in by COPY, with the ids of an auto-increment key taken from its
sequence in one query first, so that the objects (and the rows that refer to them) have them.
A profile of the transfer import found `bulk_create` there spending most of its time compiling
the statement and preparing each value, not in the database. Elsewhere (SQLite) it is
`bulk_create`: the same rows, and the same ids given back on the objects.
"""

from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection, models

# Fields whose Python value psycopg's COPY writes as the ORM would store it; any other field
# prepares its value itself (`get_db_prep_save`: JSON, addresses).
_PLAIN = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.DateField,  # and DateTimeField, its subclass: aware date-times as they are
    models.DecimalField,
    models.UUIDField,
)


def insert_objects(model: type[models.Model], objs: Sequence[models.Model]) -> None:
    """Insert `objs`, new objects of `model`, as `bulk_create` would: their ids set, their
    automatic timestamps set, no signals sent."""
    if not objs:
        return
    if connection.vendor != "postgresql":
        # Django splits the statements as the database's limit of variables needs.
        model._default_manager.bulk_create(objs)
        return
    meta = model._meta
    pk = meta.pk
    assert pk is not None
    if isinstance(pk, models.AutoField | models.BigAutoField | models.SmallAutoField):
        missing = [obj for obj in objs if obj.pk is None]
        ids = _reserve_ids(meta.db_table, pk.column, len(missing))
        for obj, new_id in zip(missing, ids, strict=True):
            obj.pk = new_id
    fields = list(meta.concrete_fields)
    values = [_value_of(field) for field in fields]
    names = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    table = connection.ops.quote_name(meta.db_table)
    # The names come from the model, quoted; the rows are data.
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
    ):
        for obj in objs:
            copy.write_row([value(obj) for value in values])
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias


def _reserve_ids(table: str, column: str, count: int) -> list[int]:
    """`count` new ids of the table's key from its sequence, ascending, in one query."""
    if not count:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [connection.ops.quote_name(table), column, count],
        )
        return sorted(new_id for (new_id,) in cursor.fetchall())


def _value_of(field: Any) -> Callable[[models.Model], Any]:
    """How to read the value of `field` to store from an object."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return lambda obj: field.pre_save(obj, add=True)
    if field.is_relation:
        attname = field.attname

        def related(obj: models.Model) -> Any:
            value = getattr(obj, attname)
            if value is None:
                # Set as an object that was saved after it was assigned (`case.participant`).
                target = field.get_cached_value(obj, None)
                if target is not None and target.pk is not None:
                    value = target.pk
                    setattr(obj, attname, value)
            return value

        return related
    if isinstance(field, _PLAIN):
        attname = field.attname
        return lambda obj: getattr(obj, attname)
    return lambda obj: field.get_db_prep_save(getattr(obj, field.attname), connection)
