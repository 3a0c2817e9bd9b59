"""Read transfer input: a directory of CSV files, a `.zip` of CSV files, or an `.xlsx` workbook.

Reading only finds the rows; it judges none of them (that is `validate`). What it refuses is
input that cannot be used at all (`UnusableInput`, exit status 2): a path that is none of the
three kinds, a file that cannot be read or is not UTF-8, a header without a required column.

- CSV: UTF-8 with or without a byte-order mark, Windows or Unix line endings, and the
  separator (comma, semicolon or tab) taken from the header line: semicolons are what Swedish
  Excel writes.
- Header names match case-insensitively with surrounding whitespace trimmed. Columns the
  format does not know are kept in the rows (so that a reject shows them) and reported.
- Files (or sheets) the format does not know are ignored and reported; hidden files and the
  `__MACOSX/` folder of a zip made on a Mac are skipped without a word.
- Rows are numbered as a spreadsheet shows them: the header is row 1, the first data row 2. A row
  whose cells are all blank is skipped (spreadsheets leave such rows at the end); the numbers of
  the rows after it do not move.
- Workbook cells become text: dates ISO `YYYY-MM-DD`, whole numbers without `.0`, TRUE/FALSE
  `yes`/`no`, empty cells "".
- A text cell that export neutralised (`'=...`, see `jobbtorg.engines.cells`) reads back as it
  was before.
- An archive (a `.zip`, and an `.xlsx`, which is a zip of XML parts) is measured before anything
  in it is read: more members, or more bytes once unpacked, than `ArchiveLimits` allow refuse it
  (`ArchiveTooLarge`), so that a small file that unpacks to gigabytes never reaches memory. The
  sizes come from the archive's directory; zipfile never unpacks more than a member's stated
  size, so a directory that lies cannot get past them.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import itertools
import warnings
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import IO, Any

import openpyxl

from jobbtorg.engines.cells import QUOTE, restored
from jobbtorg.engines.transfer.format import BY_NAME, FILE_NAMES, FILES

_SEPARATORS = ("\t", ";", ",")
_MB = 1024 * 1024


@dataclass(frozen=True)
class ArchiveLimits:
    """How big an archive may be once unpacked, and how many members it may hold. An export
    of the format takes about 1 kB per person with two years of monthly assistance (the
    transfer benchmark) and some 3 kB with five years and more activities; 512 MB fits 100,000
    people with room, as CSV. A workbook's XML is several times its CSV, and a sheet holds at
    most 1,048,576 rows anyway: large transfers are CSV. The format has six files; a zip made by
    hand may carry a few more, and a workbook has some twenty parts."""

    max_unpacked_bytes: int = 512 * _MB
    max_members: int = 100


class UnusableInput(ValueError):
    """The input cannot be used at all; the message says which file (and column)."""

    def __init__(
        self,
        message: str,
        *,
        file: str = "",
        column: str = "",
        reason: str = "",
        name: str = "",
        detail: str = "",
    ) -> None:
        super().__init__(message)
        self.file = file
        self.column = column
        # For a page to say it in its own words: what is wrong (a code of `UNUSABLE_REASONS`),
        # the input's name as read, and what else the message names (the missing columns).
        self.reason = reason
        self.name = name
        self.detail = detail


# The reasons an input cannot be used that a page says in its own words.
UNUSABLE_REASONS = frozenset(
    {
        "not_a_zip",
        "not_an_xlsx",
        "unknown_kind",
        "no_transfer_files",
        "missing_columns",
        "empty",
        "utf16",
        "not_utf8",
        "not_csv",
        "unreadable",
        "duplicate_column",
        "two_inputs",
    }
)


class ArchiveTooLarge(UnusableInput):
    """The archive unpacks to more than the limits allow; nothing in it was read."""

    def __init__(
        self, name: str, *, members: int, unpacked_bytes: int, limits: ArchiveLimits
    ) -> None:
        if members > limits.max_members:
            what = f"holds {members} files, more than the {limits.max_members} allowed"
        else:
            what = (
                f"unpacks to more than {limits.max_unpacked_bytes // _MB} MB "
                f"({unpacked_bytes // _MB} MB)"
            )
        super().__init__(f"{name} {what}: split the transfer into smaller files.")
        self.name = name
        self.members = members
        self.unpacked_bytes = unpacked_bytes
        self.limits = limits


@dataclass(frozen=True)
class InputRow:
    """One data row: its values by (lowercase) column name, and any values beyond the header."""

    number: int
    values: Mapping[str, str]
    extra: tuple[str, ...] = ()


@dataclass(frozen=True)
class InputTable:
    name: str
    # Where the rows came from, for messages: "participants.csv", "x/plans.csv in data.zip" ...
    source: str
    columns: tuple[str, ...]
    unknown_columns: tuple[str, ...]
    # A tuple, or an iterator read once (`open_transfer`).
    rows: Iterable[InputRow]
    separator: str = ","

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"


@dataclass(frozen=True)
class TransferInput:
    source: str
    tables: Mapping[str, InputTable]
    ignored_files: tuple[str, ...] = ()

    def notes(self) -> tuple[str, ...]:
        """What was read but will not be imported, as plain sentences."""
        notes = [
            f"Ignored {name}: it is not a file of the transfer format."
            for name in self.ignored_files
        ]
        for table in self.tables.values():
            notes.extend(
                f"{table.filename}: the column {column} is not part of the transfer format "
                "and is not imported."
                for column in table.unknown_columns
            )
        return tuple(notes)


def read_transfer(path: Path | str, limits: ArchiveLimits | None = None) -> TransferInput:
    """Read the files at `path` (a directory, a `.zip` or an `.xlsx`); an archive within
    `limits` (the defaults when None). Every row is held in memory: for a transfer of any
    size, `open_transfer` reads the rows as they are used."""
    with ExitStack() as stack:
        return _open(Path(path), limits or ArchiveLimits(), stack, eager=True)


@contextmanager
def open_transfer(path: Path | str, limits: ArchiveLimits | None = None) -> Iterator[TransferInput]:
    """The input at `path` with each table's header read and checked, and its rows read as
    they are iterated, once (`InputTable.rows` is then an iterator): a transfer of any size is
    read without holding it. A problem further down a file (a bad byte, a broken zip member)
    is raised as `UnusableInput` when its row is reached."""
    with ExitStack() as stack:
        yield _open(Path(path), limits or ArchiveLimits(), stack, eager=False)


def _open(path: Path, limits: ArchiveLimits, stack: ExitStack, *, eager: bool) -> TransferInput:
    if not path.exists():
        raise UnusableInput(f"{path} does not exist.")
    if path.is_dir():
        result = _read_directory(path, stack, eager)
    elif path.suffix.lower() == ".zip":
        result = _read_zip(path, limits, stack, eager)
    elif path.suffix.lower() == ".xlsx":
        check_archive(path, limits)
        result = _read_workbook(path, stack, eager)
    else:
        raise UnusableInput(
            f"{path} is neither a directory of CSV files, a .zip of CSV files "
            "nor an .xlsx workbook.",
            reason="unknown_kind",
            name=path.name,
        )
    if not result.tables:
        expected = ", ".join(f.filename for f in FILES)
        raise UnusableInput(
            f"{path} holds none of the files of the transfer format ({expected}).",
            reason="no_transfer_files",
            name=path.name,
            detail=expected,
        )
    return result


def table_from_csv(name: str, data: bytes, *, source: str | None = None) -> InputTable:
    """One file of the format from the bytes of a CSV file."""
    with ExitStack() as stack:
        return _csv_table(
            name, lambda: io.BytesIO(data), source or f"{name}.csv", stack, eager=True
        )


def _csv_table(
    name: str,
    opener: Callable[[], IO[bytes]],
    source: str,
    stack: ExitStack,
    *,
    eager: bool,
) -> InputTable:
    """One CSV file of the format, decoded and split into cells as it is read; `opener` opens
    its bytes (again, to find the line of a bad byte)."""
    filename = f"{name}.csv"
    binary = stack.enter_context(opener())
    if binary.read(2) in (b"\xff\xfe", b"\xfe\xff"):
        raise UnusableInput(
            f"{source} is UTF-16 text: save it as UTF-8 (in Excel: CSV UTF-8).",
            file=filename,
            reason="utf16",
            name=source,
        )
    binary.close()
    binary = stack.enter_context(opener())
    text = io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")
    try:
        first_line = text.readline()
    except UnicodeDecodeError:
        raise _not_utf8(opener, source, filename) from None
    separator = max(_SEPARATORS, key=first_line.count) if first_line else ","
    if first_line.count(separator) == 0:
        separator = ","
    lines = itertools.chain([first_line], text) if first_line else iter(())
    cells = _csv_cells(csv.reader(lines, delimiter=separator), opener, source, filename)
    return _table(name, cells, source=source, separator=separator, eager=eager)


def _csv_cells(
    reader: Iterator[list[str]], opener: Callable[[], IO[bytes]], source: str, filename: str
) -> Iterator[list[str]]:
    try:
        yield from reader
    except csv.Error as error:
        raise UnusableInput(
            f"{source} cannot be read as CSV: {error}.",
            file=filename,
            reason="not_csv",
            name=source,
        ) from None
    except UnicodeDecodeError:
        raise _not_utf8(opener, source, filename) from None
    except (zipfile.BadZipFile, EOFError, OSError) as error:
        raise UnusableInput(
            f"{source} cannot be read: {error}.", file=filename, reason="unreadable", name=source
        ) from None


def _not_utf8(opener: Callable[[], IO[bytes]], source: str, filename: str) -> UnusableInput:
    """The refusal of a file that is not UTF-8, naming the line of its first bad byte (a line
    end is never part of a character, so each line can be tried on its own)."""
    line = 0
    with opener() as binary:
        for line, data in enumerate(binary, start=1):  # noqa: B007 - the line is the answer
            try:
                data.decode("utf-8")
            except UnicodeDecodeError:
                break
    return UnusableInput(
        f"{source} is not UTF-8 text (the first bad byte is on line {line}): "
        "save it as UTF-8 (in Excel: CSV UTF-8).",
        file=filename,
        reason="not_utf8",
        name=source,
        detail=str(line),
    )


def table_from_rows(
    name: str,
    cells: Iterable[Sequence[str]],
    *,
    source: str | None = None,
    separator: str = ",",
) -> InputTable:
    """One file of the format from its rows of text, the header first."""
    return _table(name, iter(cells), source=source, separator=separator, eager=True)


def _table(
    name: str,
    cells: Iterator[Sequence[str]],
    *,
    source: str | None,
    separator: str,
    eager: bool,
) -> InputTable:
    """The header checked; the rows read now (`eager`) or as they are iterated. Read now, a
    problem anywhere in the file (a bad byte, a broken quote) is found before the header is
    judged; read as they are iterated, when its row is reached."""
    if eager:
        cells = iter(list(cells))
    file_format = BY_NAME[name]
    filename = file_format.filename
    source = source or filename
    header = next(cells, None)
    if header is None or not any(cell.strip() for cell in header):
        raise UnusableInput(
            f"{source} is empty: it has no header row.", file=filename, reason="empty", name=source
        )
    names = [restored(cell.replace("\ufeff", "").strip()).lower() for cell in header]
    seen: set[str] = set()
    for column in names:
        if column and column in seen:
            raise UnusableInput(
                f"{source}: the column {column} appears more than once in the header.",
                file=filename,
                column=column,
                reason="duplicate_column",
                name=source,
                detail=column,
            )
        seen.add(column)
    missing = [column for column in file_format.required if column not in seen]
    if missing:
        found = ", ".join(column for column in names if column) or "nothing"
        hint = ""
        if len([column for column in names if column]) == 1 and separator == ",":
            hint = " (is the separator a comma, semicolon or tab?)"
        raise UnusableInput(
            f"{source}: the required column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)} {'are' if len(missing) > 1 else 'is'} missing; "
            f"the header has {found}{hint}.",
            file=filename,
            column=missing[0],
            reason="missing_columns",
            name=source,
            detail=", ".join(missing),
        )
    known = set(file_format.columns)
    unknown = tuple(column for column in names if column and column not in known)
    rows = _input_rows(names, cells)
    return InputTable(
        name=name,
        source=source,
        columns=tuple(column for column in names if column),
        unknown_columns=unknown,
        rows=tuple(rows) if eager else rows,
        separator=separator,
    )


def _input_rows(names: list[str], cells: Iterator[Sequence[str]]) -> Iterator[InputRow]:
    width = len(names)
    every_column_named = all(names)
    for index, row in enumerate(cells):
        if not any(cell.strip() for cell in row):
            continue
        # A text the export neutralised (a leading quote before =, +, -, @ ...) reads back as
        # it was.
        values = {
            column: restored(cell) if cell.startswith(QUOTE) else cell
            for column, cell in zip(names, row, strict=False)
            if column
        }
        for column in names[len(row) :]:
            if column:
                values[column] = ""
        extra: tuple[str, ...] = ()
        if len(row) > width or not every_column_named:
            # Values under a nameless header cell, or beyond the header, belong to no column.
            extra = tuple(
                cell
                for position, cell in enumerate(row)
                if cell.strip() and (position >= width or not names[position])
            )
        yield InputRow(number=index + 2, values=MappingProxyType(values), extra=extra)


def _format_name(filename: str) -> str | None:
    """The format's name for a file called `filename`, or None when it is not one of them."""
    lowered = filename.strip().lower()
    if not lowered.endswith(".csv"):
        return None
    stem = lowered[: -len(".csv")].strip()
    return stem if stem in FILE_NAMES else None


