"""Daily attendance (R15, R33): missing registers, flags, district events, and properties.

The city's 2010 audit found people refused assistance because their attendance was never
registered, so the tests check above all that a missing register is shown as missing and is
never read as an absence.
"""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobbtorg.engines.rules.attendance import (
    AbsenceReason,
    AttendanceEvent,
    AttendanceFacts,
    AttendanceStatus,
    Register,
    expected_days,
    flag_day,
    is_expected,
    register_problems,
    review_attendance,
)
from jobbtorg.engines.rules.deadlines import Interruption, is_working_day
from jobbtorg.engines.rules.schedule import ScheduledActivity, Session

D = dt.date
T = dt.time
ONE_DAY = dt.timedelta(days=1)
WEEKDAYS = frozenset(range(5))
PRESENT = AttendanceStatus.PRESENT
ABSENT_VALID = AttendanceStatus.ABSENT_VALID
ABSENT_INVALID = AttendanceStatus.ABSENT_INVALID

# SFI every weekday in May 2026 (Ascension Day is Thursday 14 May), and in June 2026
# (Midsummer Eve is Friday 19 June).
MAY = (D(2026, 5, 4), D(2026, 5, 29))
JUNE = (D(2026, 6, 1), D(2026, 6, 30))


def facts(span=MAY, *, registers=(), interruptions=(), weekdays=WEEKDAYS):
    return AttendanceFacts(span[0], span[1], weekdays, tuple(registers), tuple(interruptions))


def present_except(span, until, *unregistered, interruptions=()):
    """Everyone present on every expected day up to `until`, except the days named."""
    expected = expected_days(facts(span, interruptions=interruptions), until=until)
    registers = [Register(day, PRESENT) for day in expected if day not in unregistered]
    return facts(span, registers=registers, interruptions=interruptions)


def test_expected_days_skip_weekends_holidays_and_eves():
    may = expected_days(facts(MAY))
    assert len(may) == 19  # 20 weekdays less Ascension Day
    assert D(2026, 5, 14) not in may
    assert D(2026, 5, 9) not in may  # a Saturday
    june = expected_days(facts(JUNE))
    assert D(2026, 6, 19) not in june  # Midsummer Eve
    assert D(2026, 6, 18) in june and D(2026, 6, 22) in june


def test_expected_days_follow_the_sessions_weekdays():
    sfi = ScheduledActivity(
        "sfi",
        "SFI",
        D(2026, 5, 4),
        D(2026, 5, 17),
        (Session(0, T(9, 0), T(12, 0)), Session(3, T(9, 0), T(12, 0))),
    )
    # Mondays and Thursdays; Thursday 14 May is Ascension Day.
    assert expected_days(AttendanceFacts.for_activity(sfi)) == (
        D(2026, 5, 4),
        D(2026, 5, 7),
        D(2026, 5, 11),
    )


@pytest.mark.parametrize(
    ("interruptions", "excluded", "kept"),
    [
        (
            [Interruption(D(2026, 5, 11), D(2026, 5, 15))],
            [D(2026, 5, 11), D(2026, 5, 13), D(2026, 5, 15)],
            [D(2026, 5, 8), D(2026, 5, 18)],
        ),
        (
            [Interruption(D(2026, 5, 20), None)],
            [D(2026, 5, 20), D(2026, 5, 29)],
            [D(2026, 5, 19)],
        ),
    ],
    ids=["an interruption of one week", "an ongoing interruption"],
)
def test_interrupted_days_are_not_expected(interruptions, excluded, kept):
    expected = expected_days(facts(interruptions=interruptions))
    assert not set(excluded) & set(expected)
    assert set(kept) <= set(expected)


def test_interrupted_days_are_never_missing():
    pause = Interruption(D(2026, 5, 11), D(2026, 5, 15))
    # Registers up to Friday 8 May, then nothing during the interruption.
    review = review_attendance(
        present_except(MAY, D(2026, 5, 8), interruptions=[pause]), D(2026, 5, 18)
    )
    assert review.missing == ()
    assert review.awaiting == (D(2026, 5, 18),)


