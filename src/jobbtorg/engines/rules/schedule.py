"""A participant's week: every activity's sessions day by day, clashes and hours (R16).

Newly arrived refugees get a full-day activity, SFI co-planned with an introduction placement
in time and content (DOMAIN.md R16), so the week puts all of a participant's activities side
by side, flags sessions that overlap, and compares the hours with the plan's weekly total.

Working days come from `deadlines.is_working_day`: a public holiday or one of the three eves
that falls on a weekday is shown as a day off, and nothing is scheduled or counted on it.
Saturday and Sunday are shown only when a session falls on them; they are not working days,
so their sessions are listed (and checked for clashes) but not counted in the week's hours.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from jobbtorg.engines.rules.deadlines import is_working_day

MONDAY, FRIDAY, SUNDAY = 0, 4, 6
_HUNDREDTHS = Decimal("0.01")
_MINUTES_PER_HOUR = 60


@dataclass(frozen=True)
class Session:
    """A weekly recurring session: `weekday` 0 = Monday .. 6 = Sunday, from `starts` to `ends`."""

    weekday: int
    starts: time
    ends: time


@dataclass(frozen=True)
class ScheduledActivity:
    """One activity of the participant's plan, running from `start` to `end` (both included)."""

    ref: str
    name: str
    start: date
    end: date
    sessions: tuple[Session, ...]


@dataclass(frozen=True)
class ScheduledSession:
    """A session on one day of the week, with the activity it belongs to."""

    activity_ref: str
    activity_name: str
    starts: time
    ends: time

    @property
    def minutes(self) -> int:
        return _minute_of_day(self.ends) - _minute_of_day(self.starts)

    @property
    def hours(self) -> Decimal:
        return hours_from_minutes(self.minutes)


@dataclass(frozen=True)
class DaySchedule:
    """One day of the week.

    `day_off` is a public holiday or eve on a weekday: no sessions are listed for it.
    `working_day` is False on days off and on weekends; only working days count in the total.
    `hours` is the length of the sessions listed for the day.
    """

    day: date
    sessions: tuple[ScheduledSession, ...]
    day_off: bool
    working_day: bool
    hours: Decimal


@dataclass(frozen=True)
class Clash:
    """Two sessions on `day` that overlap from `starts` to `ends` (always starts < ends).

    `first` is the session that comes first in the day's time order; it may belong to the
    same activity as `second` when an activity's own sessions overlap.
    """

    day: date
    first: ScheduledSession
    second: ScheduledSession
    starts: time
    ends: time


@dataclass(frozen=True)
class Week:
    monday: date
    days: tuple[DaySchedule, ...]
    total_hours: Decimal
    planned_hours: Decimal
    below_planned: bool
    clashes: tuple[Clash, ...]


def _minute_of_day(moment: time) -> int:
    return moment.hour * _MINUTES_PER_HOUR + moment.minute


def hours_from_minutes(minutes: int) -> Decimal:
    """Minutes as hours, rounded half up to hundredths (20 minutes = 0.33 hours)."""
    return (Decimal(minutes) / _MINUTES_PER_HOUR).quantize(_HUNDREDTHS, rounding=ROUND_HALF_UP)


def schedule_problems(activity: ScheduledActivity) -> list[str]:
    """What is wrong with an activity's dates and sessions; an empty list when nothing is."""
    problems: list[str] = []
    if activity.end < activity.start:
        problems.append(f"The activity ends ({activity.end}) before it starts ({activity.start}).")
    for number, session in enumerate(activity.sessions, start=1):
        if not MONDAY <= session.weekday <= SUNDAY:
            problems.append(
                f"Session {number}: weekday must be 0 (Monday) to 6 (Sunday), "
                f"got {session.weekday}."
            )
        if session.ends <= session.starts:
            problems.append(
                f"Session {number}: it ends ({session.ends:%H:%M}) "
                f"before or when it starts ({session.starts:%H:%M})."
            )
        for moment in (session.starts, session.ends):
            if moment.second or moment.microsecond:
                problems.append(f"Session {number}: {moment} is not a whole minute.")
        if session.starts.tzinfo is not None or session.ends.tzinfo is not None:
            problems.append(f"Session {number}: times are local and carry no time zone.")
    return problems


def _sort_key(session: ScheduledSession) -> tuple[time, time, str, str]:
    return (session.starts, session.ends, session.activity_name, session.activity_ref)


def _clashes(day: date, sessions: Sequence[ScheduledSession]) -> list[Clash]:
    """Every pair of sessions where one starts before the other ends; touching is no clash.

    `sessions` is in time order, so once a later session starts at or after this one's end,
    no session after it can overlap this one either.
    """
    found: list[Clash] = []
    for index, first in enumerate(sessions):
        for second in sessions[index + 1 :]:
            if second.starts >= first.ends:
                break
            found.append(Clash(day, first, second, second.starts, min(first.ends, second.ends)))
    return found


def week_schedule(
    activities: Sequence[ScheduledActivity], planned_hours: Decimal, monday: date
) -> Week:
    """The participant's week starting on `monday`, from the activities in their plan.

    An activity's session is on the week's day with its weekday when the activity runs that
    day (start <= day <= end). Refuses a `monday` that is not a Monday, negative planned hours,
    and activities that `schedule_problems` finds fault with.
    """
    if monday.weekday() != MONDAY:
        raise ValueError(f"the week must start on a Monday, got {monday} ({monday:%A})")
    if planned_hours < 0:
        raise ValueError(f"planned hours cannot be negative, got {planned_hours}")
    for activity in activities:
        problems = schedule_problems(activity)
        if problems:
            raise ValueError(f"activity {activity.ref!r}: {' '.join(problems)}")

    by_weekday: dict[int, list[ScheduledSession]] = {weekday: [] for weekday in range(7)}
    for activity in activities:
        for session in activity.sessions:
            day = monday + timedelta(days=session.weekday)
            if activity.start <= day <= activity.end:
                by_weekday[session.weekday].append(
                    ScheduledSession(activity.ref, activity.name, session.starts, session.ends)
                )

    days: list[DaySchedule] = []
    clashes: list[Clash] = []
    total_minutes = 0
    for weekday in range(7):
        day = monday + timedelta(days=weekday)
        working_day = is_working_day(day)
        day_off = weekday <= FRIDAY and not working_day
        if weekday > FRIDAY and not by_weekday[weekday]:
            continue
        sessions = () if day_off else tuple(sorted(by_weekday[weekday], key=_sort_key))
        minutes = sum(session.minutes for session in sessions)
        if working_day:
            total_minutes += minutes
        clashes.extend(_clashes(day, sessions))
        days.append(DaySchedule(day, sessions, day_off, working_day, hours_from_minutes(minutes)))

    return Week(
        monday=monday,
        days=tuple(days),
        total_hours=hours_from_minutes(total_minutes),
        planned_hours=planned_hours,
        # Compared in minutes, before rounding: 19 h 59 min is below 20 planned hours.
        below_planned=Decimal(total_minutes) < planned_hours * _MINUTES_PER_HOUR,
        clashes=tuple(clashes),
    )