def _add(tables: dict[str, InputTable], table: InputTable) -> None:
    if table.name in tables:
        raise UnusableInput(
            f"Two inputs are {table.filename}: {tables[table.name].source} and {table.source}.",
            file=table.filename,
            reason="two_inputs",
            name=table.filename,
            detail=f"{tables[table.name].source}, {table.source}",
        )
    tables[table.name] = table


def _ordered(tables: dict[str, InputTable]) -> Mapping[str, InputTable]:
    return MappingProxyType({name: tables[name] for name in FILE_NAMES if name in tables})


def _read_directory(path: Path, stack: ExitStack, eager: bool) -> TransferInput:
    tables: dict[str, InputTable] = {}
    ignored: list[str] = []
    for entry in sorted(path.iterdir()):
        if entry.name.startswith("."):
            continue
        name = _format_name(entry.name)
        if name is None or not entry.is_file():
            ignored.append(entry.name + ("/" if entry.is_dir() else ""))
            continue
        try:
            table = _csv_table(name, _file_opener(entry), entry.name, stack, eager=eager)
        except OSError as error:
            raise UnusableInput(
                f"{entry.name} cannot be read: {error.strerror or error}.",
                file=f"{name}.csv",
            ) from None
        _add(tables, table)
    return TransferInput(source=str(path), tables=_ordered(tables), ignored_files=tuple(ignored))


