"""Writing the batches of an import on two connections at once, committed in order.

A batch's writing is Python (the rows prepared) and the database server's work (the COPY's
index upkeep, the foreign-key checks at commit), and a single connection waits for the one
while the other is done. Here each of two threads writes every other batch in a transaction of
its own connection, so that the server works on one batch while the Python of the next runs.
A batch still commits whole, and only after the batch before it has committed: its writing
calls `wait_turn` before the part that must come in order (the audit chain, the checkpoint),
so that a batch that fails, or a process killed, leaves every batch before it written and none
after, as the sequential import does (a resumed import goes on after the checkpoint).

Only for an import command or a worker's task on PostgreSQL, outside any transaction of the
caller (`usable`): a second connection sees nothing of a transaction not yet committed, and
SQLite allows one writer at a time.
"""

import queue
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from typing import Any, TypeVar

from django.db import connection, connections
from django.utils import timezone, translation

LANES = 2

_B = TypeVar("_B")


class BatchBeforeFailed(Exception):  # noqa: N818 - it names what happened
    """A batch gave up its writing because the batch before it failed."""


def usable() -> bool:
    return connection.vendor == "postgresql" and not connection.in_atomic_block


def in_turn(batches: Iterable[_B], write: Callable[[_B, Callable[[], None]], None]) -> Iterator[_B]:
    """`write(batch, wait_turn)` for each of `batches` on `LANES` threads, each with a database
    connection of its own; `wait_turn()` returns once the batch before has been written, and
    raises `BatchBeforeFailed` if it failed. Yields each batch, in order, once written. The
    first failure is raised here, after the batches under way have ended (written whole, or
    not at all)."""
    # The thread's own language and time zone: the messages and dates the writers make.
    language, zone = translation.get_language(), timezone.get_current_timezone()
    lanes = [_Lane(language, zone) for _ in range(LANES)]
    for lane in lanes:
        lane.start()
    pending: deque[tuple[_B, Future[None]]] = deque()
    before: Future[None] | None = None
    try:
        for index, batch in enumerate(batches):
            if len(pending) == LANES:
                # This batch's lane is the one that wrote the oldest batch under way.
                done, future = pending.popleft()
                future.result()
                yield done
            future = Future()
            lanes[index % LANES].put(_job(write, batch, before, future))
            pending.append((batch, future))
            before = future
        while pending:
            done, future = pending.popleft()
            future.result()
            yield done
    finally:
        # Stopped early (a failure, or the caller left the loop): what is under way ends first,
        # each batch whole or not at all.
        for _batch, future in pending:
            future.exception()
        for lane in lanes:
            lane.put(None)
        for lane in lanes:
            lane.join()


def _job(
    write: Callable[[_B, Callable[[], None]], None],
    batch: _B,
    before: "Future[None] | None",
    future: "Future[None]",
) -> Callable[[], None]:
    def wait_turn() -> None:
        if before is not None and before.exception() is not None:
            raise BatchBeforeFailed

    def run() -> None:
        try:
            write(batch, wait_turn)
        except BaseException as error:  # noqa: BLE001 - handed to the caller, which raises it
            future.set_exception(error)
        else:
            future.set_result(None)

    return run


class _Lane(threading.Thread):
    """A thread that runs the jobs put to it, one at a time, on its own connection."""

    def __init__(self, language: str | None, zone: Any) -> None:
        super().__init__(name="transfer-lane", daemon=True)
        self._jobs: queue.SimpleQueue[Callable[[], None] | None] = queue.SimpleQueue()
        self._language = language
        self._zone = zone

    def put(self, job: Callable[[], None] | None) -> None:
        self._jobs.put(job)

    def run(self) -> None:
        try:
            with translation.override(self._language), timezone.override(self._zone):
                while (job := self._jobs.get()) is not None:
                    job()
        finally:
            connections.close_all()
