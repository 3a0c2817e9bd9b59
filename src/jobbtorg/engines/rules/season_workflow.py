"""The life of a summer-job season, as a table (R26): set up, open for applications, closed,
finished. A season moves forward one step at a time and never back; finished is history.

The season service asks `next_status` before it writes and the season page offers only
`allowed_actions`, so no step the table does not list can happen.
"""

from __future__ import annotations

from enum import StrEnum

from jobbtorg.engines.rules.transitions import TransitionTable


class SeasonStatus(StrEnum):
    """The values of `summerjobs.models.SeasonStatus`."""

    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    FINISHED = "finished"


class SeasonAction(StrEnum):
    OPEN = "open"
    CLOSE = "close"
    FINISH = "finish"


SEASON_WORKFLOW: TransitionTable[SeasonStatus, SeasonAction] = TransitionTable(
    name="season",
    transitions={
        (SeasonStatus.DRAFT, SeasonAction.OPEN): SeasonStatus.OPEN,
        (SeasonStatus.OPEN, SeasonAction.CLOSE): SeasonStatus.CLOSED,
        (SeasonStatus.CLOSED, SeasonAction.FINISH): SeasonStatus.FINISHED,
    },
)
