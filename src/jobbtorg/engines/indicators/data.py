"""Rows turned into numpy columns once, so that many periods and breakdowns are cheap.

`prepare()` does the per-case work that does not depend on the period (days interrupted, the
plan's due date and whether the plan came within 5 working days, the assistance baseline and
the amounts k months after the exit); each call of `compute.indicators_prepared()` then only
compares integer columns with the period's bounds. Dates are stored as proleptic ordinals
(`date.toordinal()`), months as running month numbers (`rows.month_index`); a missing date is
`NA`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from jobbtorg.engines.indicators.rows import (
    EMPLOYMENT_FORMS,
    EXIT_REASONS,
    EXTENTS,
    ActivityRow,
    AssistanceRow,
    CaseRow,
    month_index,
    month_start,
)
from jobbtorg.engines.rules.deadlines import (
    PLAN_MEASURED,
    PlanTimeliness,
    final_plan_timeliness,
    plan_due,
)

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]

NA = -(2**40)  # below every real ordinal and month number; compared only behind a mask
ASSISTANCE_KS = (2, 8)
BASELINE_MONTHS = 3

# exits_by_employment_form: form × extent × subsidy; "unknown_*" where the record lacks it.
FORM_LABELS = (*EMPLOYMENT_FORMS, "unknown_form")
EXTENT_LABELS = (*EXTENTS, "unknown_extent")
SUBSIDY_LABELS = ("with_subsidy", "without_subsidy", "unknown_subsidy")
COMBINATIONS = tuple(
    f"{form}_{extent}_{subsidy}"
    for form in FORM_LABELS
    for extent in EXTENT_LABELS
    for subsidy in SUBSIDY_LABELS
)
# The combinations reported for every group, even when no one exited so (all fields known).
KNOWN_COMBINATIONS = frozenset(
    f"{form}_{extent}_{subsidy}"
    for form in EMPLOYMENT_FORMS
    for extent in EXTENTS
    for subsidy in SUBSIDY_LABELS[:2]
)

CASE_BREAKDOWNS = {"jobbtorg": "job_centre", "target_group": "target_group", "district": "district"}
ACTIVITY_BREAKDOWNS = ("provider", "activity_type")
BREAKDOWNS = (None, *CASE_BREAKDOWNS, *ACTIVITY_BREAKDOWNS)


@dataclass(frozen=True)
class AssistanceMatrix:
    """Monthly assistance as a dense persons × months table; absent months and people are 0.

    Column j is the month with running number `first_month + j`; `last_month` is the last
    month the data covers (the default `last_assistance_month`).
    """

    person_index: dict[str, int]
    first_month: int
    amounts: Floats

    @property
    def last_month(self) -> int:
        return self.first_month + int(self.amounts.shape[1]) - 1

    @classmethod
    def from_rows(
        cls, rows: Iterable[AssistanceRow], extra_people: Iterable[str] = ()
    ) -> AssistanceMatrix:
        """Sum the rows per person and month (two rows for one month add up)."""
        person_index: dict[str, int] = {}
        people: list[int] = []
        months: list[int] = []
        amounts: list[float] = []
        for row in rows:
            if row.month.day != 1:
                raise ValueError(f"assistance month must be a first day: {row}")
            people.append(person_index.setdefault(row.person_ref, len(person_index)))
            months.append(row.month.year * 12 + row.month.month - 1)
            amounts.append(row.amount)
        for ref in extra_people:
            person_index.setdefault(ref, len(person_index))
        return cls.from_arrays(
            person_index,
            np.asarray(people, dtype=np.int64),
            np.asarray(months, dtype=np.int64),
            np.asarray(amounts, dtype=np.float64),
        )

    @classmethod
    def from_arrays(
        cls, person_index: dict[str, int], people: Ints, months: Ints, amounts: Floats
    ) -> AssistanceMatrix:
        """From columns: person numbers (values of `person_index`), month numbers, amounts."""
        if len(months) == 0:
            return cls(person_index, 0, np.zeros((len(person_index), 0)))
        first = int(months.min())
        table = np.zeros((len(person_index), int(months.max()) - first + 1))
        np.add.at(table, (people, months - first), amounts)
        return cls(person_index, first, table)

    def at(self, people: Ints, months: Ints) -> Floats:
        """Amounts for (person, month) pairs; 0 outside the covered months or for person −1."""
        column = months - self.first_month
        inside = (column >= 0) & (column < self.amounts.shape[1]) & (people >= 0)
        out = np.zeros(len(people))
        out[inside] = self.amounts[people[inside], column[inside]]
        return out


@dataclass(frozen=True)
class Labels:
    """A breakdown's group names (sorted) and each case's or activity's group number."""

    names: tuple[str, ...]
    codes: Ints


