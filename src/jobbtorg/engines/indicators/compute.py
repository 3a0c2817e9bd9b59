"""The follow-up indicators (R28–R31) for a period F–T (both days counted).

Where the definitions leave something open, this is what is implemented
(docs/indicators.md says the same in prose):

* Everything is counted in **cases** (referrals). A person with two cases in the period counts
  twice; `n` is then a number of cases (for the assistance indicators: of exits).
* An **exit** is a case with an exit date that had been enrolled (had a first meeting). A
  referral closed before any first meeting is not a participant's exit and is left out of
  every exit indicator.
* `referrals`, `enrolled`, `active`, `exits`: counts; `n` is the count itself, so a count of 0
  is None with n = 0 (a value with n = 0 is null, never 0).
* `exits_to_work_share` / `exits_to_studies_share`: among exits in the period, the share with
  exit reason "work" / "studies" as recorded (any employment form, any kind of studies).
  `exits_to_work_or_studies_share` is Kolada's: work except employment that is itself a
  municipal labour-market measure (an unrecorded employment form counts as work), or studies
  that qualify for student finance (unknown does not).
* `exits_to_studies_student_finance_unknown`: a count, the exits to studies in the period for
  which it is not known whether the studies qualify for student finance; they are left out of
  Kolada's share, and this says how many.
* `exits_by_employment_form`: exits in the period with reason "work", one value per
  combination in `group["employment_form"]`, encoded `<form>_<extent>_<subsidy>` with form
  permanent | temporary | municipal_measure | unknown_form, extent full | part |
  unknown_extent, subsidy with_subsidy | without_subsidy | unknown_subsidy — e.g.
  "permanent_full_with_subsidy", "temporary_unknown_extent_without_subsidy". The 12
  combinations of known values are always reported (None with n = 0 when nobody exited so);
  combinations with something unknown only when they occur.
* `plan_within_5_working_days_share`: among cases enrolled in the period whose due date (5
  Swedish working days after enrolment, `rules.deadlines.plan_due`) is on or before T, the
  share with a plan on time by the one rule `rules.deadlines.plan_timeliness`: the first plan
  counts on the day it was drawn up, and a case that exited before the due date without a plan
  drawn up on or before the exit date is not measured.
* `median_days_to_exit`: over exits in the period, the median (mean of the two middle values
  when n is even) of exit date − enrolment date − days interrupted, where each interruption
  S–E is cut to the days from enrolment to exit and counts E − S + 1 (an ongoing one runs to
  the exit; overlapping interruptions count each day once); never below 0.
* `exited_within_18_months_share` / `to_work_or_studies_within_18_months_share`: among cases
  whose participation end (the 18-month end with interruptions, given in the row) falls in
  the period, the share with an exit dated on or before that end (for any reason / to work
  or studies in Kolada's sense).
* `assistance_reduction_2m` / `_8m`: over exits in the period whose exit month + k is on or
  before `last_assistance_month` (default: the last month in the assistance data) and whose
  baseline is above 0: baseline = mean assistance over the 3 calendar months before the
  enrolment month (a month with no row is 0), after = assistance in the month k months after
  the exit month; value = 1 − Σ after / Σ baseline, n = the number of those exits. Negative
  when assistance rose.

Breakdowns (`by`): None → one group `{}` (the whole city); "jobbtorg", "target_group",
"district" → the case's job centre, target group and home district (these partition the
cases: the groups' counts add up to the city's); "provider", "activity_type" → a case belongs
to every provider (activity type) with which it had an activity overlapping the period (start
on or before T and end on or after F), so a case may be in several groups or in none and the
groups do not add up. The group key is the breakdown's name, e.g. `{"district": "Farsta"}`.
Every group known in the data (every value of the field over all cases; every provider or
activity type in the activities) is reported for every period, in name order, even when its
values are None, so tables line up across periods.

Output order: group by group, and within a group the indicators in the order of INDICATORS.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from jobbtorg.engines.indicators.data import (
    ASSISTANCE_KS,
    BREAKDOWNS,
    CASE_BREAKDOWNS,
    COMBINATIONS,
    KNOWN_COMBINATIONS,
    NA,
    AssistanceMatrix,
    Bools,
    Floats,
    Ints,
    Prepared,
    prepare,
)
from jobbtorg.engines.indicators.rows import ActivityRow, AssistanceRow, CaseRow, Period

INDICATORS = (
    "referrals",
    "enrolled",
    "active",
    "exits",
    "exits_to_work_share",
    "exits_to_studies_share",
    "exits_to_work_or_studies_share",
    "exits_to_studies_student_finance_unknown",
    "exits_by_employment_form",
    "plan_within_5_working_days_share",
    "median_days_to_exit",
    "exited_within_18_months_share",
    "to_work_or_studies_within_18_months_share",
    "assistance_reduction_2m",
    "assistance_reduction_8m",
)
COUNTS = frozenset(
    {
        "referrals",
        "enrolled",
        "active",
        "exits",
        "exits_to_studies_student_finance_unknown",
        "exits_by_employment_form",
    }
)


@dataclass(frozen=True)
class IndicatorValue:
    """One indicator for one group. `n` is None only after suppression (see suppress.py)."""

    indicator: str
    group: dict[str, str]
    value: float | int | None
    n: int | None
    suppressed: bool = field(default=False)

    def as_json(self) -> dict[str, object]:
        """The JSON row of the key figures: indicator, group, value, n."""
        return {"indicator": self.indicator, "group": self.group, "value": self.value, "n": self.n}


@dataclass(frozen=True)
class _Membership:
    """Which case is in which group: parallel arrays (a case may appear more than once)."""

    case: Ints | None  # None: every case once, in order
    group: Ints
    names: tuple[str, ...]

    def sums(self, mask: Bools, weights: Floats | Ints | None = None) -> Floats:
        member = mask if self.case is None else mask[self.case]
        w = None
        if weights is not None:
            w = (weights if self.case is None else weights[self.case])[member]
        return np.bincount(self.group[member], weights=w, minlength=len(self.names)).astype(
            np.float64
        )


def _membership(data: Prepared, period: Period, by: str | None) -> _Membership:
    n_cases = len(data.case_refs)
    if by is None:
        return _Membership(None, np.zeros(n_cases, dtype=np.int64), ("",))
    if by in CASE_BREAKDOWNS:
        labels = data.groups[by]
        return _Membership(None, labels.codes, labels.names)
    if by not in BREAKDOWNS:
        raise ValueError(f"unknown breakdown {by!r}; one of {BREAKDOWNS}")
    labels = data.activity_groups[by]
    overlaps = (data.activity_start <= period.end.toordinal()) & (
        data.activity_end >= period.start.toordinal()
    )
    width = max(len(labels.names), 1)
    keys = np.unique(data.activity_case[overlaps] * width + labels.codes[overlaps])
    return _Membership(keys // width, keys % width, labels.names)


def _medians(member: _Membership, mask: Bools, values: Ints) -> tuple[Floats, Floats]:
    """Per group: the median of `values` over the cases in `mask`, and how many there were."""
    inside = mask if member.case is None else mask[member.case]
    groups = member.group[inside]
    vals = (values if member.case is None else values[member.case])[inside]
    order = np.lexsort((vals, groups))
    vals = vals[order]
    counts = np.bincount(groups, minlength=len(member.names))
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    medians = np.full(len(member.names), np.nan)
    has = counts > 0
    low = starts[has] + (counts[has] - 1) // 2
    high = starts[has] + counts[has] // 2
    medians[has] = (vals[low] + vals[high]) / 2
    return medians, counts.astype(np.float64)


def indicators_prepared(
    data: Prepared, period: Period, *, by: str | None = None
) -> list[IndicatorValue]:
    """All indicators for `period`, from prepared columns (see `prepare`)."""
    f, t = period.start.toordinal(), period.end.toordinal()
    member = _membership(data, period, by)
    enrolled_ever = data.enrolled != NA
    exited_ever = data.exited != NA

    referrals = (data.referred >= f) & (data.referred <= t)
    enrolled = enrolled_ever & (data.enrolled >= f) & (data.enrolled <= t)
    active = enrolled_ever & (data.enrolled <= t) & ~(exited_ever & (data.exited < f))
    exits = enrolled_ever & exited_ever & (data.exited >= f) & (data.exited <= t)

    # R10 is the rule's (`rules.deadlines.plan_timeliness`, as known the day after the period);
    # the period takes the cases enrolled in it whose due day is within it.
    plan_due_in = enrolled & (data.due <= t) & data.plan_measured
    plan_on_time = plan_due_in & data.plan_on_time

    end_in = (
        (data.participation_end != NA)
        & (data.participation_end >= f)
        & (data.participation_end <= t)
    )
    out_by_end = end_in & exited_ever & (data.exited <= data.participation_end)

    counts: dict[str, Floats] = {
        "referrals": member.sums(referrals),
        "enrolled": member.sums(enrolled),
        "active": member.sums(active),
        "exits": member.sums(exits),
        "exits_to_studies_student_finance_unknown": member.sums(
            exits & data.studies_student_finance_unknown
        ),
    }
    shares: dict[str, tuple[Floats, Floats]] = {}
    n_exits = counts["exits"]
    shares["exits_to_work_share"] = (member.sums(exits & data.work), n_exits)
    shares["exits_to_studies_share"] = (member.sums(exits & data.studies), n_exits)
    shares["exits_to_work_or_studies_share"] = (
        member.sums(exits & data.work_or_studies),
        n_exits,
    )
    shares["plan_within_5_working_days_share"] = (
        member.sums(plan_on_time),
        member.sums(plan_due_in),
    )
    n_end = member.sums(end_in)
    shares["exited_within_18_months_share"] = (member.sums(out_by_end), n_end)
    shares["to_work_or_studies_within_18_months_share"] = (
        member.sums(out_by_end & data.work_or_studies),
        n_end,
    )
    for k in ASSISTANCE_KS:
        if data.last_assistance_month is None:
            counted = np.zeros(len(data.case_refs), dtype=np.bool_)
        else:
            counted = (
                exits & (data.baseline > 0) & (data.exit_month + k <= data.last_assistance_month)
            )
        after = member.sums(counted, data.after[k])
        baseline = member.sums(counted, data.baseline)
        # Stored as (1 − Σafter/Σbaseline) · n over n, so the share helper below can be reused.
        exits_counted = member.sums(counted)
        with np.errstate(divide="ignore", invalid="ignore"):
            reduction = np.where(baseline > 0, 1 - after / np.where(baseline > 0, baseline, 1), 0)
        shares[f"assistance_reduction_{k}m"] = (reduction * exits_counted, exits_counted)

    medians, n_medians = _medians(member, exits, data.days_to_exit)

    work_exits = exits & (data.combination >= 0)
    width = len(COMBINATIONS)
    combo_keys = (member.group * width) + (
        data.combination if member.case is None else data.combination[member.case]
    )
    inside = work_exits if member.case is None else work_exits[member.case]
    combo_counts = np.bincount(combo_keys[inside], minlength=len(member.names) * width).reshape(
        len(member.names), width
    )

    out: list[IndicatorValue] = []
    for g, name in enumerate(member.names):
        group = {} if by is None else {by: name}
        for indicator in INDICATORS:
            if indicator in counts:
                n = int(counts[indicator][g])
                out.append(IndicatorValue(indicator, group, n if n else None, n))
            elif indicator in shares:
                num, den = shares[indicator]
                n = int(den[g])
                out.append(IndicatorValue(indicator, group, float(num[g] / n) if n else None, n))
            elif indicator == "median_days_to_exit":
                n = int(n_medians[g])
                out.append(IndicatorValue(indicator, group, float(medians[g]) if n else None, n))
            else:
                for c, combination in enumerate(COMBINATIONS):
                    n = int(combo_counts[g, c])
                    if n or combination in KNOWN_COMBINATIONS:
                        out.append(
                            IndicatorValue(
                                indicator,
                                {**group, "employment_form": combination},
                                n if n else None,
                                n,
                            )
                        )
    return out


def indicators(
    cases: Sequence[CaseRow],
    activities: Iterable[ActivityRow],
    assistance: Iterable[AssistanceRow] | AssistanceMatrix,
    period: Period,
    *,
    by: str | None = None,
    last_assistance_month: date | None = None,
) -> list[IndicatorValue]:
    """All indicators for `period`, for the city (`by=None`) or per group.

    For many periods or breakdowns over the same rows, `prepare()` once and call
    `indicators_prepared()`; the result is the same.
    """
    data = prepare(cases, activities, assistance, last_assistance_month=last_assistance_month)
    return indicators_prepared(data, period, by=by)
