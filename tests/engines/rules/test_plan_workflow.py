"""The plan-version workflow: every (status, action) pair, allowed or refused."""

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobbtorg.engines.rules.plan_workflow import (
    PLAN_WORKFLOW,
    PlanAction,
    PlanStatus,
    TransitionNotAllowed,
)
from jobbtorg.engines.rules.transitions import TransitionTable

S = PlanStatus
A = PlanAction

# Written out here, not read from the table, so a wrong table fails.
ALLOWED = {
    (S.DRAFT, A.SUBMIT): S.AWAITING_APPROVAL,
    (S.AWAITING_APPROVAL, A.APPROVE): S.APPROVED,
    (S.AWAITING_APPROVAL, A.REJECT): S.REJECTED,
    (S.AWAITING_APPROVAL, A.SUPERSEDE): S.SUPERSEDED,
    (S.APPROVED, A.SUPERSEDE): S.SUPERSEDED,
}
ALL_PAIRS = list(itertools.product(PlanStatus, PlanAction))
REFUSED = [pair for pair in ALL_PAIRS if pair not in ALLOWED]


def test_the_workflow_is_a_transition_table():
    assert isinstance(PLAN_WORKFLOW, TransitionTable)


def test_the_pairs_cover_every_status_and_action():
    assert len(ALL_PAIRS) == 20
    assert len(REFUSED) == 15


@pytest.mark.parametrize(("status", "action"), list(ALLOWED))
def test_allowed_actions_lead_to_the_right_status(status, action):
    assert PLAN_WORKFLOW.next_status(status, action) is ALLOWED[(status, action)]
    assert PLAN_WORKFLOW.allows(status, action)


@pytest.mark.parametrize(("status", "action"), REFUSED)
def test_every_other_action_is_refused(status, action):
    with pytest.raises(TransitionNotAllowed) as raised:
        PLAN_WORKFLOW.next_status(status, action)
    assert raised.value.status is status
    assert raised.value.action is action
    assert isinstance(raised.value, ValueError)
    assert not PLAN_WORKFLOW.allows(status, action)


@given(st.sampled_from(list(PlanStatus)), st.sampled_from(list(PlanAction)))
def test_any_pair_is_allowed_exactly_when_the_table_lists_it(status, action):
    assert PLAN_WORKFLOW.allows(status, action) is ((status, action) in ALLOWED)
    assert (action in PLAN_WORKFLOW.allowed_actions(status)) is ((status, action) in ALLOWED)
    if (status, action) in ALLOWED:
        assert PLAN_WORKFLOW.next_status(status, action) is ALLOWED[(status, action)]
    else:
        with pytest.raises(TransitionNotAllowed):
            PLAN_WORKFLOW.next_status(status, action)


@given(st.lists(st.sampled_from(list(PlanAction)), max_size=8))
def test_no_run_of_actions_leaves_the_statuses_of_the_table(actions):
    status = S.DRAFT
    for action in actions:
        if PLAN_WORKFLOW.allows(status, action):
            status = PLAN_WORKFLOW.next_status(status, action)
        assert status in PlanStatus


def test_the_table_is_exactly_the_allowed_transitions_and_read_only():
    assert dict(PLAN_WORKFLOW.transitions) == ALLOWED
    with pytest.raises(TypeError):
        PLAN_WORKFLOW.transitions[(S.REJECTED, A.APPROVE)] = S.APPROVED  # type: ignore[index]


@pytest.mark.parametrize(
    ("status", "actions"),
    [
        (S.DRAFT, {A.SUBMIT}),
        (S.AWAITING_APPROVAL, {A.APPROVE, A.REJECT, A.SUPERSEDE}),
        (S.APPROVED, {A.SUPERSEDE}),
        (S.REJECTED, set()),
        (S.SUPERSEDED, set()),
    ],
)
def test_allowed_actions_per_status(status, actions):
    assert PLAN_WORKFLOW.allowed_actions(status) == frozenset(actions)


@pytest.mark.parametrize("status", [S.APPROVED, S.REJECTED, S.SUPERSEDED])
def test_history_never_goes_back_to_draft_or_awaiting_approval(status):
    for action in PLAN_WORKFLOW.allowed_actions(status):
        assert PLAN_WORKFLOW.next_status(status, action) not in {S.DRAFT, S.AWAITING_APPROVAL}


def test_statuses_and_actions_are_stored_as_their_string_values():
    assert [s.value for s in PlanStatus] == [
        "draft",
        "awaiting_approval",
        "approved",
        "rejected",
        "superseded",
    ]
    assert [a.value for a in PlanAction] == ["submit", "approve", "reject", "supersede"]
    assert PLAN_WORKFLOW.statuses() == frozenset(PlanStatus)
