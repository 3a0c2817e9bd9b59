"""Small hand-built rows for the table-driven tests."""

from dataclasses import replace
from datetime import date

from jobbtorg.engines.indicators import CaseRow, Period

F = date(2025, 1, 1)
T = date(2025, 4, 30)
PERIOD = Period(F, T)

_BASE = CaseRow(
    case_ref="c",
    person_ref="p",
    job_centre="Sydost",
    target_group="resurs",
    district="Farsta",
    referred_on=date(2024, 6, 3),
    enrolled_on=date(2024, 6, 10),
    exit_on=None,
    exit_reason=None,
    employment_form=None,
    extent=None,
    wage_subsidy=None,
    studies_with_student_finance=None,
    interruptions=(),
    first_plan_on=date(2024, 6, 11),
    birth_date=date(1990, 5, 5),
    participation_end=date(2025, 12, 10),
)


def case(ref="c", **changes):
    """A case enrolled in June 2024, still active; `changes` override fields."""
    changes.setdefault("person_ref", "p" + ref)
    return replace(_BASE, case_ref=ref, **changes)


def exit_to(reason, on=date(2025, 2, 14), **changes):
    return dict(exit_on=on, exit_reason=reason, **changes)


def values(result):
    """{indicator: (value, n)} for a city-wide result without employment forms."""
    return {v.indicator: (v.value, v.n) for v in result if "employment_form" not in v.group}
