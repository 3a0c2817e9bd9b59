"""Write the transfer format: export from typed records, and the rejects of an import.

Canonical text, the form export writes and import reads back to the same records:
personnummer as 12 digits (YYYYMMDDNNNN: no separator to be misread by a spreadsheet as a
subtraction or stripped of a '+'), dates `YYYY-MM-DD`, months `YYYY-MM`, numbers in plain
decimal notation with a point, yes/no as `yes`/`no`, anything empty as "".

Files (in a directory or a `.zip`) are UTF-8 without a byte-order mark, comma-separated, with a
header row of every column of the format (optional ones too) in the format's order, and CRLF
line ends (RFC 4180). A text that a spreadsheet would take for a formula is written with a
leading quote (`jobbtorg.engines.cells`), which the reader takes off again.

An import's rejects go to two places (`write_rejects`):
- `PATH.rejects.csv`, one line per problem: `file,row,column,message` (`column` is empty when
  the problem is the whole row). This is the list to read.
- `PATH.rejects/`, a directory in the transfer format holding only the rejected rows, with
  their original values (unknown columns too). Corrected, it can be imported on its own.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path

from jobbtorg.engines.cells import neutralised_row
from jobbtorg.engines.transfer.format import BY_NAME, FILE_NAMES, NO, YES
from jobbtorg.engines.transfer.records import TransferRecords
from jobbtorg.engines.transfer.validate import Reject

REJECTS_COLUMNS = ("file", "row", "column", "message")


def value_text(value: object) -> str:
    """A record's value in canonical text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def record_to_row(record: object) -> dict[str, str]:
    """One record as a row of its file, with every column of the format."""
    if not dataclasses.is_dataclass(record) or isinstance(record, type):
        raise TypeError(f"not a transfer record: {record!r}")
    values = {f.name: getattr(record, f.name) for f in dataclasses.fields(record)}
    row = {column: value_text(value) for column, value in values.items() if column != "row"}
    if "month" in row and isinstance(values["month"], date):
        row["month"] = f"{values['month']:%Y-%m}"
    return row


def records_to_rows(records: TransferRecords) -> dict[str, list[dict[str, str]]]:
    """Every file's rows, in the format's file order, each in the format's column order."""
    tables: dict[str, list[dict[str, str]]] = {}
    for name in FILE_NAMES:
        columns = BY_NAME[name].columns
        rows = []
        for record in getattr(records, name):
            row = record_to_row(record)
            rows.append({column: row.get(column, "") for column in columns})
        tables[name] = rows
    return tables


def _columns(name: str, rows: Sequence[Mapping[str, str]]) -> list[str]:
    """The format's columns, then any others the rows hold, in the order first seen."""
    columns = list(BY_NAME[name].columns)
    seen = set(columns)
    for row in rows:
        for column in row:
            if column not in seen:
                seen.add(column)
                columns.append(column)
    return columns


def table_csv(name: str, rows: Iterable[Mapping[str, str]]) -> str:
    """The text of one file of the format (`name` such as "plans") holding `rows`."""
    if name not in BY_NAME:
        raise ValueError(f"{name} is not a file of the transfer format")
    rows = list(rows)
    columns = _columns(name, rows)
    out = io.StringIO()
    writer = csv.writer(out)
    # Unknown columns of rejected rows are named by the input: neutralised like the values.
    writer.writerow(neutralised_row(columns))
    writer.writerows(neutralised_row(row.get(column, "") for column in columns) for row in rows)
    return out.getvalue()


def write_csv_directory(
    path: Path | str, tables: Mapping[str, Iterable[Mapping[str, str]]]
) -> list[Path]:
    """Write `<name>.csv` into directory `path` (made when missing) for each table given;
    a table without rows still gets its header. Other files in the directory are left alone."""
    unknown = set(tables) - set(FILE_NAMES)
    if unknown:
        raise ValueError(f"not files of the transfer format: {', '.join(sorted(unknown))}")
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    written = []
    for name in FILE_NAMES:
        if name not in tables:
            continue
        target = path / f"{name}.csv"
        target.write_text(table_csv(name, tables[name]), encoding="utf-8", newline="")
        written.append(target)
    return written


def write_csv_zip(path: Path | str, tables: Mapping[str, Iterable[Mapping[str, str]]]) -> Path:
    """Write a `.zip` at `path` holding `<name>.csv` for each table given, the files as
    `write_csv_directory` writes them. It is written beside and moved into place, so that a
    failed export never leaves half a zip under the name asked for."""
    unknown = set(tables) - set(FILE_NAMES)
    if unknown:
        raise ValueError(f"not files of the transfer format: {', '.join(sorted(unknown))}")
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in FILE_NAMES:
            if name in tables:
                archive.writestr(f"{name}.csv", table_csv(name, tables[name]).encode("utf-8"))
    partial.replace(path)
    return path


def rejects_csv(rejects: Iterable[Reject]) -> str:
    """The list of problems: `file,row,column,message`, one line each, in the order given."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(REJECTS_COLUMNS)
    writer.writerows(neutralised_row((r.file, r.row, r.column, r.message)) for r in rejects)
    return out.getvalue()


def rejected_rows(rejects: Iterable[Reject]) -> dict[str, list[dict[str, str]]]:
    """The rejected rows per file name ("plans"), once each, with their original values."""
    tables: dict[str, dict[int, dict[str, str]]] = {}
    for reject in rejects:
        name = reject.file.removesuffix(".csv")
        tables.setdefault(name, {}).setdefault(reject.row, dict(reject.values))
    return {
        name: [rows[number] for number in sorted(rows)]
        for name in FILE_NAMES
        if (rows := tables.get(name)) is not None
    }


def rejects_path(input_path: Path | str) -> Path:
    """`PATH.rejects.csv`, beside the input."""
    path = Path(input_path)
    return path.with_name(path.name + ".rejects.csv")


def rejected_rows_path(input_path: Path | str) -> Path:
    """`PATH.rejects/`, beside the input."""
    path = Path(input_path)
    return path.with_name(path.name + ".rejects")


def write_rejects(input_path: Path | str, rejects: Sequence[Reject]) -> tuple[Path, Path]:
    """Write `PATH.rejects.csv` and the directory `PATH.rejects/` of rejected rows (replacing
    the files of the format an earlier run left there)."""
    listing = rejects_path(input_path)
    listing.write_text(rejects_csv(rejects), encoding="utf-8", newline="")
    directory = rejected_rows_path(input_path)
    tables = rejected_rows(rejects)
    write_csv_directory(directory, tables)
    # The rows rejected by an earlier run must not be imported again with these.
    for name in FILE_NAMES:
        if name not in tables:
            (directory / f"{name}.csv").unlink(missing_ok=True)
    return listing, directory
