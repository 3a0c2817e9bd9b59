"""The schedule rule: when a periodic task is due."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from jobbtorg.engines.rules.deadlines import is_working_day
from jobbtorg.engines.rules.periodic import Days, ScheduleEntry, due_entries

DAILY = ScheduleEntry("app.tasks.daily", dt.time(2, 30), Days.DAILY)
WORKING = ScheduleEntry("app.tasks.working", dt.time(6, 0), Days.WORKING)

moments = st.datetimes(min_value=dt.datetime(2024, 1, 1), max_value=dt.datetime(2030, 12, 31))


@given(moments)
def test_a_working_day_entry_is_never_due_on_a_day_off(now):
    due = dict(due_entries([WORKING], now))
    if not is_working_day(now.date()):
        assert WORKING not in due


@given(moments)
def test_an_entry_is_due_for_the_day_it_is_on_from_its_time_and_only_then(now):
    due = dict(due_entries([DAILY], now))
    if now.time() >= DAILY.at:
        assert due == {DAILY: now.date()}
    else:
        assert due == {}


@given(moments, st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(hours=20)))
def test_once_due_an_entry_stays_due_for_the_rest_of_its_day(now, later):
    after = now + later
    if WORKING.due_on(now) is not None and after.date() == now.date():
        assert WORKING.due_on(after) == now.date()
