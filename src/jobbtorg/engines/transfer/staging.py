"""A transfer of any size, checked a batch of people at a time.

Every check `validate` makes across rows and files is about one person: a key that may appear
once begins with the personnummer, and a row depends only on rows of its own person (their
participants row, their plan). So the rows are read once, as they come (`read.open_transfer`),
and spooled to a file on disk sorted by person (an SQLite database of the standard library, in
a temporary directory); then each batch of people is read back and validated on its own, with
exactly the messages of a whole-file validation. Memory holds one batch, whatever the size of the
transfer. Rows whose personnummer cannot be read belong to no person: they are checked on their
own, a few thousand at a time, before the people.

People come in the order of their 12-digit personnummer, so that an import that stopped after a
person can go on after them (`after`).
"""

from __future__ import annotations

import marshal
import sqlite3
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any

from jobbtorg.engines.transfer import format as fmt
from jobbtorg.engines.transfer.read import InputRow, TransferInput
from jobbtorg.engines.transfer.rows import RowContext
from jobbtorg.engines.transfer.validate import UnitScope, ValidationResult, validate

# Rows with no person are checked this many at a time.
NO_PERSON_CHUNK = 5000
# Rows are written to the spool this many at a time.
_WRITE_CHUNK = 10_000


@dataclass(frozen=True)
class StagedBatch:
    """A batch of people (none: rows whose personnummer cannot be read), validated, and how
    many rows of each file it holds."""

    numbers: tuple[str, ...]
    result: ValidationResult
    rows: Mapping[str, int]


class Checking:
    """What each batch of a transfer is checked against, and the check of one batch: the
    tables' headers (their rows come from the spool), the codes and what the product holds.
    `validate`'s arguments, once for every batch."""

    def __init__(
        self,
        transfer: TransferInput,
        codes: fmt.ReferenceCodes,
        *,
        today: date,
        known_people: frozenset[str],
        known_plans: Mapping[tuple[str, str], tuple[date, date]] | None,
        unit: UnitScope | None,
    ) -> None:
        self.source = transfer.source
        self.tables = {name: replace(table, rows=()) for name, table in transfer.tables.items()}
        self.codes = codes
        self.today = today
        self.known_people = known_people
        if unit is not None and known_plans:
            # `validate` keeps only the unit's people's plans: once here, not once a batch.
            known_plans = {k: span for k, span in known_plans.items() if k[0] in unit.own_people}
        self.known_plans = known_plans
        self.unit = unit

    def __getstate__(self) -> dict[str, Any]:
        # For the checker's process: a mapping proxy (the codes' districts) does not pickle.
        codes = {f.name: getattr(self.codes, f.name) for f in fields(self.codes)}
        return self.__dict__ | {"codes": codes | {"districts": dict(self.codes.districts)}}

    def __setstate__(self, state: dict[str, Any]) -> None:
        codes = state["codes"] | {"districts": MappingProxyType(state["codes"]["districts"])}
        self.__dict__.update(state | {"codes": fmt.ReferenceCodes(**codes)})

    def validated(
        self, numbers: tuple[str, ...], chunk: list[tuple[int, int, bytes]]
    ) -> StagedBatch:
        """The batch of `numbers` (none: rows of no person), its rows as spooled, checked."""
        rows: dict[str, list[InputRow]] = {name: [] for name in self.tables}
        for file, number, data in chunk:
            values, extra = marshal.loads(data)  # noqa: S302 - spooled by this import
            rows[fmt.FILE_NAMES[file]].append(
                InputRow(number=number, values=MappingProxyType(values), extra=extra)
            )
        tables = {
            name: replace(table, rows=tuple(rows[name])) for name, table in self.tables.items()
        }
        result = validate(
            TransferInput(source=self.source, tables=MappingProxyType(tables)),
            self.codes,
            today=self.today,
            known_people=self.known_people,
            known_plans=self.known_plans,
            unit=self.unit,
        )
        return StagedBatch(
            numbers=numbers,
            result=result,
            rows=MappingProxyType({name: len(batch) for name, batch in rows.items()}),
        )


def spooled_batches(
    db: sqlite3.Connection, people: list[str], size: int
) -> Iterator[tuple[tuple[str, ...], list[tuple[int, int, bytes]]]]:
    """The spooled rows with no person, a few thousand at a time, then those of `people`,
    `size` people at a time: (the batch's people, its rows as spooled)."""
    cursor = db.execute(
        "SELECT file, number, data FROM row WHERE person = '' ORDER BY file, number"
    )
    while chunk := cursor.fetchmany(NO_PERSON_CHUNK):
        yield (), chunk
    for start in range(0, len(people), size):
        numbers = tuple(people[start : start + size])
        chunk = db.execute(
            "SELECT file, number, data FROM row WHERE person BETWEEN ? AND ? ORDER BY file, number",
            (numbers[0], numbers[-1]),
        ).fetchall()
        yield numbers, chunk


