"""Daily attendance and what goes to the district (R15, R33).

For activity types with daily attendance the provider registers each expected day: present,
absent with a valid reason (illness, care of child, appointment) or absent without one. A
register is due the same day and flagged to the provider and the coach on the next working
day. Absence without a valid reason, and repeated missing registers, become district events.

The city's own audit (Stadsrevisionen 2010) found people refused social assistance because
their attendance had never been registered. So a day with no register is *missing*, shown as
such, and never read as an absence: only a register that says "absent without valid reason"
is one.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Literal

from jobbtorg.engines.rules.deadlines import Interruption, add_working_days, is_working_day
from jobbtorg.engines.rules.schedule import ScheduledActivity

_ONE_DAY = timedelta(days=1)
# Two or more missing registers within the last 10 working days go to the district.
REPEATED_MISSING_COUNT = 2
REPEATED_MISSING_WINDOW_WORKING_DAYS = 10


class AttendanceStatus(StrEnum):
    PRESENT = "present"
    ABSENT_VALID = "absent_valid"
    ABSENT_INVALID = "absent_invalid"


class AbsenceReason(StrEnum):
    ILLNESS = "illness"
    CARE_OF_CHILD = "care_of_child"
    APPOINTMENT = "appointment"


@dataclass(frozen=True)
class Register:
    """The attendance registered for one day. `reason` is given only with ABSENT_VALID."""

    day: date
    status: AttendanceStatus
    reason: str | None = None


@dataclass(frozen=True)
class AttendanceFacts:
    """One participant's activity with daily attendance.

    Attendance is expected on the `weekdays` (0 = Monday) of its sessions from `start` to `end`,
    on working days only, and not while participation is interrupted (R17; an interruption
    with no end lasts from its start on).
    """

    start: date
    end: date
    weekdays: frozenset[int]
    registers: tuple[Register, ...] = ()
    interruptions: tuple[Interruption, ...] = ()

    @classmethod
    def for_activity(
        cls,
        activity: ScheduledActivity,
        registers: Sequence[Register] = (),
        interruptions: Sequence[Interruption] = (),
    ) -> AttendanceFacts:
        return cls(
            start=activity.start,
            end=activity.end,
            weekdays=frozenset(session.weekday for session in activity.sessions),
            registers=tuple(registers),
            interruptions=tuple(interruptions),
        )


EventKind = Literal["absence", "missing_registers"]


@dataclass(frozen=True)
class AttendanceEvent:
    """Something the district's inbox and API feed receive, with the days it is about."""

    kind: EventKind
    dates: tuple[date, ...]


@dataclass(frozen=True)
class AttendanceReview:
    """Attendance as of `today`.

    `expected`: expected days up to and including today.
    `awaiting`: expected days with no register whose flag day has not come yet (today, or a
    Friday seen at the weekend): due, not yet missing.
    `missing`: expected days with no register whose flag day (the next working day) has come.
    `flags_due_today`: the missing days first flagged today.
    `absences_without_valid_reason`: days registered ABSENT_INVALID; never a missing day.
    `repeated_missing`: 2 or more missing days within the last 10 working days before today.
    `district_events`: one "absence" per absence without valid reason, and one
    "missing_registers" (about the missing days in the window) when `repeated_missing`.
    """

    today: date
    expected: tuple[date, ...]
    awaiting: tuple[date, ...]
    missing: tuple[date, ...]
    flags_due_today: tuple[date, ...]
    absences_without_valid_reason: tuple[date, ...]
    repeated_missing: bool
    district_events: tuple[AttendanceEvent, ...]


def _interrupted(facts: AttendanceFacts, day: date) -> bool:
    return any(
        interruption.start <= day and (interruption.end is None or day <= interruption.end)
        for interruption in facts.interruptions
    )


def is_expected(facts: AttendanceFacts, day: date) -> bool:
    """Whether attendance is expected on `day`."""
    return (
        facts.start <= day <= facts.end
        and day.weekday() in facts.weekdays
        and is_working_day(day)
        and not _interrupted(facts, day)
    )


def _check(facts: AttendanceFacts) -> None:
    for interruption in facts.interruptions:
        if interruption.end is not None and interruption.end < interruption.start:
            raise ValueError(f"interruption ends before it starts: {interruption}")
    days = [register.day for register in facts.registers]
    if len(days) != len(set(days)):
        raise ValueError("more than one register for the same day")


def _days(first: date, last: date) -> Iterator[date]:
    day = first
    while day <= last:
        yield day
        day += _ONE_DAY


def expected_days(facts: AttendanceFacts, until: date | None = None) -> tuple[date, ...]:
    """The days attendance is expected, in order; up to and including `until` when given."""
    _check(facts)
    last = facts.end if until is None else min(facts.end, until)
    return tuple(day for day in _days(facts.start, last) if is_expected(facts, day))


def flag_day(day: date) -> date:
    """The day a register still missing for `day` is flagged: the next working day."""
    return add_working_days(day, 1)


def _window_start(today: date) -> date:
    """The first of the 10 working days before `today` (today itself not counted)."""
    day = today
    counted = 0
    while counted < REPEATED_MISSING_WINDOW_WORKING_DAYS:
        day -= _ONE_DAY
        if is_working_day(day):
            counted += 1
    return day


def review_attendance(facts: AttendanceFacts, today: date) -> AttendanceReview:
    """What is missing, flagged and sent to the district, as of `today`.

    Registers on days that are not expected, or after today, are left out here (see
    `register_problems`). A day with no register is missing, never an absence.
    """
    expected = expected_days(facts, until=today)
    registered = {register.day: register for register in facts.registers}
    unregistered = [day for day in expected if day not in registered]
    missing = tuple(day for day in unregistered if flag_day(day) <= today)
    awaiting = tuple(day for day in unregistered if flag_day(day) > today)
    flags_due_today = tuple(day for day in missing if flag_day(day) == today)
    absences = tuple(
        day
        for day in expected
        if day in registered and registered[day].status == AttendanceStatus.ABSENT_INVALID
    )
    window_start = _window_start(today)
    recent_missing = tuple(day for day in missing if day >= window_start)
    repeated_missing = len(recent_missing) >= REPEATED_MISSING_COUNT

    events = [AttendanceEvent("absence", (day,)) for day in absences]
    if repeated_missing:
        events.append(AttendanceEvent("missing_registers", recent_missing))
    return AttendanceReview(
        today=today,
        expected=expected,
        awaiting=awaiting,
        missing=missing,
        flags_due_today=flags_due_today,
        absences_without_valid_reason=absences,
        repeated_missing=repeated_missing,
        district_events=tuple(events),
    )


_REASONS = frozenset(reason.value for reason in AbsenceReason)


def register_problems(facts: AttendanceFacts, register: Register, today: date) -> list[str]:
    """What is wrong with a register about to be saved; an empty list when nothing is."""
    problems: list[str] = []
    if register.day > today:
        problems.append(f"{register.day} is in the future: attendance is registered afterwards.")
    if not is_expected(facts, register.day):
        problems.append(f"No attendance is expected on {register.day}.")
    if register.status == AttendanceStatus.ABSENT_VALID:
        if not register.reason:
            problems.append("An absence with valid reason needs the reason.")
        elif register.reason not in _REASONS:
            problems.append(
                f"{register.reason!r} is not a valid reason: "
                f"use one of {', '.join(reason.value for reason in AbsenceReason)}."
            )
    elif register.reason:
        problems.append("Only an absence with valid reason takes a reason.")
    return problems
