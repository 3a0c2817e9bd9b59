"""How long the work the pages used to do on a request takes, and what the pages cost now that
the worker does it: the key figures, the tertial report files, the effect estimate, the daily
attendance review, the providers' comparison.

Populates a test database (SQLite in memory, or DATABASE_URL) through the transfer import with
BENCH_PEOPLE people (default 5000; each with a plan of two activities, a third exited, two years
of monthly assistance: benchmarks/bench_transfer_import.py), then times each piece once (the
refresh and the report are also timed again, to show a second run finds nothing to do), and the
dashboard's request with the figures stored against the request that computed them.
"""

import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobbtorg.config.settings.test")
os.environ.setdefault("BENCH_PEOPLE", "5000")

import django  # noqa: E402

django.setup()

from benchmarks.bench_transfer_import import PEOPLE, generate  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402


def timed(label: str, figures: list[tuple[str, float]], work):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = work()
    figures.append((label, time.perf_counter() - start))
    return result


def populate() -> None:
    """The people through `jobbtorg transfer import`, as a city moving over would."""
    import io

    from django.core.management import call_command

    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp) / "transfer"
        generate(directory)
        try:
            call_command("transfer", "import", str(directory), stdout=io.StringIO())
        except SystemExit as stop:  # the command's exit code: 0 when every row went in
            assert not stop.code, f"the import refused rows (exit {stop.code})"


def main() -> None:
    setup_test_environment()
    old = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from django.core.cache import cache
        from django.test import Client
        from tests.factories import UserFactory

        from jobbtorg.core.audit.events import AuditContext
        from jobbtorg.engines.comparison import Period
        from jobbtorg.followup.models import KeyFigureResult
        from jobbtorg.followup.selectors import figures_version
        from jobbtorg.followup.services import refresh
        from jobbtorg.followup.services import report as reports
        from jobbtorg.followup.services.effect import effect_report
        from jobbtorg.followup.services.key_figures import (
            BREAKDOWNS,
            latest_finished_tertial,
            tertial_period,
        )
        from jobbtorg.payments.services import payment_run_compute
        from jobbtorg.providers.services.attendance import attendance_review
        from jobbtorg.providers.services.comparison import comparison_table, last_12_months

        start = time.perf_counter()
        populate()
        print(
            f"{connection.vendor}, {PEOPLE} people imported in {time.perf_counter() - start:.1f} s"
        )
        today = timezone.localdate()
        year, tertial = latest_finished_tertial(today)
        figures: list[tuple[str, float]] = []

        timed("records' version (each dashboard view)", figures, figures_version)
        city = refresh.dashboard_questions(year, tertial, None, None, None)
        refresh.request_refresh(city)  # the immediate backend computes them here
        KeyFigureResult.objects.update(data_version="")
        timed("refresh: the city, this tertial and a year earlier", figures, refresh.refresh_stale)
        every = [
            q
            for by in (None, *BREAKDOWNS)
            for q in refresh.dashboard_questions(year, tertial, by, None, None)
        ]
        for q in every:
            KeyFigureResult.objects.get_or_create(
                year=q[0],
                tertial=q[1],
                breakdown=q[2],
                job_centre=q[3],
                suppress_below=q[4],
                defaults={"asked_at": timezone.now()},
            )
        KeyFigureResult.objects.update(data_version="")
        timed("refresh: every breakdown (12 questions)", figures, refresh.refresh_stale)
        timed("refresh again: nothing out of date", figures, refresh.refresh_stale)

        manager = UserFactory(username="bench-manager", manager=True)
        client = Client()
        client.force_login(manager)
        url = f"/nyckeltal/?ar={year}&tertial={tertial}"
        client.get(url)  # matplotlib's first figure and fonts, not the page's cost
        KeyFigureResult.objects.all().delete()
        cache.clear()
        timed(
            "dashboard: figures computed, charts drawn (every view before)",
            figures,
            lambda: client.get(url),
        )
        timed("dashboard: figures stored, charts kept (now)", figures, lambda: client.get(url))

        document = timed(
            "tertial report: the figures",
            figures,
            lambda: reports.tertial_report(
                year=year, tertial=tertial, job_centre=None, suppress_below=None
            ),
        )
        timed("tertial report: PDF", figures, lambda: reports.pdf_bytes(document))
        timed("tertial report: XLSX", figures, lambda: reports.xlsx_bytes(document))
        period = tertial_period(year - 1, tertial)
        timed(
            "effect estimate, one tertial",
            figures,
            lambda: effect_report(*period, today=today),
        )
        timed(
            "effect estimate, by Jobbtorg",
            figures,
            lambda: effect_report(*period, by="jobbtorg", today=today),
        )
        counts = timed(
            "attendance review",
            figures,
            lambda: attendance_review(AuditContext.for_command("bench")),
        )
        timed(
            "providers' comparison, by provider",
            figures,
            lambda: comparison_table(Period(*last_12_months(today)), "provider", today),
        )
        month = dt.date(today.year, today.month, 1)
        timed("payment run, computed", figures, lambda: payment_run_compute(month))
        for label, seconds in figures:
            print(f"  {label:<52} {seconds * 1000:9.1f} ms")
        print(f"  attendance: {counts}")
    finally:
        connection.creation.destroy_test_db(old, verbosity=0)


if __name__ == "__main__":
    main()
