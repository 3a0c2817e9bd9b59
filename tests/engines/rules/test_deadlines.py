"""Deadlines: tables of real Swedish dates, and properties over generated dates.

The properties check results against a calendar written out here from the rules (weekends,
the library's public holidays, and the three eves by date), not against `is_working_day`, so
a wrong `is_working_day` cannot hide behind itself.
"""

import datetime as dt
import functools

import holidays
import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobbtorg.engines.rules.deadlines import (
    PLAN_MEASURED,
    Due,
    Interruption,
    PlanTimeliness,
    activity_follow_up_due,
    add_months,
    add_working_days,
    due_label,
    final_plan_timeliness,
    first_plan_on,
    follow_up_due_after_end,
    is_working_day,
    ivo_escalated_from,
    latest_plan_end,
    limit_warning_from,
    message_answer_due,
    participation_end,
    plan_due,
    plan_length_ok,
    plan_timeliness,
    review_due,
    working_days_between,
)

D = dt.date
ONE_DAY = dt.timedelta(days=1)

WORKING_DAYS = [
    # day, working day?, why
    (D(2026, 4, 2), True, "Maundy Thursday is an ordinary working day"),
    (D(2026, 4, 3), False, "Good Friday"),
    (D(2026, 4, 4), False, "Easter Saturday"),
    (D(2026, 4, 5), False, "Easter Sunday"),
    (D(2026, 4, 6), False, "Easter Monday"),
    (D(2026, 4, 7), True, "Tuesday after Easter"),
    (D(2026, 4, 30), True, "Walpurgis Eve is a working day"),
    (D(2026, 5, 1), False, "May Day on a Friday"),
    (D(2026, 5, 13), True, "day before Ascension Day"),
    (D(2026, 5, 14), False, "Ascension Day"),
    (D(2026, 5, 15), True, "Friday after Ascension Day"),
    (D(2026, 5, 25), True, "Whit Monday has not been a holiday since 2005"),
    (D(2025, 6, 6), False, "National Day on a Friday"),
    (D(2024, 6, 6), False, "National Day on a Thursday"),
    (D(2026, 6, 18), True, "Thursday before Midsummer Eve"),
    (D(2026, 6, 19), False, "Midsummer Eve 2026"),
    (D(2026, 6, 22), True, "Monday after Midsummer"),
    (D(2027, 6, 25), False, "Midsummer Eve 2027"),
    (D(2028, 6, 23), False, "Midsummer Eve 2028"),
    (D(2027, 6, 18), True, "a Friday in June that is not Midsummer Eve"),
    (D(2026, 10, 30), True, "Friday before All Saints' Day"),
    (D(2026, 12, 23), True, "Wednesday before Christmas"),
    (D(2026, 12, 24), False, "Christmas Eve"),
    (D(2026, 12, 25), False, "Christmas Day"),
    (D(2026, 12, 26), False, "Boxing Day"),
    (D(2026, 12, 28), True, "Monday between Christmas and New Year"),
    (D(2026, 12, 31), False, "New Year's Eve"),
    (D(2027, 1, 1), False, "New Year's Day"),
    (D(2027, 1, 4), True, "first Monday of 2027"),
    (D(2027, 1, 5), True, "Twelfth Night is a working day"),
    (D(2027, 1, 6), False, "Epiphany"),
    (D(2025, 12, 24), False, "Christmas Eve on a Wednesday"),
    (D(2025, 12, 31), False, "New Year's Eve on a Wednesday"),
    (D(2026, 11, 20), True, "an ordinary Friday"),
    (D(2026, 11, 21), False, "Saturday"),
    (D(2026, 11, 22), False, "Sunday"),
    (D(2026, 11, 23), True, "an ordinary Monday"),
]


@pytest.mark.parametrize(("day", "working", "why"), WORKING_DAYS)
def test_working_days_follow_the_swedish_calendar(day, working, why):
    assert is_working_day(day) is working, why


