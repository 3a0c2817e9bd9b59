"""Closing a report with a decision and measures, and following the measures up."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobbtorg.core.audit import events as audit
from jobbtorg.core.errors import ValidationFailed
from jobbtorg.engines.rules import lex_sarah as rules
from jobbtorg.lex_sarah.models import (
    IvoDocumentKind,
    Measure,
    Report,
    ReportStatus,
)
from jobbtorg.lex_sarah.services.checks import _locked, _require_officer, _too_long


@dataclass(frozen=True)
class MeasureToFollowUp:
    description: str
    follow_up_on: dt.date | None


def close_report(
    *,
    actor: Any,
    report: Report,
    expected_version: int | None,
    decision: str,
    measures_taken: str,
    decided_on: dt.date | None,
    audit_context: audit.AuditContext,
    measures: Sequence[MeasureToFollowUp] = (),
    today: dt.date | None = None,
) -> Report:
    """Close with a decision and the measures taken; each measure to follow up gets a day, on
    which it appears among the officers' to-dos. A serious case is reported to IVO first."""
    _require_officer(actor, report)
    today = today or timezone.localdate()
    decision = (decision or "").strip()
    measures_taken = (measures_taken or "").strip()
    errors: dict[str, str] = {}
    if decided_on is None:
        errors["decided_on"] = _("Give the day of the decision.")
    elif decided_on > today:
        errors["decided_on"] = _("The day of the decision cannot be in the future.")
    elif decided_on < timezone.localdate(report.reported_at):
        errors["decided_on"] = _("The decision cannot be before the report was filed.")
    _too_long(errors, "decision", decision)
    _too_long(errors, "measures_taken", measures_taken)
    for index, measure in enumerate(measures):
        text = (measure.description or "").strip()
        if not text:
            errors[f"measures-{index}"] = _("Describe the measure, or remove the row.")
        elif len(text) > 500:
            errors[f"measures-{index}"] = _("Describe the measure in at most 500 characters.")
        elif measure.follow_up_on is None:
            errors[f"measures-{index}"] = _("Give the day the measure is followed up.")
        elif decided_on is not None and measure.follow_up_on <= decided_on:
            errors[f"measures-{index}"] = _("The follow-up day comes after the decision.")
    with transaction.atomic():
        current = _locked(report, expected_version)
        notified = current.ivo_submissions.filter(kind=IvoDocumentKind.NOTIFICATION).exists()
        for problem in rules.closing_problems(
            assessment=current.assessment,
            decision=decision,
            measures_taken=measures_taken,
            ivo_notified=notified,
        ):
            field, message = _CLOSING_MESSAGES[problem]
            errors.setdefault(field, str(message()))
        if current.status != ReportStatus.INVESTIGATING and "assessment" not in errors:
            errors["__all__"] = (
                _("The report is already closed.")
                if current.status == ReportStatus.CLOSED
                else _("Investigate the report before you close it.")
            )
        if errors:
            raise ValidationFailed(errors)
        status = rules.REPORT_WORKFLOW.next_status(
            rules.ReportStatus(current.status), rules.ReportAction.CLOSE
        )
        Measure.objects.bulk_create(
            [
                Measure(
                    report=current,
                    description=measure.description.strip(),
                    follow_up_on=measure.follow_up_on,
                )
                for measure in measures
            ]
        )
        current.status = status.value
        current.decision = decision
        current.measures_taken = measures_taken
        current.decided_on = decided_on
        current.closed_by = actor
        current.version += 1
        current.save(
            update_fields=[
                "status",
                "decision",
                "measures_taken",
                "decided_on",
                "closed_by",
                "version",
                "updated_at",
            ]
        )
        audit.lex_sarah_report_closed(audit_context, current, measures=len(measures))
    report.refresh_from_db()
    return report


_CLOSING_MESSAGES = {
    rules.ClosingProblem.NO_ASSESSMENT: (
        "assessment",
        lambda: _("Save the investigation with an assessment before you close the report."),
    ),
    rules.ClosingProblem.NO_DECISION: ("decision", lambda: _("Write the decision.")),
    rules.ClosingProblem.NO_MEASURES: (
        "measures_taken",
        lambda: _("Write the measures taken, or that none were needed and why."),
    ),
    rules.ClosingProblem.IVO_NOT_NOTIFIED: (
        "__all__",
        lambda: _(
            "The report is assessed as serious: record the notification to IVO before you close it."
        ),
    ),
}


def what_stops_closing(report: Report) -> list[str]:
    """What stands in the way of closing before the closing form is filled in (no assessment
    yet; serious, but the notification to IVO not recorded), worded as `close_report` refuses
    it: the report page says it above the form. Reads only."""
    notified = report.ivo_submissions.filter(kind=IvoDocumentKind.NOTIFICATION).exists()
    problems = rules.closing_problems(
        assessment=report.assessment, decision="", measures_taken="", ivo_notified=notified
    )
    form_fills_in = {rules.ClosingProblem.NO_DECISION, rules.ClosingProblem.NO_MEASURES}
    return [str(_CLOSING_MESSAGES[p][1]()) for p in problems if p not in form_fills_in]


def follow_up_measure(
    *,
    actor: Any,
    measure: Measure,
    note: str,
    audit_context: audit.AuditContext,
    followed_up_on: dt.date | None = None,
    today: dt.date | None = None,
) -> Measure:
    """The measure was followed up: what the follow-up found. It leaves the to-dos."""
    _require_officer(actor, measure.report)
    today = today or timezone.localdate()
    followed_up_on = followed_up_on or today
    note = (note or "").strip()
    errors: dict[str, str] = {}
    if not note:
        errors["note"] = _("Write what the follow-up found.")
    else:
        _too_long(errors, "note", note)
    if followed_up_on > today:
        errors["followed_up_on"] = _("The day of the follow-up cannot be in the future.")
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        current = Measure.objects.select_for_update().get(pk=measure.pk)
        if current.followed_up_on is not None:
            raise ValidationFailed({"__all__": _("The measure is already followed up.")})
        current.followed_up_on = followed_up_on
        current.followed_up_by = actor
        current.follow_up_note = note
        current.save(
            update_fields=["followed_up_on", "followed_up_by", "follow_up_note", "updated_at"]
        )
        audit.lex_sarah_measure_followed_up(audit_context, current)
    return current
