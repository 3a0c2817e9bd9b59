"""The summer-job allocation's files (the formats are fixed):

- ``A.csv``: ``applicant_id,birth_date,district,priority,lottery,choices`` — ``birth_date``
  YYYY-MM-DD; ``priority`` a whole number, higher first; ``lottery`` a number, lower first, or
  empty (drawn from the seed); ``choices`` workplace ids separated by ``;``, most wanted first.
- ``W.csv``: ``workplace_id,capacity,min_age,max_age,district`` — ``capacity`` a whole number,
  0 or more; the ages whole numbers on the reference date, empty for no limit.
- ``M.csv``: ``applicant_id,workplace_id``, one row per applicant in input order,
  ``workplace_id`` empty when unplaced.

UTF-8 with or without a byte-order mark; a header row is required (columns in any order; other
columns are ignored). A bad file raises ``BadFile`` naming the file, the row (the line number,
the header being row 1) and the column. Writing goes through a temporary file in the same
folder, renamed into place, so a failed run leaves nothing half written.
"""

from __future__ import annotations

import csv
import math
import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

from jobbtorg.engines.cells import neutralised_row, restored
from jobbtorg.engines.summerjobs.model import Applicant, Explanation, Workplace

APPLICANT_COLUMNS = ("applicant_id", "birth_date", "district", "priority", "lottery", "choices")
WORKPLACE_COLUMNS = ("workplace_id", "capacity", "min_age", "max_age", "district")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
RESULT_COLUMNS = ("applicant_id", "workplace_id")
EXPLANATION_COLUMNS = (
    "applicant_id",
    "lottery",
    "reason",
    "placed_choice",
    "workplace_id",
    "choice",
    "choice_workplace_id",
    "status",
    "rank",
    "out_of",
    "cutoff",
    "admitted",
    "capacity",
    "age",
    "min_age",
    "max_age",
)


class BadFile(ValueError):
    """A file that cannot be used: ``file``, ``row`` (line number; None for the whole file),
    ``column`` (None when not about one column) and what is wrong."""

    def __init__(self, file: str, row: int | None, column: str | None, problem: str) -> None:
        where = [file]
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column {column}")
        super().__init__(f"{', '.join(where)}: {problem}")
        self.file = file
        self.row = row
        self.column = column
        self.problem = problem


def _rows(path: str | Path, columns: Sequence[str]) -> Iterable[tuple[int, dict[str, str]]]:
    name = os.path.basename(str(path))
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            lines = handle.read()
    except FileNotFoundError:
        raise BadFile(name, None, None, "there is no such file") from None
    except UnicodeDecodeError as error:
        raise BadFile(name, None, None, f"not UTF-8 ({error.reason})") from None
    except OSError as error:
        raise BadFile(name, None, None, f"cannot be read ({error.strerror})") from None
    reader = csv.reader(lines.splitlines())
    try:
        header = next(reader)
    except StopIteration:
        raise BadFile(
            name, 1, None, f"empty; a header row is required: {','.join(columns)}"
        ) from None
    except csv.Error as error:
        raise BadFile(name, 1, None, f"not CSV ({error})") from None
    header = [h.strip() for h in header]
    for column in columns:
        if column not in header:
            raise BadFile(name, 1, column, f"the column is missing (header: {','.join(header)})")
    where = {column: header.index(column) for column in columns}
    try:
        for line, fields in enumerate(reader, start=2):
            if not fields or all(not f.strip() for f in fields):
                continue  # blank lines are allowed
            if len(fields) != len(header):
                raise BadFile(
                    name,
                    line,
                    None,
                    f"{len(fields)} fields where the header has {len(header)}",
                )
            # Text the writers neutralised (see jobbtorg.engines.cells) reads back as it was.
            yield line, {column: restored(fields[i].strip()) for column, i in where.items()}
    except csv.Error as error:
        raise BadFile(name, reader.line_num, None, f"not CSV ({error})") from None


def _whole(name: str, line: int, column: str, text: str, *, minimum: int | None = None) -> int:
    try:
        value = int(text)
    except ValueError:
        raise BadFile(name, line, column, f"not a whole number: {text!r}") from None
    if minimum is not None and value < minimum:
        raise BadFile(name, line, column, f"must be {minimum} or more: {text!r}")
    return value