FLAGS = [
    # situation, span, days with no register, today, missing, flagged today, awaiting
    (
        "registered the same day: nothing due",
        MAY,
        [],
        D(2026, 5, 6),
        [],
        [],
        [],
    ),
    (
        "today's register is due, not missing",
        MAY,
        [D(2026, 5, 6)],
        D(2026, 5, 6),
        [],
        [],
        [D(2026, 5, 6)],
    ),
    (
        "Tuesday's missing register is flagged on Wednesday",
        MAY,
        [D(2026, 5, 5)],
        D(2026, 5, 6),
        [D(2026, 5, 5)],
        [D(2026, 5, 5)],
        [],
    ),
    (
        "and stays missing after its flag day",
        MAY,
        [D(2026, 5, 5)],
        D(2026, 5, 7),
        [D(2026, 5, 5)],
        [],
        [],
    ),
    (
        "Friday's register is not missing at the weekend",
        MAY,
        [D(2026, 5, 8)],
        D(2026, 5, 10),
        [],
        [],
        [D(2026, 5, 8)],
    ),
    (
        "Friday's missing register is flagged on Monday",
        MAY,
        [D(2026, 5, 8)],
        D(2026, 5, 11),
        [D(2026, 5, 8)],
        [D(2026, 5, 8)],
        [],
    ),
    (
        "before Ascension Day: not missing on the holiday",
        MAY,
        [D(2026, 5, 13)],
        D(2026, 5, 14),
        [],
        [],
        [D(2026, 5, 13)],
    ),
    (
        "before Ascension Day: flagged the day after it",
        MAY,
        [D(2026, 5, 13)],
        D(2026, 5, 15),
        [D(2026, 5, 13)],
        [D(2026, 5, 13)],
        [],
    ),
    (
        "before Midsummer Eve: not missing on the eve",
        JUNE,
        [D(2026, 6, 18)],
        D(2026, 6, 19),
        [],
        [],
        [D(2026, 6, 18)],
    ),
    (
        "before Midsummer Eve: flagged the Monday after",
        JUNE,
        [D(2026, 6, 18)],
        D(2026, 6, 22),
        [D(2026, 6, 18)],
        [D(2026, 6, 18)],
        [],
    ),
    (
        "nothing is expected before the activity starts",
        MAY,
        [],
        D(2026, 5, 1),
        [],
        [],
        [],
    ),
    (
        "after the activity ends, its last day is still missing",
        MAY,
        [D(2026, 5, 29)],
        D(2026, 6, 10),
        [D(2026, 5, 29)],
        [],
        [],
    ),
]


@pytest.mark.parametrize(
    ("situation", "span", "unregistered", "today", "missing", "flagged", "awaiting"),
    FLAGS,
    ids=[row[0] for row in FLAGS],
)
def test_missing_registers_are_flagged_the_next_working_day(
    situation, span, unregistered, today, missing, flagged, awaiting
):
    review = review_attendance(present_except(span, today, *unregistered), today)
    assert review.today == today
    assert list(review.missing) == missing
    assert list(review.flags_due_today) == flagged
    assert list(review.awaiting) == awaiting


@pytest.mark.parametrize(
    ("day", "flagged_on"),
    [
        (D(2026, 5, 5), D(2026, 5, 6)),
        (D(2026, 5, 8), D(2026, 5, 11)),  # Friday -> Monday
        (D(2026, 5, 13), D(2026, 5, 15)),  # before Ascension Day -> the day after it
        (D(2026, 6, 18), D(2026, 6, 22)),  # before Midsummer Eve -> Monday
        (D(2026, 12, 23), D(2026, 12, 28)),  # before Christmas Eve -> Monday after
    ],
)
def test_flag_day_is_the_next_working_day(day, flagged_on):
    assert flag_day(day) == flagged_on


def test_a_missing_register_is_never_an_absence():
    # Nothing registered at all for two weeks.
    review = review_attendance(facts(), D(2026, 5, 18))
    assert review.missing == expected_days(facts(), until=D(2026, 5, 15))
    assert review.absences_without_valid_reason == ()
    assert all(event.kind != "absence" for event in review.district_events)
    for day in review.missing:
        assert AttendanceEvent("absence", (day,)) not in review.district_events


REPEATED = [
    # situation, days with no register, today, repeated?, days in the event
    ("one missing register", [D(2026, 5, 20)], D(2026, 5, 25), False, []),
    (
        "two missing registers within 10 working days",
        [D(2026, 5, 19), D(2026, 5, 20)],
        D(2026, 5, 25),
        True,
        [D(2026, 5, 19), D(2026, 5, 20)],
    ),
    (
        # The 10 working days before Monday 25 May run from Friday 8 May (14 May is a holiday).
        "the first day of the window counts",
        [D(2026, 5, 8), D(2026, 5, 20)],
        D(2026, 5, 25),
        True,
        [D(2026, 5, 8), D(2026, 5, 20)],
    ),
    (
        "a day before the window does not",
        [D(2026, 5, 7), D(2026, 5, 20)],
        D(2026, 5, 25),
        False,
        [],
    ),
    (
        "a register not yet missing does not count",
        [D(2026, 5, 22), D(2026, 5, 25)],
        D(2026, 5, 25),
        False,
        [],
    ),
    (
        "three in the window, one before it",
        [D(2026, 5, 5), D(2026, 5, 11), D(2026, 5, 12), D(2026, 5, 13)],
        D(2026, 5, 25),
        True,
        [D(2026, 5, 11), D(2026, 5, 12), D(2026, 5, 13)],
    ),
]