ADD_WORKING_DAYS = [
    # start, days, result
    (D(2026, 11, 20), 1, D(2026, 11, 23)),  # Friday + 1 = Monday
    (D(2026, 11, 23), 5, D(2026, 11, 30)),  # a plain week
    (D(2026, 4, 2), 1, D(2026, 4, 7)),  # over Good Friday and Easter Monday
    (D(2026, 4, 3), 1, D(2026, 4, 7)),  # starting on a holiday
    (D(2026, 4, 30), 1, D(2026, 5, 4)),  # over May Day
    (D(2026, 5, 13), 1, D(2026, 5, 15)),  # over Ascension Day
    (D(2026, 6, 18), 1, D(2026, 6, 22)),  # over Midsummer Eve
    (D(2026, 12, 23), 1, D(2026, 12, 28)),  # over Christmas
    (D(2026, 12, 23), 5, D(2027, 1, 5)),  # over Christmas and New Year
    (D(2026, 12, 23), 6, D(2027, 1, 7)),  # and over Epiphany
]


@pytest.mark.parametrize(("start", "days", "expected"), ADD_WORKING_DAYS)
def test_add_working_days_skips_weekends_holidays_and_eves(start, days, expected):
    assert add_working_days(start, days) == expected


@pytest.mark.parametrize("days", [0, -1])
def test_add_working_days_needs_at_least_one_day(days):
    with pytest.raises(ValueError):
        add_working_days(D(2026, 11, 23), days)


PLAN_DUE = [
    # first meeting, plan due
    (D(2026, 4, 2), D(2026, 4, 13)),  # Thursday before Easter
    (D(2026, 5, 12), D(2026, 5, 20)),  # over Ascension Day
    (D(2026, 6, 17), D(2026, 6, 25)),  # over Midsummer Eve
    (D(2025, 6, 4), D(2025, 6, 12)),  # over National Day; Whit Monday 9 June counts
    (D(2026, 11, 23), D(2026, 11, 30)),
]


@pytest.mark.parametrize(("enrolled_on", "expected"), PLAN_DUE)
def test_plan_is_due_five_working_days_after_the_first_meeting(enrolled_on, expected):
    assert plan_due(enrolled_on) == expected


def test_follow_up_after_end_is_due_five_working_days_later():
    assert follow_up_due_after_end(D(2026, 12, 22)) == D(2027, 1, 4)


ACTIVITY_FOLLOW_UP = [
    # start, end, max length in days, follow-up due
    (D(2026, 3, 2), D(2026, 4, 2), None, D(2026, 4, 13)),  # no maximum: after the end
    (D(2026, 3, 2), D(2026, 4, 2), 90, D(2026, 4, 13)),  # maximum beyond the end
    (D(2026, 3, 2), D(2026, 4, 2), 31, D(2026, 4, 13)),  # maximum runs out on the end
    (D(2026, 1, 5), D(2026, 6, 30), 30, D(2026, 2, 4)),  # maximum runs out on a Wednesday
    (D(2026, 3, 4), D(2026, 6, 30), 30, D(2026, 4, 7)),  # ... on Good Friday
    (D(2026, 10, 22), D(2026, 12, 18), 30, D(2026, 11, 23)),  # ... on a Saturday
    (D(2026, 11, 24), D(2027, 2, 26), 30, D(2026, 12, 28)),  # ... on Christmas Eve
]


@pytest.mark.parametrize(("start", "end", "max_length", "expected"), ACTIVITY_FOLLOW_UP)
def test_activity_follow_up_comes_when_the_maximum_length_runs_out(
    start, end, max_length, expected
):
    assert activity_follow_up_due(start, end, max_length) == expected


@pytest.mark.parametrize(
    ("start", "end", "max_length"),
    [(D(2026, 4, 2), D(2026, 4, 1), None), (D(2026, 3, 2), D(2026, 4, 2), 0)],
)
def test_activity_follow_up_refuses_impossible_input(start, end, max_length):
    with pytest.raises(ValueError):
        activity_follow_up_due(start, end, max_length)


