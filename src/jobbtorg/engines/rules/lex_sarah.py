"""Lex Sarah (R35): the life of a report as a table, and the assessments an investigation ends in.

Anyone on staff reports a wrongdoing (missförhållande) or a risk of one; a lex Sarah officer
receives it, investigates it and closes it with a decision. A report is always investigated
(DOMAIN.md, facts from outside the sources), so a received report can only be closed through
an investigation. A serious wrongdoing or a serious risk of one is reported to IVO without
delay: the deadline is `deadlines.ivo_escalated_from`.
"""

from __future__ import annotations

from enum import StrEnum

from jobbtorg.engines.rules.transitions import TransitionTable


class ReportStatus(StrEnum):
    """The same values as the report model's status choices."""

    RECEIVED = "received"
    INVESTIGATING = "investigating"
    CLOSED = "closed"


class ReportAction(StrEnum):
    # Each saved version of the investigation; the first one starts it.
    INVESTIGATE = "investigate"
    CLOSE = "close"


class Assessment(StrEnum):
    """The investigation's assessment, from none to the two that go to IVO."""

    NO_WRONGDOING = "no_wrongdoing"
    WRONGDOING = "wrongdoing"
    RISK = "risk"
    SERIOUS_WRONGDOING = "serious_wrongdoing"
    SERIOUS_RISK = "serious_risk"


# These are reported to IVO (the Health and Social Care Inspectorate) without delay.
SERIOUS: frozenset[Assessment] = frozenset({Assessment.SERIOUS_WRONGDOING, Assessment.SERIOUS_RISK})


def is_serious(assessment: str | None) -> bool:
    return assessment in SERIOUS


REPORT_WORKFLOW: TransitionTable[ReportStatus, ReportAction] = TransitionTable(
    name="lex_sarah_report",
    transitions={
        (ReportStatus.RECEIVED, ReportAction.INVESTIGATE): ReportStatus.INVESTIGATING,
        (ReportStatus.INVESTIGATING, ReportAction.INVESTIGATE): ReportStatus.INVESTIGATING,
        (ReportStatus.INVESTIGATING, ReportAction.CLOSE): ReportStatus.CLOSED,
    },
)


class ClosingProblem(StrEnum):
    """Why a report cannot be closed yet; the service words each one."""

    NO_ASSESSMENT = "no_assessment"
    NO_DECISION = "no_decision"
    NO_MEASURES = "no_measures"
    IVO_NOT_NOTIFIED = "ivo_not_notified"


def closing_problems(
    *, assessment: str | None, decision: str, measures_taken: str, ivo_notified: bool
) -> list[ClosingProblem]:
    """What stands in the way of closing: an investigation with an assessment, a decision and
    the measures taken are always needed, and a serious case is reported to IVO first."""
    problems = []
    if not assessment:
        problems.append(ClosingProblem.NO_ASSESSMENT)
    if not (decision or "").strip():
        problems.append(ClosingProblem.NO_DECISION)
    if not (measures_taken or "").strip():
        problems.append(ClosingProblem.NO_MEASURES)
    if is_serious(assessment) and not ivo_notified:
        problems.append(ClosingProblem.IVO_NOT_NOTIFIED)
    return problems
