"""The plan-activity rule (R10, R12, R13, R22), on its own: a validation table per field and
properties over any dates."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobbtorg.engines.rules.deadlines import latest_plan_end
from jobbtorg.engines.rules.plan_activities import (
    DELIVERED_BY_THE_JOBBTORG,
    ProposedActivity,
    ProviderGiven,
    plan_activities_problems,
)

ENROLLED = date(2026, 3, 2)
TYPES = frozenset({"job_search", "coaching", "placement", "sfi", "work_training"})
GOOD = ProposedActivity(
    type_code="job_search",
    provider=ProviderGiven.NONE,
    start=ENROLLED,
    end=ENROLLED + timedelta(days=27),
    hours_per_week=Decimal(20),
    goal="Söka tio jobb i veckan.",
)


def found(*activities: ProposedActivity) -> list[tuple[str, str]]:
    return [
        (p.field, p.code)
        for p in plan_activities_problems(activities, known_types=TYPES, enrolled_on=ENROLLED)
    ]


def with_(**changes: object) -> ProposedActivity:
    return ProposedActivity(**(GOOD.__dict__ | changes))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, []),
        # The type
        ({"type_code": ""}, [("activities.1.type", "type_missing")]),
        ({"type_code": "juggling"}, [("activities.1.type", "type_missing")]),
        # Who delivers it: the Jobbtorg runs own job search and coaching itself ...
        ({"provider": ProviderGiven.JOBBTORG}, []),
        ({"type_code": "coaching", "provider": ProviderGiven.NONE}, []),
        ({"provider": ProviderGiven.NAMED}, []),
        # ... not a placement or SFI: those name their provider.
        ({"type_code": "placement"}, [("activities.1.provider", "provider_missing")]),
        (
            {"type_code": "sfi", "provider": ProviderGiven.JOBBTORG},
            [("activities.1.provider", "provider_not_jobbtorg")],
        ),
        ({"type_code": "placement", "provider": ProviderGiven.NAMED}, []),
        # The start: given, and not before the person came to the Jobbtorg
        ({"start": None}, [("activities.1.start", "start_missing")]),
        (
            {"start": ENROLLED - timedelta(days=1)},
            [("activities.1.start", "start_before_enrolment")],
        ),
        (
            {"start": ENROLLED - timedelta(days=31)},
            [("activities.1.start", "start_before_enrolment")],
        ),
        ({"start": ENROLLED + timedelta(days=3)}, []),
        # The end: given, not before the start, and inside the plan's 6 months
        ({"end": None}, [("activities.1.end", "end_missing")]),
        ({"end": ENROLLED}, []),
        ({"end": ENROLLED - timedelta(days=1)}, [("activities.1.end", "end_before_start")]),
        ({"end": latest_plan_end(ENROLLED)}, []),
        (
            {"end": latest_plan_end(ENROLLED) + timedelta(days=1)},
            [("activities.1.end", "end_after_plan")],
        ),
        # Hours per week and the goal
        ({"hours_per_week": None}, [("activities.1.hours_per_week", "hours")]),
        ({"hours_per_week": Decimal(0)}, [("activities.1.hours_per_week", "hours")]),
        ({"hours_per_week": Decimal("60.5")}, [("activities.1.hours_per_week", "hours")]),
        ({"hours_per_week": Decimal("NaN")}, [("activities.1.hours_per_week", "hours")]),
        ({"hours_per_week": Decimal(60)}, []),
        ({"goal": "  "}, [("activities.1.goal", "goal_missing")]),
    ],
)
def test_one_activity(changes, expected):
    assert found(with_(**changes)) == expected


def test_every_problem_of_every_activity_is_reported_at_once():
    assert found(
        with_(start=ENROLLED - timedelta(days=30), goal=""),
        with_(type_code="placement", end=None, hours_per_week=None),
    ) == [
        ("activities.1.start", "start_before_enrolment"),
        ("activities.1.goal", "goal_missing"),
        ("activities.2.provider", "provider_missing"),
        ("activities.2.end", "end_missing"),
        ("activities.2.hours_per_week", "hours"),
    ]


def test_the_plan_runs_from_its_first_activity():
    late = with_(
        start=ENROLLED + timedelta(days=100), end=latest_plan_end(ENROLLED) + timedelta(days=50)
    )
    assert found(GOOD, late) == [("activities.2.end", "end_after_plan")]
    assert found(late) == []


def test_the_messages_name_the_activity_and_the_dates_never_a_code():
    [problem] = plan_activities_problems(
        (with_(start=date(2026, 2, 1)),), known_types=TYPES, enrolled_on=ENROLLED
    )
    assert problem.text() == (
        "Activity 1 starts 2026-02-01, before the person came to the Jobbtorg (first meeting "
        "2026-03-02). Start on 2026-03-02 or later."
    )


def test_what_the_jobbtorg_runs_itself_are_codes_of_the_catalogue():
    assert {"job_search", "coaching", "assessment", "matching"} <= DELIVERED_BY_THE_JOBBTORG
    assert not {"placement", "sfi", "work_training", "af_programme"} & DELIVERED_BY_THE_JOBBTORG


dates = st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31))


@given(start=dates, end=dates, enrolled_on=dates)
def test_the_dates_are_accepted_exactly_when_they_lie_inside_the_plan_after_enrolment(
    start, end, enrolled_on
):
    problems = plan_activities_problems(
        (with_(start=start, end=end),), known_types=TYPES, enrolled_on=enrolled_on
    )
    fine = enrolled_on <= start <= end <= latest_plan_end(start)
    assert (problems == ()) is fine
    assert all(p.field in {"activities.1.start", "activities.1.end"} for p in problems)


@given(
    activities=st.lists(
        st.builds(
            ProposedActivity,
            type_code=st.sampled_from(sorted(TYPES) + ["", "x"]),
            provider=st.sampled_from(list(ProviderGiven)),
            start=st.none() | dates,
            end=st.none() | dates,
            hours_per_week=st.none() | st.decimals(allow_nan=True, allow_infinity=False),
            goal=st.text(max_size=5),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_every_problem_names_an_activity_of_the_plan_and_fills_its_message(activities):
    for problem in plan_activities_problems(
        tuple(activities), known_types=TYPES, enrolled_on=ENROLLED
    ):
        _prefix, number, _field = problem.field.split(".")
        assert 1 <= int(number) <= len(activities)
        assert "%(" not in problem.text()
