"""Ages on the season's reference date: who is a minor, and the last birth date of an age,
including 29 February."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobbtorg.engines.summerjobs.model import ADULT_AGE, age_on, is_minor, years_before


@pytest.mark.parametrize(
    ("day", "years", "expected"),
    [
        (date(2027, 6, 15), 17, date(2010, 6, 15)),
        (date(2028, 2, 29), 16, date(2012, 2, 29)),  # leap year to leap year
        (date(2028, 2, 29), 17, date(2011, 2, 28)),  # into a year without 29 February
        (date(2028, 3, 1), 17, date(2011, 3, 1)),
    ],
)
def test_years_before(day, years, expected):
    assert years_before(day, years) == expected


@given(
    st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 12, 31)),
    st.integers(min_value=0, max_value=40),
)
def test_years_before_is_the_last_birth_date_of_that_age(day, years):
    born = years_before(day, years)
    assert age_on(born, day) == years
    assert age_on(born + timedelta(days=1), day) == years - 1


@pytest.mark.parametrize(
    ("born", "minor"),
    [(date(2009, 6, 15), False), (date(2009, 6, 16), True), (date(2012, 1, 1), True)],
)
def test_a_minor_is_under_the_adult_age_on_the_day(born, minor):
    assert ADULT_AGE == 18
    assert is_minor(born, date(2027, 6, 15)) is minor
