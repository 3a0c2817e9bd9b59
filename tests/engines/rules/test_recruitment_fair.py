"""The recruitment-fair rule (R21, R23): a fair is created for a day to come."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobbtorg.engines.rules.recruitment_fair import fair_date_problems

TODAY = date(2026, 12, 6)


@pytest.mark.parametrize(
    ("held_on", "expected"),
    [
        (TODAY, []),
        (TODAY + timedelta(days=21), []),
        (TODAY - timedelta(days=1), ["date_in_past"]),
        (date(2025, 12, 6), ["date_in_past"]),
        (None, ["date_missing"]),
    ],
)
def test_the_day_of_the_fair(held_on, expected):
    assert [p.code for p in fair_date_problems(held_on, today=TODAY)] == expected


@given(held_on=st.dates(), today=st.dates())
def test_a_fair_is_refused_exactly_when_its_day_has_passed(held_on, today):
    found = fair_date_problems(held_on, today=today)
    assert (found != ()) is (held_on < today)
    assert all(p.field == "held_on" and "%(" not in p.text() for p in found)
