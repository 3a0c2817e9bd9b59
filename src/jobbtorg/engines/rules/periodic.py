"""When a periodic task is due: the one home of the schedule rule the worker follows.

An entry names a task, a local time of day and which days it runs on: every day, or working
days only (as the deadlines count them: no weekends, Swedish public holidays or the three eves).
A task is due once on each such day from its time onwards; a worker that was down at that time
still runs it later the same day, but a day that passed with no worker is not made up (a daily
task's next run covers it).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum

from jobbtorg.engines.rules.deadlines import is_working_day


class Days(StrEnum):
    DAILY = "daily"
    WORKING = "working"


@dataclass(frozen=True)
class ScheduleEntry:
    task: str
    at: time
    days: Days

    def runs_on(self, day: date) -> bool:
        return self.days is Days.DAILY or is_working_day(day)

    def due_on(self, now: datetime) -> date | None:
        """The day this entry is due for at local time `now`, or None if it is not due yet."""
        day = now.date()
        if self.runs_on(day) and now.time() >= self.at:
            return day
        return None


class BadSchedule(ValueError):
    """A schedule entry the worker cannot follow; raised at start, never at the due time."""


def parse_entry(raw: Mapping[str, str]) -> ScheduleEntry:
    try:
        task = raw["task"]
        hours, minutes = (int(part) for part in raw["at"].split(":"))
        at = time(hours, minutes)
        days = Days(raw.get("days", Days.DAILY))
    except (KeyError, ValueError) as error:
        raise BadSchedule(
            f"schedule entry {dict(raw)!r}: needs task, at (HH:MM) and days "
            f"({', '.join(d.value for d in Days)}): {error}"
        ) from None
    if not task or "." not in task:
        raise BadSchedule(f"schedule entry {dict(raw)!r}: task must be a dotted path")
    return ScheduleEntry(task=task, at=at, days=days)


def parse_schedule(raw: Iterable[Mapping[str, str]]) -> list[ScheduleEntry]:
    entries = [parse_entry(item) for item in raw]
    tasks = [entry.task for entry in entries]
    if len(tasks) != len(set(tasks)):
        raise BadSchedule("a task is scheduled twice: " + ", ".join(sorted(tasks)))
    return entries


def due_entries(
    entries: Iterable[ScheduleEntry], now: datetime
) -> list[tuple[ScheduleEntry, date]]:
    """The entries due at local time `now`, each with the day it is due for. Whether the day's
    run has already been enqueued is the caller's to know (one row per task and day)."""
    due = []
    for entry in entries:
        day = entry.due_on(now)
        if day is not None:
            due.append((entry, day))
    return due
