"""Retention: a table of people and days, and properties over generated dates."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobbtorg.engines.rules.retention import (
    CaseFileRetention,
    Verdict,
    add_years,
    case_file_decision,
    records_expired,
)

D = dt.date
DEFAULT = CaseFileRetention()

DECISIONS = [
    # last entry, born, today, rule, verdict, culled from, why
    (D(2020, 3, 10), D(1990, 1, 1), D(2025, 3, 9), DEFAULT, Verdict.WITHIN_PERIOD, D(2025, 3, 10),
     "the day before five years have passed"),
    (D(2020, 3, 10), D(1990, 1, 1), D(2025, 3, 10), DEFAULT, Verdict.CULL, D(2025, 3, 10),
     "five years to the day after the last entry"),
    (D(2010, 3, 10), D(1990, 1, 5), D(2026, 1, 1), DEFAULT, Verdict.KEPT_FOR_RESEARCH, None,
     "born on the 5th: kept for research whatever the age of the file"),
    (D(2010, 3, 10), D(1990, 7, 15), D(2026, 1, 1), DEFAULT, Verdict.KEPT_FOR_RESEARCH, None,
     "born on the 15th"),
    (D(2010, 3, 10), D(1990, 12, 25), D(2026, 1, 1), DEFAULT, Verdict.KEPT_FOR_RESEARCH, None,
     "born on the 25th"),
    (D(2010, 3, 10), D(1990, 12, 26), D(2026, 1, 1), DEFAULT, Verdict.CULL, D(2015, 3, 10),
     "born on the 26th: no exception"),
    (D(2020, 2, 29), D(1990, 1, 1), D(2025, 2, 28), DEFAULT, Verdict.CULL, D(2025, 2, 28),
     "a last entry on 29 February: the period ends on 28 February"),
    (D(2020, 3, 10), D(1990, 1, 1), D(2027, 3, 9), CaseFileRetention(years=7),
     Verdict.WITHIN_PERIOD, D(2027, 3, 10), "the city's decision: seven years"),
    (D(2010, 3, 10), D(1990, 1, 1), D(2026, 1, 1), CaseFileRetention(keep_all=True),
     Verdict.KEPT_BY_DECISION, None, "a municipality where nothing is culled"),
    (D(2010, 3, 10), D(1990, 1, 5), D(2026, 1, 1),
     CaseFileRetention(research_birth_days=frozenset()), Verdict.CULL, D(2015, 3, 10),
     "no research days configured: the 5th is culled too"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("last_entry", "born", "today", "rule", "verdict", "cull_from", "why"), DECISIONS
)
def test_decision(last_entry, born, today, rule, verdict, cull_from, why):
    decision = case_file_decision(last_entry=last_entry, birth_date=born, today=today, rule=rule)
    assert (decision.verdict, decision.cull_from) == (verdict, cull_from), why
    assert decision.cull == (verdict is Verdict.CULL)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"years": 0}, "at least one year"),
        ({"research_birth_days": frozenset({0, 32})}, "not days of a month"),
    ],
)
def test_a_rule_that_makes_no_sense_is_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        CaseFileRetention(**kwargs)


def test_the_rule_describes_itself_without_personal_data():
    assert (
        DEFAULT.describe() == "5 years after the last entry; kept for research: born on day 5,15,25"
    )
    assert CaseFileRetention(keep_all=True).describe() == "kept: no case file is culled"


def test_records_outside_case_files_expire_after_their_period():
    assert not records_expired(last_entry=D(2020, 5, 1), today=D(2025, 4, 30), years=5)
    assert records_expired(last_entry=D(2020, 5, 1), today=D(2025, 5, 1), years=5)


days = st.dates(min_value=D(1930, 1, 1), max_value=D(2100, 12, 31))
rules = st.builds(
    CaseFileRetention,
    years=st.integers(min_value=1, max_value=30),
    research_birth_days=st.frozensets(st.integers(min_value=1, max_value=31), max_size=5),
    keep_all=st.booleans(),
)


@given(last_entry=days, born=days, today=days, rule=rules)
def test_never_culls_a_person_born_on_a_research_day(last_entry, born, today, rule):
    decision = case_file_decision(last_entry=last_entry, birth_date=born, today=today, rule=rule)
    if born.day in rule.research_birth_days:
        assert not decision.cull
        assert decision.cull_from is None


@given(last_entry=days, born=days, today=days, rule=rules)
def test_never_culls_before_the_period_has_passed(last_entry, born, today, rule):
    decision = case_file_decision(last_entry=last_entry, birth_date=born, today=today, rule=rule)
    if decision.cull:
        # Counted without add_years: whole years between the last entry and today.
        whole_years = (
            today.year
            - last_entry.year
            - ((today.month, today.day) < (last_entry.month, last_entry.day))
        )
        assert whole_years >= rule.years or (
            last_entry.month,
            last_entry.day,
            today.month,
            today.day,
        ) == (2, 29, 2, 28)


@given(last_entry=days, born=days, today=days, later=st.integers(0, 4000), rule=rules)
def test_once_culled_a_later_day_culls_too(last_entry, born, today, later, rule):
    decision = case_file_decision(last_entry=last_entry, birth_date=born, today=today, rule=rule)
    then = today + dt.timedelta(days=later)
    if decision.cull and then <= D(9999, 12, 31):
        assert case_file_decision(
            last_entry=last_entry, birth_date=born, today=then, rule=rule
        ).cull


@given(last_entry=days, born=days, today=days, newer=st.integers(0, 4000), rule=rules)
def test_a_newer_entry_never_culls_earlier(last_entry, born, today, newer, rule):
    """Monotone in the last entry: a later entry can only keep the files longer."""
    later_entry = last_entry + dt.timedelta(days=newer)
    if case_file_decision(last_entry=later_entry, birth_date=born, today=today, rule=rule).cull:
        assert case_file_decision(
            last_entry=last_entry, birth_date=born, today=today, rule=rule
        ).cull


@given(day=days, years=st.integers(1, 50))
def test_add_years_lands_on_the_same_day_or_the_28th(day, years):
    moved = add_years(day, years)
    assert moved.year == day.year + years and moved.month == day.month
    assert moved.day == day.day or (day.month, day.day, moved.day) == (2, 29, 28)
