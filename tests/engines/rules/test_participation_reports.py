"""The provider report machine: which report is allowed in which status of a participation, and
where it leads. The values must stay those of the providers app's choices."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobbtorg.engines.rules.participation_reports import (
    CONFIRMED_REPORTS,
    PROVIDER_REPORTS,
    REPORT_ORDER,
    ParticipationStatus,
    ReportKind,
    reports_allowed,
)
from jobbtorg.engines.rules.transitions import TransitionNotAllowed

S = ParticipationStatus
R = ReportKind

# Every (status, report) pair and where it leads; None: refused.
EXPECTED = {
    (S.WAITING, R.START): None,
    (S.WAITING, R.NEVER_STARTED): None,
    (S.WAITING, R.BREAK_OFF): None,
    (S.WAITING, R.COMPLETION): None,
    (S.WAITING, R.RESULT): None,
    (S.PLACED, R.START): S.STARTED,
    (S.PLACED, R.NEVER_STARTED): S.NEVER_STARTED,
    (S.PLACED, R.BREAK_OFF): None,
    (S.PLACED, R.COMPLETION): None,
    (S.PLACED, R.RESULT): None,
    (S.STARTED, R.START): None,
    (S.STARTED, R.NEVER_STARTED): None,
    (S.STARTED, R.BREAK_OFF): S.BROKEN_OFF,
    (S.STARTED, R.COMPLETION): S.COMPLETED,
    (S.STARTED, R.RESULT): S.STARTED,
    (S.COMPLETED, R.START): None,
    (S.COMPLETED, R.NEVER_STARTED): None,
    (S.COMPLETED, R.BREAK_OFF): None,
    (S.COMPLETED, R.COMPLETION): None,
    (S.COMPLETED, R.RESULT): S.COMPLETED,
    (S.BROKEN_OFF, R.START): None,
    (S.BROKEN_OFF, R.NEVER_STARTED): None,
    (S.BROKEN_OFF, R.BREAK_OFF): None,
    (S.BROKEN_OFF, R.COMPLETION): None,
    (S.BROKEN_OFF, R.RESULT): S.BROKEN_OFF,
    (S.NEVER_STARTED, R.START): None,
    (S.NEVER_STARTED, R.NEVER_STARTED): None,
    (S.NEVER_STARTED, R.BREAK_OFF): None,
    (S.NEVER_STARTED, R.COMPLETION): None,
    (S.NEVER_STARTED, R.RESULT): None,
}


def test_the_table_covers_every_pair():
    assert set(EXPECTED) == {(s, r) for s in S for r in R}


@pytest.mark.parametrize(("status", "report"), sorted(EXPECTED))
def test_each_report_in_each_status(status, report):
    expected = EXPECTED[(status, report)]
    if expected is None:
        assert not PROVIDER_REPORTS.allows(status, report)
        with pytest.raises(TransitionNotAllowed):
            PROVIDER_REPORTS.next_status(status, report)
    else:
        assert PROVIDER_REPORTS.next_status(status, report) == expected


@given(st.sampled_from(list(S)))
def test_pages_offer_exactly_what_the_table_allows_in_page_order(status):
    offered = reports_allowed(status)
    assert set(offered) == PROVIDER_REPORTS.allowed_actions(status)
    assert offered == [kind for kind in REPORT_ORDER if kind in offered]


@pytest.mark.parametrize(
    ("status", "order"),
    [
        (S.PLACED, [R.START, R.NEVER_STARTED]),
        (S.STARTED, [R.COMPLETION, R.RESULT, R.BREAK_OFF]),
        (S.COMPLETED, [R.RESULT]),
        (S.BROKEN_OFF, [R.RESULT]),
        (S.NEVER_STARTED, []),
        (S.WAITING, []),
    ],
)
def test_the_most_used_reports_come_first_and_a_break_off_last(status, order):
    assert reports_allowed(status) == order


def test_the_reports_that_end_a_participation_early_are_confirmed():
    assert {R.BREAK_OFF, R.NEVER_STARTED} == CONFIRMED_REPORTS


@given(st.lists(st.sampled_from(list(R)), max_size=8))
def test_no_sequence_of_reports_leaves_an_ended_participation_or_reopens_it(reports):
    status = S.PLACED
    for report in reports:
        if not PROVIDER_REPORTS.allows(status, report):
            continue
        before = status
        status = PROVIDER_REPORTS.next_status(status, report)
        if before in (S.COMPLETED, S.BROKEN_OFF, S.NEVER_STARTED):
            assert status == before
        assert status != S.WAITING and status != S.PLACED


@given(st.text(max_size=12))
def test_an_unknown_status_is_offered_nothing(text):
    if text not in set(S):
        assert reports_allowed(text) == []


def test_the_values_are_those_of_the_providers_choices():
    from jobbtorg.providers.models import ParticipationStatus as Stored
    from jobbtorg.providers.models import ProviderReportKind

    assert {str(s) for s in S} == set(Stored.values)
    assert {str(r) for r in R} == set(ProviderReportKind.values)
