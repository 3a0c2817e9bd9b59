"""The plain rows the indicator and effect engines are fed, and periods.

The adapter reads the database and builds these; the engines never see Django. Dates are
`datetime.date`; a month is given by its first day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

# Exit reasons, employment forms and extents as the adapter must encode them.
EXIT_REASONS = (
    "work",
    "studies",
    "af_guarantee",
    "moved",
    "other_support",
    "no_assistance",
    "stopped",
    "other",
)
EMPLOYMENT_FORMS = ("permanent", "temporary", "municipal_measure")
EXTENTS = ("full", "part")


@dataclass(frozen=True, slots=True)
class CaseRow:
    """One referral (a case) and what became of it.

    `interruptions` are (start, end) with end None while ongoing. `participation_end` is the
    18-month end with interruptions (`jobbtorg.engines.rules.deadlines.participation_end`),
    None when the person was never enrolled. `employment_form`, `extent` and `wage_subsidy`
    describe an exit to work; `studies_with_student_finance` an exit to studies.
    """

    case_ref: str
    person_ref: str
    job_centre: str
    target_group: str
    district: str
    referred_on: date
    enrolled_on: date | None
    exit_on: date | None
    exit_reason: str | None
    employment_form: str | None
    extent: str | None
    wage_subsidy: bool | None
    studies_with_student_finance: bool | None
    interruptions: tuple[tuple[date, date | None], ...]
    first_plan_on: date | None
    birth_date: date
    participation_end: date | None


@dataclass(frozen=True, slots=True)
class ActivityRow:
    """A case's activity with a provider, both ends counted."""

    case_ref: str
    provider: str
    activity_type: str
    start: date
    end: date


@dataclass(frozen=True, slots=True)
class AssistanceRow:
    """Social assistance paid to a person in a calendar month (`month` is its first day).

    A month with no row means 0 was paid.
    """

    person_ref: str
    month: date
    amount: float


@dataclass(frozen=True, slots=True)
class Period:
    """From `start` to `end`, both days included."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"the period ends ({self.end}) before it starts ({self.start})")

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


def tertials(year: int) -> tuple[Period, Period, Period]:
    """The committee's three reporting periods of a year: Jan–Apr, May–Aug, Sep–Dec."""
    return (
        Period(date(year, 1, 1), date(year, 4, 30)),
        Period(date(year, 5, 1), date(year, 8, 31)),
        Period(date(year, 9, 1), date(year, 12, 31)),
    )


def tertial_of(day: date) -> Period:
    """The tertial a day falls in."""
    return tertials(day.year)[(day.month - 1) // 4]


def month_index(day: date) -> int:
    """A running month number (year·12 + month − 1): month arithmetic by adding integers."""
    return day.year * 12 + day.month - 1


def month_start(index: int) -> date:
    """The first day of the month with running number `index`."""
    year, month = divmod(index, 12)
    return date(year, month + 1, 1)


def last_day_of_month(index: int) -> date:
    return month_start(index + 1) - timedelta(days=1)