@pytest.mark.parametrize(
    ("situation", "unregistered", "today", "repeated", "event_days"),
    REPEATED,
    ids=[row[0] for row in REPEATED],
)
def test_repeated_missing_registers_become_a_district_event(
    situation, unregistered, today, repeated, event_days
):
    review = review_attendance(present_except(MAY, today, *unregistered), today)
    assert review.repeated_missing is repeated
    events = [e for e in review.district_events if e.kind == "missing_registers"]
    assert events == ([AttendanceEvent("missing_registers", tuple(event_days))] if repeated else [])


def _with(base, *changes):
    registers = {register.day: register for register in base.registers}
    for register in changes:
        registers[register.day] = register
    return facts(registers=sorted(registers.values(), key=lambda r: r.day))


ABSENCES = [
    # situation, registers changed, absences without valid reason
    ("all present", [], []),
    (
        "absent without valid reason",
        [Register(D(2026, 5, 6), ABSENT_INVALID)],
        [D(2026, 5, 6)],
    ),
    (
        "absent with valid reason",
        [Register(D(2026, 5, 6), ABSENT_VALID, AbsenceReason.ILLNESS)],
        [],
    ),
    (
        "two absences, two events",
        [
            Register(D(2026, 5, 6), ABSENT_INVALID),
            Register(D(2026, 5, 7), ABSENT_VALID, AbsenceReason.CARE_OF_CHILD),
            Register(D(2026, 5, 11), ABSENT_INVALID),
        ],
        [D(2026, 5, 6), D(2026, 5, 11)],
    ),
    (
        "an absence registered for today counts today",
        [Register(D(2026, 5, 12), ABSENT_INVALID)],
        [D(2026, 5, 12)],
    ),
]


@pytest.mark.parametrize(
    ("situation", "changes", "absent"), ABSENCES, ids=[row[0] for row in ABSENCES]
)
def test_absence_without_valid_reason_becomes_a_district_event(situation, changes, absent):
    today = D(2026, 5, 12)
    review = review_attendance(_with(present_except(MAY, today), *changes), today)
    assert list(review.absences_without_valid_reason) == absent
    assert list(review.district_events) == [AttendanceEvent("absence", (day,)) for day in absent]
    assert review.missing == ()


def test_registers_on_days_not_expected_or_in_the_future_are_left_out():
    today = D(2026, 5, 12)
    stray = [
        Register(D(2026, 5, 9), ABSENT_INVALID),  # a Saturday
        Register(D(2026, 5, 14), ABSENT_INVALID),  # Ascension Day, in the future
        Register(D(2026, 5, 13), ABSENT_INVALID),  # tomorrow
    ]
    review = review_attendance(_with(present_except(MAY, today), *stray), today)
    assert review.absences_without_valid_reason == ()
    assert review.district_events == ()


def test_both_kinds_of_event_together():
    today = D(2026, 5, 13)
    base = present_except(MAY, today, D(2026, 5, 7), D(2026, 5, 8))
    review = review_attendance(_with(base, Register(D(2026, 5, 11), ABSENT_INVALID)), today)
    assert review.district_events == (
        AttendanceEvent("absence", (D(2026, 5, 11),)),
        AttendanceEvent("missing_registers", (D(2026, 5, 7), D(2026, 5, 8))),
    )


def test_inconsistent_facts_are_refused():
    twice = facts(registers=[Register(D(2026, 5, 5), PRESENT), Register(D(2026, 5, 5), PRESENT)])
    with pytest.raises(ValueError, match="same day"):
        review_attendance(twice, D(2026, 5, 6))
    backwards = facts(interruptions=[Interruption(D(2026, 5, 8), D(2026, 5, 7))])
    with pytest.raises(ValueError, match="ends before it starts"):
        review_attendance(backwards, D(2026, 5, 6))


