"""The demo's people and targets: people of an age their target group allows, with numbers
that agree, the same person for the same index; times in office hours and never later than now;
targets that give the dashboard every verdict."""

import datetime as dt

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from personnummer import personnummer

from jobbtorg.demo import history
from jobbtorg.demo.people import AGES, demo_person, office_time
from jobbtorg.followup.services.key_figures import status_of


def _age(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


@pytest.mark.parametrize(
    ("group", "low", "high"),
    [("youth", 18, 24), ("refugee", 22, 55), ("resurs", 30, 62), ("disability", 25, 60)],
)
def test_a_demo_person_is_born_to_fit_the_group(group, low, high):
    on = dt.date(2026, 3, 10)
    ages = {_age(demo_person("case", n, group, on).birth_date, on) for n in range(40)}
    assert min(ages) >= low and max(ages) <= high and len(ages) > 5


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    n=st.integers(min_value=0, max_value=99),
    group=st.sampled_from(sorted(AGES)),
    on=st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2035, 12, 31)),
)
def test_a_demo_person_fits_their_group_and_has_a_number_that_says_so(n, group, on):
    person = demo_person("history", n, group, on)
    low, high = AGES[group]
    assert low <= _age(person.birth_date, on) <= high
    number = person.personal_identity_number
    assert personnummer.valid(number) and number[:8] == f"{person.birth_date:%Y%m%d}"
    # The same index always gives the same person all year.
    assert demo_person("history", n, group, on.replace(month=1, day=1)) == person


def test_an_office_time_is_never_later_than_now():
    assert office_time(timezone.localdate() + dt.timedelta(days=3), "later") <= timezone.now()


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (
            {
                "exits_to_work_or_studies_share": 0.6,
                "exits_to_work_share": 0.4,
                "plan_within_5_working_days_share": 0.67,
            },
            {
                "exits_to_work_or_studies_share": "met",
                "exits_to_work_share": "near",
                "plan_within_5_working_days_share": "not_met",
            },
        ),
        # Every plan on time: 100 % cannot miss a target; another share takes the verdict.
        (
            {
                "exits_to_work_or_studies_share": 0.6,
                "exits_to_work_share": 0.4,
                "plan_within_5_working_days_share": 1.0,
                "exits_to_studies_share": 0.2,
            },
            {
                "exits_to_work_or_studies_share": "met",
                "exits_to_work_share": "near",
                "exits_to_studies_share": "not_met",
            },
        ),
    ],
)
def test_the_committees_targets_give_every_verdict(values, expected):
    targets = history._targets(values)
    verdicts = {
        name: status_of(values[name], target, True, history.NEAR_MARGIN)
        for name, target in targets.items()
    }
    assert verdicts == expected
    # Whole per cent, as a committee writes them.
    assert all(abs(round(t * 100) - t * 100) < 1e-9 for t in targets.values())
