"""When a recruitment fair may be created (R21, R23): it is planned, so its day is today or
later; a fair that was held is not created afterwards (what came of it is recorded on the fair
itself)."""

from __future__ import annotations

from datetime import date

from jobbtorg.engines.rules.problems import Problem, gettext_noop

MESSAGES = {
    "date_missing": gettext_noop("Give the day of the fair (YYYY-MM-DD)."),
    "date_in_past": gettext_noop(
        "The fair's day (%(date)s) has passed: a fair is created before it is held, on "
        "%(today)s or later."
    ),
}


def fair_date_problems(held_on: date | None, *, today: date) -> tuple[Problem, ...]:
    if held_on is None:
        return (Problem("held_on", "date_missing", MESSAGES["date_missing"]),)
    if held_on < today:
        params = (("date", held_on.isoformat()), ("today", today.isoformat()))
        return (Problem("held_on", "date_in_past", MESSAGES["date_in_past"], params),)
    return ()
