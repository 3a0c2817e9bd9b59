"""A participant's week (R16): tables of real weeks, clashes, hours, and properties."""

import datetime as dt
from collections import Counter
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobbtorg.engines.rules.deadlines import is_working_day
from jobbtorg.engines.rules.schedule import (
    ScheduledActivity,
    Session,
    hours_from_minutes,
    schedule_problems,
    week_schedule,
)

D = dt.date
T = dt.time
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)

PLAIN_WEEK = D(2026, 3, 9)  # no holiday
ASCENSION_WEEK = D(2026, 5, 11)  # Ascension Day Thursday 2026-05-14
MIDSUMMER_WEEK = D(2026, 6, 15)  # Midsummer Eve Friday 2026-06-19
NATIONAL_DAY_WEEK = D(2026, 6, 1)  # National Day is Saturday 2026-06-06


YEAR_START, YEAR_END = D(2026, 1, 1), D(2026, 12, 31)


def activity(ref, sessions, start=YEAR_START, end=YEAR_END, name=None):
    return ScheduledActivity(ref, name or ref, start, end, tuple(sessions))


def every(weekdays, starts, ends):
    return [Session(weekday, starts, ends) for weekday in weekdays]


# SFI mornings, introduction placement afternoons: 5 x 3.5 h + 4 x 3 h = 29.5 h a week.
SFI = activity("sfi", every((MON, TUE, WED, THU, FRI), T(8, 30), T(12, 0)))
PLACEMENT = activity("placement", every((MON, TUE, WED, THU), T(13, 0), T(16, 0)))


def day_summary(week):
    return [
        (
            day.day.weekday(),
            day.day_off,
            day.working_day,
            [(s.activity_ref, s.starts, s.ends) for s in day.sessions],
            day.hours,
        )
        for day in week.days
    ]


def clash_summary(week):
    return [
        (c.day, c.first.activity_ref, c.second.activity_ref, c.starts, c.ends) for c in week.clashes
    ]


HOURS = [
    # situation, activities, monday, planned, total hours, below planned
    ("full plain week, 30 planned", [SFI, PLACEMENT], PLAIN_WEEK, "30", "29.50", True),
    ("full plain week, 29.5 planned", [SFI, PLACEMENT], PLAIN_WEEK, "29.5", "29.50", False),
    ("Ascension Day drops Thursday", [SFI, PLACEMENT], ASCENSION_WEEK, "29.5", "23.00", True),
    ("Midsummer Eve drops Friday", [SFI, PLACEMENT], MIDSUMMER_WEEK, "26", "26.00", False),
    ("nothing planned, nothing scheduled", [], PLAIN_WEEK, "0", "0.00", False),
    ("nothing scheduled is below any plan", [], PLAIN_WEEK, "1", "0.00", True),
    (
        "an activity starting on Wednesday counts from Wednesday",
        [activity("sfi", SFI.sessions, start=D(2026, 3, 11))],
        PLAIN_WEEK,
        "10",
        "10.50",
        False,
    ),
    (
        "an activity ending on Tuesday counts up to Tuesday",
        [activity("sfi", SFI.sessions, end=D(2026, 3, 10))],
        PLAIN_WEEK,
        "10",
        "7.00",
        True,
    ),
    (
        "an activity that has ended counts nothing",
        [activity("sfi", SFI.sessions, end=D(2026, 3, 6))],
        PLAIN_WEEK,
        "0",
        "0.00",
        False,
    ),
    (
        "one minute short of the plan is below it, even when it rounds up",
        [activity("a", [Session(MON, T(8, 0), T(9, 59, 0))])],
        PLAIN_WEEK,
        "2",
        "1.98",
        True,
    ),
    (
        "a Saturday session is shown but not counted",
        [SFI, activity("weekend", [Session(SAT, T(10, 0), T(14, 0))])],
        PLAIN_WEEK,
        "17.5",
        "17.50",
        False,
    ),
]


@pytest.mark.parametrize(
    ("situation", "activities", "monday", "planned", "total", "below"),
    HOURS,
    ids=[row[0] for row in HOURS],
)
def test_hours_and_below_planned(situation, activities, monday, planned, total, below):
    week = week_schedule(activities, Decimal(planned), monday)
    assert week.total_hours == Decimal(total)
    assert week.planned_hours == Decimal(planned)
    assert week.below_planned is below


def test_a_plain_week_lists_each_day_in_time_order():
    # The placement is given first; each day is still in time order.
    week = week_schedule([PLACEMENT, SFI], Decimal(30), PLAIN_WEEK)
    morning = ("sfi", T(8, 30), T(12, 0))
    afternoon = ("placement", T(13, 0), T(16, 0))
    assert week.monday == PLAIN_WEEK
    assert day_summary(week) == [
        (MON, False, True, [morning, afternoon], Decimal("6.50")),
        (TUE, False, True, [morning, afternoon], Decimal("6.50")),
        (WED, False, True, [morning, afternoon], Decimal("6.50")),
        (THU, False, True, [morning, afternoon], Decimal("6.50")),
        (FRI, False, True, [morning], Decimal("3.50")),
    ]
    assert week.clashes == ()


