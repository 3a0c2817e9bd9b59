"""The first-meeting rule (R8): the meeting's date and the registration with Arbetsförmedlingen,
a validation table and properties."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobbtorg.engines.rules.first_meeting import meeting_date_problems, registration_problems

TODAY = date(2026, 12, 6)
REFERRED = date(2026, 11, 20)


@pytest.mark.parametrize(
    ("held_on", "expected"),
    [
        (TODAY, []),
        (REFERRED, []),
        (TODAY + timedelta(days=1), ["meeting_in_future"]),
        (REFERRED - timedelta(days=1), ["meeting_before_referral"]),
    ],
)
def test_the_meeting_date(held_on, expected):
    found = meeting_date_problems(held_on, today=TODAY, referred_on=REFERRED)
    assert [p.code for p in found] == expected
    assert all(p.field == "held_on" for p in found)


HELD = date(2026, 12, 1)


@pytest.mark.parametrize(
    ("registration", "registered_on", "expected"),
    [
        ("registered", None, []),
        ("registered", date(2025, 5, 1), []),
        ("registered", HELD, []),
        ("registered", HELD + timedelta(days=1), ["registered_on_after_meeting"]),
        # "Inskriven hos Arbetsförmedlingen (2026-12-20)" was saved on 2026-12-06.
        ("registered", date(2026, 12, 20), ["registered_on_in_future"]),
        ("registered_today", None, []),
        ("registered_today", TODAY + timedelta(days=1), ["registered_on_in_future"]),
        ("not_applicable", None, []),
        ("not_applicable", HELD, ["registered_on_not_applicable"]),
        ("", None, ["registration_missing"]),
        ("maybe", None, ["registration_missing"]),
    ],
)
def test_the_registration_with_arbetsformedlingen(registration, registered_on, expected):
    found = registration_problems(registration, registered_on, held_on=HELD, today=TODAY)
    assert [p.code for p in found] == expected


def test_the_messages_name_the_answers_in_words_not_codes():
    [problem] = registration_problems("", None, held_on=HELD, today=TODAY)
    text = problem.text()
    assert "registered_today" not in text and "not_applicable" not in text
    assert "already registered, registered today, or not to be registered" in text


dates = st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31))


@given(registered_on=dates, held_on=dates, today=dates)
def test_a_registration_day_is_accepted_exactly_when_it_has_happened_by_the_meeting(
    registered_on, held_on, today
):
    found = registration_problems("registered", registered_on, held_on=held_on, today=today)
    assert (found == ()) is (registered_on <= min(today, held_on))


@given(held_on=dates, today=dates, referred_on=dates)
def test_a_meeting_is_accepted_exactly_between_the_referral_and_today(held_on, today, referred_on):
    found = meeting_date_problems(held_on, today=today, referred_on=referred_on)
    assert (found == ()) is (referred_on <= held_on <= today)
