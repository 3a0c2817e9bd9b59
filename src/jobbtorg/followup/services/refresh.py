"""The stored key figures: the dashboard shows what the worker computed, never computes itself.

Computing the figures reads every case (seconds at a city's scale), so it is a task
(`followup.tasks.refresh_key_figures`) and the page reads its stored result
(`models.KeyFigureResult`, one row per question: tertial, breakdown, Jobbtorg, suppression):

- A page asks for its questions (`figures_for_page`). When one is missing, or the worker has
  not checked it against the records for CHECK_EVERY, it records the questions and asks for a
  refresh, then shows what is stored with the time it was computed, or says that the figures
  are being prepared. The page itself never reads the records: even telling whether they
  changed (`selectors.figures_version`, a count and a latest change per table) reads every
  row of the assistance months, seconds at a city's scale, so the worker does that too.
- A refresh is coalesced: while one is waiting on the queue, asking again adds the questions
  to the table and enqueues nothing; the waiting refresh computes them all when it starts.
- The refresh (`refresh_stale`) recomputes every stored question computed from other records
  or on another day, reading the records once, marks the others checked, and drops the
  questions nobody has asked for in `KEEP_UNASKED`. It also runs every morning
  (JOBBTORG_SCHEDULE), so that the first page of the day is current.

The numbers are those `key_figures.compute_rows` gives: the same function computes them.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from jobbtorg.followup.models import KeyFigureResult
from jobbtorg.followup.selectors import figures_version, key_figure_results
from jobbtorg.followup.services import key_figures

# A question (year, tertial, breakdown, Jobbtorg, suppress below): "" and 0 for none.
Question = tuple[int, int, str, str, int]

KEEP_UNASKED = dt.timedelta(days=30)
# How long figures are shown without asking the worker whether the records changed: a change
# reaches the dashboard within this and the time a refresh takes.
CHECK_EVERY = dt.timedelta(minutes=5)
REFRESH_TASK = "jobbtorg.followup.tasks.refresh_key_figures"


def question(
    year: int, tertial: int, by: str | None, job_centre: str | None, suppress_below: int | None
) -> Question:
    return (year, tertial, by or "", job_centre or "", suppress_below or 0)


def dashboard_questions(
    year: int, tertial: int, by: str | None, job_centre: str | None, suppress_below: int | None
) -> list[Question]:
    """The tertial and the same tertial a year earlier (the comparison)."""
    return [
        question(year, tertial, by, job_centre, suppress_below),
        question(year - 1, tertial, by, job_centre, suppress_below),
    ]


@dataclass(frozen=True)
class StoredFigures:
    """What is stored for a page's questions."""

    rows: dict[Question, list[dict[str, Any]]]  # the computed ones
    complete: bool  # every question has rows
    checked_at: dt.datetime | None  # the worker last found them current (the oldest)
    computed_at: dt.datetime | None  # the oldest of them

    def check_due(self, now: dt.datetime) -> bool:
        return not self.complete or self.checked_at is None or now - self.checked_at > CHECK_EVERY

    def cache_rows(self) -> dict[tuple[Any, ...], list[dict[str, Any]]]:
        """The rows keyed as `key_figures.Cache` keys them."""
        return {
            (year, tertial, by or None, centre or None, below or None): rows
            for (year, tertial, by, centre, below), rows in self.rows.items()
        }


def stored_figures(questions: list[Question]) -> StoredFigures:
    found = key_figure_results(list(questions))
    computed = {key: r for key, r in found.items() if r.rows is not None}
    complete = len(computed) == len(set(questions))
    return StoredFigures(
        rows={key: r.rows for key, r in computed.items()},
        complete=complete,
        checked_at=_oldest([r.checked_at for r in computed.values()]) if complete else None,
        computed_at=_oldest([r.computed_at for r in computed.values()]),
    )


def _oldest(times: list[dt.datetime | None]) -> dt.datetime | None:
    return None if not times or None in times else min(t for t in times if t is not None)


def figures_for_page(questions: list[Question]) -> StoredFigures:
    """The stored figures for a page; asks for a refresh when they are missing or due to be
    checked (with the immediate backend of the tests the refresh has run when this returns)."""
    stored = stored_figures(questions)
    if not stored.check_due(timezone.now()):
        return stored
    request_refresh(questions)
    return stored_figures(questions)


def request_refresh(questions: list[Question]) -> None:
    """Records the questions as asked now and enqueues a refresh unless one is waiting, in one
    transaction (the task row commits with the questions)."""
    from jobbtorg.followup import tasks

    now = timezone.now()
    with transaction.atomic():
        existing = key_figure_results(list(questions))
        KeyFigureResult.objects.filter(pk__in=[r.pk for r in existing.values()]).update(
            asked_at=now
        )
        for year, tertial, by, centre, below in set(questions) - set(existing):
            try:
                with transaction.atomic():
                    KeyFigureResult.objects.create(
                        year=year,
                        tertial=tertial,
                        breakdown=by,
                        job_centre=centre,
                        suppress_below=below,
                        asked_at=now,
                    )
            except IntegrityError:
                pass  # another page asked for it at the same moment: it is recorded
        if not refresh_waiting():
            tasks.refresh_key_figures.enqueue()


def refresh_waiting() -> bool:
    """A refresh is on the queue and no worker has started it."""
    from jobbtorg.core.tasks.queue import is_waiting

    return is_waiting(REFRESH_TASK)


def refresh_stale() -> int:
    """Recomputes every stored question computed from other records or on another day, marks
    the others checked, drops those nobody asked for in KEEP_UNASKED. Returns how many it
    computed. Idempotent: run again, it finds nothing out of date."""
    # The version first: records read after it are at least as new, so a result is never
    # labelled newer than what it was computed from.
    version = figures_version()
    KeyFigureResult.objects.filter(asked_at__lt=timezone.now() - KEEP_UNASKED).delete()
    KeyFigureResult.objects.filter(data_version=version).update(checked_at=timezone.now())
    stale = list(KeyFigureResult.objects.exclude(data_version=version).order_by("-asked_at"))
    source = key_figures.Source()
    for result in stale:
        start, end = key_figures.tertial_period(result.year, result.tertial)
        rows = key_figures.compute_rows(
            start,
            end,
            by=result.breakdown or None,
            job_centre=result.job_centre or None,
            suppress_below=result.suppress_below or None,
            source=source,
        )
        # One row at a time: a refresh stopped half-way keeps what it finished.
        now = timezone.now()
        KeyFigureResult.objects.filter(pk=result.pk).update(
            rows=rows, data_version=version, computed_at=now, checked_at=now
        )
    return len(stale)
