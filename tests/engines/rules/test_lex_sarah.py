"""Lex Sarah's rules: the report's workflow, pair by pair, and what stands in the way of closing."""

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobbtorg.engines.rules.lex_sarah import (
    REPORT_WORKFLOW,
    SERIOUS,
    Assessment,
    ClosingProblem,
    ReportAction,
    ReportStatus,
    closing_problems,
    is_serious,
)
from jobbtorg.engines.rules.transitions import TransitionNotAllowed

S = ReportStatus
A = ReportAction

# Written out here, not read from the table, so a wrong table fails.
ALLOWED = {
    (S.RECEIVED, A.INVESTIGATE): S.INVESTIGATING,
    (S.INVESTIGATING, A.INVESTIGATE): S.INVESTIGATING,
    (S.INVESTIGATING, A.CLOSE): S.CLOSED,
}
ALL_PAIRS = list(itertools.product(ReportStatus, ReportAction))
REFUSED = [pair for pair in ALL_PAIRS if pair not in ALLOWED]


def test_the_statuses_and_assessments_are_the_models_choices():
    from jobbtorg.lex_sarah import models

    assert {s.value for s in ReportStatus} == set(models.ReportStatus.values)
    assert {a.value for a in Assessment} == set(models.Assessment.values)


@pytest.mark.parametrize(("status", "action"), list(ALLOWED))
def test_allowed_actions_lead_to_the_right_status(status, action):
    assert REPORT_WORKFLOW.next_status(status, action) is ALLOWED[(status, action)]


@pytest.mark.parametrize(("status", "action"), REFUSED)
def test_every_other_pair_is_refused(status, action):
    # A received report is never closed without an investigation; a closed one never reopens.
    with pytest.raises(TransitionNotAllowed):
        REPORT_WORKFLOW.next_status(status, action)


def test_a_closed_report_allows_nothing():
    assert REPORT_WORKFLOW.allowed_actions(S.CLOSED) == frozenset()


@pytest.mark.parametrize(
    ("assessment", "serious"),
    [
        ("no_wrongdoing", False),
        ("wrongdoing", False),
        ("risk", False),
        ("serious_wrongdoing", True),
        ("serious_risk", True),
        ("", False),
        (None, False),
    ],
)
def test_only_the_two_serious_assessments_go_to_ivo(assessment, serious):
    assert is_serious(assessment) is serious


P = ClosingProblem


@pytest.mark.parametrize(
    ("assessment", "decision", "measures", "notified", "problems"),
    [
        ("wrongdoing", "Beslut", "Åtgärder", False, []),
        ("no_wrongdoing", "Beslut", "Inga behövdes", False, []),
        ("", "Beslut", "Åtgärder", False, [P.NO_ASSESSMENT]),
        ("wrongdoing", "  ", "Åtgärder", False, [P.NO_DECISION]),
        ("wrongdoing", "Beslut", "", False, [P.NO_MEASURES]),
        ("serious_risk", "Beslut", "Åtgärder", False, [P.IVO_NOT_NOTIFIED]),
        ("serious_wrongdoing", "Beslut", "Åtgärder", True, []),
        ("", "", "", False, [P.NO_ASSESSMENT, P.NO_DECISION, P.NO_MEASURES]),
    ],
)
def test_what_stands_in_the_way_of_closing(assessment, decision, measures, notified, problems):
    assert (
        closing_problems(
            assessment=assessment,
            decision=decision,
            measures_taken=measures,
            ivo_notified=notified,
        )
        == problems
    )


@given(
    assessment=st.sampled_from([*(a.value for a in Assessment), ""]),
    decision=st.text(max_size=5),
    measures=st.text(max_size=5),
    notified=st.booleans(),
)
def test_a_serious_case_never_closes_before_ivo_is_notified(
    assessment, decision, measures, notified
):
    problems = closing_problems(
        assessment=assessment, decision=decision, measures_taken=measures, ivo_notified=notified
    )
    if assessment in SERIOUS and not notified:
        assert P.IVO_NOT_NOTIFIED in problems
    if not problems:
        assert assessment and decision.strip() and measures.strip()
