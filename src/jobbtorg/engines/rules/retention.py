"""Retention (gallring): when a person's case files are culled, and why they are kept until then.

The rule (docs/operations.md, "Gallring"):
- Socialtjänstlagen (2001:453) 12 kap. 1 §: a case file (personakt) is culled five years after
  the last entry in it, and not while anything else about the same person is kept. So the
  period runs from the last entry of any record about the person, and the person's files go
  together.
- 12 kap. 2 § with Socialtjänstförordningen (2001:937) 7 kap. 2 §: for research, the files of
  people born on the 5th, 15th or 25th of a month are never culled; in the counties of
  Östergötland, Gotland and Västernorrland and in Göteborg no file is culled.
- The municipality's archival decision (dokumenthanteringsplan) may set other periods; the
  settings (`JOBBTORG_RETENTION`) carry them here as a `CaseFileRetention`.

Plain Python: the culling service asks `case_file_decision` per person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

# SoF 7 kap. 2 §: the days of birth whose files are kept for research.
RESEARCH_BIRTH_DAYS = frozenset({5, 15, 25})
CASE_FILE_YEARS = 5


class Verdict(StrEnum):
    CULL = "cull"
    WITHIN_PERIOD = "within_period"
    KEPT_FOR_RESEARCH = "kept_for_research"
    KEPT_BY_DECISION = "kept_by_decision"


@dataclass(frozen=True, slots=True)
class CaseFileRetention:
    """The period and the exceptions in force. `keep_all`: a municipality where no file is
    culled (SoF 7 kap. 2 §, or its own decision)."""

    years: int = CASE_FILE_YEARS
    research_birth_days: frozenset[int] = RESEARCH_BIRTH_DAYS
    keep_all: bool = False

    def __post_init__(self) -> None:
        if self.years < 1:
            raise ValueError(f"a retention period must be at least one year, not {self.years}")
        wrong = sorted(day for day in self.research_birth_days if not 1 <= day <= 31)
        if wrong:
            raise ValueError(f"not days of a month: {wrong}")

    def describe(self) -> str:
        """The rule as the audit entry records it (plain words, no personal data)."""
        if self.keep_all:
            return "kept: no case file is culled"
        days = ",".join(str(day) for day in sorted(self.research_birth_days)) or "none"
        return f"{self.years} years after the last entry; kept for research: born on day {days}"


@dataclass(frozen=True, slots=True)
class Decision:
    """What happens to a person's files today, and from which day they may be culled
    (None when never)."""

    verdict: Verdict
    cull_from: date | None

    @property
    def cull(self) -> bool:
        return self.verdict is Verdict.CULL


def add_years(day: date, years: int) -> date:
    """The same day `years` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def case_file_decision(
    *, last_entry: date, birth_date: date, today: date, rule: CaseFileRetention
) -> Decision:
    """Culled from the day `rule.years` after the last entry, unless kept by the exceptions."""
    if rule.keep_all:
        return Decision(Verdict.KEPT_BY_DECISION, None)
    if birth_date.day in rule.research_birth_days:
        return Decision(Verdict.KEPT_FOR_RESEARCH, None)
    cull_from = add_years(last_entry, rule.years)
    verdict = Verdict.CULL if today >= cull_from else Verdict.WITHIN_PERIOD
    return Decision(verdict, cull_from)


def records_expired(*, last_entry: date, today: date, years: int) -> bool:
    """For records outside a case file (no research exception): gone `years` after the last."""
    return today >= add_years(last_entry, years)
