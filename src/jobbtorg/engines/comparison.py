"""Same yardstick for all (R27, R30): results and cost per provider or activity type, for the
city's own operations and bought providers alike, over a period F..T (both days included).

Input is one plain row per participation in an activity (a person's place in an offering).
Every measure of a group is about the participations of that group *started in the period*:

- **started**: participations whose start day (`started_on`) falls in F..T. A place that never
  started (no start day) is not counted anywhere.
- **people**: the distinct people among them. The masking goes by this number.
- **completed**: of those started, the ones whose status is completed (not broken off, not
  still going on).
- **into work within 90 days**: of those started, the ones whose case (the person's
  participation at the Jobbtorg) ended with an exit to work dated from the activity's start day
  up to and including 90 days after the activity's end day. An activity still going on has no
  end day yet: an exit to work from its start day on counts.
- **into studies within 90 days**: the same, for an exit to studies.
- **total cost** (SEK): the sum of the rows' costs. If any row's cost is unknown (None), the
  group's cost is unknown and all three cost measures are None, never 0. The adapter works out
  a row's cost (see `months_active` and docs/comparison.md): for an offering under contract, the
  lines of approved payment runs for the participation; for the city's own operations, months
  active × the offering's own cost per participant and month.
- **cost per participant**: total cost / started.
- **cost per person into work**: total cost / into work; None when nobody went into work.

Masking: a group of fewer than 5 people (`MASK_BELOW`) is shown as "fewer than 5": every count
and every cost of it is withheld (None) and `masked` is True, so no number of a small group ever
leaves this module. There is no grand total over all rows (it would give away a masked group by
subtraction): `shown_total` adds up the groups that are shown, and so never exceeds the whole
(its `people` is the sum over those groups: a person in two groups counts in both).
"""

import datetime as dt
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

MASK_BELOW = 5
DAYS_AFTER_END = 90

GROUP_FIELDS = ("provider", "provider_kind", "activity_type")


class ExitKind:
    WORK = "work"
    STUDIES = "studies"
    OTHER = "other"
    NONE = ""


@dataclass(frozen=True)
class Row:
    """One participation. `person` is an opaque key (never shown); `exit_reason` is "work",
    "studies", "other" or "" (no exit yet); `cost` in SEK, None when unknown."""

    person: Hashable
    provider: str
    provider_kind: str
    activity_type: str
    started_on: dt.date | None
    ended_on: dt.date | None
    completed: bool
    exit_on: dt.date | None = None
    exit_reason: str = ExitKind.NONE
    cost: Decimal | None = None


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("the period ends before it starts")

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end


@dataclass(frozen=True)
class Measures:
    started: int
    people: int
    completed: int
    into_work: int
    into_studies: int
    total_cost: Decimal | None
    cost_per_participant: Decimal | None
    cost_per_person_into_work: Decimal | None


@dataclass(frozen=True)
class Group:
    """One line of the comparison. When `masked`, `measures` is None: fewer than 5 people."""

    key: tuple[str, ...]
    masked: bool
    measures: Measures | None


@dataclass(frozen=True)
class Comparison:
    by: tuple[str, ...]
    period: Period
    groups: list[Group] = field(default_factory=list)
    shown_total: Measures | None = None
    masked_groups: int = 0


def _sek(amount: Decimal) -> Decimal:
    return amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def exit_within(row: Row, kind: str) -> bool:
    """Whether the case ended with an exit of `kind` from the activity's start day to 90 days
    after its end day (no end day yet: from the start day on)."""
    if row.exit_reason != kind or row.exit_on is None or row.started_on is None:
        return False
    if row.exit_on < row.started_on:
        return False
    return row.ended_on is None or row.exit_on <= row.ended_on + dt.timedelta(days=DAYS_AFTER_END)


def months_active(started_on: dt.date | None, ended_on: dt.date | None, as_of: dt.date) -> int:
    """Calendar months in which the participation was active, counting the start month and the
    end month (or, while it goes on, the month of `as_of`) whole: 3 March–2 April is 2 months.
    The cost rule for own operations: months active × own cost per participant and month."""
    if started_on is None:
        return 0
    end = ended_on if ended_on is not None else as_of
    if end < started_on:
        return 0
    return (end.year - started_on.year) * 12 + end.month - started_on.month + 1


def measure(rows: Sequence[Row]) -> Measures:
    """The measures of rows already limited to the period (unmasked)."""
    costs = [row.cost for row in rows]
    known = all(cost is not None for cost in costs)
    total = _sek(sum((c for c in costs if c is not None), Decimal(0))) if known else None
    started = len(rows)
    into_work = sum(1 for row in rows if exit_within(row, ExitKind.WORK))
    return Measures(
        started=started,
        people=len({row.person for row in rows}),
        completed=sum(1 for row in rows if row.completed),
        into_work=into_work,
        into_studies=sum(1 for row in rows if exit_within(row, ExitKind.STUDIES)),
        total_cost=total,
        cost_per_participant=_sek(total / started) if total is not None and started else None,
        cost_per_person_into_work=(
            _sek(total / into_work) if total is not None and into_work else None
        ),
    )


def _add(a: Measures, b: Measures) -> Measures:
    total = None if a.total_cost is None or b.total_cost is None else a.total_cost + b.total_cost
    started = a.started + b.started
    into_work = a.into_work + b.into_work
    return Measures(
        started=started,
        people=a.people + b.people,
        completed=a.completed + b.completed,
        into_work=into_work,
        into_studies=a.into_studies + b.into_studies,
        total_cost=total,
        cost_per_participant=_sek(total / started) if total is not None and started else None,
        cost_per_person_into_work=(
            _sek(total / into_work) if total is not None and into_work else None
        ),
    )


def compare(rows: Iterable[Row], period: Period, by: Sequence[str]) -> Comparison:
    """Group the rows started in the period by the fields `by` (of GROUP_FIELDS), measure each
    group, and mask the groups of fewer than 5 people. Groups come sorted by key."""
    by = tuple(by)
    if not by or any(name not in GROUP_FIELDS for name in by):
        raise ValueError(f"group by some of {GROUP_FIELDS}")
    grouped: dict[tuple[str, ...], list[Row]] = {}
    for row in rows:
        if row.started_on in period:
            grouped.setdefault(tuple(getattr(row, name) for name in by), []).append(row)
    groups: list[Group] = []
    shown_total: Measures | None = None
    for key in sorted(grouped):
        measures = measure(grouped[key])
        if measures.people < MASK_BELOW:
            groups.append(Group(key=key, masked=True, measures=None))
            continue
        groups.append(Group(key=key, masked=False, measures=measures))
        shown_total = measures if shown_total is None else _add(shown_total, measures)
    return Comparison(
        by=by,
        period=period,
        groups=groups,
        shown_total=shown_total,
        masked_groups=sum(1 for g in groups if g.masked),
    )
