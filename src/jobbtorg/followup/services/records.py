"""The records as the engines' rows, read once per run of the worker (a refresh, a tertial
report) or of a command, and shared by every question that run computes: the key figures of
every tertial and breakdown, and the effect estimate of every period.

Reading is most of a refresh's cost (every case, every month of assistance), and preparing
the engine's columns (`engines.indicators.prepare`) the next: both are done once per run and
scope, not once per question."""

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from django.utils import timezone

from jobbtorg.engines.indicators.compute import indicators_prepared
from jobbtorg.engines.indicators.data import AssistanceMatrix, Prepared, prepare
from jobbtorg.engines.indicators.rows import CaseRow, Period
from jobbtorg.followup import selectors

T = TypeVar("T")


class Source:
    """The records as of `today`, each part read when first asked for."""

    def __init__(self, today: dt.date | None = None) -> None:
        self.today = today or timezone.localdate()
        self._cases: list[CaseRow] | None = None
        self._rows: tuple[Any, ...] | None = None
        self._assistance: AssistanceMatrix | None = None
        self._districts: dict[str, str] | None = None
        self._prepared: dict[str | None, Prepared] = {}
        self._kept: dict[str, Any] = {}

    def cases(self) -> list[CaseRow]:
        if self._cases is None:
            self._cases = selectors.case_rows(self.today)
        return self._cases

    def assistance(self) -> AssistanceMatrix:
        if self._assistance is None:
            self._assistance = selectors.assistance_matrix()
        return self._assistance

    def latest_districts(self) -> dict[str, str]:
        """Each person's district of their latest month of assistance that has one."""
        if self._districts is None:
            self._districts = selectors.latest_assistance_districts()
        return self._districts

    def last_month(self) -> dt.date | None:
        """The latest month the districts have reported assistance for."""
        return self.kept("last assistance month", selectors.last_assistance_month)

    def rows(self) -> tuple[Any, ...]:
        """What the key figures read: cases, activities, assistance and its last month."""
        if self._rows is None:
            self._rows = (
                self.cases(),
                selectors.activity_rows(),
                self.assistance(),
                self.last_month(),
            )
        return self._rows

    def prepared(self, job_centre: str | None) -> Prepared:
        """The engine's columns over the city's cases or one Jobbtorg's, prepared once."""
        if job_centre not in self._prepared:
            cases, activities, assistance, last_month = self.rows()
            if job_centre is not None:
                cases = [case for case in cases if case.job_centre == job_centre]
                refs = {case.case_ref for case in cases}
                activities = [activity for activity in activities if activity.case_ref in refs]
            self._prepared[job_centre] = prepare(
                cases, activities, assistance, last_assistance_month=last_month
            )
        return self._prepared[job_centre]

    def indicators(self, period: Period, *, by: str | None, job_centre: str | None) -> list[Any]:
        return indicators_prepared(self.prepared(job_centre), period, by=by)

    def kept(self, name: str, make: Callable[[], T]) -> T:
        """Something made from these records once per run (the effect estimate's pool)."""
        if name not in self._kept:
            self._kept[name] = make()
        found: T = self._kept[name]
        return found