def spooled_people(db: sqlite3.Connection) -> list[str]:
    """The people of the spool (readable personnummer), in order."""
    return [
        person
        for (person,) in db.execute(
            "SELECT DISTINCT person FROM row WHERE person != '' ORDER BY person"
        )
    ]


class StagedTransfer:
    """The rows of a transfer spooled by person; see the module's description."""

    def __init__(
        self,
        connection: sqlite3.Connection,
        path: Path,
        transfer: TransferInput,
        checking: Checking,
    ) -> None:
        self._db = connection
        self._path = path
        self._checking = checking
        self._spool(transfer, RowContext(checking.codes, checking.today))
        counts = dict.fromkeys(transfer.tables, 0)
        for file, count in self._db.execute("SELECT file, count(*) FROM row GROUP BY file"):
            counts[fmt.FILE_NAMES[file]] = count
        # Data rows per file, for the files present in the input.
        self.read: Mapping[str, int] = MappingProxyType(counts)
        self._people = spooled_people(self._db)

    @property
    def people(self) -> int:
        """How many people (readable personnummer) the transfer names."""
        return len(self._people)

    def rows_up_to(self, after: str) -> dict[str, int]:
        """Rows per file up to and including the person `after`, and the rows of no person
        (which come first) when `after` is set."""
        counts = dict.fromkeys(self.read, 0)
        if after:
            for file, count in self._db.execute(
                "SELECT file, count(*) FROM row WHERE person <= ? GROUP BY file",
                (after,),
            ):
                counts[fmt.FILE_NAMES[file]] = count
        return counts

    def batches(self, size: int, *, ahead: bool = True) -> Iterator[StagedBatch]:
        """The rows with no person, then the people `size` at a time, each batch validated.
        When there is more than one batch of people and `ahead`, they are validated in a
        process of their own (`checker.py`), a batch ahead of the caller, who writes the
        batch before on the other core meanwhile."""
        if ahead and len(self._people) > size:
            # Imported here: the checker imports this module.
            from jobbtorg.engines.transfer import checker

            yield from checker.checked_ahead(self._path, self._checking, size)
            return
        for numbers, chunk in spooled_batches(self._db, self._people, size):
            yield self._checking.validated(numbers, chunk)

    def _spool(self, transfer: TransferInput, context: RowContext) -> None:
        self._db.execute(
            "CREATE TABLE row (person TEXT NOT NULL, file INTEGER NOT NULL, "
            "number INTEGER NOT NULL, data BLOB NOT NULL)"
        )
        for name, table in transfer.tables.items():
            file = fmt.FILE_NAMES.index(name)
            pending: list[tuple[str, int, int, bytes]] = []
            for row in table.rows:
                # The person the row belongs to; "" when the number cannot be read.
                person, _problem = context.personnummer(row.values.get("personnummer", "").strip())
                pending.append(
                    (person, file, row.number, marshal.dumps((dict(row.values), row.extra)))
                )
                if len(pending) >= _WRITE_CHUNK:
                    self._db.executemany("INSERT INTO row VALUES (?, ?, ?, ?)", pending)
                    pending.clear()
            self._db.executemany("INSERT INTO row VALUES (?, ?, ?, ?)", pending)
        self._db.execute("CREATE INDEX row_person ON row (person, file, number)")
        # Committed, so that the checker's connection reads it too.
        self._db.commit()


@contextmanager
def staged(
    transfer: TransferInput,
    codes: fmt.ReferenceCodes,
    *,
    today: date,
    known_people: frozenset[str] = frozenset(),
    known_plans: Mapping[tuple[str, str], tuple[date, date]] | None = None,
    unit: UnitScope | None = None,
    directory: Path | str | None = None,
) -> Iterator[StagedTransfer]:
    """`transfer` (from `read.open_transfer`, or read whole) spooled by person in a temporary
    directory (under `directory`, or the system's), removed on leaving. The arguments after
    `codes` are `validate`'s. Input that cannot be used is found here, before any batch."""
    with tempfile.TemporaryDirectory(prefix="transfer-", dir=directory) as spool:
        path = Path(spool) / "rows.sqlite3"
        connection = sqlite3.connect(path)
        try:
            # A scratch file: nothing to recover after a crash, so no journal and no syncs.
            connection.execute("PRAGMA journal_mode = OFF")
            connection.execute("PRAGMA synchronous = OFF")
            checking = Checking(
                transfer,
                codes,
                today=today,
                known_people=known_people,
                known_plans=known_plans,
                unit=unit,
            )
            yield StagedTransfer(connection, path, transfer, checking)
        finally:
            connection.close()
