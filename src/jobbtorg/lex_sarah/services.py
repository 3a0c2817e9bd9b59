"""Every write of lex Sarah (R35): filing a report, the investigation in versions, the
documents sent to IVO, closing with a decision and measures, following the measures up, and
designating the officers. Each write checks the permission, runs in one transaction with its
audit entry, and refuses bad input with a Swedish message naming the fix."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobbtorg.core.audit import events as audit
from jobbtorg.core.errors import ConcurrentChange, NotAllowed, ValidationFailed
from jobbtorg.engines.rules import lex_sarah as rules
from jobbtorg.engines.rules.transitions import TransitionNotAllowed
from jobbtorg.lex_sarah.models import (
    Assessment,
    InvestigationVersion,
    IvoDocumentKind,
    IvoSubmission,
    Measure,
    OfficerDesignation,
    Report,
    ReportKind,
    ReportStatus,
)
from jobbtorg.lex_sarah.permissions import (
    can_be_designated,
    can_designate_officers,
    can_file_report,
    can_handle_report,
)
from jobbtorg.participants.selectors import participants_visible_to

TEXT_MAX_CHARACTERS = 10_000
INVESTIGATION_FIELDS = (
    "facts",
    "course_of_events",
    "causes",
    "measures_taken",
    "measures_planned",
    "people_heard",
)
# Reports of long ago are filed too, but not from before the product's time or the future.
EARLIEST_EVENT = dt.date(2000, 1, 1)


def _too_long(errors: dict[str, str], field: str, text: str) -> None:
    if len(text) > TEXT_MAX_CHARACTERS:
        errors[field] = _("The text can be at most %(max)d characters long. Yours has %(n)d.") % {
            "max": TEXT_MAX_CHARACTERS,
            "n": len(text),
        }


def _next_reference(year: int) -> tuple[int, str]:
    last = (
        Report.objects.filter(year=year)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    number = (last or 0) + 1
    return number, f"LS-{year}-{number:04d}"


def file_report(
    *,
    reporter: Any,
    kind: str,
    what_happened: str,
    happened_where: str,
    affected: str,
    audit_context: audit.AuditContext,
    happened_on: dt.date | None = None,
    immediate_actions: str = "",
    job_centre: Any = None,
    provider: Any = None,
    participant: Any = None,
    today: dt.date | None = None,
) -> Report:
    """Anyone on staff reports a wrongdoing or a risk of one. The report is received by the
    officers of `job_centre` (none: the city's own operations, city-wide officers) and gets
    a reference number for the receipt. A linked participant must be one the reporter may see."""
    if not can_file_report(reporter):
        raise NotAllowed(_("Only staff with an active account can file a lex Sarah report."))
    today = today or timezone.localdate()
    texts = {
        "what_happened": (what_happened or "").strip(),
        "happened_where": (happened_where or "").strip(),
        "affected": (affected or "").strip(),
        "immediate_actions": (immediate_actions or "").strip(),
    }
    errors: dict[str, str] = {}
    if kind not in ReportKind.values:
        errors["kind"] = _("Choose whether it is a wrongdoing or a risk of wrongdoing.")
    if not texts["what_happened"]:
        errors["what_happened"] = _("Describe what happened or could happen.")
    if not texts["happened_where"]:
        errors["happened_where"] = _("Write where it happened or could happen.")
    elif len(texts["happened_where"]) > 300:
        errors["happened_where"] = _("Write the place in at most 300 characters.")
    if not texts["affected"]:
        errors["affected"] = _("Write who was or could be affected, for example “a participant”.")
    for field in ("what_happened", "affected", "immediate_actions"):
        if field not in errors:
            _too_long(errors, field, texts[field])
    if happened_on is not None and happened_on > today:
        errors["happened_on"] = _(
            "The date cannot be in the future. For a risk, give the day it was seen, or leave "
            "the date empty."
        )
    elif happened_on is not None and happened_on < EARLIEST_EVENT:
        errors["happened_on"] = _("Check the year of the date.")
    if participant is not None and not (
        participants_visible_to(reporter).filter(pk=participant.pk).exists()
    ):
        errors["participant"] = _(
            "You can only link a participant whose case you may see. Describe the person in "
            "the text instead."
        )
    if job_centre is not None and not job_centre.is_active:
        errors["job_centre"] = _("Choose an active Jobbtorg.")
    if errors:
        raise ValidationFailed(errors)
    now = timezone.now()
    # Two reports filed at the same moment can take the same number: the unique constraint
    # refuses the second, which takes the next one.
    for _attempt in range(5):
        number, reference = _next_reference(now.year)
        try:
            with transaction.atomic():
                report = Report.objects.create(
                    reference=reference,
                    year=now.year,
                    number=number,
                    reported_by=reporter,
                    reported_at=now,
                    job_centre=job_centre,
                    provider=provider,
                    kind=kind,
                    happened_on=happened_on,
                    participant=participant,
                    **texts,
                )
                audit.lex_sarah_report_filed(audit_context, report)
            return report
        except IntegrityError:
            continue
    raise ValidationFailed({"__all__": _("The report could not be numbered. Send it again.")})


def _require_officer(actor: Any, report: Report) -> None:
    if not can_handle_report(actor, report):
        raise NotAllowed(
            _("Only a lex Sarah officer of %(unit)s can handle this report.")
            % {"unit": report.job_centre.name if report.job_centre else _("the city")}
        )


def _locked(report: Report, expected_version: int | None) -> Report:
    """The report's row, locked for the write; a form based on an older version is refused."""
    current = Report.objects.select_for_update().get(pk=report.pk)
    if expected_version is not None and current.version != expected_version:
        raise ConcurrentChange(
            {
                "__all__": _(
                    "Someone else saved this report while you were writing. Nothing of yours "
                    "was saved: reload the page, read what changed and write again."
                )
            }
        )
    return current


def save_investigation(
    *,
    actor: Any,
    report: Report,
    expected_version: int | None,
    assessment: str,
    audit_context: audit.AuditContext,
    today: dt.date | None = None,
    **texts: str,
) -> InvestigationVersion:
    """A new version of the investigation: facts, course of events, causes, measures taken and
    planned, people heard, and the assessment (which may be left for later). The first version
    starts the investigation. A serious assessment starts the IVO deadline on the day it is
    first made."""
    _require_officer(actor, report)
    unknown = set(texts) - set(INVESTIGATION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown investigation fields: {sorted(unknown)}")
    today = today or timezone.localdate()
    values = {field: (texts.get(field) or "").strip() for field in INVESTIGATION_FIELDS}
    errors: dict[str, str] = {}
    if assessment and assessment not in Assessment.values:
        errors["assessment"] = _("Choose one of the assessments in the list.")
    for field, text in values.items():
        _too_long(errors, field, text)
    if not any(values.values()) and not assessment:
        errors["__all__"] = _("Write something in the investigation before you save it.")
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        current = _locked(report, expected_version)
        try:
            status = rules.REPORT_WORKFLOW.next_status(
                rules.ReportStatus(current.status), rules.ReportAction.INVESTIGATE
            )
        except TransitionNotAllowed:
            raise ValidationFailed(
                {"__all__": _("The report is closed: its investigation can no longer change.")}
            ) from None
        previous = current.investigation_versions.order_by("-number").first()
        before = {f: getattr(previous, f) if previous else "" for f in INVESTIGATION_FIELDS}
        version = InvestigationVersion.objects.create(
            report=current,
            number=(previous.number if previous else 0) + 1,
            written_by=actor,
            assessment=assessment,
            **values,
        )
        before_assessment = current.assessment
        current.status = status.value
        current.assessment = assessment
        if rules.is_serious(assessment) and current.assessed_serious_on is None:
            current.assessed_serious_on = today
        current.version += 1
        current.save(
            update_fields=["status", "assessment", "assessed_serious_on", "version", "updated_at"]
        )
        changed = [f for f in INVESTIGATION_FIELDS if before[f] != values[f]]
        audit.lex_sarah_investigation_saved(
            audit_context, version, before=before_assessment, fields=changed
        )
    report.refresh_from_db()
    return version


def current_investigation(report: Report) -> InvestigationVersion | None:
    return report.investigation_versions.order_by("-number").first()


def record_ivo_sent(
    *,
    actor: Any,
    report: Report,
    kind: str,
    sent_on: dt.date,
    audit_context: audit.AuditContext,
    today: dt.date | None = None,
) -> IvoSubmission:
    """That the notification (a serious assessment) or the completed investigation (a closed
    report, after the notification) was sent to IVO on `sent_on`, with the investigation
    version it showed."""
    _require_officer(actor, report)
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    if kind not in IvoDocumentKind.values:
        errors["kind"] = _("Choose which document was sent.")
    if sent_on is None:
        errors["sent_on"] = _("Give the day it was sent.")
    elif sent_on > today:
        errors["sent_on"] = _("The day it was sent cannot be in the future.")
    elif sent_on < timezone.localdate(report.reported_at):
        errors["sent_on"] = _("The day it was sent cannot be before the report was filed.")
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        current = _locked(report, None)
        investigation = current_investigation(current)
        sent = set(current.ivo_submissions.values_list("kind", flat=True))
        if kind in sent:
            raise ValidationFailed({"kind": _("That document is already recorded as sent.")})
        if not current.is_serious or investigation is None:
            raise ValidationFailed(
                {
                    "__all__": _(
                        "Only a report assessed as a serious wrongdoing or a risk of one is "
                        "reported to IVO."
                    )
                }
            )
        if kind == IvoDocumentKind.INVESTIGATION and (
            IvoDocumentKind.NOTIFICATION not in sent or current.status != ReportStatus.CLOSED
        ):
            raise ValidationFailed(
                {
                    "kind": _(
                        "The completed investigation goes to IVO after the notification, once "
                        "the report is closed with a decision."
                    )
                }
            )
        submission = IvoSubmission.objects.create(
            report=current,
            kind=kind,
            sent_on=sent_on,
            investigation_number=investigation.number,
            recorded_by=actor,
        )
        current.version += 1
        current.save(update_fields=["version", "updated_at"])
        audit.lex_sarah_ivo_sent(audit_context, submission)
    report.refresh_from_db()
    return submission


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


def designate_officer(
    *, actor: Any, user: Any, job_centre: Any, audit_context: audit.AuditContext
) -> OfficerDesignation:
    """The administrator designates a named staff account lex Sarah officer for `job_centre`
    (None: city-wide)."""
    if not can_designate_officers(actor):
        raise NotAllowed(_("Lex Sarah officers are designated by an administrator."))
    if not can_be_designated(user, job_centre):
        raise ValidationFailed(
            {
                "user": _(
                    "Only an active account of a Jobbtorg's staff (for their own Jobbtorg or "
                    "city-wide), an analyst or an administrator can be designated."
                )
            }
        )
    with transaction.atomic():
        exists = OfficerDesignation.objects.select_for_update().filter(
            user=user, job_centre=job_centre, ended_at__isnull=True
        )
        if exists.exists():
            raise ValidationFailed({"user": _("The account is already designated for that.")})
        designation = OfficerDesignation.objects.create(
            user=user, job_centre=job_centre, designated_by=actor
        )
        audit.lex_sarah_officer_designated(audit_context, designation)
    return designation


def end_designation(
    *, actor: Any, designation: OfficerDesignation, audit_context: audit.AuditContext
) -> OfficerDesignation:
    if not can_designate_officers(actor):
        raise NotAllowed(_("Lex Sarah officers are designated by an administrator."))
    with transaction.atomic():
        current = OfficerDesignation.objects.select_for_update().get(pk=designation.pk)
        if current.ended_at is not None:
            raise ValidationFailed({"__all__": _("The designation has already ended.")})
        current.ended_at = timezone.now()
        current.ended_by = actor
        current.save(update_fields=["ended_at", "ended_by", "updated_at"])
        audit.lex_sarah_designation_ended(audit_context, current)
    return current
