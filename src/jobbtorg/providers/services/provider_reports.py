"""The provider's reports on a participation (start, a start that never happened, break-off,
completion, a job or studies obtained) and the coach reading them (R14, R22). Which report is
allowed in which status is the transition table `engines/rules/participation_reports.py`."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobbtorg.core.audit import events as audit
from jobbtorg.core.audit.events import AuditContext
from jobbtorg.core.errors import NotAllowed, ValidationFailed
from jobbtorg.engines.rules.participation_reports import (
    PROVIDER_REPORTS,
    ReportKind,
    reports_allowed,
)
from jobbtorg.engines.rules.participation_reports import (
    ParticipationStatus as ReportedStatus,
)
from jobbtorg.engines.rules.transitions import TransitionNotAllowed
from jobbtorg.participants.models import EmploymentExtent, EmploymentForm
from jobbtorg.providers.models import (
    ActivityParticipation,
    ProviderReport,
    ProviderReportKind,
    ResultKind,
)
from jobbtorg.providers.permissions import can_mark_report_seen, can_report_on_participation
from jobbtorg.providers.services.participations import participation_snapshot

_WORK_DETAILS = ("employer", "employment_form", "extent", "hours_per_week", "occupation")
_STUDY_DETAILS = ("school", "programme", "extent")


def _result_problems(details: dict[str, Any], result_kind: str) -> dict[str, str]:
    problems: dict[str, str] = {}
    if result_kind == ResultKind.WORK:
        if not str(details.get("employer") or "").strip():
            problems["employer"] = _("Name the employer.")
        if details.get("employment_form") not in EmploymentForm.values:
            problems["employment_form"] = _("Choose the form of employment.")
        if details.get("extent") not in EmploymentExtent.values:
            problems["extent"] = _("Choose full or part time.")
    elif result_kind == ResultKind.STUDIES:
        if not str(details.get("school") or "").strip():
            problems["school"] = _("Name the school or education.")
    else:
        problems["result_kind"] = _("Choose work or studies.")
    return problems


def provider_report_check(
    ctx: AuditContext,
    participation: ActivityParticipation,
    *,
    kind: str,
    on: dt.date | None,
    note: str = "",
    result_kind: str = "",
    details: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """What `provider_report` would refuse, without writing: every problem at once
    (ValidationFailed), or the details as they would be stored. A page asks for confirmation
    only of a report that would be accepted."""
    actor = ctx.actor
    if not can_report_on_participation(actor, participation):
        raise NotAllowed(_("Only the provider, or the person's coach, reports on the activity."))
    if kind not in ProviderReportKind.values:
        raise ValidationFailed({"kind": _("Choose what to report.")})
    today = timezone.localdate()
    # As stored now: the object a page holds may be older than the last report.
    current = ActivityParticipation.objects.only("status", "started_on").get(pk=participation.pk)
    problems: dict[str, str] = {}
    if not isinstance(on, dt.date):
        problems["on"] = _("Give the date.")
    elif kind != ProviderReportKind.RESULT and on > today:
        problems["on"] = _("The date is in the future: report it when it has happened.")
    elif current.started_on and on < current.started_on:
        problems["on"] = _("The activity started %(date)s: the date cannot be before that.") % {
            "date": current.started_on.isoformat()
        }
    details = {k: v for k, v in (details or {}).items() if v not in (None, "")}
    if kind == ProviderReportKind.RESULT:
        problems.update(_result_problems(details, result_kind))
    if kind == ProviderReportKind.BREAK_OFF and not note.strip():
        problems["note"] = _("Say why the activity was broken off.")
    if not PROVIDER_REPORTS.allows(ReportedStatus(current.status), ReportKind(kind)):
        problems["kind"] = _("That cannot be reported now: the activity is “%(status)s”.") % {
            "status": current.get_status_display()
        }
    if problems:
        raise ValidationFailed(problems)
    return details


def provider_report(
    ctx: AuditContext,
    participation: ActivityParticipation,
    *,
    kind: str,
    on: dt.date | None,
    note: str = "",
    result_kind: str = "",
    details: dict[str, Any] | None = None,
) -> ProviderReport:
    """Provider staff report a start, a start that never happened, a break-off, a completion, or
    a job or studies obtained. The coach sees it on Min dag at once."""
    actor = ctx.actor
    details = provider_report_check(
        ctx,
        participation,
        kind=kind,
        on=on,
        note=note,
        result_kind=result_kind,
        details=details,
    )
    assert isinstance(on, dt.date)
    with transaction.atomic():
        current = ActivityParticipation.objects.select_for_update().get(pk=participation.pk)
        try:
            next_status = PROVIDER_REPORTS.next_status(
                ReportedStatus(current.status), ReportKind(kind)
            )
        except TransitionNotAllowed:
            raise ValidationFailed(
                {
                    "kind": _("That cannot be reported now: the activity is “%(status)s”.")
                    % {"status": current.get_status_display()}
                }
            ) from None
        if current.started_on and on < current.started_on:
            raise ValidationFailed(
                {
                    "on": _("The activity started %(date)s: the date cannot be before that.")
                    % {"date": current.started_on.isoformat()}
                }
            )
        before = participation_snapshot(current)
        if kind == ProviderReportKind.START:
            current.started_on = on
        elif kind in (ProviderReportKind.BREAK_OFF, ProviderReportKind.COMPLETION):
            current.ended_on = on
            current.end_reason = note.strip()[:300]
        elif kind == ProviderReportKind.NEVER_STARTED:
            current.end_reason = note.strip()[:300]
        elif kind == ProviderReportKind.RESULT:
            keep = _WORK_DETAILS if result_kind == ResultKind.WORK else _STUDY_DETAILS
            current.result_kind = result_kind
            current.result_on = on
            current.result_details = {k: details[k] for k in keep if k in details}
        current.status = str(next_status)
        current.save()
        report = ProviderReport.objects.create(
            participation=current,
            kind=kind,
            on=on,
            note=note.strip(),
            details={"result_kind": result_kind, **current.result_details}
            if kind == ProviderReportKind.RESULT
            else {},
            reported_by=actor,
        )
        audit.provider_reported(ctx, report, before, participation_snapshot(current))
    return report


def provider_report_seen(ctx: AuditContext, report: ProviderReport) -> ProviderReport:
    """The coach has read the report; it leaves their Min dag."""
    actor = ctx.actor
    if not can_mark_report_seen(actor, report):
        raise NotAllowed(_("The person's coach marks the provider's reports as read."))
    with transaction.atomic():
        updated = ProviderReport.objects.filter(pk=report.pk, seen_at__isnull=True).update(
            seen_at=timezone.now(), seen_by=actor
        )
        if updated:
            audit.provider_report_seen(ctx, report)
    report.refresh_from_db()
    return report


def reports_offered(participation: ActivityParticipation) -> list[str]:
    """The reports a page may offer for the participation now (its status allows them)."""
    return [str(kind) for kind in reports_allowed(participation.status)]
