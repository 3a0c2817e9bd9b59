"""A transfer import at the scale of a municipality moving over: people with a plan of two
activities each, a third of them exited, and two years of monthly assistance.

Two ways, each in a process and a fresh database of its own: the direct call as `jobbtorg
transfer import` makes it (the time of each step, read and spool by person, check and write a
batch of people at a time, and the import again, everything unchanged, with ratios against
reading the files), and the page's way,
the import task on the database queue run by the worker loop (its ratio to the direct call).
With the CPU time and the peak resident memory of each (wall times mean little on a shared
machine), and for the direct call the CPU time of the process that checks the batches and, on
PostgreSQL on this machine, of the database server (every process serving the database: the
import writes on two connections). Set BENCH_PEOPLE (default 20000), BENCH_AGAIN=0 to leave out
the import again, BENCH_OVERLAP=0 to write the direct call's batches one at a time.
Database: SQLite in memory, or DATABASE_URL if set.
"""

import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobbtorg.config.settings.test")

import django  # noqa: E402

django.setup()
BASELINE_MB = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

from benchmarks.transfer_files import write_transfer  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

PEOPLE = int(os.environ.get("BENCH_PEOPLE", "20000"))
# BENCH_AGAIN=0 leaves out the import again of the same files.
AGAIN = os.environ.get("BENCH_AGAIN", "1") != "0"
# BENCH_OVERLAP=0: the batches written one at a time, as before the command wrote two at once.
OVERLAP = os.environ.get("BENCH_OVERLAP", "1") != "0"
MONTHS = 24


def generate(directory: Path) -> None:
    write_transfer(directory, PEOPLE, today=timezone.localdate(), months=MONTHS)


def direct(directory: Path) -> list[tuple[str, float]]:
    """As `jobbtorg transfer import` does it, in this process, twice: the files read and spooled
    to disk by person, then checked and written a batch of people at a time."""
    from jobbtorg.core.audit.events import AuditContext
    from jobbtorg.engines.transfer.read import open_transfer
    from jobbtorg.transfer.services import transfer_import
    from jobbtorg.transfer.services.checks import checked_transfer

    figures = []
    for label in ("first import", "same files again")[: 2 if AGAIN else 1]:
        checker = children_cpu()
        server = ServerCPU()
        server_before = server.total()
        start = time.perf_counter()
        cpu = time.process_time()
        with open_transfer(directory) as transfer, checked_transfer(transfer) as checked:
            read_s = time.perf_counter() - start
            _, table = transfer_import(
                result=checked,
                source=str(directory),
                actor=None,
                audit_context=AuditContext.for_command("bench"),
                overlap=OVERLAP,
            )
        total = time.perf_counter() - start
        server_after = server.total()
        server.stop()
        cpu = time.process_time() - cpu - server.own_cpu
        assert not any(counts["rejected"] for counts in table.values()), table
        figures.append((f"{label}: read and spool by person", read_s))
        figures.append((f"{label}: check and write", total - read_s))
        figures.append((f"{label}: total", total))
        figures.append((f"{label}: CPU", cpu))
        figures.append((f"{label}: CPU of the checking process", children_cpu() - checker))
        if server_before is not None and server_after is not None:
            figures.append((f"{label}: CPU of the database server", server_after - server_before))
        if label == "first import":
            figures.append(("peak memory of the first import (MB)", peak_mb()))
    print(f"  reconciliation of the last import: {table['participants']}", file=sys.stderr)
    figures.append(("rows", sum(v["read"] for v in table.values())))
    return figures


def queued(directory: Path) -> list[tuple[str, float]]:
    """As the page does it: a checked run confirmed, its import task waiting on the database
    queue, and the worker loop running it (read, validate and write inside the task)."""
    from django.test import override_settings

    from jobbtorg.core.audit.events import AuditContext
    from jobbtorg.core.audit.models import AuditChannel
    from jobbtorg.transfer.models import ImportRun, RunStatus
    from jobbtorg.transfer.services import transfer_account
    from jobbtorg.transfer.services.uploads import upload_confirm

    actor = transfer_account()
    actor.is_active = True  # the confirm checks a signed-in importer
    run = ImportRun.objects.create(
        imported_by=actor,
        source=str(directory),
        stored_file=str(directory),
        status=RunStatus.VALIDATED,
        dry_run=True,
    )
    with override_settings(TASKS=DATABASE_QUEUE, JOBBTORG_SCHEDULE=[]):
        start = time.perf_counter()
        cpu = time.process_time()
        upload_confirm(
            actor=actor,
            run=run,
            audit_context=AuditContext(actor=actor, channel=AuditChannel.PAGE, path="/bench"),
        )
        run_worker_until_empty()
        total = time.perf_counter() - start
        cpu = time.process_time() - cpu
    run.refresh_from_db()
    assert run.status == RunStatus.DONE, (run.status, run.message)
    assert run.reconciliation["participants"]["created"] == PEOPLE, run.reconciliation
    return [
        ("first import through the queue: total", total),
        ("first import through the queue: CPU", cpu),
        ("peak memory of the first import (MB)", peak_mb()),
    ]


DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker_until_empty() -> None:
    """The project's worker loop, as the tests run it, until the queue is empty."""
    from tests.conftest import TaskQueue

    TaskQueue().run(worker_id="bench")


def children_cpu() -> float:
    """The CPU time of this process's children that have ended (the import's checking
    process, `engines/transfer/checker.py`)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class ServerCPU:
    """The CPU time of the PostgreSQL processes serving this database, when they run on this
    machine and /proc shows them; None otherwise (SQLite works in this process). The import
    writes on connections of its own too (`lanes.py`), which end with it: their processes are
    looked at every tenth of a second while it runs, and each one's last figure counted."""

    def __init__(self) -> None:
        self.seen: dict[int, float] = {}
        # The watching thread's own CPU time, not the import's.
        self.own_cpu = 0.0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        if connection.vendor == "postgresql":
            self.title = f" {connection.settings_dict['NAME']} "
            self._look()
            self._thread = threading.Thread(target=self._watch, daemon=True)
            self._thread.start()

    def _watch(self) -> None:
        while not self._stop.wait(0.1):
            self._look()
        self.own_cpu = time.thread_time()

    def _look(self) -> None:
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                title = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
                if not title.startswith("postgres:") or self.title not in title:
                    continue
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            # utime and stime, the 14th and 15th fields, in clock ticks.
            used = (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")
            self.seen[int(entry.name)] = max(used, self.seen.get(int(entry.name), 0.0))

    def total(self) -> float | None:
        if self._thread is None:
            return None
        self._look()
        return sum(self.seen.values())

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()


def peak_mb() -> float:
    """The process's peak resident memory so far (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(mode: str, directory: Path) -> None:
    """One way of importing, in a process and a database of its own, so that the peaks and
    timings of one do not carry into the other. Prints its figures as JSON."""
    setup_test_environment()
    old = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        figures = direct(directory) if mode == "direct" else queued(directory)
        figures.append(("memory before the import (MB)", BASELINE_MB))
    finally:
        connection.creation.destroy_test_db(old, verbosity=0)
    print(json.dumps(figures))


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp) / "transfer"
        start = time.perf_counter()
        # In a process of its own: Linux keeps a process's peak memory across exec, so a child
        # started by a parent that held the generated rows would report the parent's peak.
        subprocess.run([sys.executable, __file__, "generate", str(directory)], check=True)
        written = time.perf_counter() - start
        results = {}
        for mode in ("direct", "queue"):
            done = subprocess.run(
                [sys.executable, __file__, mode, str(directory)],
                capture_output=True,
                text=True,
            )
            sys.stderr.write(done.stderr)
            done.check_returncode()
            results[mode] = dict(json.loads(done.stdout.splitlines()[-1]))
    rows = int(results["direct"]["rows"])
    print(f"{connection.vendor}, {PEOPLE} people, {rows} rows ({MONTHS} months of assistance each)")
    print(f"  {'write the files':<44} {written:7.2f} s")
    read = results["direct"]["first import: read and spool by person"]
    for label, seconds in results["direct"].items():
        if "CPU of the" in label:
            print(f"  {label:<44} {seconds:7.2f} s")
        elif "MB" not in label and label != "rows":
            print(f"  {label:<44} {seconds:7.2f} s  x{seconds / read:5.1f} of reading")
    for kind in ("total", "CPU"):
        direct_s = results["direct"][f"first import: {kind}"]
        queue_s = results["queue"][f"first import through the queue: {kind}"]
        print(
            f"  {'first import through the queue: ' + kind:<44} {queue_s:7.2f} s"
            f"  x{queue_s / direct_s:5.2f} of the direct call"
        )
    for mode, figures in results.items():
        print(
            f"  peak memory, {mode:<6}: {figures['peak memory of the first import (MB)']:7.0f} MB"
            f" (before the import {figures['memory before the import (MB)']:.0f} MB)"
        )


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "generate":
        generate(Path(sys.argv[2]))
    elif len(sys.argv) == 3:
        measure(sys.argv[1], Path(sys.argv[2]))
    else:
        main()
