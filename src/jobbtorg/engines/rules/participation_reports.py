"""What a provider may report about a participation in an activity, and the status each report
leads to: a start or a start that never happened while placed, a break-off or completion while
taking part, and a job or studies obtained while taking part or after (the status stays).

The values are those of the providers app's ParticipationStatus and ProviderReportKind."""

from __future__ import annotations

from enum import StrEnum

from jobbtorg.engines.rules.transitions import TransitionTable


class ParticipationStatus(StrEnum):
    WAITING = "waiting"
    PLACED = "placed"
    STARTED = "started"
    COMPLETED = "completed"
    BROKEN_OFF = "broken_off"
    NEVER_STARTED = "never_started"


class ReportKind(StrEnum):
    START = "start"
    NEVER_STARTED = "never_started"
    BREAK_OFF = "break_off"
    COMPLETION = "completion"
    RESULT = "result"


_S = ParticipationStatus
_R = ReportKind

PROVIDER_REPORTS: TransitionTable[ParticipationStatus, ReportKind] = TransitionTable(
    name="provider report",
    transitions={
        (_S.PLACED, _R.START): _S.STARTED,
        (_S.PLACED, _R.NEVER_STARTED): _S.NEVER_STARTED,
        (_S.STARTED, _R.BREAK_OFF): _S.BROKEN_OFF,
        (_S.STARTED, _R.COMPLETION): _S.COMPLETED,
        # A job or studies obtained is recorded on the participation; its status stays.
        (_S.STARTED, _R.RESULT): _S.STARTED,
        (_S.COMPLETED, _R.RESULT): _S.COMPLETED,
        (_S.BROKEN_OFF, _R.RESULT): _S.BROKEN_OFF,
    },
)

# The order a page lists the reports it offers in: the most used first, the ones that end a
# participation against the plan last (a start is far more common than one that never
# happened; a completion or a job more common than a break-off).
REPORT_ORDER: tuple[ReportKind, ...] = (
    _R.START,
    _R.COMPLETION,
    _R.RESULT,
    _R.NEVER_STARTED,
    _R.BREAK_OFF,
)

# Reports that end a participation early and cannot be taken back (a correction is a new
# report): a page asks for confirmation before it sends them.
CONFIRMED_REPORTS: frozenset[ReportKind] = frozenset({_R.BREAK_OFF, _R.NEVER_STARTED})


def reports_allowed(status: str) -> list[ReportKind]:
    """The reports a participation in `status` may receive, in page order ([] for an unknown
    status)."""
    try:
        current = ParticipationStatus(status)
    except ValueError:
        return []
    allowed = PROVIDER_REPORTS.allowed_actions(current)
    return [kind for kind in REPORT_ORDER if kind in allowed]
