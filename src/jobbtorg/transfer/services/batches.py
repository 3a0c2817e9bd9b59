"""An import is written in batches of people, one transaction each: a person is imported whole
or not at all, the database is not held for the whole file, the page sees the progress, and an
import whose worker died goes on after the last batch written (`Checkpoint`)."""

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from jobbtorg.engines.transfer import format as fmt
from jobbtorg.engines.transfer.records import TransferRecords
from jobbtorg.engines.transfer.validate import Reject


@dataclass
class Checkpoint:
    """How far a writing import has come, committed with each batch. People are written in
    the order of their personnummer: `after` is the last one written."""

    after: str = ""
    people_done: int = 0
    # Per file: created, updated, unchanged so far.
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    # Rows refused at writing time so far (as `Reject` fields).
    rejects: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def of(cls, data: dict[str, Any]) -> "Checkpoint":
        return cls(**data) if data else cls()

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    def counters(self) -> dict[str, Counter[str]]:
        return {name: Counter(counts) for name, counts in self.counts.items()}

    def refused(self) -> list[Reject]:
        return [Reject(**reject) for reject in self.rejects]

    def advance(
        self,
        last: str,
        people: int,
        counts: dict[str, Counter[str]],
        rejects: list[Reject],
    ) -> None:
        self.after = last
        self.people_done += people
        self.counts = {name: dict(counter) for name, counter in counts.items()}
        self.rejects = [asdict(reject) | {"values": dict(reject.values)} for reject in rejects]


@dataclass(frozen=True)
class Batch:
    numbers: list[str]
    records: TransferRecords


def people_of(records: TransferRecords) -> list[str]:
    return sorted({r.personnummer for name in fmt.FILE_NAMES for r in getattr(records, name)})


def people_batches(records: TransferRecords, *, after: str, size: int | None) -> list[Batch]:
    """The records of the people after `after`, `size` people a batch (all in one when None),
    each file's rows in the order of the file."""
    todo = [number for number in people_of(records) if number > after]
    size = size or max(len(todo), 1)
    batch_of = {number: index // size for index, number in enumerate(todo)}
    count = -(-len(todo) // size)
    rows: list[dict[str, list[Any]]] = [{name: [] for name in fmt.FILE_NAMES} for _ in range(count)]
    for name in fmt.FILE_NAMES:
        for record in getattr(records, name):
            index = batch_of.get(record.personnummer)
            if index is not None:
                rows[index][name].append(record)
    return [
        Batch(
            numbers=todo[index * size : (index + 1) * size],
            records=TransferRecords(**{name: tuple(rs) for name, rs in rows[index].items()}),
        )
        for index in range(count)
    ]
