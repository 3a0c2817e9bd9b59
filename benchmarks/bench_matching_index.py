"""One matching index for every web process: builds per change and time to a fresh answer, with
BENCH_PROCESSES web processes (4, as gunicorn runs), before and after.

Before, each web process built the city's index itself after a change (reading every profile
and vacancy, then the engine's build): one build per process per change. Now the worker builds
it once and stores it under the data directory, and each process loads the stored file. The
same populated database as benchmarks/bench_matching_page.py (BENCH_PEOPLE people with
profiles, BENCH_VACANCIES vacancies), in one process: each "process" is a load after dropping
what this one has in memory, as a new process starts.

Prints the build, the store, a load, the per-page check before (the freshness key's five
aggregate queries on every page) and now (a stat of the pointer file), the candidates page
with the stored index, and the figures per change, with their ratios from this same run.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobbtorg.config.settings.test")

import django  # noqa: E402

django.setup()

from bench_matching_page import PEOPLE, REPEATS, VACANCIES, median_ms, populate, timed_ms  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

PROCESSES = int(os.environ.get("BENCH_PROCESSES", "4"))


def main() -> None:
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with tempfile.TemporaryDirectory() as data_dir:
            run(Path(data_dir))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run(data_dir: Path) -> None:
    from django.conf import settings
    from django.utils import timezone

    from jobbtorg.matching import feed, index_store

    settings.DATA_DIR = data_dir
    start = time.perf_counter()
    matcher, vacancy = populate()
    print(
        f"{connection.vendor}: {PEOPLE} people with profiles, {VACANCIES} vacancies, "
        f"{PROCESSES} web processes (populated in {time.perf_counter() - start:.0f} s)"
    )
    today = timezone.localdate()

    # Before: what each web process did after a change.
    build = timed_ms(lambda: feed.build_index(today)) / 1000

    # Now: the worker builds and stores once; each process loads the file.
    start = time.perf_counter()
    outcome = index_store.rebuild(force=True)
    rebuild = time.perf_counter() - start
    store = rebuild - outcome.seconds
    size = sum(p.stat().st_size for p in index_store.directory().glob("index-*.pickle"))
    loads = []
    for _ in range(PROCESSES):
        index_store.forget()
        start = time.perf_counter()
        assert index_store._loaded() is not None
        loads.append(time.perf_counter() - start)
    load = statistics.median(loads)

    key_check = median_ms(lambda: feed.freshness_key(today))
    stat_check = median_ms(index_store._stamp)
    settings.JOBBTORG_MATCHING_RECHECK_SECONDS = 60
    client = Client()
    client.force_login(matcher)
    url = f"/matchning/lediga/{vacancy.pk}/kandidater/"

    def page() -> None:
        assert client.get(url).status_code == 200

    page()  # the process's other first-time costs (templates, taxonomy), as in a running process
    index_store.forget()
    first_page = timed_ms(page)
    warm = median_ms(page)

    before_cpu = PROCESSES * build
    after_cpu = rebuild + PROCESSES * load
    print(f"  build (read the city, engine's build), once    {build:8.2f} s")
    both = f"build {outcome.seconds:.2f} s + store {store:.2f} s"
    print(f"  worker's rebuild: {both}    {rebuild:8.2f} s")
    print(f"  stored file                                    {size / 1e6:8.1f} MB")
    print(
        f"  load in a web process (median of {PROCESSES})          {load:8.2f} s  "
        f"({', '.join(f'{x:.2f}' for x in loads)})"
    )
    print(f"  load / build                                   {load / build:8.2f}")
    print(f"  per-page check before: freshness key           {key_check:8.1f} ms")
    print(f"  per-page check now: stat of the pointer        {stat_check:8.3f} ms")
    print(f"  first candidates page of a new process         {first_page:8.1f} ms  (loads)")
    print(f"  candidates page, warm (median of {REPEATS})          {warm:8.1f} ms")
    print()
    print(f"  per change, {PROCESSES} web processes             before       now")
    print(f"  builds                                    {PROCESSES:8d}  {1:8d}")
    print(
        f"  CPU seconds (builds, stores, loads)       {before_cpu:8.2f}  {after_cpu:8.2f}"
        f"   x{before_cpu / after_cpu:.1f} less"
    )
    print(
        f"  to a fresh answer in every process (s)    {build:8.2f}+ {rebuild + load:8.2f}"
        f"   (before: each builds at once, {PROCESSES} builds sharing the cores)"
    )


if __name__ == "__main__":
    main()
