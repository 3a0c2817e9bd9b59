"""The life of a proposal of a person for a vacancy, as a table (R24).

A matcher proposes; the coach records whether the coach and the person agree (declined ends it);
the agreed profile is sent to the employer; an interview may follow; hired or not ends it. A
live proposal (proposed, agreed, sent, interview) can be withdrawn. Declined, withdrawn, hired
and not hired are history: no action leads out of them.
"""

from __future__ import annotations

from enum import StrEnum

from jobbtorg.engines.rules.transitions import TransitionTable


class ProposalStatus(StrEnum):
    """The same values as the proposal model's status choices."""

    PROPOSED = "proposed"
    AGREED = "agreed"
    DECLINED = "declined"
    SENT = "sent"
    INTERVIEW = "interview"
    HIRED = "hired"
    NOT_HIRED = "not_hired"
    WITHDRAWN = "withdrawn"


class ProposalAction(StrEnum):
    AGREE = "agree"
    DECLINE = "decline"
    SEND = "send"
    INTERVIEW = "interview"
    HIRE = "hire"
    NOT_HIRE = "not_hire"
    WITHDRAW = "withdraw"


# While a proposal is in one of these, the person is proposed for the vacancy.
LIVE: frozenset[ProposalStatus] = frozenset(
    {
        ProposalStatus.PROPOSED,
        ProposalStatus.AGREED,
        ProposalStatus.SENT,
        ProposalStatus.INTERVIEW,
    }
)

PROPOSAL_WORKFLOW: TransitionTable[ProposalStatus, ProposalAction] = TransitionTable(
    name="proposal",
    transitions={
        (ProposalStatus.PROPOSED, ProposalAction.AGREE): ProposalStatus.AGREED,
        (ProposalStatus.PROPOSED, ProposalAction.DECLINE): ProposalStatus.DECLINED,
        (ProposalStatus.AGREED, ProposalAction.SEND): ProposalStatus.SENT,
        (ProposalStatus.SENT, ProposalAction.INTERVIEW): ProposalStatus.INTERVIEW,
        # The employer may decide without an interview through the Jobbtorg.
        (ProposalStatus.SENT, ProposalAction.HIRE): ProposalStatus.HIRED,
        (ProposalStatus.SENT, ProposalAction.NOT_HIRE): ProposalStatus.NOT_HIRED,
        (ProposalStatus.INTERVIEW, ProposalAction.HIRE): ProposalStatus.HIRED,
        (ProposalStatus.INTERVIEW, ProposalAction.NOT_HIRE): ProposalStatus.NOT_HIRED,
        **{(status, ProposalAction.WITHDRAW): ProposalStatus.WITHDRAWN for status in LIVE},
    },
)