ADD_MONTHS = [
    # day, months, result
    (D(2026, 1, 31), 1, D(2026, 2, 28)),
    (D(2028, 1, 31), 1, D(2028, 2, 29)),  # leap year
    (D(2028, 2, 29), 12, D(2029, 2, 28)),
    (D(2028, 2, 29), 48, D(2032, 2, 29)),
    (D(2025, 8, 31), 6, D(2026, 2, 28)),
    (D(2027, 8, 31), 6, D(2028, 2, 29)),
    (D(2026, 3, 31), 1, D(2026, 4, 30)),
    (D(2025, 11, 15), 6, D(2026, 5, 15)),
    (D(2026, 12, 15), 1, D(2027, 1, 15)),
    (D(2026, 10, 31), 18, D(2028, 4, 30)),
    (D(2026, 5, 15), 0, D(2026, 5, 15)),
    (D(2026, 3, 31), -1, D(2026, 2, 28)),
    (D(2026, 1, 15), -1, D(2025, 12, 15)),
]


@pytest.mark.parametrize(("day", "months", "expected"), ADD_MONTHS)
def test_add_months_keeps_the_day_or_takes_the_months_last(day, months, expected):
    assert add_months(day, months) == expected


LATEST_PLAN_END = [
    # plan start, latest end (6 months, both ends counted)
    (D(2025, 11, 15), D(2026, 5, 14)),
    (D(2026, 1, 1), D(2026, 6, 30)),
    (D(2026, 7, 1), D(2026, 12, 31)),
    (D(2025, 8, 31), D(2026, 2, 27)),
    (D(2027, 8, 31), D(2028, 2, 28)),
]


@pytest.mark.parametrize(("start", "expected"), LATEST_PLAN_END)
def test_latest_plan_end_is_six_months_both_ends_counted(start, expected):
    assert latest_plan_end(start) == expected


PLAN_LENGTH = [
    # start, end, allowed
    (D(2025, 11, 15), D(2026, 5, 14), True),  # exactly 6 months
    (D(2025, 11, 15), D(2026, 5, 15), False),  # one day more
    (D(2026, 1, 1), D(2026, 6, 30), True),
    (D(2026, 1, 1), D(2026, 7, 1), False),
    (D(2025, 11, 15), D(2025, 11, 15), True),  # a one-day plan
    (D(2025, 11, 15), D(2025, 11, 14), False),  # ends before it starts
]


@pytest.mark.parametrize(("start", "end", "allowed"), PLAN_LENGTH)
def test_a_plan_covers_at_most_six_months(start, end, allowed):
    assert plan_length_ok(start, end) is allowed


@pytest.mark.parametrize(
    ("start", "expected"),
    [(D(2025, 11, 15), D(2026, 5, 15)), (D(2025, 8, 31), D(2026, 2, 28))],
)
def test_plan_is_reviewed_after_six_months(start, expected):
    assert review_due(start) == expected


ENROLLED = D(2025, 1, 15)  # the 18 months run out on 2026-07-15
AS_OF = D(2026, 1, 1)


def _pause(start: dt.date, end: dt.date | None) -> Interruption:
    return Interruption(start=start, end=end)


