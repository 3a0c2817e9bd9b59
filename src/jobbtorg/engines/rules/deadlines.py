"""Deadlines in days: working days, the 5-day plan, plan length and review, the 18-month clock.

The one home of two rules every page, the API and the key figures call (docs/architecture.md):
`plan_timeliness` (was the plan drawn up within 5 working days, R10) and `participation_end`
(the end of the 18 months with interruptions and approved exceptions, R13, R17).

Working days follow lag (1930:173) om beräkning av lagstadgad tid: Saturdays, Sundays and
public holidays do not count, and Midsummer Eve, Christmas Eve and New Year's Eve are treated
like Sundays. The holiday dates come from the `holidays` library (DOMAIN.md R10, R13, R17).
"""

from __future__ import annotations

import calendar
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Literal

from holidays.constants import DE_FACTO, PUBLIC

# Imported from its own module: the package re-exports country classes only at run time.
from holidays.countries.sweden import Sweden

_ONE_DAY = timedelta(days=1)

# R10: the plan is drawn up within 5 working days; a follow-up within 5 working days of the end.
PLAN_WORKING_DAYS = 5
FOLLOW_UP_WORKING_DAYS = 5
# R13: a plan normally covers at most 6 months, and a person takes part for at most 18.
PLAN_MONTHS = 6
PARTICIPATION_MONTHS = 18
LIMIT_WARNING_DAYS = 30
# A message from the person unanswered this long goes to the Jobbtorg's manager as well: the
# coach is likely away (no leave is recorded in the product).
MESSAGE_ANSWER_WORKING_DAYS = 2
# Lex Sarah (R35): a serious wrongdoing or risk goes to IVO without delay; once this many
# working days have passed since the assessment, the officer's and the manager's start pages
# show it as overdue.
IVO_ESCALATION_WORKING_DAYS = 2


@functools.lru_cache(maxsize=256)
def _days_off(year: int) -> frozenset[date]:
    """The year's public holidays plus the three eves, as a set of dates (built once per year).

    The library puts the eves (midsommarafton, julafton, nyårsafton) in its DE_FACTO category,
    not in PUBLIC, so both are asked for. Sundays stay out (include_sundays=False): weekends are
    handled by weekday, which keeps the set small.
    """
    calendar_year = Sweden(years=year, categories=(PUBLIC, DE_FACTO), include_sundays=False)
    return frozenset(calendar_year.keys())


def is_working_day(day: date) -> bool:
    """False on weekends, Swedish public holidays, and Midsummer/Christmas/New Year's Eve."""
    return day.weekday() < 5 and day not in _days_off(day.year)


