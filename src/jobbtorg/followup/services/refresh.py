"""The stored results of the follow-up: the pages show what the worker computed, never compute.

Computing the key figures or the effect estimate reads every case and every month of
assistance (seconds at a city's scale), so it is a task (`followup.tasks.refresh_key_figures`)
and the pages read its stored result (`models.KeyFigureResult`, one row per question: a kind
and its parameters; for the key figures a tertial, breakdown, Jobbtorg and suppression, for the
effect estimate a period and breakdown):

- A page asks for its questions (`results_for_page`). When one is missing, or the worker has
  not checked it against the records for CHECK_EVERY, it records the questions and asks for a
  refresh, then shows what is stored with the time it was computed, or says that the results
  are being computed. The page itself never reads the records: even telling whether they
  changed (`selectors.figures_version`, a count and a latest change per table) reads every
  row of the assistance months, seconds at a city's scale, so the worker does that too.
- A change of a record the results read asks for a refresh at once (`receivers.py`, in the
  transaction of the change), so the worker brings the stored results up to date without
  waiting for a page; meanwhile the pages show the stored ones and say newer ones are being
  computed (`Stored.updating`). Bulk writes send no signal: the pages' check every
  CHECK_EVERY, and the morning refresh, catch those.
- A refresh is coalesced: while one is waiting on the queue, asking again adds the questions
  to the table and enqueues nothing; the waiting refresh computes them all when it starts.
- The refresh (`refresh_stale`) recomputes every stored question computed from other records
  or on another day, reading the records once for all of them (`records.Source`), marks the
  others checked, and drops the questions nobody has asked for in `KEEP_UNASKED`. It also runs
  every morning (JOBBTORG_SCHEDULE), so that the first page of the day is current.

The numbers are those the one function of each kind gives (`COMPUTE`): the key figures'
`key_figures.compute_rows`, the effect estimate's `effect.effect_report`.
"""

import datetime as dt
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from jobbtorg.followup.models import KeyFigureResult, ResultKind
from jobbtorg.followup.selectors import figures_version, stored_results
from jobbtorg.followup.services import effect, key_figures
from jobbtorg.followup.services.records import Source

KEEP_UNASKED = dt.timedelta(days=30)
# How long results are shown without asking the worker whether the records changed (writes
# that send no signal, such as a bulk import): such a change reaches the pages within this and
# the time a refresh takes.
CHECK_EVERY = dt.timedelta(minutes=5)
REFRESH_TASK = "jobbtorg.followup.tasks.refresh_key_figures"


@dataclass(frozen=True)
class Question:
    """One question a page asks: its kind and its parameters as canonical JSON."""

    kind: str
    key: str

    @property
    def params(self) -> dict[str, Any]:
        found: dict[str, Any] = json.loads(self.key)
        return found


def ask(kind: str, **params: Any) -> Question:
    return Question(kind, json.dumps(params, sort_keys=True, separators=(",", ":")))


def key_figures_question(
    year: int, tertial: int, by: str | None, job_centre: str | None, suppress_below: int | None
) -> Question:
    return ask(
        ResultKind.KEY_FIGURES,
        year=year,
        tertial=tertial,
        by=by or "",
        job_centre=job_centre or "",
        suppress_below=suppress_below or 0,
    )


def dashboard_questions(
    year: int, tertial: int, by: str | None, job_centre: str | None, suppress_below: int | None
) -> list[Question]:
    """The tertial and the same tertial a year earlier (the comparison); with a breakdown, the
    two without it too (the overview above the details shows the whole)."""
    breakdowns = [by] if by is None else [by, None]
    return [
        key_figures_question(y, tertial, b, job_centre, suppress_below)
        for b in breakdowns
        for y in (year, year - 1)
    ]


def effect_question(start: dt.date, end: dt.date, by: str | None) -> Question:
    """The effect estimate for a period and breakdown, with the default caliper and seed (the
    page offers no other); unsuppressed: the page hides small groups from an analyst."""
    return ask(ResultKind.EFFECT, start=start.isoformat(), end=end.isoformat(), by=by or "")


@dataclass(frozen=True)
class Stored:
    """What is stored for a page's questions."""

    results: dict[Question, Any]  # the computed ones
    complete: bool  # every question has a result
    checked_at: dt.datetime | None  # the worker last found them current (the oldest)
    computed_at: dt.datetime | None  # the oldest of them
    # A refresh is waiting or running: newer results may be on their way.
    updating: bool = False

    def check_due(self, now: dt.datetime) -> bool:
        return not self.complete or self.checked_at is None or now - self.checked_at > CHECK_EVERY

    def freshness(self) -> dict[str, Any]:
        """What a page says of them (`templates/followup/_computed_at.html`): when they were
        computed, and whether newer ones are being computed."""
        return {
            "computed_at": self.computed_at,
            "computed_today": self.computed_at is not None
            and timezone.localdate(self.computed_at) == timezone.localdate(),
            "updating": self.updating,
        }

    def cache_rows(self) -> dict[tuple[Any, ...], list[dict[str, Any]]]:
        """The key figures' rows keyed as `key_figures.Cache` keys them."""
        keyed = {}
        for question, rows in self.results.items():
            p = question.params
            keyed[
                (
                    p["year"],
                    p["tertial"],
                    p["by"] or None,
                    p["job_centre"] or None,
                    p["suppress_below"] or None,
                )
            ] = rows
        return keyed


