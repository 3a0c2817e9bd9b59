"""What is due in a case, from plain facts: a table of situations and properties."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobbtorg.engines.rules import deadlines
from jobbtorg.engines.rules.case_deadlines import ActivityFacts, CaseFacts, VersionFacts, case_due

ENROLLED = dt.date(2026, 3, 2)  # a Monday
TODAY = dt.date(2026, 4, 20)
JOB_SEARCH = ActivityFacts(1, "job search", dt.date(2026, 3, 9), dt.date(2026, 5, 29), 28, False)
PLACEMENT = ActivityFacts(2, "placement", dt.date(2026, 6, 1), dt.date(2026, 8, 28), None, False)


def kinds(facts, today=TODAY):
    return [(item.kind, item.due_on) for item in case_due(facts, today).items]


CASES = [
    ("no plan yet", CaseFacts(ENROLLED), [("plan_due", dt.date(2026, 3, 9))]),
    (
        "a version awaits approval: nothing due yet",
        CaseFacts(ENROLLED, versions=(VersionFacts(1, "awaiting_approval", None),)),
        [],
    ),
    (
        "the latest version was rejected",
        CaseFacts(
            ENROLLED, versions=(VersionFacts(1, "rejected", dt.date(2026, 3, 10), "Too few hours"),)
        ),
        [("plan_rejected", dt.date(2026, 3, 10))],
    ),
    (
        "an active plan: follow-ups after 4 weeks of job search and after the placement, review",
        CaseFacts(
            ENROLLED,
            versions=(VersionFacts(1, "approved", dt.date(2026, 3, 6)),),
            active_plan_start=dt.date(2026, 3, 9),
            activities=(JOB_SEARCH, PLACEMENT),
        ),
        [
            ("follow_up_due", dt.date(2026, 4, 7)),  # 9 March + 28 days, a Tuesday
            ("follow_up_due", dt.date(2026, 9, 4)),  # 5 working days after 28 August
            ("review_due", dt.date(2026, 9, 9)),
        ],
    ),
    (
        "a followed-up activity is not due again",
        CaseFacts(
            ENROLLED,
            versions=(VersionFacts(1, "approved", dt.date(2026, 3, 6)),),
            active_plan_start=dt.date(2026, 3, 9),
            activities=(
                ActivityFacts(1, "job search", dt.date(2026, 3, 9), dt.date(2026, 5, 29), 28, True),
            ),
        ),
        [("review_due", dt.date(2026, 9, 9))],
    ),
    (
        "interrupted today: work deadlines pause",
        CaseFacts(ENROLLED, interruptions=(deadlines.Interruption(dt.date(2026, 4, 1), None),)),
        [],
    ),
]


@pytest.mark.parametrize(("situation", "facts", "expected"), CASES, ids=[c[0] for c in CASES])
def test_what_is_due(situation, facts, expected):
    assert kinds(facts) == expected


def test_the_limit_is_flagged_30_days_before_and_an_approved_exception_moves_it():
    enrolled = dt.date(2025, 1, 15)
    limit = dt.date(2026, 7, 15)
    facts = CaseFacts(enrolled, versions=(VersionFacts(1, "awaiting_approval", None),))
    assert case_due(facts, limit - dt.timedelta(days=31)).items == ()
    assert kinds(facts, limit - dt.timedelta(days=30)) == [("participation_limit", limit)]
    extended = CaseFacts(
        enrolled,
        versions=(VersionFacts(1, "awaiting_approval", None),),
        extended_until=(dt.date(2026, 12, 31),),
    )
    assert case_due(extended, limit).participation_ends == dt.date(2026, 12, 31)
    assert case_due(extended, limit).items == ()


@given(
    enrolled=st.dates(dt.date(2024, 1, 1), dt.date(2027, 1, 1)),
    offset=st.integers(0, 700),
    starts=st.lists(st.integers(0, 600), max_size=3),
)
def test_due_dates_of_work_are_working_days_and_the_end_is_never_before_18_months(
    enrolled, offset, starts
):
    interruptions = tuple(
        deadlines.Interruption(
            enrolled + dt.timedelta(days=s), enrolled + dt.timedelta(days=s + 10)
        )
        for s in starts
    )
    due = case_due(
        CaseFacts(enrolled, interruptions=interruptions), enrolled + dt.timedelta(days=offset)
    )
    assert due.participation_ends >= deadlines.add_months(enrolled, 18)
    for item in due.items:
        if item.kind in {"plan_due", "follow_up_due"}:
            assert deadlines.is_working_day(item.due_on)
