"""The proposal workflow: every (status, action) pair, allowed or refused."""

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobbtorg.engines.rules.proposal_workflow import (
    LIVE,
    PROPOSAL_WORKFLOW,
    ProposalAction,
    ProposalStatus,
)
from jobbtorg.engines.rules.transitions import TransitionNotAllowed

S = ProposalStatus
A = ProposalAction

# Written out here, not read from the table, so a wrong table fails.
ALLOWED = {
    (S.PROPOSED, A.AGREE): S.AGREED,
    (S.PROPOSED, A.DECLINE): S.DECLINED,
    (S.PROPOSED, A.WITHDRAW): S.WITHDRAWN,
    (S.AGREED, A.SEND): S.SENT,
    (S.AGREED, A.WITHDRAW): S.WITHDRAWN,
    (S.SENT, A.INTERVIEW): S.INTERVIEW,
    (S.SENT, A.HIRE): S.HIRED,
    (S.SENT, A.NOT_HIRE): S.NOT_HIRED,
    (S.SENT, A.WITHDRAW): S.WITHDRAWN,
    (S.INTERVIEW, A.HIRE): S.HIRED,
    (S.INTERVIEW, A.NOT_HIRE): S.NOT_HIRED,
    (S.INTERVIEW, A.WITHDRAW): S.WITHDRAWN,
}
ALL_PAIRS = list(itertools.product(ProposalStatus, ProposalAction))
REFUSED = [pair for pair in ALL_PAIRS if pair not in ALLOWED]
ENDED = {S.DECLINED, S.WITHDRAWN, S.HIRED, S.NOT_HIRED}


def test_the_pairs_cover_every_status_and_action():
    assert len(ALL_PAIRS) == 56
    assert len(REFUSED) == 44


def test_the_statuses_are_the_models_choices():
    from jobbtorg.matching.models import ProposalStatus as ModelStatus

    assert {s.value for s in ProposalStatus} == set(ModelStatus.values)


@pytest.mark.parametrize(("status", "action"), list(ALLOWED))
def test_allowed_actions_lead_to_the_right_status(status, action):
    assert PROPOSAL_WORKFLOW.next_status(status, action) is ALLOWED[(status, action)]
    assert PROPOSAL_WORKFLOW.allows(status, action)


@pytest.mark.parametrize(("status", "action"), REFUSED)
def test_every_other_pair_is_refused(status, action):
    assert not PROPOSAL_WORKFLOW.allows(status, action)
    with pytest.raises(TransitionNotAllowed):
        PROPOSAL_WORKFLOW.next_status(status, action)


@pytest.mark.parametrize(
    ("status", "actions"),
    [
        (S.PROPOSED, {A.AGREE, A.DECLINE, A.WITHDRAW}),
        (S.AGREED, {A.SEND, A.WITHDRAW}),
        (S.SENT, {A.INTERVIEW, A.HIRE, A.NOT_HIRE, A.WITHDRAW}),
        (S.INTERVIEW, {A.HIRE, A.NOT_HIRE, A.WITHDRAW}),
        (S.DECLINED, set()),
        (S.WITHDRAWN, set()),
        (S.HIRED, set()),
        (S.NOT_HIRED, set()),
    ],
)
def test_what_a_page_may_offer(status, actions):
    assert PROPOSAL_WORKFLOW.allowed_actions(status) == actions


def test_the_live_statuses_are_those_that_can_be_withdrawn():
    assert set(LIVE) == {S.PROPOSED, S.AGREED, S.SENT, S.INTERVIEW}
    assert {s for s in ProposalStatus if PROPOSAL_WORKFLOW.allows(s, A.WITHDRAW)} == LIVE


def test_the_table_cannot_be_widened_at_run_time():
    with pytest.raises(TypeError):
        PROPOSAL_WORKFLOW.transitions[(S.HIRED, A.WITHDRAW)] = S.WITHDRAWN  # type: ignore[index]


@given(st.lists(st.sampled_from(list(ProposalAction)), max_size=12))
def test_any_sequence_of_steps_stays_in_the_table(actions):
    """Whatever is tried, a proposal moves only along the table, never leaves an ended
    status, and never goes back to being proposed."""
    status = S.PROPOSED
    for action in actions:
        if PROPOSAL_WORKFLOW.allows(status, action):
            after = PROPOSAL_WORKFLOW.next_status(status, action)
            assert after == ALLOWED[(status, action)]
            assert after is not S.PROPOSED
            status = after
        else:
            assert PROPOSAL_WORKFLOW.allowed_actions(status) == {
                a for (s, a) in ALLOWED if s is status
            }
            with pytest.raises(TransitionNotAllowed):
                PROPOSAL_WORKFLOW.next_status(status, action)
        if status in ENDED:
            assert PROPOSAL_WORKFLOW.allowed_actions(status) == frozenset()