def _working_day_on_or_after(day: date) -> date:
    while not is_working_day(day):
        day += _ONE_DAY
    return day


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start`; `start` itself is not counted."""
    if days < 1:
        raise ValueError(f"days must be at least 1, got {days}")
    day = start
    remaining = days
    while remaining:
        day += _ONE_DAY
        if is_working_day(day):
            remaining -= 1
    return day


def message_answer_due(written_on: date) -> date:
    """The last day the coach answers a message the person wrote on `written_on` before the
    manager is asked to: two working days after it (a message on a Friday: Tuesday)."""
    return add_working_days(written_on, MESSAGE_ANSWER_WORKING_DAYS)


def working_days_between(start: date, end: date) -> int:
    """How many working days after `start`, up to and including `end` (0 when `end` is not
    after `start`): Monday to Wednesday is 2."""
    count = 0
    day = start
    while day < end:
        day += _ONE_DAY
        if is_working_day(day):
            count += 1
    return count


def ivo_escalated_from(assessed_serious_on: date) -> date:
    """The day a serious lex Sarah case not yet reported to IVO is escalated to the officer's
    and the manager's start pages: two working days after the assessment (assessed on a
    Friday: from Tuesday)."""
    return add_working_days(assessed_serious_on, IVO_ESCALATION_WORKING_DAYS)


@functools.lru_cache(maxsize=4096)
def plan_due(enrolled_on: date) -> date:
    """R10: the activity plan is due 5 working days after the first meeting."""
    return add_working_days(enrolled_on, PLAN_WORKING_DAYS)


class PlanTimeliness(StrEnum):
    """Where a case stands against R10 (a plan within 5 working days of the first meeting)."""

    ON_TIME = "on_time"
    LATE = "late"
    MISSING_OVERDUE = "missing_overdue"
    NOT_YET_DUE = "not_yet_due"
    # Left the Jobbtorg before the due day without a plan: R10 asks a plan only "for those who
    # are then still at the Jobbtorg", so the case is not measured at all.
    LEFT_BEFORE_DUE = "left_before_due"


# The outcomes that are measured: the share of plans within 5 working days is ON_TIME among these.
PLAN_MEASURED = frozenset(
    {PlanTimeliness.ON_TIME, PlanTimeliness.LATE, PlanTimeliness.MISSING_OVERDUE}
)


def plan_drawn_up_on(drawn_up_on: date | None, written_on: date) -> date:
    """The day a plan version counts as drawn up: the day recorded as drawn up (a version
    written in the product records the day it was written; a transferred one the day the
    district's system says it was drawn up, not the day it was imported); for an older version
    with no such day, the day it was written."""
    return drawn_up_on if drawn_up_on is not None else written_on


def first_plan_on(versions: Iterable[tuple[date | None, date]]) -> date | None:
    """The day the case's first plan was drawn up, from its versions' (drawn up on, written on)
    days; None when it has none."""
    return min((plan_drawn_up_on(drawn, written) for drawn, written in versions), default=None)


def plan_timeliness(
    enrolled_on: date, first_plan_on: date | None, exit_on: date | None, *, today: date
) -> PlanTimeliness:
    """R10 for one case as known on `today` (plans and exits dated later are not yet known).

    - The plan counts on the day it was drawn up (`first_plan_on`, see `plan_drawn_up_on`).
    - A case that exited before the due day without a plan drawn up on or before the exit is
      not measured (LEFT_BEFORE_DUE). One that got its plan before leaving is measured: it did
      get its plan in time. One that exits on the due day or later is measured.
    - Without a plan, the case is overdue once its due day is over (the plan may still be
      drawn up on the due day itself).
    """
    plan = first_plan_on if first_plan_on is not None and first_plan_on <= today else None
    left = exit_on if exit_on is not None and exit_on <= today else None
    due = plan_due(enrolled_on)
    if left is not None and left < due and (plan is None or plan > left):
        return PlanTimeliness.LEFT_BEFORE_DUE
    if plan is not None:
        return PlanTimeliness.ON_TIME if plan <= due else PlanTimeliness.LATE
    return PlanTimeliness.MISSING_OVERDUE if due < today else PlanTimeliness.NOT_YET_DUE


def final_plan_timeliness(
    enrolled_on: date, first_plan_on: date | None, exit_on: date | None
) -> PlanTimeliness:
    """`plan_timeliness` once the due day is over: from then on, whether the case is measured
    and whether its plan came on time no longer change (only late versus missing does)."""
    today = plan_due(enrolled_on) + _ONE_DAY
    return plan_timeliness(enrolled_on, first_plan_on, exit_on, today=today)


def follow_up_due_after_end(activity_end: date) -> date:
    """R13: every activity is followed up after it ends, within 5 working days."""
    return add_working_days(activity_end, FOLLOW_UP_WORKING_DAYS)


def activity_follow_up_due(start: date, end: date, max_length_days: int | None) -> date:
    """When the follow-up of an activity is due.

    R13: an activity that does not lead to results is replaced after a set time, so when the
    activity type has a default maximum length that runs out before the planned end, the
    follow-up falls due then (moved to the next working day) instead of after the end.
    """
    if end < start:
        raise ValueError(f"the activity ends ({end}) before it starts ({start})")
    if max_length_days is not None:
        if max_length_days < 1:
            raise ValueError(f"max_length_days must be at least 1, got {max_length_days}")
        limit = start + timedelta(days=max_length_days)
        if limit < end:
            return _working_day_on_or_after(limit)
    return follow_up_due_after_end(end)


def add_months(day: date, months: int) -> date:
    """Same day of the month `months` later, or that month's last day when it has fewer days."""
    month_index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(month_index, 12)
    month += 1
    last_day = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last_day))


def latest_plan_end(plan_start: date) -> date:
    """The last day a plan starting on `plan_start` may cover: 6 months, both ends counted."""
    return add_months(plan_start, PLAN_MONTHS) - _ONE_DAY


def plan_length_ok(start: date, end: date) -> bool:
    return start <= end <= latest_plan_end(start)


def review_due(plan_start: date) -> date:
    """R13: the plan is reviewed (omprövning) when its 6 months have passed."""
    return add_months(plan_start, PLAN_MONTHS)


@dataclass(frozen=True)
class Interruption:
    """A pause in participation (R17: pregnancy, parental leave, illness); end None = ongoing."""

    start: date
    end: date | None


def _merged_spans(
    enrolled_on: date, interruptions: Sequence[Interruption], as_of: date
) -> list[tuple[date, date]]:
    """Closed, sorted, non-overlapping day spans that the interruptions cover."""
    spans: list[tuple[date, date]] = []
    for interruption in interruptions:
        if interruption.end is not None and interruption.end < interruption.start:
            raise ValueError(f"interruption ends before it starts: {interruption}")
        # An ongoing interruption has lasted up to and including as_of, and not yet begun
        # when it starts after as_of (then the span below is empty and dropped).
        end = interruption.end if interruption.end is not None else as_of
        # Days before enrolment were never participation days, so pausing them moves nothing.
        start = max(interruption.start, enrolled_on)
        if start <= end:
            spans.append((start, end))
    spans.sort()
    # Merge overlapping (and touching) spans so that a day covered by two interruptions,
    # e.g. illness during parental leave, moves the end by one day, not two.
    merged: list[tuple[date, date]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1] + _ONE_DAY:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def participation_end(
    enrolled_on: date,
    interruptions: Sequence[Interruption],
    *,
    extended_until: Sequence[date],
    as_of: date,
) -> date:
    """R13/R17: the last day of a case's participation: the end of the 18 months, moved later by
    the days participation was paused, or the latest `until` of the case's approved exceptions
    to the limit when that is later. The case page, Min dag, the API and the key figures all
    ask this; `extended_until` is required so that no caller can forget the exceptions.

    Taken in order of start, an interruption counts when it starts on or before the end as
    moved so far; one that starts after that end comes after the limit and moves nothing.
    """
    moved_end = add_months(enrolled_on, PARTICIPATION_MONTHS)
    for start, end in _merged_spans(enrolled_on, interruptions, as_of):
        if start > moved_end:
            # Spans are sorted and the end no longer moves, so no later span can count.
            break
        moved_end += timedelta(days=(end - start).days + 1)
    return max([moved_end, *extended_until])


def limit_warning_from(participation_end: date) -> date:
    """The day from which a case nearing its 18-month limit is flagged."""
    return participation_end - timedelta(days=LIMIT_WARNING_DAYS)


DueCode = Literal["overdue", "today", "in_days"]


def due_label(due_on: date, today: date) -> tuple[DueCode, int]:
    """A code and a day count for the UI to word ("förfallen", "i dag", "om 3 dagar")."""
    if due_on < today:
        return ("overdue", (today - due_on).days)
    if due_on == today:
        return ("today", 0)
    return ("in_days", (due_on - today).days)


@dataclass(frozen=True)
class Due:
    on: date

    def label(self, today: date) -> tuple[DueCode, int]:
        return due_label(self.on, today)