def test_ascension_day_is_a_day_off_with_nothing_on_it():
    week = week_schedule([SFI, PLACEMENT], Decimal(30), ASCENSION_WEEK)
    thursday = week.days[THU]
    assert thursday.day == D(2026, 5, 14)
    assert (thursday.day_off, thursday.working_day) == (True, False)
    assert thursday.sessions == ()
    assert thursday.hours == Decimal("0.00")
    assert [day.day_off for day in week.days] == [False, False, False, True, False]


def test_midsummer_eve_is_a_day_off():
    week = week_schedule([SFI], Decimal(0), MIDSUMMER_WEEK)
    assert [(day.day, day.day_off) for day in week.days][-1] == (D(2026, 6, 19), True)
    assert week.days[FRI].sessions == ()


def test_weekend_days_appear_only_when_something_is_scheduled():
    sunday_course = activity("course", [Session(SUN, T(10, 0), T(12, 0))])
    assert len(week_schedule([SFI], Decimal(0), PLAIN_WEEK).days) == 5
    week = week_schedule([SFI, sunday_course], Decimal(0), PLAIN_WEEK)
    assert [day.day.weekday() for day in week.days] == [MON, TUE, WED, THU, FRI, SUN]
    sunday = week.days[-1]
    assert (sunday.day_off, sunday.working_day, sunday.hours) == (False, False, Decimal("2.00"))
    assert week.total_hours == Decimal("17.50")
    # A weekend session outside the activity's dates does not bring the day in.
    ended = activity("course", sunday_course.sessions, end=D(2026, 3, 14))
    assert len(week_schedule([ended], Decimal(0), PLAIN_WEEK).days) == 5


def test_a_weekend_holiday_with_a_session_is_shown_not_counted():
    # 2026-06-06, National Day, is a Saturday: a weekend day, not a weekday day off.
    fair = activity("fair", [Session(SAT, T(10, 0), T(13, 0))])
    week = week_schedule([fair], Decimal(0), NATIONAL_DAY_WEEK)
    saturday = week.days[-1]
    assert saturday.day == D(2026, 6, 6)
    assert (saturday.day_off, saturday.working_day) == (False, False)
    assert week.total_hours == Decimal("0.00")


CLASHES = [
    # situation, activities, monday, clashes as (day, first, second, starts, ends)
    (
        "overlap: the placement starts before SFI ends",
        [SFI, activity("placement", [Session(MON, T(11, 0), T(15, 0))])],
        PLAIN_WEEK,
        [(D(2026, 3, 9), "sfi", "placement", T(11, 0), T(12, 0))],
    ),
    (
        "touching: the placement starts as SFI ends",
        [SFI, activity("placement", [Session(MON, T(12, 0), T(15, 0))])],
        PLAIN_WEEK,
        [],
    ),
    (
        "touching the other way: the placement ends as SFI starts",
        [SFI, activity("placement", [Session(MON, T(6, 30), T(8, 30))])],
        PLAIN_WEEK,
        [],
    ),
    (
        "one session inside another",
        [
            activity("placement", [Session(TUE, T(8, 0), T(16, 0))]),
            activity("meeting", [Session(TUE, T(10, 0), T(11, 0))]),
        ],
        PLAIN_WEEK,
        [(D(2026, 3, 10), "placement", "meeting", T(10, 0), T(11, 0))],
    ),
    (
        "the same activity twice on one day, overlapping",
        [activity("sfi", [Session(WED, T(9, 0), T(11, 0)), Session(WED, T(10, 0), T(12, 0))])],
        PLAIN_WEEK,
        [(D(2026, 3, 11), "sfi", "sfi", T(10, 0), T(11, 0))],
    ),
    (
        "the same activity twice on one day, morning and afternoon",
        [activity("sfi", [Session(WED, T(9, 0), T(11, 0)), Session(WED, T(13, 0), T(15, 0))])],
        PLAIN_WEEK,
        [],
    ),
    (
        "the same activity given twice clashes with itself every day",
        [PLACEMENT, PLACEMENT],
        PLAIN_WEEK,
        [
            (D(2026, 3, 9 + day), "placement", "placement", T(13, 0), T(16, 0))
            for day in (MON, TUE, WED, THU)
        ],
    ),
    (
        "three activities: every overlapping pair",
        [
            activity("c", [Session(THU, T(11, 0), T(13, 0))]),
            activity("a", [Session(THU, T(8, 0), T(12, 0))]),
            activity("b", [Session(THU, T(10, 0), T(14, 0))]),
        ],
        PLAIN_WEEK,
        [
            (D(2026, 3, 12), "a", "b", T(10, 0), T(12, 0)),
            (D(2026, 3, 12), "a", "c", T(11, 0), T(12, 0)),
            (D(2026, 3, 12), "b", "c", T(11, 0), T(13, 0)),
        ],
    ),
    (
        "three activities in a row, each touching the next",
        [
            activity("a", [Session(THU, T(8, 0), T(10, 0))]),
            activity("b", [Session(THU, T(10, 0), T(12, 0))]),
            activity("c", [Session(THU, T(12, 0), T(14, 0))]),
        ],
        PLAIN_WEEK,
        [],
    ),
    (
        "no clash on a day off: Ascension Day",
        [SFI, activity("placement", [Session(THU, T(11, 0), T(15, 0))])],
        ASCENSION_WEEK,
        [],
    ),
    (
        "no clash with an activity that has not started",
        [SFI, activity("placement", [Session(MON, T(11, 0), T(15, 0))], start=D(2026, 3, 10))],
        PLAIN_WEEK,
        [],
    ),
    (
        "a clash on a Saturday is flagged too",
        [
            activity("fair", [Session(SAT, T(10, 0), T(13, 0))]),
            activity("course", [Session(SAT, T(12, 0), T(15, 0))]),
        ],
        PLAIN_WEEK,
        [(D(2026, 3, 14), "fair", "course", T(12, 0), T(13, 0))],
    ),
]