def _file_opener(path: Path) -> Callable[[], IO[bytes]]:
    def opener() -> IO[bytes]:
        return path.open("rb")

    return opener


def check_archive(path: Path, limits: ArchiveLimits) -> None:
    """Refuse an archive that holds too many members or unpacks to too much, from its directory
    alone. Anything that is not a readable zip is left for the reader to refuse."""
    try:
        with zipfile.ZipFile(path) as archive:
            _check_members(path.name, archive, limits)
    except (zipfile.BadZipFile, OSError):
        return


def _check_members(name: str, archive: zipfile.ZipFile, limits: ArchiveLimits) -> None:
    members = archive.infolist()
    unpacked = sum(info.file_size for info in members)
    if len(members) > limits.max_members or unpacked > limits.max_unpacked_bytes:
        raise ArchiveTooLarge(name, members=len(members), unpacked_bytes=unpacked, limits=limits)


def _read_zip(path: Path, limits: ArchiveLimits, stack: ExitStack, eager: bool) -> TransferInput:
    tables: dict[str, InputTable] = {}
    ignored: list[str] = []
    try:
        archive = stack.enter_context(zipfile.ZipFile(path))
    except (zipfile.BadZipFile, OSError) as error:
        raise UnusableInput(
            f"{path.name} cannot be read as a .zip file: {error}.",
            reason="not_a_zip",
            name=path.name,
        ) from None
    _check_members(path.name, archive, limits)
    for info in archive.infolist():
        member = PurePosixPath(info.filename)
        if info.is_dir() or member.parts[0] == "__MACOSX" or member.name.startswith("."):
            continue
        name = _format_name(member.name)
        if name is None:
            ignored.append(info.filename)
            continue
        source = f"{info.filename} in {path.name}"
        try:
            table = _csv_table(
                name, functools.partial(archive.open, info), source, stack, eager=eager
            )
        except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError) as error:
            # RuntimeError: encrypted; NotImplementedError: an unknown compression.
            raise UnusableInput(
                f"{source} cannot be read: {error}.",
                file=f"{name}.csv",
                reason="unreadable",
                name=source,
            ) from None
        _add(tables, table)
    return TransferInput(source=str(path), tables=_ordered(tables), ignored_files=tuple(ignored))