TODAY = D(2026, 5, 12)
PROBLEMS = [
    # situation, register, problems (as starts of messages)
    ("present on an expected day", Register(D(2026, 5, 11), PRESENT), []),
    ("present today", Register(TODAY, PRESENT), []),
    ("absent without valid reason", Register(D(2026, 5, 11), ABSENT_INVALID), []),
    *[
        (f"absent, {reason.value}", Register(D(2026, 5, 11), ABSENT_VALID, reason), [])
        for reason in AbsenceReason
    ],
    (
        "a reason as plain text",
        Register(D(2026, 5, 11), ABSENT_VALID, "appointment"),
        [],
    ),
    (
        "tomorrow",
        Register(D(2026, 5, 13), PRESENT),
        ["2026-05-13 is in the future"],
    ),
    (
        "Ascension Day, in the future and not expected",
        Register(D(2026, 5, 14), PRESENT),
        ["2026-05-14 is in the future", "No attendance is expected on 2026-05-14."],
    ),
    ("a Saturday", Register(D(2026, 5, 9), PRESENT), ["No attendance is expected"]),
    ("before the activity starts", Register(D(2026, 5, 1), PRESENT), ["No attendance"]),
    (
        "absent with valid reason but no reason",
        Register(D(2026, 5, 11), ABSENT_VALID),
        ["An absence with valid reason needs the reason."],
    ),
    (
        "an unknown reason",
        Register(D(2026, 5, 11), ABSENT_VALID, "holiday"),
        ["'holiday' is not a valid reason: use one of illness, care_of_child, appointment."],
    ),
    (
        "a reason with presence",
        Register(D(2026, 5, 11), PRESENT, AbsenceReason.ILLNESS),
        ["Only an absence with valid reason takes a reason."],
    ),
    (
        "a reason with absence without valid reason",
        Register(D(2026, 5, 11), ABSENT_INVALID, AbsenceReason.ILLNESS),
        ["Only an absence with valid reason takes a reason."],
    ),
]


@pytest.mark.parametrize(
    ("situation", "register", "expected"), PROBLEMS, ids=[row[0] for row in PROBLEMS]
)
def test_register_problems(situation, register, expected):
    problems = register_problems(facts(), register, TODAY)
    assert len(problems) == len(expected)
    for problem, start in zip(problems, expected, strict=True):
        assert problem.startswith(start)


def test_a_register_during_an_interruption_is_a_problem():
    paused = facts(interruptions=[Interruption(D(2026, 5, 11), D(2026, 5, 15))])
    assert register_problems(paused, Register(D(2026, 5, 11), PRESENT), TODAY) == [
        "No attendance is expected on 2026-05-11."
    ]


# Properties over generated activities, registers and interruptions.

statuses = st.sampled_from(list(AttendanceStatus))


@st.composite
def situations(draw):
    start = draw(st.dates(D(2024, 1, 1), D(2028, 12, 31)))
    end = start + dt.timedelta(days=draw(st.integers(0, 60)))
    weekdays = frozenset(draw(st.sets(st.integers(0, 6), max_size=7)))
    offsets = draw(st.sets(st.integers(-5, 70), max_size=40))
    registers = tuple(
        Register(start + dt.timedelta(days=offset), draw(statuses)) for offset in sorted(offsets)
    )
    interruptions = []
    for _ in range(draw(st.integers(0, 2))):
        pause_start = start + dt.timedelta(days=draw(st.integers(-5, 60)))
        length = draw(st.none() | st.integers(0, 20))
        pause_end = None if length is None else pause_start + dt.timedelta(days=length)
        interruptions.append(Interruption(pause_start, pause_end))
    today = start + dt.timedelta(days=draw(st.integers(-5, 80)))
    return AttendanceFacts(start, end, weekdays, registers, tuple(interruptions)), today


@given(situations())
def test_no_expected_day_is_a_weekend_holiday_or_interrupted(drawn):
    facts_, _ = drawn
    for day in expected_days(facts_):
        assert day.weekday() < 5 and day.weekday() in facts_.weekdays
        assert is_working_day(day)
        assert facts_.start <= day <= facts_.end
        for pause in facts_.interruptions:
            assert not (pause.start <= day and (pause.end is None or day <= pause.end))
        assert is_expected(facts_, day)


@given(situations())
def test_missing_and_registered_never_meet_and_every_expected_day_is_accounted_for(drawn):
    facts_, today = drawn
    review = review_attendance(facts_, today)
    registered = {register.day for register in facts_.registers}
    assert not set(review.missing) & registered
    assert not set(review.missing) & set(review.absences_without_valid_reason)
    # Every expected day so far is registered, awaiting its register, or missing: one of them.
    expected = set(review.expected)
    assert set(review.missing) | set(review.awaiting) | (registered & expected) == expected
    assert not set(review.missing) & set(review.awaiting)
    for day in review.missing:
        assert day < today and flag_day(day) <= today
    assert set(review.flags_due_today) <= set(review.missing)
    absences = [e for e in review.district_events if e.kind == "absence"]
    assert [e.dates[0] for e in absences] == list(review.absences_without_valid_reason)
    assert review.repeated_missing is any(
        e.kind == "missing_registers" for e in review.district_events
    )