@pytest.mark.parametrize(
    ("situation", "activities", "monday", "expected"), CLASHES, ids=[row[0] for row in CLASHES]
)
def test_clashes(situation, activities, monday, expected):
    assert clash_summary(week_schedule(activities, Decimal(0), monday)) == expected


def test_a_clash_names_both_activities():
    placement = activity("p1", [Session(MON, T(11, 0), T(15, 0))], name="Introduction placement")
    sfi = activity("s1", SFI.sessions, name="SFI course B")
    (clash,) = week_schedule([placement, sfi], Decimal(0), PLAIN_WEEK).clashes
    assert (clash.first.activity_name, clash.second.activity_name) == (
        "SFI course B",
        "Introduction placement",
    )


PROBLEMS = [
    # situation, activity, problems (as substrings, in order)
    ("a good activity", SFI, []),
    (
        "a session that ends before it starts",
        activity("a", [Session(MON, T(12, 0), T(9, 0))]),
        ["Session 1: it ends (09:00) before or when it starts (12:00)."],
    ),
    (
        "a session that ends as it starts",
        activity("a", [Session(MON, T(9, 0), T(9, 0))]),
        ["Session 1: it ends (09:00) before or when it starts (09:00)."],
    ),
    (
        "weekday 7",
        activity("a", [Session(MON, T(9, 0), T(10, 0)), Session(7, T(9, 0), T(10, 0))]),
        ["Session 2: weekday must be 0 (Monday) to 6 (Sunday), got 7."],
    ),
    (
        "weekday -1",
        activity("a", [Session(-1, T(9, 0), T(10, 0))]),
        ["Session 1: weekday must be 0 (Monday) to 6 (Sunday), got -1."],
    ),
    (
        "two problems in one session",
        activity("a", [Session(9, T(10, 0), T(9, 0))]),
        ["Session 1: weekday", "Session 1: it ends"],
    ),
    (
        "the activity ends before it starts",
        activity("a", [], start=D(2026, 3, 10), end=D(2026, 3, 9)),
        ["The activity ends (2026-03-09) before it starts (2026-03-10)."],
    ),
    (
        "seconds",
        activity("a", [Session(MON, T(9, 0, 30), T(10, 0))]),
        ["Session 1: 09:00:30 is not a whole minute."],
    ),
    (
        "a time zone",
        activity("a", [Session(MON, T(9, 0, tzinfo=dt.UTC), T(10, 0, tzinfo=dt.UTC))]),
        ["Session 1: times are local and carry no time zone."],
    ),
]


@pytest.mark.parametrize(
    ("situation", "scheduled", "expected"), PROBLEMS, ids=[row[0] for row in PROBLEMS]
)
def test_schedule_problems(situation, scheduled, expected):
    problems = schedule_problems(scheduled)
    assert len(problems) == len(expected)
    for problem, start in zip(problems, expected, strict=True):
        assert problem.startswith(start)


@pytest.mark.parametrize(
    ("activities", "planned", "monday", "message"),
    [
        ([SFI], Decimal(30), D(2026, 3, 10), "must start on a Monday"),
        ([SFI], Decimal(-1), PLAIN_WEEK, "cannot be negative"),
        ([activity("bad", [Session(MON, T(12, 0), T(9, 0))])], Decimal(0), PLAIN_WEEK, "'bad'"),
        ([activity("bad", [Session(7, T(9, 0), T(10, 0))])], Decimal(0), PLAIN_WEEK, "weekday"),
    ],
)
def test_week_schedule_refuses_bad_input(activities, planned, monday, message):
    with pytest.raises(ValueError, match=message):
        week_schedule(activities, planned, monday)