PARTICIPATION_END = [
    # interruptions, as_of, end of participation, why
    ([], AS_OF, D(2026, 7, 15), "no interruption: 18 months"),
    ([_pause(D(2025, 3, 1), D(2025, 3, 10))], AS_OF, D(2026, 7, 25), "10 days"),
    (
        [_pause(D(2025, 3, 1), D(2025, 4, 29)), _pause(D(2026, 8, 1), D(2026, 8, 10))],
        AS_OF,
        D(2026, 9, 23),
        "60 days move the end to 2026-09-13, so a pause from 2026-08-01 counts too",
    ),
    (
        [_pause(D(2026, 8, 1), D(2026, 8, 10)), _pause(D(2025, 3, 1), D(2025, 4, 29))],
        AS_OF,
        D(2026, 9, 23),
        "the same two given out of order",
    ),
    (
        [_pause(D(2026, 7, 16), D(2026, 7, 31))],
        AS_OF,
        D(2026, 7, 15),
        "starts the day after the end: does not count",
    ),
    (
        [_pause(D(2025, 3, 1), D(2025, 3, 10)), _pause(D(2026, 7, 26), D(2026, 8, 5))],
        AS_OF,
        D(2026, 7, 25),
        "starts the day after the moved end: does not count",
    ),
    (
        [_pause(D(2025, 3, 1), D(2025, 3, 10)), _pause(D(2026, 7, 25), D(2026, 7, 26))],
        AS_OF,
        D(2026, 7, 27),
        "starts on the moved end: counts",
    ),
    (
        [_pause(D(2026, 7, 15), D(2026, 7, 15))],
        AS_OF,
        D(2026, 7, 16),
        "one day on the last day counts",
    ),
    ([_pause(D(2025, 6, 1), None)], D(2025, 6, 30), D(2026, 8, 14), "ongoing for 30 days"),
    ([_pause(D(2025, 6, 1), None)], D(2025, 7, 10), D(2026, 8, 24), "ongoing for 40 days"),
    ([_pause(D(2025, 6, 1), None)], D(2025, 5, 31), D(2026, 7, 15), "ongoing, not yet begun"),
    (
        [_pause(D(2025, 3, 1), D(2025, 3, 20)), _pause(D(2025, 3, 11), D(2025, 3, 31))],
        AS_OF,
        D(2026, 8, 15),
        "overlapping: March counts once, 31 days, not 20 + 21",
    ),
    (
        [_pause(D(2025, 3, 1), D(2025, 3, 31)), _pause(D(2025, 3, 10), D(2025, 3, 15))],
        AS_OF,
        D(2026, 8, 15),
        "one inside the other",
    ),
    (
        [_pause(D(2025, 3, 1), D(2025, 3, 10)), _pause(D(2025, 3, 1), D(2025, 3, 10))],
        AS_OF,
        D(2026, 7, 25),
        "the same pause recorded twice counts once",
    ),
    (
        [_pause(D(2025, 3, 1), D(2025, 3, 20)), _pause(D(2025, 3, 15), None)],
        D(2025, 3, 31),
        D(2026, 8, 15),
        "an ongoing pause overlapping a closed one",
    ),
    (
        [_pause(D(2025, 1, 10), D(2025, 1, 19))],
        AS_OF,
        D(2026, 7, 20),
        "only the days from enrolment on count",
    ),
]


@pytest.mark.parametrize(("interruptions", "as_of", "expected", "why"), PARTICIPATION_END)
def test_participation_ends_after_18_months_plus_interruptions(interruptions, as_of, expected, why):
    assert participation_end(ENROLLED, interruptions, extended_until=(), as_of=as_of) == expected, (
        why
    )


def test_an_interruption_that_ends_before_it_starts_is_refused():
    with pytest.raises(ValueError):
        participation_end(
            ENROLLED, [_pause(D(2025, 3, 10), D(2025, 3, 1))], extended_until=(), as_of=AS_OF
        )


@pytest.mark.parametrize(
    ("end", "expected"),
    [(D(2026, 7, 15), D(2026, 6, 15)), (D(2026, 3, 1), D(2026, 1, 30))],
)
def test_the_limit_warning_starts_30_days_before_the_end(end, expected):
    assert limit_warning_from(end) == expected


DUE_LABELS = [
    # due on, today, label
    (D(2026, 11, 20), D(2026, 11, 22), ("overdue", 2)),
    (D(2026, 11, 21), D(2026, 11, 22), ("overdue", 1)),
    (D(2026, 11, 22), D(2026, 11, 22), ("today", 0)),
    (D(2026, 11, 25), D(2026, 11, 22), ("in_days", 3)),
    (D(2027, 1, 1), D(2026, 12, 31), ("in_days", 1)),
]


