"""The city's matching index, built once per change by the worker and loaded by every web process.

Where it lives: a file under the data directory, `DATA_DIR/matching/index-<n>.pickle`, named by
`current.json` beside it (the freshness key it was built for, its day, when and how long the
build took). A file, not the database: at city scale the index is about a hundred megabytes of
arrays, which a file writes once and loads at disk speed, while a database row would be copied
through the driver on every load, swell PostgreSQL's write-ahead log and every nightly dump
with a derived copy of personal data. The data directory is already shared by the web
processes and the worker (uploaded transfer files go through it) and kept on encrypted storage
readable by the application only; nothing but this module writes under `matching/`, which is
what makes loading a pickle from it safe.

Nothing half-written is ever loaded: the index is written to a temporary name, flushed to disk
and renamed, and only then does `current.json` (itself replaced by a rename) name it. One build
runs at a time (a lock file), so an older build never replaces a newer one.

A web process checks, on each read, only the pointer file's stat and the day; every
`JOBBTORG_MATCHING_RECHECK_SECONDS` it also compares the stored key with the data's (five
aggregate queries), which catches writes no signal sees (bulk imports). When the stored index is
stale it asks for one rebuild and goes on answering from what it has; it never builds. Only
when nothing is stored yet (a fresh install) do the pages say that suggestions are being
prepared, and roughly when (`IndexNotReady`).
"""

import datetime as dt
import fcntl
import gc
import hashlib
import json
import logging
import os
import pickle
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import ngettext

from jobbtorg.core.tasks.queue import is_waiting
from jobbtorg.engines.matching import index as engine_index
from jobbtorg.engines.matching.index import MatchIndex
from jobbtorg.engines.matching.model import PersonFeatures
from jobbtorg.matching import feed
from jobbtorg.matching.models import MatchingProfile

logger = logging.getLogger(__name__)

POINTER = "current.json"
LOCK = ".build.lock"
# The estimate of a first build when no build has been timed yet: about 8 s per 100,000
# profiles on the 2-core machine (benchmarks/bench_matching_index.py), plus the queue's wait.
SECONDS_PER_PROFILE = 0.0001
SECONDS_AT_LEAST = 30


