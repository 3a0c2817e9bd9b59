"""When the activities of a plan version may be sent for approval (R10, R12, R13, R22): the one
rule the plans service (behind the plan page and the API) applies, reporting every problem of
every activity at once.

- Each activity has a type from the catalogue, a start and an end (every activity is limited in
  time), the end not before the start, hours per week above 0 and at most 60, and a goal.
- No activity starts before the person was taken in at the Jobbtorg (the first meeting, when
  the case was enrolled): a plan is drawn up with the person, after they came.
- The plan runs from its first activity's start and covers at most 6 months
  (`deadlines.latest_plan_end`): an activity that ends later is refused on its own end date.
- Who delivers it (R22): the Jobbtorg's own staff deliver assessment, guidance, coaching, own
  job search with the coach, preparatory group work, matching, recruitment activities and
  start-your-own-business advice; for those the Jobbtorg itself is the provider, and leaving the
  provider empty means the Jobbtorg. Every other activity (language courses, work training,
  placements, courses, validation, Arbetsförmedlingen's programmes) is run by someone else,
  who must be named: the Jobbtorg itself is refused there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from jobbtorg.engines.rules.deadlines import latest_plan_end
from jobbtorg.engines.rules.problems import Problem, gettext_noop

HOURS_ABOVE = Decimal(0)
HOURS_AT_MOST = Decimal(60)

# The activity types (fixed codes of the catalogue) the Jobbtorg's own staff deliver.
DELIVERED_BY_THE_JOBBTORG = frozenset(
    {
        "assessment",
        "guidance",
        "coaching",
        "job_search",
        "preparatory",
        "matching",
        "recruitment_activity",
        "start_business_advice",
    }
)


class ProviderGiven(StrEnum):
    NONE = "none"  # left empty
    JOBBTORG = "jobbtorg"  # the Jobbtorg itself
    NAMED = "named"  # a provider of the register, or one named by hand


@dataclass(frozen=True)
class ProposedActivity:
    """An activity as typed. `hours_per_week` is None when not given and NaN when it is not a
    number; `type_code` is "" when none was chosen."""

    type_code: str
    provider: ProviderGiven
    start: date | None
    end: date | None
    hours_per_week: Decimal | None
    goal: str


def jobbtorg_delivers(type_code: str) -> bool:
    return type_code in DELIVERED_BY_THE_JOBBTORG


MESSAGES = {
    "type_missing": gettext_noop("Activity %(n)s: choose an activity type."),
    "provider_missing": gettext_noop(
        "Activity %(n)s: name the provider. This activity is run by a provider outside the "
        "Jobbtorg."
    ),
    "provider_not_jobbtorg": gettext_noop(
        "Activity %(n)s: the Jobbtorg does not run this activity itself: name its provider."
    ),
    "start_missing": gettext_noop("Activity %(n)s: give the start date (YYYY-MM-DD)."),
    "end_missing": gettext_noop(
        "Activity %(n)s: every activity is limited in time: give the end date (YYYY-MM-DD)."
    ),
    "end_before_start": gettext_noop(
        "Activity %(n)s: the end (%(end)s) is before the start (%(start)s)."
    ),
    "start_before_enrolment": gettext_noop(
        "Activity %(n)s starts %(start)s, before the person came to the Jobbtorg "
        "(first meeting %(enrolled_on)s). Start on %(enrolled_on)s or later."
    ),
    "end_after_plan": gettext_noop(
        "Activity %(n)s ends %(end)s: a plan covers at most 6 months from its first activity "
        "(%(plan_start)s). End date at the latest %(latest)s."
    ),
    "hours": gettext_noop("Activity %(n)s: hours per week is a number from 1 to 60."),
    "goal_missing": gettext_noop("Activity %(n)s: write the goal of the activity."),
}


def _problem(n: int, name: str, code: str, **params: str) -> Problem:
    return Problem(
        f"activities.{n}.{name}",
        code,
        MESSAGES[code],
        (("n", str(n)), *sorted(params.items())),
    )


def activity_problems(
    n: int, activity: ProposedActivity, *, known_types: frozenset[str], enrolled_on: date | None
) -> tuple[Problem, ...]:
    """The problems of activity number `n` (from 1) on its own."""
    problems: list[Problem] = []
    if activity.type_code not in known_types:
        problems.append(_problem(n, "type", "type_missing"))
    elif not jobbtorg_delivers(activity.type_code):
        if activity.provider is ProviderGiven.NONE:
            problems.append(_problem(n, "provider", "provider_missing"))
        elif activity.provider is ProviderGiven.JOBBTORG:
            problems.append(_problem(n, "provider", "provider_not_jobbtorg"))
    start, end = activity.start, activity.end
    if start is None:
        problems.append(_problem(n, "start", "start_missing"))
    elif enrolled_on is not None and start < enrolled_on:
        problems.append(
            _problem(
                n,
                "start",
                "start_before_enrolment",
                start=start.isoformat(),
                enrolled_on=enrolled_on.isoformat(),
            )
        )
    if end is None:
        problems.append(_problem(n, "end", "end_missing"))
    elif start is not None and end < start:
        problems.append(
            _problem(n, "end", "end_before_start", start=start.isoformat(), end=end.isoformat())
        )
    hours = activity.hours_per_week
    if hours is None or not hours.is_finite() or not HOURS_ABOVE < hours <= HOURS_AT_MOST:
        problems.append(_problem(n, "hours_per_week", "hours"))
    if not activity.goal.strip():
        problems.append(_problem(n, "goal", "goal_missing"))
    return tuple(problems)


def plan_activities_problems(
    activities: tuple[ProposedActivity, ...],
    *,
    known_types: frozenset[str],
    enrolled_on: date | None,
) -> tuple[Problem, ...]:
    """Everything that keeps the activities from being sent for approval, activity by
    activity; () when they may be. `enrolled_on`: the first meeting's date (None: unknown,
    not checked)."""
    problems: list[Problem] = []
    for n, activity in enumerate(activities, start=1):
        problems.extend(
            activity_problems(n, activity, known_types=known_types, enrolled_on=enrolled_on)
        )
    starts = [a.start for a in activities if a.start is not None]
    if starts:
        plan_start = min(starts)
        latest = latest_plan_end(plan_start)
        for n, activity in enumerate(activities, start=1):
            if activity.end is not None and activity.end > latest:
                problems.append(
                    _problem(
                        n,
                        "end",
                        "end_after_plan",
                        end=activity.end.isoformat(),
                        plan_start=plan_start.isoformat(),
                        latest=latest.isoformat(),
                    )
                )
    return tuple(problems)