def parse_date(text: str) -> date | None:
    """A YYYY-MM-DD date, or None."""
    if not ISO_DATE.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def read_workplaces(path: str | Path) -> list[Workplace]:
    name = os.path.basename(str(path))
    places: list[Workplace] = []
    seen: dict[str, int] = {}
    for line, row in _rows(path, WORKPLACE_COLUMNS):
        wid = row["workplace_id"]
        if not wid:
            raise BadFile(name, line, "workplace_id", "empty")
        if wid in seen:
            raise BadFile(name, line, "workplace_id", f"{wid} already on row {seen[wid]}")
        seen[wid] = line
        capacity = _whole(name, line, "capacity", row["capacity"], minimum=0)
        ages: dict[str, int | None] = {}
        for column in ("min_age", "max_age"):
            text = row[column]
            ages[column] = _whole(name, line, column, text, minimum=0) if text else None
        low, high = ages["min_age"], ages["max_age"]
        if low is not None and high is not None and low > high:
            raise BadFile(name, line, "max_age", f"{high} is below min_age {low}")
        places.append(Workplace(wid, capacity, low, high, row["district"]))
    return places


def read_applicants(path: str | Path, workplaces: Sequence[Workplace]) -> list[Applicant]:
    name = os.path.basename(str(path))
    known = {place.id for place in workplaces}
    people: list[Applicant] = []
    seen: dict[str, int] = {}
    for line, row in _rows(path, APPLICANT_COLUMNS):
        aid = row["applicant_id"]
        if not aid:
            raise BadFile(name, line, "applicant_id", "empty")
        if aid in seen:
            raise BadFile(name, line, "applicant_id", f"{aid} already on row {seen[aid]}")
        seen[aid] = line
        born = parse_date(row["birth_date"])
        if born is None:
            raise BadFile(
                name, line, "birth_date", f"not a date (YYYY-MM-DD): {row['birth_date']!r}"
            )
        priority = _whole(name, line, "priority", row["priority"])
        lottery: float | None = None
        if row["lottery"]:
            try:
                lottery = float(row["lottery"])
            except ValueError:
                raise BadFile(name, line, "lottery", f"not a number: {row['lottery']!r}") from None
            if not math.isfinite(lottery):
                raise BadFile(name, line, "lottery", f"not a finite number: {row['lottery']!r}")
        choices = tuple(c.strip() for c in row["choices"].split(";") if c.strip())
        for choice in choices:
            if choice not in known:
                raise BadFile(name, line, "choices", f"unknown workplace {choice!r}")
        people.append(Applicant(aid, born, row["district"], priority, lottery, choices))
    return people


def _write(path: str | Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    folder = os.path.dirname(os.path.abspath(str(path)))
    handle, temporary = tempfile.mkstemp(prefix=".summerjobs-", suffix=".csv", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(neutralised_row(row) for row in rows)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def write_result(path: str | Path, assignment: dict[str, str | None]) -> None:
    """``M.csv``: one row per applicant in the order of ``assignment`` (the input order)."""
    _write(path, RESULT_COLUMNS, ((aid, wid or "") for aid, wid in assignment.items()))


def explanation_rows(explanations: Iterable[Explanation]) -> Iterable[list[object]]:
    """One row per applicant and choice (one row without a choice when they chose nothing)."""

    def blank(value: object) -> object:
        return "" if value is None else value

    for ex in explanations:
        head: list[object] = [
            ex.applicant_id,
            repr(ex.lottery),
            ex.reason,
            blank(ex.placed_choice),
            blank(ex.workplace_id),
        ]
        if not ex.choices:
            yield head + [""] * (len(EXPLANATION_COLUMNS) - len(head))
        for position, outcome in enumerate(ex.choices, start=1):
            st = outcome.standing
            yield head + [
                position,
                outcome.workplace_id,
                outcome.status,
                "" if st is None else st.rank,
                "" if st is None else st.out_of,
                "" if st is None else blank(st.cutoff),
                "" if st is None else st.admitted,
                "" if st is None else st.capacity,
                blank(outcome.age),
                blank(outcome.min_age),
                blank(outcome.max_age),
            ]


def write_explanations(path: str | Path, explanations: Iterable[Explanation]) -> None:
    _write(path, EXPLANATION_COLUMNS, explanation_rows(explanations))
