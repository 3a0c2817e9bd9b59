"""The season's table: forward one step at a time, never back, finished is the end."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobbtorg.engines.rules.season_workflow import SEASON_WORKFLOW, SeasonAction, SeasonStatus
from jobbtorg.engines.rules.transitions import TransitionNotAllowed

ORDER = [SeasonStatus.DRAFT, SeasonStatus.OPEN, SeasonStatus.CLOSED, SeasonStatus.FINISHED]


@pytest.mark.parametrize(
    ("status", "action", "after"),
    [
        (SeasonStatus.DRAFT, SeasonAction.OPEN, SeasonStatus.OPEN),
        (SeasonStatus.OPEN, SeasonAction.CLOSE, SeasonStatus.CLOSED),
        (SeasonStatus.CLOSED, SeasonAction.FINISH, SeasonStatus.FINISHED),
    ],
)
def test_each_allowed_step(status, action, after):
    assert SEASON_WORKFLOW.next_status(status, action) == after
    assert SEASON_WORKFLOW.allowed_actions(status) == {action}


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (SeasonStatus.DRAFT, SeasonAction.CLOSE),
        (SeasonStatus.DRAFT, SeasonAction.FINISH),
        (SeasonStatus.OPEN, SeasonAction.OPEN),
        (SeasonStatus.OPEN, SeasonAction.FINISH),
        (SeasonStatus.CLOSED, SeasonAction.OPEN),
        (SeasonStatus.CLOSED, SeasonAction.CLOSE),
        (SeasonStatus.FINISHED, SeasonAction.OPEN),
        (SeasonStatus.FINISHED, SeasonAction.CLOSE),
        (SeasonStatus.FINISHED, SeasonAction.FINISH),
    ],
)
def test_every_other_step_is_refused(status, action):
    assert not SEASON_WORKFLOW.allows(status, action)
    with pytest.raises(TransitionNotAllowed):
        SEASON_WORKFLOW.next_status(status, action)


def test_a_finished_season_offers_nothing():
    assert SEASON_WORKFLOW.allowed_actions(SeasonStatus.FINISHED) == frozenset()


def test_the_table_knows_every_status_of_the_model():
    from jobbtorg.summerjobs.models import SeasonStatus as ModelStatus

    assert SEASON_WORKFLOW.statuses() == set(SeasonStatus)
    assert {s.value for s in SeasonStatus} == set(ModelStatus.values)


@given(st.lists(st.sampled_from(list(SeasonAction)), max_size=12))
def test_any_sequence_of_actions_only_moves_forward_one_step_at_a_time(actions):
    status = SeasonStatus.DRAFT
    for action in actions:
        if SEASON_WORKFLOW.allows(status, action):
            after = SEASON_WORKFLOW.next_status(status, action)
            assert ORDER.index(after) == ORDER.index(status) + 1
            status = after
        else:
            with pytest.raises(TransitionNotAllowed):
                SEASON_WORKFLOW.next_status(status, action)
    assert status in ORDER