def _labels(values: Sequence[str]) -> Labels:
    names, codes = np.unique(np.asarray(values, dtype=object), return_inverse=True)
    return Labels(tuple(str(name) for name in names), codes.astype(np.int64))


@dataclass(frozen=True)
class Prepared:
    """Everything `indicators_prepared` needs, as columns over cases and activities."""

    case_refs: tuple[str, ...]
    referred: Ints
    enrolled: Ints  # NA: never enrolled
    exited: Ints  # NA: not exited
    plan: Ints  # first plan drawn up; NA: none
    due: Ints  # plan due (5 working days after enrolment); NA when not enrolled
    # R10 once the due day is over (`rules.deadlines.final_plan_timeliness`): measured, on time.
    plan_measured: Bools
    plan_on_time: Bools
    participation_end: Ints  # NA when not enrolled
    work: Bools  # exit reason "work"
    studies: Bools  # exit reason "studies"
    work_or_studies: Bools  # Kolada's work or studies
    studies_student_finance_unknown: Bools  # exit to studies, student finance not known
    combination: Ints  # index into COMBINATIONS for exits to work; -1 otherwise
    days_to_exit: Ints  # enrolment to exit minus days interrupted (≥ 0); NA if not both
    exit_month: Ints
    baseline: Floats  # mean assistance over the 3 months before the enrolment month
    after: dict[int, Floats]  # k → assistance in the month k months after the exit month
    groups: dict[str, Labels]  # case breakdowns
    activity_case: Ints
    activity_start: Ints
    activity_end: Ints
    activity_groups: dict[str, Labels]
    last_assistance_month: int | None
    assistance: AssistanceMatrix


def _ordinal(day: date | None) -> int:
    return NA if day is None else day.toordinal()


def interrupted_days(
    enrolled_on: date, exit_on: date, interruptions: Iterable[tuple[date, date | None]]
) -> int:
    """Days interrupted between enrolment and exit, both counted: E − S + 1 per interruption.

    Each interruption is cut to [enrolment, exit] (an ongoing one, end None, runs to the exit);
    a day covered by two overlapping interruptions counts once.
    """
    spans: list[tuple[int, int]] = []
    low, high = enrolled_on.toordinal(), exit_on.toordinal()
    for start, end in interruptions:
        s = max(start.toordinal(), low)
        e = min(high if end is None else end.toordinal(), high)
        if s <= e:
            spans.append((s, e))
    spans.sort()
    total, covered_to = 0, low - 1
    for s, e in spans:
        s = max(s, covered_to + 1)
        if s <= e:
            total += e - s + 1
            covered_to = e
    return total


def _combination(case: CaseRow) -> int:
    form = FORM_LABELS.index(case.employment_form) if case.employment_form else 3
    extent = EXTENT_LABELS.index(case.extent) if case.extent else 2
    subsidy = 2 if case.wage_subsidy is None else (0 if case.wage_subsidy else 1)
    return (form * 3 + extent) * 3 + subsidy


def _check(case: CaseRow) -> None:
    if case.exit_reason is not None and case.exit_reason not in EXIT_REASONS:
        raise ValueError(f"{case.case_ref}: unknown exit reason {case.exit_reason!r}")
    if case.employment_form is not None and case.employment_form not in EMPLOYMENT_FORMS:
        raise ValueError(f"{case.case_ref}: unknown employment form {case.employment_form!r}")
    if case.extent is not None and case.extent not in EXTENTS:
        raise ValueError(f"{case.case_ref}: unknown extent {case.extent!r}")


def is_work_or_studies(case: CaseRow) -> bool:
    """Kolada's "började arbeta eller studera".

    Work: exit reason "work" unless the employment is itself a municipal labour-market
    measure (an unrecorded form counts as work). Studies: exit reason "studies" with studies
    that qualify for student finance (`studies_with_student_finance` is True; unknown is not).
    """
    if case.exit_reason == "work":
        return case.employment_form != "municipal_measure"
    if case.exit_reason == "studies":
        return case.studies_with_student_finance is True
    return False


def is_studies_with_unknown_student_finance(case: CaseRow) -> bool:
    """An exit to studies that Kolada's share leaves out only because nobody recorded whether
    the studies qualify for student finance."""
    return case.exit_reason == "studies" and case.studies_with_student_finance is None