def cell_text(value: object) -> str:
    """A workbook cell's value as the text a CSV file would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value.is_finite() else str(value)
    return str(value)


def _read_workbook(path: Path, stack: ExitStack, eager: bool) -> TransferInput:
    tables: dict[str, InputTable] = {}
    ignored: list[str] = []
    # openpyxl fails on a broken workbook with many kinds of error (zip, XML, KeyError on a
    # missing part); each of them means the same here: the file cannot be used.
    try:
        with warnings.catch_warnings():
            # Workbooks made by other programs often lack a default style; nothing to report.
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:
        raise UnusableInput(
            f"{path.name} cannot be read as an .xlsx workbook: {error}.",
            reason="not_an_xlsx",
            name=path.name,
        ) from None
    stack.callback(workbook.close)
    for sheet in workbook.worksheets:
        title = str(sheet.title)
        name = title.strip().lower()
        if name not in FILE_NAMES:
            ignored.append(f"sheet {title}")
            continue
        source = f"sheet {title} in {path.name}"
        # The stored dimensions of workbooks written by other programs can be wrong, and
        # read-only mode trusts them; forgetting them makes it read every row.
        sheet.reset_dimensions()
        cells = _sheet_cells(sheet, source, f"{name}.csv")
        _add(tables, _table(name, cells, source=source, separator=",", eager=eager))
    return TransferInput(source=str(path), tables=_ordered(tables), ignored_files=tuple(ignored))


def _sheet_cells(sheet: Any, source: str, filename: str) -> Iterator[list[str]]:
    try:
        for row in sheet.iter_rows(values_only=True):
            yield [cell_text(value) for value in row]
    except Exception as error:
        raise UnusableInput(
            f"{source} cannot be read: {error}.", file=filename, reason="unreadable", name=source
        ) from None
