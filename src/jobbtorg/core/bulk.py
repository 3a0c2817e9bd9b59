"""Inserting many new rows at once, for the writers whose rows come by the thousand (the
transfer import, the audit chain, the kept deadlines).

On PostgreSQL the rows go in by COPY, and a model's objects get the ids of an auto-increment
key from its sequence in one query first, so that they (and the rows that refer to them) have
them. A profile of the transfer import found `bulk_create` spending most of its time compiling
the statement and preparing each value, not in the database; and psycopg's COPY spending most of
its own in turning dates, times, decimals and UUIDs into text, which is done here once per
distinct date and once per insert for the timestamps. Elsewhere (SQLite) it is `bulk_create`
and a prepared statement: the same rows, the same ids given back on the objects.
"""

import datetime as dt
import decimal
import uuid
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connection, models
from django.utils import timezone

_AUTO_KEYS = (models.AutoField, models.BigAutoField, models.SmallAutoField)


def insert_objects(model: type[models.Model], objs: Sequence[models.Model]) -> None:
    """Insert `objs`, new objects of `model`, as `bulk_create` would: their ids set, their
    automatic timestamps set (one instant for all), no signals sent."""
    if not objs:
        return
    if connection.vendor != "postgresql":
        # Django splits the statements as the database's limit of variables needs.
        model._default_manager.bulk_create(objs)
        return
    meta = model._meta
    pk = meta.pk
    assert pk is not None
    if isinstance(pk, _AUTO_KEYS):
        missing = [obj for obj in objs if obj.pk is None]
        ids = _reserve_ids(meta.db_table, pk.column, len(missing))
        for obj, new_id in zip(missing, ids, strict=True):
            obj.pk = new_id
    now = timezone.now()
    fields = list(meta.concrete_fields)
    values = [_value_of(field, now) for field in fields]
    copy_rows(meta.db_table, [f.column for f in fields], ([v(o) for v in values] for o in objs))
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias


def copy_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """PostgreSQL: COPY `rows` (values in the order of `columns`) into `table`; dates, times,
    decimals and UUIDs are written as text here (`as_text`). Returns how many rows."""
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    count = 0
    texts = _Texts()
    # The names come from the model, quoted; the rows are data.
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} ({names}) FROM STDIN") as copy,
    ):
        text = texts.of
        for row in rows:
            copy.write_row([text(value) for value in row])
            count += 1
    return count


class _Texts:
    """Values as COPY's text format takes them, each distinct date and instant written once (a
    city's transfer has some hundreds of distinct dates in a million values)."""

    def __init__(self) -> None:
        self._dates: dict[Any, str] = {}

    def of(self, value: Any) -> Any:
        kind = type(value)
        if kind is str or kind is int or kind is bool or value is None:
            return value
        if kind is dt.date or kind is dt.datetime:
            text = self._dates.get(value)
            if text is None:
                text = self._dates[value] = value.isoformat()
            return text
        if kind is decimal.Decimal or kind is uuid.UUID:
            return str(value)
        return value  # anything else as psycopg writes it (JSON, addresses)


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


# Fields whose Python value is stored as it is; any other field prepares its value itself
# (`get_db_prep_save`: JSON, addresses).
_PLAIN = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.DateField,  # and DateTimeField, its subclass: aware date-times
    models.DecimalField,
    models.UUIDField,
)


def _value_of(field: Any, now: dt.datetime) -> Callable[[models.Model], Any]:
    """How to read the value of `field` to store from an object; `now` for its automatic
    timestamps."""
    attname = field.attname
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):

        def stamped(obj: models.Model) -> Any:
            setattr(obj, attname, now)
            return now

        return stamped
    if field.is_relation:

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
        return lambda obj: getattr(obj, attname)
    return lambda obj: field.get_db_prep_save(getattr(obj, attname), connection)