def prepare(
    cases: Sequence[CaseRow],
    activities: Iterable[ActivityRow],
    assistance: Iterable[AssistanceRow] | AssistanceMatrix,
    *,
    last_assistance_month: date | None = None,
) -> Prepared:
    """Check the rows and turn them into columns (see the module docstring)."""
    case_number: dict[str, int] = {}
    for number, case in enumerate(cases):
        _check(case)
        if case.case_ref in case_number:
            raise ValueError(f"case {case.case_ref} appears twice")
        case_number[case.case_ref] = number
    if not isinstance(assistance, AssistanceMatrix):
        assistance = AssistanceMatrix.from_rows(assistance)

    enrolled = np.fromiter((_ordinal(c.enrolled_on) for c in cases), np.int64, len(cases))
    exited = np.fromiter((_ordinal(c.exit_on) for c in cases), np.int64, len(cases))
    due_by_day = {
        day: plan_due(day) for day in {c.enrolled_on for c in cases if c.enrolled_on is not None}
    }
    due = np.fromiter(
        (_ordinal(due_by_day[c.enrolled_on] if c.enrolled_on else None) for c in cases),
        np.int64,
        len(cases),
    )
    days_to_exit = np.fromiter(
        (
            max(
                0,
                (c.exit_on - c.enrolled_on).days
                - interrupted_days(c.enrolled_on, c.exit_on, c.interruptions),
            )
            if c.enrolled_on is not None and c.exit_on is not None
            else NA
            for c in cases
        ),
        np.int64,
        len(cases),
    )

    # Assistance: baseline before the enrolment month and k months after the exit month.
    person = np.fromiter(
        (assistance.person_index.get(c.person_ref, -1) for c in cases), np.int64, len(cases)
    )
    enrol_month = np.fromiter(
        (month_index(c.enrolled_on) if c.enrolled_on else NA for c in cases), np.int64, len(cases)
    )
    exit_month = np.fromiter(
        (month_index(c.exit_on) if c.exit_on else NA for c in cases), np.int64, len(cases)
    )
    baseline = np.zeros(len(cases))
    for back in range(1, BASELINE_MONTHS + 1):
        baseline += assistance.at(person, enrol_month - back)
    baseline /= BASELINE_MONTHS
    after = {k: assistance.at(person, exit_month + k) for k in ASSISTANCE_KS}
    last: int | None = None
    if last_assistance_month is not None:
        last = month_index(last_assistance_month)
    elif assistance.amounts.shape[1]:
        last = assistance.last_month

    verdicts = [
        final_plan_timeliness(c.enrolled_on, c.first_plan_on, c.exit_on)
        if c.enrolled_on is not None
        else None
        for c in cases
    ]

    activity_case: list[int] = []
    activity_start: list[int] = []
    activity_end: list[int] = []
    providers: list[str] = []
    types: list[str] = []
    for activity in activities:
        found = case_number.get(activity.case_ref)
        if found is None:
            raise ValueError(f"activity for unknown case {activity.case_ref}")
        activity_case.append(found)
        activity_start.append(activity.start.toordinal())
        activity_end.append(activity.end.toordinal())
        providers.append(activity.provider)
        types.append(activity.activity_type)

    return Prepared(
        case_refs=tuple(case_number),
        referred=np.fromiter((c.referred_on.toordinal() for c in cases), np.int64, len(cases)),
        enrolled=enrolled,
        exited=exited,
        plan=np.fromiter((_ordinal(c.first_plan_on) for c in cases), np.int64, len(cases)),
        due=due,
        plan_measured=np.fromiter(
            (verdict in PLAN_MEASURED for verdict in verdicts), np.bool_, len(cases)
        ),
        plan_on_time=np.fromiter(
            (verdict == PlanTimeliness.ON_TIME for verdict in verdicts), np.bool_, len(cases)
        ),
        participation_end=np.fromiter(
            (_ordinal(c.participation_end) for c in cases), np.int64, len(cases)
        ),
        work=np.fromiter((c.exit_reason == "work" for c in cases), np.bool_, len(cases)),
        studies=np.fromiter((c.exit_reason == "studies" for c in cases), np.bool_, len(cases)),
        work_or_studies=np.fromiter((is_work_or_studies(c) for c in cases), np.bool_, len(cases)),
        studies_student_finance_unknown=np.fromiter(
            (is_studies_with_unknown_student_finance(c) for c in cases), np.bool_, len(cases)
        ),
        combination=np.fromiter(
            (_combination(c) if c.exit_reason == "work" else -1 for c in cases),
            np.int64,
            len(cases),
        ),
        days_to_exit=days_to_exit,
        exit_month=exit_month,
        baseline=baseline,
        after=after,
        groups={
            by: _labels([getattr(c, field) for c in cases]) for by, field in CASE_BREAKDOWNS.items()
        },
        activity_case=np.asarray(activity_case, dtype=np.int64),
        activity_start=np.asarray(activity_start, dtype=np.int64),
        activity_end=np.asarray(activity_end, dtype=np.int64),
        activity_groups={"provider": _labels(providers), "activity_type": _labels(types)},
        last_assistance_month=last,
        assistance=assistance,
    )


__all__ = ["AssistanceMatrix", "Prepared", "month_start", "prepare"]