def _found(questions: Iterable[Question]) -> dict[Question, KeyFigureResult]:
    by_kind: dict[str, set[str]] = {}
    for q in questions:
        by_kind.setdefault(q.kind, set()).add(q.key)
    found = {}
    for kind, keys in by_kind.items():
        for key, result in stored_results(kind, keys).items():
            found[Question(kind, key)] = result
    return found


def stored(questions: list[Question]) -> Stored:
    found = _found(questions)
    computed = {q: r for q, r in found.items() if r.result is not None}
    complete = len(computed) == len(set(questions))
    return Stored(
        results={q: r.result for q, r in computed.items()},
        complete=complete,
        checked_at=_oldest([r.checked_at for r in computed.values()]) if complete else None,
        computed_at=_oldest([r.computed_at for r in computed.values()]),
    )


def _oldest(times: list[dt.datetime | None]) -> dt.datetime | None:
    return None if not times or None in times else min(t for t in times if t is not None)


def results_for_page(questions: list[Question]) -> Stored:
    """The stored results for a page; asks for a refresh when they are missing or due to be
    checked (with the immediate backend of the tests the refresh has run when this returns).
    Two or three small queries, whatever the size of the records: a page never computes."""
    found = stored(questions)
    if found.check_due(timezone.now()):
        request_refresh(questions)
        found = stored(questions)
    return Stored(
        results=found.results,
        complete=found.complete,
        checked_at=found.checked_at,
        computed_at=found.computed_at,
        updating=refresh_pending(),
    )


def request_refresh(questions: list[Question]) -> None:
    """Records the questions as asked now and enqueues a refresh unless one is waiting, in one
    transaction (the task row commits with the questions)."""
    now = timezone.now()
    with transaction.atomic():
        existing = _found(questions)
        KeyFigureResult.objects.filter(pk__in=[r.pk for r in existing.values()]).update(
            asked_at=now
        )
        for q in set(questions) - set(existing):
            try:
                with transaction.atomic():
                    KeyFigureResult.objects.create(kind=q.kind, question=q.key, asked_at=now)
            except IntegrityError:
                pass  # another page asked for it at the same moment: it is recorded
        _enqueue_unless_waiting()


def records_changed() -> None:
    """A record the results read changed: one refresh, unless one is waiting already (a running
    one does not count: it may have read the records before this change) or nothing is stored
    (before any page asked there is nothing to keep fresh). Called in the transaction of the
    change, so the task row commits with it."""
    if KeyFigureResult.objects.exists():
        _enqueue_unless_waiting()


def _enqueue_unless_waiting() -> None:
    from jobbtorg.followup import tasks

    if not refresh_waiting():
        tasks.refresh_key_figures.enqueue()


def refresh_waiting() -> bool:
    """A refresh is on the queue and no worker has started it."""
    from jobbtorg.core.tasks.queue import is_waiting

    return is_waiting(REFRESH_TASK)


def refresh_pending() -> bool:
    """A refresh is on the queue or being run: the stored results may be about to change."""
    from jobbtorg.core.tasks.queue import is_pending

    return is_pending(REFRESH_TASK)


def _key_figures(params: dict[str, Any], source: Source) -> Any:
    start, end = key_figures.tertial_period(params["year"], params["tertial"])
    return key_figures.compute_rows(
        start,
        end,
        by=params["by"] or None,
        job_centre=params["job_centre"] or None,
        suppress_below=params["suppress_below"] or None,
        source=source,
    )


def _effect(params: dict[str, Any], source: Source) -> Any:
    report = effect.effect_report(
        dt.date.fromisoformat(params["start"]),
        dt.date.fromisoformat(params["end"]),
        by=params["by"] or None,
        today=source.today,
        source=source,
    )
    return effect.as_stored(report)


# The one function that computes each kind of result.
COMPUTE: dict[str, Callable[[dict[str, Any], Source], Any]] = {
    ResultKind.KEY_FIGURES: _key_figures,
    ResultKind.EFFECT: _effect,
}


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
    source = Source()
    for found in stale:
        result = COMPUTE[found.kind](json.loads(found.question), source)
        # One row at a time: a refresh stopped half-way keeps what it finished.
        now = timezone.now()
        KeyFigureResult.objects.filter(pk=found.pk).update(
            result=result, data_version=version, computed_at=now, checked_at=now
        )
    return len(stale)
