"""The key figures and the effect estimate as the pages get them, before and after they became
results the worker stores: the worker's refresh (time and the growth of its memory), the
dashboard's first view once new figures are stored (its charts drawn anew), the dashboard
again, and the effect page.

One database (SQLite in a temporary file, or DATABASE_URL), populated once through the transfer
import with BENCH_PEOPLE people (default 3000; benchmarks/bench_transfer_import.py); then each
version is measured in a process of its own against it: BENCH_BEFORE names the `src` directory
of a checkout of the earlier version (e.g. `git worktree add /tmp/before <commit>`, then
BENCH_BEFORE=/tmp/before/src), and this checkout is the after. Without BENCH_BEFORE only this
checkout is measured. BENCH_POPULATED=1 with DATABASE_URL: the database already holds the
people (a run before populated it). Prints each figure with the ratio before / after.

Run: PYTHONPATH=src python benchmarks/bench_stored_figures.py
"""

import contextlib
import datetime as dt
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobbtorg.config.settings.test")
os.environ.setdefault("BENCH_PEOPLE", "3000")
MEASURE = "--measure" in sys.argv


def _status_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def memory_now_mb() -> float:
    """The resident memory now; and the peak from here on starts again from it (Linux: writing
    5 to clear_refs resets the peak), so that an earlier peak (importing) does not hide it."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")
    return _status_mb("VmRSS")


def memory_peak_mb() -> float:
    return _status_mb("VmHWM")


def measure() -> dict[str, float]:
    """In this process's version of the code, against the populated database."""
    import django

    django.setup()
    from django.test.utils import override_settings

    # Nothing runs when enqueued: the refresh below is the first computation of this process,
    # so that the growth of its peak memory is the refresh's. Before anything reads the
    # backends (importing the tasks does).
    override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    ).enable()
    from django.core.cache import cache
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.utils import timezone
    from tests.factories import UserFactory

    from jobbtorg.followup.models import KeyFigureResult
    from jobbtorg.followup.services import refresh
    from jobbtorg.followup.services.key_figures import (
        BREAKDOWNS,
        latest_finished_tertial,
        tertial_period,
    )
    from jobbtorg.participants.models import Referral

    setup_test_environment()
    figures: dict[str, float] = {}
    year, tertial = latest_finished_tertial(timezone.localdate())
    KeyFigureResult.objects.all().delete()
    for by in (None, *BREAKDOWNS):
        refresh.request_refresh(refresh.dashboard_questions(year, tertial, by, None, None))
    start, end = tertial_period(year - 1, tertial)
    effect_url = f"/nyckeltal/effekt/?start={start}&end={end}"
    manager = UserFactory(username=f"bench-{time.monotonic_ns()}", manager=True)
    client = Client()
    client.force_login(manager)
    KeyFigureResult.objects.update(data_version="")

    grown_from = memory_now_mb()
    began = time.perf_counter()
    refresh.refresh_stale()
    figures["refresh: 12 key-figure questions, s"] = time.perf_counter() - began
    figures["refresh: growth of the worker's peak memory, MB"] = memory_peak_mb() - grown_from
    if hasattr(refresh, "effect_question"):  # after: the worker computes the effect estimate
        refresh.request_refresh([refresh.effect_question(start, end, None)])
        began = time.perf_counter()
        refresh.refresh_stale()
        figures["refresh: the effect estimate of a tertial (the page computed it before), s"] = (
            time.perf_counter() - began
        )
    began = time.perf_counter()
    refresh.refresh_stale()
    figures["refresh again, nothing out of date, s"] = time.perf_counter() - began

    url = f"/nyckeltal/?ar={year}&tertial={tertial}&per=jobbtorg"
    client.get(url)
    # A change, the worker's refresh, then the first view of the new figures.
    referral = Referral.objects.order_by("pk").first()
    Referral.objects.filter(pk=referral.pk).update(
        referred_at=timezone.make_aware(dt.datetime(year - 1, 1 + (tertial - 1) * 4, 3, 10)),
        updated_at=timezone.now(),
    )
    refresh.refresh_stale()
    cache.clear()
    began = time.perf_counter()
    assert client.get(url).status_code == 200
    figures["dashboard by Jobbtorg, first view of new figures, s"] = time.perf_counter() - began
    began = time.perf_counter()
    assert client.get(url).status_code == 200
    figures["dashboard by Jobbtorg, again, s"] = time.perf_counter() - began
    began = time.perf_counter()
    assert client.get(effect_url).status_code == 200
    figures["effect page, one tertial, s"] = time.perf_counter() - began
    return figures


def populate(environment: dict[str, str]) -> None:
    import django

    django.setup()
    from benchmarks.bench_transfer_import import generate
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    # The earlier version's table of stored figures (its migrations end before the change).
    call_command("migrate", "followup", "0003", verbosity=0)
    if environment.get("BENCH_POPULATED"):
        return  # the database given holds the people already
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp) / "transfer"
        generate(directory)
        try:
            call_command("transfer", "import", str(directory), stdout=io.StringIO())
        except SystemExit as stop:
            assert not stop.code, f"the import refused rows (exit {stop.code})"


def run(src: str, environment: dict[str, str]) -> dict[str, float]:
    env = {**environment, "PYTHONPATH": src}
    subprocess.run(
        [sys.executable, "-m", "django", "migrate", "--verbosity", "0"], env=env, check=True
    )
    done = subprocess.run(
        [sys.executable, __file__, "--measure"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    found: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def main() -> None:
    environment = dict(os.environ)
    with tempfile.TemporaryDirectory() as tmp:
        if "DATABASE_URL" not in environment:
            environment["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        os.environ["DATABASE_URL"] = environment["DATABASE_URL"]
        began = time.perf_counter()
        populate(environment)
        vendor = environment["DATABASE_URL"].split(":", 1)[0]
        people = environment["BENCH_PEOPLE"]
        done = "given" if environment.get("BENCH_POPULATED") else "imported"
        print(f"{vendor}, {people} people {done} in {time.perf_counter() - began:.0f} s")
        print(f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
        before_src = environment.get("BENCH_BEFORE")
        before = run(before_src, environment) if before_src else {}
        after = run(str(ROOT / "src"), environment)
        print(f"  {'':<66} {'before':>9} {'after':>9} {'ratio':>7}")
        for label, value in after.items():
            old = before.get(label)
            ratio = f"{old / value:6.1f}x" if old and value > 0 else ""
            old_text = f"{old:9.3f}" if old is not None else f"{'':>9}"
            print(f"  {label:<66} {old_text} {value:9.3f} {ratio:>7}")
        print(f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")


if __name__ == "__main__":
    if MEASURE:
        print(json.dumps(measure()))
    else:
        main()