@pytest.mark.parametrize(("due_on", "today", "expected"), DUE_LABELS)
def test_due_label_says_overdue_today_or_in_how_many_days(due_on, today, expected):
    assert due_label(due_on, today) == expected
    assert Due(on=due_on).label(today) == expected


# Properties. The calendar below is the rule written out by hand: weekends, the library's
# public holidays, Christmas Eve, New Year's Eve, and Midsummer Eve (the Friday 19-25 June).
@functools.cache
def _public_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("SE", years=year)


def _day_off(day: dt.date) -> bool:
    midsummer_eve = day.month == 6 and 19 <= day.day <= 25 and day.weekday() == 4
    return (
        day.weekday() >= 5
        or day in _public_holidays(day.year)
        or (day.month, day.day) in {(12, 24), (12, 31)}
        or midsummer_eve
    )


days = st.dates(min_value=D(2000, 1, 1), max_value=D(2099, 12, 1))
counts = st.integers(min_value=1, max_value=40)


@given(day=days)
def test_is_working_day_agrees_with_the_written_out_calendar(day):
    assert is_working_day(day) is not _day_off(day)


@given(start=days, n=counts)
def test_add_working_days_counts_exactly_n_working_days_and_lands_on_one(start, n):
    result = add_working_days(start, n)
    assert not _day_off(result)
    between = [start + ONE_DAY * i for i in range(1, (result - start).days + 1)]
    assert sum(not _day_off(day) for day in between) == n


@given(start=days, n=counts)
def test_one_more_working_day_is_always_later(start, n):
    assert add_working_days(start, n + 1) > add_working_days(start, n)


@given(day=days)
def test_plan_and_follow_up_deadlines_land_on_working_days(day):
    for due in (plan_due(day), follow_up_due_after_end(day)):
        assert due > day
        assert not _day_off(due)


@given(
    start=days,
    length=st.integers(min_value=0, max_value=400),
    max_length=st.none() | st.integers(min_value=1, max_value=400),
)
def test_activity_follow_up_is_a_working_day_and_never_after_the_end_follow_up(
    start, length, max_length
):
    end = start + dt.timedelta(days=length)
    due = activity_follow_up_due(start, end, max_length)
    assert not _day_off(due)
    assert start < due <= follow_up_due_after_end(end)


@given(start=days)
def test_latest_plan_end_is_allowed_and_one_day_more_is_not(start):
    latest = latest_plan_end(start)
    assert plan_length_ok(start, latest)
    assert not plan_length_ok(start, latest + ONE_DAY)


@given(day=days, months=st.integers(min_value=-240, max_value=240))
def test_add_months_moves_whole_months_and_keeps_the_day_when_it_can(day, months):
    result = add_months(day, months)
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
    next_day_is_next_month = (result + ONE_DAY).month != result.month
    assert result.day == day.day or (result.day < day.day and next_day_is_next_month)


enrolments = st.dates(min_value=D(2005, 1, 1), max_value=D(2090, 1, 1))


@st.composite
def interruption_lists(draw: st.DrawFn, enrolled_on: dt.date) -> list[Interruption]:
    """Pauses around the 18 months: some before enrolment, some after the end, some ongoing."""
    pauses = []
    for _ in range(draw(st.integers(min_value=0, max_value=5))):
        start = enrolled_on + dt.timedelta(days=draw(st.integers(min_value=-30, max_value=800)))
        length = draw(st.none() | st.integers(min_value=1, max_value=200))
        end = None if length is None else start + dt.timedelta(days=length - 1)
        pauses.append(Interruption(start=start, end=end))
    return pauses


@st.composite
def participation_cases(draw: st.DrawFn) -> tuple[dt.date, list[Interruption], dt.date]:
    enrolled_on = draw(enrolments)
    as_of = enrolled_on + dt.timedelta(days=draw(st.integers(min_value=0, max_value=900)))
    return enrolled_on, draw(interruption_lists(enrolled_on)), as_of