def _engine_format() -> str:
    """A stored index is loaded only by the engine code that wrote it: a new release whose
    engine keeps its arrays differently builds afresh instead of reading a foreign pickle."""
    digest = hashlib.sha256()
    for path in sorted(Path(engine_index.__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


ENGINE_FORMAT = _engine_format()


class IndexNotReady(Exception):
    """No index is stored yet (a fresh install): the first one is being built."""

    def __init__(self, ready_in_seconds: int) -> None:
        super().__init__(f"the matching index is being built (about {ready_in_seconds} s)")
        self.ready_in_seconds = ready_in_seconds

    @property
    def message(self) -> str:
        """What the pages and the API say meanwhile."""
        minutes = max(1, round(self.ready_in_seconds / 60))
        return ngettext(
            "Suggestions are being prepared – ready in about a minute.",
            "Suggestions are being prepared – ready in about %(minutes)d minutes.",
            minutes,
        ) % {"minutes": minutes}


@dataclass(frozen=True)
class StoredIndex:
    key: str
    day: str
    built_at: str
    seconds: float
    index: MatchIndex


@dataclass(frozen=True)
class Rebuild:
    built: bool  # False: the stored index was fresh already
    seconds: float
    people: int
    vacancies: int


def directory() -> Path:
    return Path(settings.DATA_DIR) / "matching"


def _read_pointer() -> dict[str, Any] | None:
    try:
        meta: dict[str, Any] = json.loads((directory() / POINTER).read_text())
    except (FileNotFoundError, ValueError):
        return None
    return meta if meta.get("format") == ENGINE_FORMAT else None


def is_stored() -> bool:
    """Whether any index has been stored (else there is nothing yet to keep fresh)."""
    return (directory() / POINTER).exists()


# --- writing (the worker, or the command line) -------------------------------------------


@contextmanager
def _one_build_at_a_time() -> Iterator[None]:
    directory().mkdir(parents=True, exist_ok=True)
    with open(directory() / LOCK, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _write_file(path: Path, write: Any) -> None:
    """Write under a temporary name, flush it to disk, then rename: a reader sees the whole
    file or none (a rename within a directory is atomic)."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "wb") as out:
            write(out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def store(index: MatchIndex, *, key: str, day: dt.date, seconds: float) -> StoredIndex:
    """Write the index, then point `current.json` at it; older files go (the one before stays
    for a reader that read the old pointer a moment ago)."""
    folder = directory()
    folder.mkdir(parents=True, exist_ok=True)
    previous = _read_pointer()
    name = f"index-{time.time_ns()}.pickle"
    _write_file(folder / name, lambda out: pickle.dump(index, out, protocol=5))
    meta = {
        "file": name,
        "format": ENGINE_FORMAT,
        "key": key,
        "day": day.isoformat(),
        "built_at": timezone.now().isoformat(timespec="seconds"),
        "seconds": round(seconds, 3),
        "people": len(index.people),
        "vacancies": len(index.vacancies),
    }
    _write_file(folder / POINTER, lambda out: out.write(json.dumps(meta).encode()))
    keep = {name, previous["file"] if previous else ""}
    for old in folder.glob("index-*.pickle"):
        if old.name not in keep:
            old.unlink(missing_ok=True)
    stored = StoredIndex(meta["key"], meta["day"], meta["built_at"], meta["seconds"], index)
    _remember(stored)
    return stored


def rebuild(*, force: bool = False) -> Rebuild:
    """Build and store the index unless the stored one is fresh. Safe to run again after a
    worker died in it (the task is retried): a fresh index makes it return at once, and a
    half-written file is never named by the pointer."""
    with _one_build_at_a_time():
        today = timezone.localdate()
        # The key before the reads: a change during the build leaves the stored key behind the
        # data's, so the next check asks for another build.
        key = feed.freshness_key(today)
        meta = _read_pointer()
        if meta is not None and meta["key"] == key and not force:
            return Rebuild(False, 0.0, meta["people"], meta["vacancies"])
        start = time.perf_counter()
        index = feed.build_index(today)
        seconds = time.perf_counter() - start
        store(index, key=key, day=today, seconds=seconds)
        logger.info(
            "matching index built in %.1f s: %d people, %d vacancies",
            seconds,
            len(index.people),
            len(index.vacancies),
        )
        return Rebuild(True, seconds, len(index.people), len(index.vacancies))


def request_rebuild() -> None:
    """Ask the worker for one rebuild: nothing if one is already waiting (a running one does
    not count: it may have read the data before this change). Called inside the transaction of
    the change, so the task row commits with it."""
    # Imported here: the task module calls this module's `rebuild`.
    from jobbtorg.matching.tasks import rebuild_matching_index

    if not is_waiting(rebuild_matching_index.module_path):
        rebuild_matching_index.enqueue()


# --- reading (every web process) ---------------------------------------------------------

_lock = threading.Lock()
_state: dict[str, Any] = {"stamp": None, "stored": None, "checked": float("-inf")}


def _remember(stored: StoredIndex) -> None:
    with _lock:
        # Just built from the data: the next key check is due a full period from now.
        _state.update(stamp=_stamp(), stored=stored, checked=time.monotonic())


def forget() -> None:
    """Drop what this process has loaded (a new process starts so)."""
    with _lock:
        _state.update(stamp=None, stored=None, checked=float("-inf"))


def _stamp() -> tuple[Any, ...] | None:
    path = directory() / POINTER
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return (str(path), stat.st_ino, stat.st_mtime_ns, stat.st_size)


def _load(meta: dict[str, Any]) -> MatchIndex:
    # Unpickling 100,000 people makes millions of small objects; the garbage collector's passes
    # over them while they are made would more than double the load time.
    enabled = gc.isenabled()
    gc.disable()
    try:
        with open(directory() / meta["file"], "rb") as stored:
            index: MatchIndex = pickle.load(stored)  # noqa: S301 (written by `store` only)
    finally:
        if enabled:
            gc.enable()
    return index


def _loaded() -> StoredIndex | None:
    """The stored index, loaded again only when the pointer changed since the last load."""
    stamp = _stamp()
    with _lock:
        if stamp == _state["stamp"]:
            return _state["stored"]  # type: ignore[no-any-return]
        current: StoredIndex | None = _state["stored"]
    meta = _read_pointer()
    if meta is None:
        return current
    try:
        index = _load(meta)
    except FileNotFoundError:
        return current  # replaced and removed meanwhile: the next read loads the newer one
    except Exception:
        logger.exception("the stored matching index %s could not be loaded", meta["file"])
        return current
    stored = StoredIndex(meta["key"], meta["day"], meta["built_at"], meta["seconds"], index)
    with _lock:
        _state.update(stamp=stamp, stored=stored, checked=time.monotonic())
    return stored


def _stale(stored: StoredIndex | None, today: dt.date) -> bool:
    if stored is None or stored.day != today.isoformat():
        return True
    now = time.monotonic()
    if now - _state["checked"] < settings.JOBBTORG_MATCHING_RECHECK_SECONDS:
        return False
    _state["checked"] = now
    return stored.key != feed.freshness_key(today)


def ready_in_seconds() -> int:
    """About how long until the first index is there: the last build's time if one was
    timed, else an estimate from the number of profiles."""
    try:
        # Any format: a build under an earlier release still tells how long one takes.
        last = json.loads((directory() / POINTER).read_text())["seconds"]
    except (FileNotFoundError, ValueError, KeyError):
        last = None
    if last is not None:
        return max(int(last), SECONDS_AT_LEAST)
    return max(int(MatchingProfile.objects.count() * SECONDS_PER_PROFILE), SECONDS_AT_LEAST)


def current() -> StoredIndex:
    """The stored index for a page: never built here. A stale one answers (seconds or minutes
    old; a proposal checks the person's availability itself) while a rebuild is asked for.
    Raises IndexNotReady when nothing is stored yet."""
    today = timezone.localdate()
    stored = _loaded()
    if _stale(stored, today):
        request_rebuild()
        # With the immediate backend (tests) the rebuild has run: take it.
        stored = _loaded()
    if stored is None:
        raise IndexNotReady(ready_in_seconds())
    return stored


def city_index() -> MatchIndex:
    """Every person with a profile and every open vacancy in the city (IndexNotReady on a
    fresh install)."""
    return current().index


def city_people() -> list[PersonFeatures]:
    """The features of every person with a profile, from the same index."""
    return current().index.people
