"""Checking a spooled transfer's batches in a process of its own, a batch ahead of the import.

Checking a batch (`staging.Checking.validated`) is plain Python over the batch's rows, and so
is most of writing it; in one process they take turns on one core. Here a child process (this
module, run by the same Python with the same import path, no Django) reads the spool and checks
batch after batch while the import writes the one before: the pipe between them holds one
batch, so the checker is at most one batch ahead, and memory holds two batches, not the file.
The batches and their messages are exactly those of checking in the import's own process
(`staging.StagedTransfer.batches`), which small transfers do (one batch, no process started).

The parent sends the check's arguments as a pickle on the child's standard input; the child
answers with one pickle per batch on its standard output, then an end mark (or the traceback of
what went wrong, raised in the parent).
"""

from __future__ import annotations

import os
import pickle
import sqlite3
import subprocess
import sys
import traceback
from collections.abc import Iterator
from pathlib import Path
from types import MappingProxyType
from typing import Any, BinaryIO

from jobbtorg.engines.transfer.staging import (
    Checking,
    StagedBatch,
    spooled_batches,
    spooled_people,
)
from jobbtorg.engines.transfer.validate import Reject, ValidationResult

_END = "end"
_FAILED = "failed"


class CheckerFailed(RuntimeError):
    """The checking process stopped without checking every batch."""


def checked_ahead(spool: Path, checking: Checking, size: int) -> Iterator[StagedBatch]:
    """The batches of the spool at `spool`, `size` people each, checked by a child process a
    batch ahead of the caller. Leaving the loop early stops the child."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(path for path in sys.path if path)}
    child = subprocess.Popen(  # noqa: S603 - this Python, this module, no input from outside
        [sys.executable, "-m", __name__],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=env,
    )
    assert child.stdin is not None and child.stdout is not None
    try:
        pickle.dump((str(spool), checking, size), child.stdin)
        child.stdin.close()
        while True:
            try:
                message = pickle.load(child.stdout)  # noqa: S301 - our own child's answers
            except EOFError:
                raise CheckerFailed(
                    f"The checking process stopped (exit status {child.wait()})."
                ) from None
            if message[0] == _END:
                break
            if message[0] == _FAILED:
                raise CheckerFailed(message[1])
            yield _batch(message)
    finally:
        if child.poll() is None:
            child.kill()
        child.wait()
        child.stdout.close()


def _message(batch: StagedBatch) -> tuple[Any, ...]:
    result = batch.result
    rejects = [
        (r.file, r.row, r.column, r.message, dict(r.values), r.msgid, r.params)
        for r in result.rejects
    ]
    return ("batch", batch.numbers, result.records, rejects, dict(result.read), dict(batch.rows))


def _batch(message: tuple[Any, ...]) -> StagedBatch:
    _kind, numbers, records, rejects, read, rows = message
    return StagedBatch(
        numbers=numbers,
        result=ValidationResult(
            records=records,
            rejects=tuple(
                Reject(file, row, column, text, MappingProxyType(values), msgid, params)
                for file, row, column, text, values, msgid, params in rejects
            ),
            read=MappingProxyType(read),
        ),
        rows=MappingProxyType(rows),
    )


def _serve(stdin: BinaryIO, stdout: BinaryIO) -> None:
    spool, checking, size = pickle.load(stdin)  # noqa: S301 - sent by our parent
    try:
        db = sqlite3.connect(Path(spool).as_uri() + "?mode=ro", uri=True)
        try:
            people = spooled_people(db)
            for numbers, chunk in spooled_batches(db, people, size):
                message = _message(checking.validated(numbers, chunk))
                pickle.dump(message, stdout, protocol=pickle.HIGHEST_PROTOCOL)
                stdout.flush()
        finally:
            db.close()
        pickle.dump((_END,), stdout)
    except BrokenPipeError:
        return  # the import stopped reading: nothing more to do
    except Exception:  # noqa: BLE001 - told to the parent, which raises it
        pickle.dump((_FAILED, traceback.format_exc()), stdout)
    stdout.flush()


if __name__ == "__main__":
    _serve(sys.stdin.buffer, sys.stdout.buffer)
