"""The effect estimate of R30 in the product: the adapter from the records to
`engines.indicators.effect`, and the rows the command and the page show.

The comparison pool is built here (docs/effect.md, "In the product"):

- every personnummer with assistance (`AssistanceMonth`) that never had an enrolled case
  (a referral with `enrolled_on` set): referred-only and never-referred people belong to it;
- the birth date comes from the personnummer (samordningsnummer too); a number that is not
  valid is left out and counted (`invalid_number`);
- the home district is the `district` of the person's latest assistance month that has one,
  else the home district of the registered participant with that personnummer, else the person
  is left out and counted (`no_district`).

Assistance is read as three columns straight into `AssistanceMatrix.from_arrays`, not as one
object per row. A breakdown passes only that group's cases to the engine; the pool stays the
same for every group.

The command's output (`jobbtorg followup effect`, docs/effect.md): JSON is
`{"asked": {...}, "rows": [...]}`, what was asked with the pool's counts, then one row per group
(the whole city first, `group` empty) and per k (2 and 8 months): participants, matched,
unmatched, no_baseline, pairs (matched pairs whose month m + k is in the data), the share
without assistance in each group, the difference and its 95 % interval. CSV (`csv_text`) has
the same rows, the group as `key=value`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from jobbtorg.core.errors import ValidationFailed
from jobbtorg.engines.cells import neutralised_row
from jobbtorg.engines.indicators.data import CASE_BREAKDOWNS
from jobbtorg.engines.indicators.effect import DEFAULT_CALIPER, EffectResult, effect
from jobbtorg.engines.indicators.rows import CaseRow, Period
from jobbtorg.engines.rules.personal_identity import (
    InvalidPersonalIdentityNumber,
    parse_personal_identity_number,
)
from jobbtorg.followup import selectors
from jobbtorg.followup.services.records import Source

EFFECT_BREAKDOWNS = tuple(CASE_BREAKDOWNS)  # jobbtorg, target_group, district
MAX_SEED = 2**32 - 1
CSV_COLUMNS = [
    "group",
    "k_months",
    "participants",
    "matched",
    "unmatched",
    "no_baseline",
    "pairs",
    "share_without_assistance_participants",
    "share_without_assistance_comparison",
    "difference",
    "ci_low",
    "ci_high",
]


@dataclass(frozen=True)
class Pool:
    """The comparison pool: person → (birth date, district), and who was left out of it."""

    people: dict[str, tuple[dt.date, str]]
    invalid_number: int
    no_district: int


@dataclass(frozen=True)
class GroupEffect:
    group: dict[str, str]  # empty: the whole city
    result: EffectResult


@dataclass(frozen=True)
class EffectReport:
    period: Period
    by: str | None
    caliper: float
    seed: int
    groups: tuple[GroupEffect, ...]
    pool: Pool
    last_assistance_month: dt.date | None


def build_pool(numbers: Iterable[str], latest_district: dict[str, str], today: dt.date) -> Pool:
    """The pool among `numbers` (everyone with assistance): see the module docstring."""
    enrolled = selectors.enrolled_identity_numbers()
    home = selectors.home_districts_by_identity_number()
    people: dict[str, tuple[dt.date, str]] = {}
    invalid = no_district = 0
    for number in sorted(numbers):
        if number in enrolled:
            continue
        try:
            birth = parse_personal_identity_number(number, today=today).birth_date
        except InvalidPersonalIdentityNumber:
            invalid += 1
            continue
        district = latest_district.get(number) or home.get(number)
        if not district:
            no_district += 1
            continue
        people[number] = (birth, district)
    return Pool(people, invalid, no_district)


def check_question(
    start: Any, end: Any, by: str | None, caliper: Any = DEFAULT_CALIPER, seed: Any = 0
) -> None:
    """Raises ValidationFailed, with a message per field, on a question the estimate cannot
    answer (a page checks it before asking the worker)."""
    errors: dict[str, str] = {}
    if not isinstance(start, dt.date):
        errors["start"] = "Give the first day of the period as a date, YYYY-MM-DD."
    if not isinstance(end, dt.date):
        errors["end"] = "Give the last day of the period as a date, YYYY-MM-DD."
    elif isinstance(start, dt.date) and end < start:
        errors["end"] = (
            "The last day is before the first day: give a period that ends after it starts."
        )
    if by is not None and by not in EFFECT_BREAKDOWNS:
        errors["by"] = f"Break down by one of {', '.join(EFFECT_BREAKDOWNS)}, or nothing."
    if not isinstance(caliper, int | float) or not caliper > 0 or caliper != caliper:
        errors["caliper"] = "The caliper is a number above 0 (standard deviations), e.g. 0.5."
    if not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        errors["seed"] = f"The seed is a whole number from 0 to {MAX_SEED}."
    if errors:
        raise ValidationFailed(errors)


def effect_report(
    start: dt.date,
    end: dt.date,
    *,
    by: str | None = None,
    caliper: float = DEFAULT_CALIPER,
    seed: int = 0,
    today: dt.date | None = None,
    source: Source | None = None,
) -> EffectReport:
    """The estimate for the whole city and, with `by`, for each group of that breakdown among
    the people enrolled in the period. Raises ValidationFailed on bad input. With `source`, the
    records it has read (the worker's refresh computes every stored period from one reading)."""
    check_question(start, end, by, caliper, seed)
    source = source or Source(today or timezone.localdate())
    today = source.today
    period = Period(start, end)
    cases = source.cases()
    matrix = source.assistance()
    pool = source.kept(
        "effect pool",
        lambda: build_pool(matrix.person_index.keys(), source.latest_districts(), today),
    )
    last = source.last_month()

    def run(group_cases: list[CaseRow]) -> EffectResult:
        return effect(
            group_cases,
            matrix,
            period,
            pool=pool.people,
            caliper=float(caliper),
            seed=seed,
            last_assistance_month=last,
        )

    groups = [GroupEffect({}, run(cases))]
    if by is not None:
        field = CASE_BREAKDOWNS[by]
        names = sorted(
            {
                getattr(c, field)
                for c in cases
                if c.enrolled_on is not None and c.enrolled_on in period
            }
        )
        for name in names:
            chosen = [c for c in cases if getattr(c, field) == name]
            groups.append(GroupEffect({by: name}, run(chosen)))
    return EffectReport(period, by, float(caliper), seed, tuple(groups), pool, last)


def as_rows(report: EffectReport) -> list[dict[str, Any]]:
    """One row per group and k: what the command writes and the page shows."""
    rows = []
    for group in report.groups:
        r = group.result
        for estimate in r.estimates:
            rows.append(
                {
                    "group": dict(group.group),
                    "k_months": estimate.k_months,
                    "participants": r.participants,
                    "matched": r.matched,
                    "unmatched": r.unmatched,
                    "no_baseline": r.no_baseline,
                    "pairs": estimate.pairs,
                    "share_without_assistance_participants": estimate.share_participants,
                    "share_without_assistance_comparison": estimate.share_comparison,
                    "difference": estimate.difference,
                    "ci_low": estimate.ci_low,
                    "ci_high": estimate.ci_high,
                }
            )
    return rows


def as_stored(report: EffectReport) -> dict[str, Any]:
    """The report as the worker stores it for the page: what was asked, the pool's counts and
    each group's counts and estimates. Aggregates only: the matched pairs (which name people)
    and the pool's members are left out."""
    return {
        "summary": summary(report),
        "groups": [
            {
                "group": dict(group.group),
                "participants": group.result.participants,
                "matched": group.result.matched,
                "unmatched": group.result.unmatched,
                "no_baseline": group.result.no_baseline,
                "estimates": [
                    {
                        "k_months": e.k_months,
                        "pairs": e.pairs,
                        "share_participants": e.share_participants,
                        "share_comparison": e.share_comparison,
                        "difference": e.difference,
                        "ci_low": e.ci_low,
                        "ci_high": e.ci_high,
                    }
                    for e in group.result.estimates
                ],
            }
            for group in report.groups
        ],
    }


def summary(report: EffectReport) -> dict[str, Any]:
    """What was asked and the pool's counts (no people): for the output and the audit entry."""
    return {
        "from": report.period.start.isoformat(),
        "to": report.period.end.isoformat(),
        "by": report.by,
        "caliper": report.caliper,
        "seed": report.seed,
        "last_assistance_month": (
            report.last_assistance_month.strftime("%Y-%m") if report.last_assistance_month else None
        ),
        "pool": len(report.pool.people),
        "pool_left_out_invalid_number": report.pool.invalid_number,
        "pool_left_out_no_district": report.pool.no_district,
    }


def csv_text(rows: list[dict[str, Any]]) -> str:
    """`as_rows` as CSV, the group as `key=value` pairs joined by `;`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        group = ";".join(f"{k}={v}" for k, v in sorted(row["group"].items()))
        writer.writerow(
            neutralised_row([group, *("" if row[c] is None else row[c] for c in CSV_COLUMNS[1:])])
        )
    return out.getvalue()
