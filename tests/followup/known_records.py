"""Known records for the key-figure pages and reports, computed by the real engine.

The pages and the report are tested over these plain rows (the engine's input), not over the
database: `install` makes them what the follow-up reads (`Source.rows`) and records every
question asked of the engine (`compute_rows`) in `calls`. The engine itself computes every
figure, so a page and the engine cannot drift apart. What the rows give, tertial 1:

- 2026: 120 referrals; 50 exits (enrolled 200 days before), 21 to work (42 %): Sydost 20 of 40
  (50 %; Resurs 12 of 20, 60 %), Järva 1 of 4, Innerstaden 0 of 6; 44 cases whose 18 months end
  in the tertial: Resurs 32 of 40 exited by the end (80 %), youth 2 of 4 (50 %).
- 2025: 100 referrals; 40 exits (enrolled 210 days before), 15 to work (37.5 %); Resurs 27 of
  36 exited within 18 months (75 %).
- No assistance: the reductions of assistance have no one to count.
"""

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from jobbtorg.engines.indicators.data import AssistanceMatrix
from jobbtorg.engines.indicators.rows import CaseRow

YEAR = 2026
TERTIAL = 1

calls: list[tuple[Any, ...]] = []


def _numbers() -> Iterator[int]:
    number = 0
    while True:
        number += 1
        yield number


def case_rows() -> list[CaseRow]:
    numbers = _numbers()
    rows: list[CaseRow] = []

    def add(
        count: int,
        *,
        centre: str = "sydost",
        group: str = "resurs",
        referred: date | None = None,
        enrolled: date | None = None,
        exit_on: date | None = None,
        reason: str | None = None,
        ends: date | None = None,
    ) -> None:
        for _ in range(count):
            n = next(numbers)
            referred_on = referred or (enrolled - timedelta(days=7) if enrolled else None)
            assert referred_on is not None
            rows.append(
                CaseRow(
                    case_ref=str(n),
                    person_ref=f"p{n}",
                    job_centre=centre,
                    target_group=group,
                    district="farsta",
                    referred_on=referred_on,
                    enrolled_on=enrolled,
                    exit_on=exit_on,
                    exit_reason=reason,
                    employment_form=None,
                    extent=None,
                    wage_subsidy=None,
                    studies_with_student_finance=None,
                    interruptions=(),
                    first_plan_on=enrolled + timedelta(days=1) if enrolled else None,
                    birth_date=date(1990, 1, 1),
                    participation_end=ends
                    if ends is not None
                    else (enrolled + timedelta(days=548) if enrolled else None),
                )
            )

    # Referrals only.
    add(120, referred=date(2026, 2, 2), group="refugee")
    add(100, referred=date(2025, 2, 3), group="refugee")
    # Exits in 2026 tertial 1, 200 days after enrolment.
    exit_2026 = date(2026, 2, 16)
    enrolled_2026 = exit_2026 - timedelta(days=200)
    for centre, group, work, other in [
        ("sydost", "resurs", 12, 8),
        ("sydost", "youth", 8, 12),
        ("jarva", "refugee", 1, 3),
        ("innerstaden", "refugee", 0, 6),
    ]:
        for count, reason in [(work, "work"), (other, "moved")]:
            add(
                count,
                centre=centre,
                group=group,
                enrolled=enrolled_2026,
                exit_on=exit_2026,
                reason=reason,
            )
    # Exits in 2025 tertial 1, 210 days after enrolment.
    exit_2025 = date(2025, 3, 3)
    enrolled_2025 = exit_2025 - timedelta(days=210)
    for group, work, other in [("resurs", 6, 14), ("refugee", 9, 11)]:
        for count, reason in [(work, "work"), (other, "moved")]:
            add(
                count,
                group=group,
                enrolled=enrolled_2025,
                exit_on=exit_2025,
                reason=reason,
                ends=date(2026, 6, 1),
            )
    # 18 months ending in 2026 tertial 1; the exits fall in no tertial 1.
    ends_2026, left_2025 = date(2026, 3, 2), date(2025, 6, 16)
    enrolled_18 = date(2024, 9, 2)
    add(32, enrolled=enrolled_18, exit_on=left_2025, reason="moved", ends=ends_2026)
    add(8, enrolled=enrolled_18, ends=ends_2026)
    add(2, group="youth", enrolled=enrolled_18, exit_on=left_2025, reason="moved", ends=ends_2026)
    add(2, group="youth", enrolled=enrolled_18, ends=ends_2026)
    # 18 months ending in 2025 tertial 1.
    ends_2025, left_2024 = date(2025, 3, 3), date(2024, 6, 17)
    enrolled_18 = date(2023, 9, 4)
    add(27, enrolled=enrolled_18, exit_on=left_2024, reason="moved", ends=ends_2025)
    add(9, enrolled=enrolled_18, ends=ends_2025)
    return rows


def rows() -> tuple[Any, ...]:
    """What `Source.rows` returns: cases, activities, assistance and its last month."""
    return (case_rows(), [], AssistanceMatrix.from_rows([]), None)


def install(monkeypatch: Any) -> None:
    """The follow-up reads the known rows; every question to the engine is recorded."""
    from jobbtorg.followup.services import key_figures

    real = key_figures.compute_rows

    def recorded(start, end, *, by, job_centre, suppress_below, source):  # type: ignore[no-untyped-def]
        calls.append((start, end, by, job_centre, suppress_below))
        return real(
            start, end, by=by, job_centre=job_centre, suppress_below=suppress_below, source=source
        )

    calls.clear()
    monkeypatch.setattr(key_figures.Source, "rows", lambda self: rows())
    monkeypatch.setattr(key_figures, "compute_rows", recorded)