@given(case=participation_cases(), data=st.data())
def test_adding_an_interruption_never_moves_the_end_earlier(case, data):
    enrolled_on, pauses, as_of = case
    extra = data.draw(interruption_lists(enrolled_on))
    before = participation_end(enrolled_on, pauses, extended_until=(), as_of=as_of)
    assert before >= add_months(enrolled_on, 18)
    assert participation_end(enrolled_on, pauses + extra, extended_until=(), as_of=as_of) >= before


@given(case=participation_cases())
def test_order_and_repeats_of_interruptions_do_not_change_the_end(case):
    enrolled_on, pauses, as_of = case
    expected = participation_end(enrolled_on, pauses, extended_until=(), as_of=as_of)
    assert participation_end(enrolled_on, pauses[::-1], extended_until=(), as_of=as_of) == expected
    assert (
        participation_end(enrolled_on, pauses + pauses, extended_until=(), as_of=as_of) == expected
    )


@given(case=participation_cases())
def test_the_end_moves_by_at_most_the_days_interrupted(case):
    enrolled_on, pauses, as_of = case
    covered = set()
    for pause in pauses:
        end = pause.end if pause.end is not None else as_of
        day = max(pause.start, enrolled_on)
        while day <= end:
            covered.add(day)
            day += ONE_DAY
    moved = participation_end(enrolled_on, pauses, extended_until=(), as_of=as_of) - add_months(
        enrolled_on, 18
    )
    assert 0 <= moved.days <= len(covered)


# The plan within 5 working days (R10): one rule for the manager's page, Min dag and the key
# figures. Enrolled Monday 3 February 2025: the plan is due Monday 10 February.

ENROLLED_MONDAY = D(2025, 2, 3)
PLAN_DUE = D(2025, 2, 10)
ON_TIME, LATE = PlanTimeliness.ON_TIME, PlanTimeliness.LATE
MISSING, NOT_YET = PlanTimeliness.MISSING_OVERDUE, PlanTimeliness.NOT_YET_DUE
LEFT = PlanTimeliness.LEFT_BEFORE_DUE

PLAN_TIMELINESS_TABLE = [
    ("plan on the first day", D(2025, 2, 3), None, D(2025, 2, 3), ON_TIME),
    ("plan on the due day", PLAN_DUE, None, D(2025, 3, 1), ON_TIME),
    ("plan a day after the due day", D(2025, 2, 11), None, D(2025, 3, 1), LATE),
    ("no plan, the due day not over", None, None, PLAN_DUE, NOT_YET),
    ("no plan, the due day over", None, None, D(2025, 2, 11), MISSING),
    ("no plan yet on the first day", None, None, D(2025, 2, 3), NOT_YET),
    ("a plan drawn up later is not yet known", D(2025, 2, 20), None, D(2025, 2, 12), MISSING),
    ("left before the due day without a plan", None, D(2025, 2, 5), D(2025, 3, 1), LEFT),
    ("left before the due day, plan after", D(2025, 2, 6), D(2025, 2, 5), D(2025, 3, 1), LEFT),
    ("left before the due day with a plan", D(2025, 2, 4), D(2025, 2, 5), D(2025, 3, 1), ON_TIME),
    ("plan on the day of leaving", D(2025, 2, 5), D(2025, 2, 5), D(2025, 3, 1), ON_TIME),
    ("left on the due day without a plan", None, PLAN_DUE, D(2025, 3, 1), MISSING),
    ("left after the due day, plan late", D(2025, 2, 12), D(2025, 2, 14), D(2025, 3, 1), LATE),
    ("an exit not yet happened", None, D(2025, 2, 7), D(2025, 2, 4), NOT_YET),
]


