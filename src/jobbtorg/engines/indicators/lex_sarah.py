"""Lex Sarah in the committee's key figures (R35): per tertial, the reports filed, how many of
them are assessed as serious, and the median calendar days from report to decision.

The rows are plain (`LexSarahRow`); the app reads them from the reports (aggregates only, no
text of a report and no person). Definitions (docs/key-figures.md says the same in prose):

* `lex_sarah_reports`: reports filed in the period (the day filed, in the city's time, from
  the period's first day to its last, both counted). Value and n are the count; a count of 0
  is 0 with n = 0.
* `lex_sarah_serious`: of those reports, the ones whose assessment is serious (a serious
  wrongdoing or a risk of one) as the report stands when the figures are read: the assessment
  of the current investigation version. A report reassessed from serious to not serious counts
  as not serious; one not yet assessed counts as not serious (yet). n is the number of reports
  filed in the period, so it is never more than `lex_sarah_reports`.
* `lex_sarah_median_days_to_decision`: over the reports **decided** in the period (decision
  day from the period's first day to its last, whenever they were filed), the median of
  decision day − day filed in calendar days (the mean of the two middle values when n is even),
  n = the number decided. Reports decided in the period, not reports filed in it: the tertial
  report is written just after the tertial, when many reports filed late in it are still open;
  counting those filed would measure only the quick ones and the figure would keep changing
  for many tertials. Counted by decision day it is final when the tertial ends, like
  `median_days_to_exit` of the indicators, which counts over the exits of the period. None
  (n = 0) when none was decided.

Groups (`by`): None → the whole city, group `{}`; "jobbtorg" → the report's Jobbtorg by slug,
with `NONE` ("") for reports of the city's own operations outside a Jobbtorg; "provider_kind"
→ the kind of the provider the report names (`providers.ProviderKind`), with `NONE` for a
report that names no provider: the Jobbtorg's or the city's own work. `NONE` is kept apart
from the provider kind "own_operation" (a city unit registered as a provider running
activities): the figures show what the report recorded and guess nothing. Both breakdowns
partition the reports, so their groups add up to the city's. Every group the caller names
(`job_centres`, `provider_kinds`) and every group in the rows is reported, in name order with
`NONE` last, so tables line up across tertials.

Disclosure control (`suppressed`): the key figures' rule and threshold (`suppress.py`,
`ANALYST_THRESHOLD`). A group with fewer reports filed in the period than the threshold shows
none of its figures (all three "fewer than 5"); in a group with enough reports the median is
also blanked when fewer than the threshold were decided (the rule on its own n).

Plain Python, not numpy: a city files hundreds of lex Sarah reports a year, not millions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from statistics import median

from jobbtorg.engines.indicators.compute import IndicatorValue
from jobbtorg.engines.indicators.rows import Period
from jobbtorg.engines.indicators.suppress import ANALYST_THRESHOLD, suppress

REPORTS = "lex_sarah_reports"
SERIOUS = "lex_sarah_serious"
MEDIAN_DAYS = "lex_sarah_median_days_to_decision"
FIGURES = (REPORTS, SERIOUS, MEDIAN_DAYS)

BREAKDOWNS = ("jobbtorg", "provider_kind")
# The group of reports without a Jobbtorg (the city's own operations) or without a provider
# (the Jobbtorg's or the city's own work): no slug and no provider kind is empty.
NONE = ""


@dataclass(frozen=True, slots=True)
class LexSarahRow:
    """One lex Sarah report as the key figures see it: when it was filed and decided, whether
    it is assessed as serious, its Jobbtorg (None: outside a Jobbtorg) and the kind of the
    provider it names (None: none named)."""

    reported_on: date
    decided_on: date | None
    serious: bool
    job_centre: str | None
    provider_kind: str | None

    def __post_init__(self) -> None:
        if self.decided_on is not None and self.decided_on < self.reported_on:
            raise ValueError(f"decided ({self.decided_on}) before reported ({self.reported_on})")


def _key(row: LexSarahRow, by: str) -> str:
    found = row.job_centre if by == "jobbtorg" else row.provider_kind
    return NONE if found is None else found


def _figures(
    rows: Sequence[LexSarahRow], period: Period, group: dict[str, str]
) -> list[IndicatorValue]:
    filed = [row for row in rows if row.reported_on in period]
    serious = sum(1 for row in filed if row.serious)
    days = [
        (row.decided_on - row.reported_on).days
        for row in rows
        if row.decided_on is not None and row.decided_on in period
    ]
    middle = float(median(days)) if days else None
    return [
        IndicatorValue(REPORTS, group, len(filed), len(filed)),
        IndicatorValue(SERIOUS, group, serious, len(filed)),
        IndicatorValue(MEDIAN_DAYS, group, middle, len(days)),
    ]


def _names(present: Iterable[str], named: Iterable[str]) -> list[str]:
    every = set(present) | set(named)
    return sorted(every, key=lambda name: (name == NONE, name))


def lex_sarah_figures(
    rows: Sequence[LexSarahRow],
    period: Period,
    *,
    by: str | None = None,
    job_centres: Iterable[str] = (),
    provider_kinds: Iterable[str] = (),
) -> list[IndicatorValue]:
    """The three figures per group of the breakdown `by` (see the module docstring), group by
    group and within a group in the order of FIGURES."""
    if by is None:
        return _figures(rows, period, {})
    if by not in BREAKDOWNS:
        raise ValueError(f"unknown breakdown {by!r}; one of {BREAKDOWNS}")
    named = job_centres if by == "jobbtorg" else provider_kinds
    values: list[IndicatorValue] = []
    for name in _names((_key(row, by) for row in rows), named):
        members = [row for row in rows if _key(row, by) == name]
        values.extend(_figures(members, period, {by: name}))
    return values


def suppress_groups(
    values: Iterable[IndicatorValue], below: int = ANALYST_THRESHOLD
) -> list[IndicatorValue]:
    """The figures with every group of fewer than `below` reports blanked whole, and every
    other figure by the key figures' rule on its own n (`suppress.suppress`)."""
    found = list(values)
    small = {
        tuple(sorted(value.group.items()))
        for value in found
        if value.indicator == REPORTS and (value.n is None or value.n < below)
    }
    checked = suppress(found, below=below)
    return [
        replace(value, value=None, n=None, suppressed=True)
        if tuple(sorted(value.group.items())) in small
        else value
        for value in checked
    ]


__all__ = [
    "BREAKDOWNS",
    "FIGURES",
    "MEDIAN_DAYS",
    "NONE",
    "REPORTS",
    "SERIOUS",
    "LexSarahRow",
    "lex_sarah_figures",
    "suppress_groups",
]