@pytest.mark.parametrize(
    ("minutes", "hours"),
    [(0, "0.00"), (20, "0.33"), (30, "0.50"), (40, "0.67"), (90, "1.50"), (1795, "29.92")],
)
def test_hours_from_minutes_rounds_to_hundredths(minutes, hours):
    assert hours_from_minutes(minutes) == Decimal(hours)


# Properties. Sessions fall on quarter hours, so touching sessions come up often.

quarter_hours = st.integers(6 * 4, 19 * 4)
sessions = st.builds(
    lambda weekday, start, length: Session(
        weekday,
        T(start // 4, start % 4 * 15),
        T((start + length) // 4, (start + length) % 4 * 15),
    ),
    st.integers(MON, SUN),
    quarter_hours,
    st.integers(1, 16),
)
mondays = st.dates(D(2024, 1, 1), D(2028, 12, 31)).map(
    lambda day: day - dt.timedelta(days=day.weekday())
)


@st.composite
def weeks(draw):
    monday = draw(mondays)
    count = draw(st.integers(0, 4))
    activities = []
    for number in range(count):
        start = monday + dt.timedelta(days=draw(st.integers(-7, 7)))
        end = start + dt.timedelta(days=draw(st.integers(0, 14)))
        activities.append(
            ScheduledActivity(
                f"a{number}",
                f"activity {number}",
                start,
                end,
                tuple(draw(st.lists(sessions, max_size=5))),
            )
        )
    return monday, activities


def _minutes(starts, ends):
    return (ends.hour * 60 + ends.minute) - (starts.hour * 60 + starts.minute)


def _on_days(monday, activities):
    """(day, activity ref, session) for every session whose activity runs that day."""
    for scheduled in activities:
        for session in scheduled.sessions:
            day = monday + dt.timedelta(days=session.weekday)
            if scheduled.start <= day <= scheduled.end:
                yield day, scheduled.ref, session


def _clash_key(day, one, other):
    pair = tuple(sorted([one, other]))
    return day, pair


@given(weeks())
def test_clashes_are_the_strictly_overlapping_pairs_whatever_the_order(drawn):
    monday, activities = drawn
    week = week_schedule(activities, Decimal(0), monday)
    backwards = week_schedule(
        [
            ScheduledActivity(a.ref, a.name, a.start, a.end, tuple(reversed(a.sessions)))
            for a in reversed(activities)
        ],
        Decimal(0),
        monday,
    )
    assert backwards.clashes == week.clashes

    found = Counter()
    for clash in week.clashes:
        assert clash.starts < clash.ends
        assert clash.first.starts < clash.second.ends and clash.second.starts < clash.first.ends
        # Touching sessions never clash.
        assert clash.first.ends != clash.second.starts and clash.second.ends != clash.first.starts
        assert clash.starts == max(clash.first.starts, clash.second.starts)
        assert clash.ends == min(clash.first.ends, clash.second.ends)
        found[
            _clash_key(
                clash.day,
                (clash.first.activity_ref, clash.first.starts, clash.first.ends),
                (clash.second.activity_ref, clash.second.starts, clash.second.ends),
            )
        ] += 1

    # Written out independently: every pair, in either order, on working days and weekends.
    placed = [
        (day, (ref, session.starts, session.ends))
        for day, ref, session in _on_days(monday, activities)
        if is_working_day(day) or day.weekday() > FRI
    ]
    expected = Counter()
    for index, (day, one) in enumerate(placed):
        for other_day, other in placed[index + 1 :]:
            if day == other_day and one[1] < other[2] and other[1] < one[2]:
                expected[_clash_key(day, one, other)] += 1
    assert found == expected


@given(weeks(), st.decimals(0, 60, places=2))
def test_total_hours_is_the_sum_of_session_lengths_on_working_days(drawn, planned):
    monday, activities = drawn
    week = week_schedule(activities, planned, monday)
    minutes = sum(
        _minutes(session.starts, session.ends)
        for day, _, session in _on_days(monday, activities)
        if is_working_day(day)
    )
    assert week.total_hours == hours_from_minutes(minutes)
    assert week.below_planned is (Decimal(minutes) / 60 < planned)
    assert [day.day.weekday() for day in week.days][:5] == [MON, TUE, WED, THU, FRI]
    for day in week.days:
        if day.day_off:
            assert day.sessions == ()
            assert not is_working_day(day.day) and day.day.weekday() <= FRI
        assert [s.starts for s in day.sessions] == sorted(s.starts for s in day.sessions)
