"""When a first meeting may be recorded (R8): the one rule the service (behind the page and the
API) applies, with every problem at once.

- The meeting has happened: its date is not after today, and not before the referral.
- Held: the registration with Arbetsförmedlingen is recorded, as one of the three answers.
- The day the person registered with Arbetsförmedlingen, when given, has happened too: not
  after today and not after the meeting (registered "today" is the meeting's day). It belongs to
  a registration only: with "not to be registered" a date is refused, never silently dropped.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from jobbtorg.engines.rules.problems import Problem, gettext_noop


class AfRegistration(StrEnum):
    REGISTERED = "registered"
    REGISTERED_TODAY = "registered_today"
    NOT_APPLICABLE = "not_applicable"


MESSAGES = {
    "meeting_in_future": gettext_noop(
        "The meeting (%(date)s) is after today (%(today)s): record it when it has happened."
    ),
    "meeting_before_referral": gettext_noop(
        "The meeting (%(date)s) cannot be before the referral (%(referred_on)s)."
    ),
    "registration_missing": gettext_noop(
        "Record the registration with Arbetsförmedlingen: already registered, registered "
        "today, or not to be registered."
    ),
    "registered_on_in_future": gettext_noop(
        "The day of registration with Arbetsförmedlingen (%(date)s) is after today "
        "(%(today)s): give the day the person registered."
    ),
    "registered_on_after_meeting": gettext_noop(
        "The day of registration with Arbetsförmedlingen (%(date)s) is after the meeting "
        "(%(held_on)s): give the day the person registered, or leave it empty if it was today."
    ),
    "registered_on_not_applicable": gettext_noop(
        "A day of registration with Arbetsförmedlingen is given only when the person is "
        "registered: leave it empty."
    ),
}


def _problem(field: str, code: str, **params: str) -> Problem:
    return Problem(field, code, MESSAGES[code], tuple(sorted(params.items())))


def meeting_date_problems(
    held_on: date, *, today: date, referred_on: date | None
) -> tuple[Problem, ...]:
    if held_on > today:
        return (
            _problem(
                "held_on", "meeting_in_future", date=held_on.isoformat(), today=today.isoformat()
            ),
        )
    if referred_on is not None and held_on < referred_on:
        return (
            _problem(
                "held_on",
                "meeting_before_referral",
                date=held_on.isoformat(),
                referred_on=referred_on.isoformat(),
            ),
        )
    return ()


def registration_problems(
    registration: str, registered_on: date | None, *, held_on: date, today: date
) -> tuple[Problem, ...]:
    """The registration with Arbetsförmedlingen recorded at a meeting held on `held_on`."""
    problems: list[Problem] = []
    if registration not in {r.value for r in AfRegistration}:
        problems.append(_problem("af_registration", "registration_missing"))
    if registered_on is None:
        return tuple(problems)
    field = "af_registration_on"
    if registration == AfRegistration.NOT_APPLICABLE:
        problems.append(_problem(field, "registered_on_not_applicable"))
        return tuple(problems)
    # The day has happened: not after today, nor after the meeting where it was recorded.
    for code, limit, name in (
        ("registered_on_in_future", today, "today"),
        ("registered_on_after_meeting", held_on, "held_on"),
    ):
        if registered_on > limit:
            params = {"date": registered_on.isoformat(), name: limit.isoformat()}
            problems.append(_problem(field, code, **params))
            break
    return tuple(problems)
