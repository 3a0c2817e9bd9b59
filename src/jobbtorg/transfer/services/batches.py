"""An import is written in batches of people, one transaction each: a person is imported whole
or not at all, the database is not held for the whole file, the page sees the progress, and an
import whose worker died goes on after the last batch written (`Checkpoint`)."""

from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from jobbtorg.engines.transfer import format as fmt
from jobbtorg.engines.transfer.notices import Notice
from jobbtorg.engines.transfer.records import TransferRecords
from jobbtorg.engines.transfer.staging import StagedTransfer
from jobbtorg.engines.transfer.validate import Reject, ValidationResult


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
    # Rows imported with a warning so far (as `Notice` fields).
    notices: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def of(cls, data: dict[str, Any]) -> "Checkpoint":
        return cls(**data) if data else cls()

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    def counters(self) -> dict[str, Counter[str]]:
        return {name: Counter(counts) for name, counts in self.counts.items()}

    def refused(self) -> list[Reject]:
        return [Reject(**reject) for reject in self.rejects]

    def noticed(self) -> list[Notice]:
        return [Notice(**notice) for notice in self.notices]

    def advance(
        self,
        last: str,
        people: int,
        counts: dict[str, Counter[str]],
        rejects: list[Reject],
        notices: list[Notice],
    ) -> None:
        self.after = last
        self.people_done += people
        self.counts = {name: dict(counter) for name, counter in counts.items()}
        self.rejects = [asdict(reject) | {"values": dict(reject.values)} for reject in rejects]
        self.notices = [asdict(notice) for notice in notices]


@dataclass(frozen=True)
class Batch:
    """People to write together (none: rows that belong to no person), their good records, the
    rows the check refused, and how many rows of each file the batch holds."""

    numbers: list[str]
    records: TransferRecords
    rejects: tuple[Reject, ...] = ()
    rows: Mapping[str, int] = field(default_factory=dict)


class CheckedTransfer(Protocol):
    """A checked transfer, handed to the import a batch of people at a time."""

    @property
    def read(self) -> Mapping[str, int]: ...

    @property
    def people(self) -> int: ...

    def rows_up_to(self, after: str) -> dict[str, int]: ...

    def rows(self) -> dict[str, int]: ...

    def batches(self, size: int | None) -> Iterator[Batch]: ...


class ValidatedTransfer:
    """A transfer validated whole, in memory (`validate`): small inputs and the tests."""

    def __init__(self, result: ValidationResult) -> None:
        self.result = result
        self.read = result.read
        self.people = len(people_of(result.records))

    def rows_up_to(self, after: str) -> dict[str, int]:
        return {
            name: sum(1 for r in records if r.personnummer <= after) if after else 0
            for name in fmt.FILE_NAMES
            if (records := getattr(self.result.records, name))
        }

    def rows(self) -> dict[str, int]:
        return {name: self.result.records.count(name) for name in fmt.FILE_NAMES}

    def batches(self, size: int | None) -> Iterator[Batch]:
        if self.result.rejects:
            yield Batch(numbers=[], records=TransferRecords(), rejects=self.result.rejects)
        yield from people_batches(self.result.records, after="", size=size)


class StreamedTransfer:
    """A transfer of any size, spooled by person and validated a batch at a time
    (`engines/transfer/staging.py`)."""

    def __init__(self, staged: StagedTransfer) -> None:
        self.staged = staged
        self.read = staged.read

    @property
    def people(self) -> int:
        return self.staged.people

    def rows_up_to(self, after: str) -> dict[str, int]:
        return self.staged.rows_up_to(after)

    def rows(self) -> dict[str, int]:
        return dict(self.staged.read)

    def batches(self, size: int | None) -> Iterator[Batch]:
        for batch in self.staged.batches(size or BATCH_WHOLE):
            yield Batch(
                numbers=list(batch.numbers),
                records=batch.result.records,
                rejects=batch.result.rejects,
                rows=batch.rows,
            )


# All or nothing holds the whole file in one transaction; its batches still bound the memory.
BATCH_WHOLE = 500


def people_of(records: TransferRecords) -> list[str]:
    return sorted({r.personnummer for name in fmt.FILE_NAMES for r in getattr(records, name)})


def people_batches(records: TransferRecords, *, after: str, size: int | None) -> Iterator[Batch]:
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
    for index in range(count):
        yield Batch(
            numbers=todo[index * size : (index + 1) * size],
            records=TransferRecords(**{name: tuple(rs) for name, rs in rows[index].items()}),
            rows={name: len(rs) for name, rs in rows[index].items() if rs},
        )