@pytest.mark.parametrize(
    ("why", "plan_on", "exit_on", "today", "expected"),
    PLAN_TIMELINESS_TABLE,
    ids=[row[0] for row in PLAN_TIMELINESS_TABLE],
)
def test_plan_timeliness(why, plan_on, exit_on, today, expected):
    assert plan_timeliness(ENROLLED_MONDAY, plan_on, exit_on, today=today) == expected, why


@pytest.mark.parametrize(
    ("versions", "expected"),
    [
        ([], None),
        # A version written in the product: drawn up the day it was written.
        ([(D(2025, 2, 6), D(2025, 2, 6))], D(2025, 2, 6)),
        # A transferred version: drawn up in the district's system long before the import.
        ([(D(2025, 2, 6), D(2025, 6, 1))], D(2025, 2, 6)),
        # An older version with no day recorded: the day it was written.
        ([(None, D(2025, 2, 9))], D(2025, 2, 9)),
        ([(D(2025, 3, 1), D(2025, 3, 1)), (None, D(2025, 2, 9))], D(2025, 2, 9)),
    ],
)
def test_the_first_plan_counts_on_the_day_it_was_drawn_up(versions, expected):
    assert first_plan_on(versions) == expected


plan_days = st.one_of(st.none(), st.integers(min_value=-3, max_value=30))


@given(
    enrolled_on=enrolments,
    plan=plan_days,
    exit_=plan_days,
    later=st.integers(min_value=1, max_value=400),
)
def test_once_the_due_day_is_over_only_late_and_missing_change(enrolled_on, plan, exit_, later):
    plan_on = None if plan is None else enrolled_on + dt.timedelta(days=max(plan, 0))
    exit_on = None if exit_ is None else enrolled_on + dt.timedelta(days=max(exit_, 0))
    final = final_plan_timeliness(enrolled_on, plan_on, exit_on)
    today = plan_due(enrolled_on) + dt.timedelta(days=later)
    now = plan_timeliness(enrolled_on, plan_on, exit_on, today=today)
    assert (now in PLAN_MEASURED) == (final in PLAN_MEASURED)
    assert (now == ON_TIME) == (final == ON_TIME)
    assert now != NOT_YET


@given(enrolled_on=enrolments, plan=plan_days, exit_=plan_days)
def test_a_plan_on_or_before_the_due_day_is_on_time_unless_drawn_up_after_leaving(
    enrolled_on, plan, exit_
):
    plan_on = None if plan is None else enrolled_on + dt.timedelta(days=max(plan, 0))
    exit_on = None if exit_ is None else enrolled_on + dt.timedelta(days=max(exit_, 0))
    due = plan_due(enrolled_on)
    verdict = final_plan_timeliness(enrolled_on, plan_on, exit_on)
    on_time = plan_on is not None and plan_on <= due
    left_first = exit_on is not None and exit_on < due and (plan_on is None or plan_on > exit_on)
    assert (verdict == LEFT) == left_first
    assert (verdict == ON_TIME) == (on_time and not left_first)


# The participation end with approved exceptions to the 18-month limit.

ENDS = add_months(ENROLLED, 18)


@pytest.mark.parametrize(
    ("extended_until", "expected", "why"),
    [
        ((), ENDS, "no exception: 18 months"),
        ((ENDS + dt.timedelta(days=90),), ENDS + dt.timedelta(days=90), "an exception moves it"),
        (
            (ENDS + dt.timedelta(days=30), ENDS + dt.timedelta(days=120)),
            ENDS + dt.timedelta(days=120),
            "the latest exception counts",
        ),
        ((ENDS - dt.timedelta(days=10),), ENDS, "an exception before the end moves nothing"),
    ],
)
def test_approved_exceptions_move_the_participation_end(extended_until, expected, why):
    assert participation_end(ENROLLED, [], extended_until=extended_until, as_of=AS_OF) == expected


@given(case=participation_cases(), extra=st.lists(st.integers(min_value=-400, max_value=400)))
def test_the_end_is_never_before_an_approved_exception_nor_the_end_without_them(case, extra):
    enrolled_on, pauses, as_of = case
    without = participation_end(enrolled_on, pauses, extended_until=(), as_of=as_of)
    until = tuple(without + dt.timedelta(days=days) for days in extra)
    ends = participation_end(enrolled_on, pauses, extended_until=until, as_of=as_of)
    assert ends == max([without, *until])


@pytest.mark.parametrize(
    "written_on, due",
    [
        (D(2026, 12, 7), D(2026, 12, 9)),  # Monday: Wednesday
        (D(2026, 12, 4), D(2026, 12, 8)),  # Friday: Tuesday
        (D(2026, 12, 5), D(2026, 12, 8)),  # Saturday: the weekend does not count
        (D(2026, 12, 22), D(2026, 12, 28)),  # Christmas Eve to Boxing Day are days off
        (D(2026, 6, 18), D(2026, 6, 23)),  # Thursday before Midsummer Eve: Monday, Tuesday
    ],
)
def test_a_message_is_answered_within_two_working_days(written_on, due):
    assert message_answer_due(written_on) == due


@given(written_on=days)
def test_the_answer_to_a_message_is_due_two_working_days_after_it(written_on):
    due = message_answer_due(written_on)
    between = [written_on + ONE_DAY * i for i in range(1, (due - written_on).days + 1)]
    assert sum(not _day_off(day) for day in between) == 2 and not _day_off(due)


@pytest.mark.parametrize(
    "assessed_on, escalated_from",
    [
        (D(2026, 12, 7), D(2026, 12, 9)),  # Monday: from Wednesday
        (D(2026, 12, 18), D(2026, 12, 22)),  # Friday: the weekend does not count, from Tuesday
        (D(2026, 12, 23), D(2026, 12, 29)),  # Christmas Eve, Christmas Day and a weekend are off
        (D(2026, 12, 30), D(2027, 1, 5)),  # New Year's Eve and Day are off: Monday, Tuesday
        (D(2026, 6, 18), D(2026, 6, 23)),  # Thursday before Midsummer Eve
    ],
)
def test_a_serious_lex_sarah_case_not_at_ivo_is_escalated_after_two_working_days(
    assessed_on, escalated_from
):
    assert ivo_escalated_from(assessed_on) == escalated_from
    assert working_days_between(assessed_on, escalated_from) == 2
    assert working_days_between(assessed_on, escalated_from - ONE_DAY) < 2


@pytest.mark.parametrize(
    "start, end, count",
    [
        (D(2026, 12, 7), D(2026, 12, 7), 0),
        (D(2026, 12, 7), D(2026, 12, 6), 0),  # the end before the start
        (D(2026, 12, 7), D(2026, 12, 9), 2),  # Monday to Wednesday
        (D(2026, 12, 18), D(2026, 12, 21), 1),  # Friday to Monday
        (D(2026, 12, 23), D(2026, 12, 27), 0),  # Christmas Eve to Sunday: none
        (D(2026, 12, 23), D(2026, 12, 28), 1),
        (D(2026, 12, 4), D(2026, 12, 6), 0),  # Friday to Sunday
    ],
)
def test_working_days_between_counts_the_working_days_after_the_start(start, end, count):
    assert working_days_between(start, end) == count


@given(start=days, length=st.integers(min_value=0, max_value=60))
def test_working_days_between_agrees_with_the_calendar(start, length):
    end = start + ONE_DAY * length
    expected = sum(not _day_off(start + ONE_DAY * i) for i in range(1, length + 1))
    assert working_days_between(start, end) == expected


@given(assessed_on=days)
def test_escalation_comes_exactly_when_two_working_days_have_passed(assessed_on):
    escalated_from = ivo_escalated_from(assessed_on)
    assert working_days_between(assessed_on, escalated_from) == 2
    assert not _day_off(escalated_from)
    # Every day before it is under two working days since the assessment.
    day = assessed_on
    while day < escalated_from:
        assert working_days_between(assessed_on, day) < 2
        day += ONE_DAY
