"""Every read of lex Sarah reports starts here: `reports_visible_to` decides whose reports an
officer sees, `own_reports` what a reporter sees of their own. The functions that return
reports for display write the read audit."""

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, QuerySet

from jobbtorg.core.audit import events as audit
from jobbtorg.core.paging import CountedPaginator
from jobbtorg.engines.rules import deadlines
from jobbtorg.engines.rules.lex_sarah import SERIOUS
from jobbtorg.lex_sarah.ivo_documents import IvoDocument, ivo_document
from jobbtorg.lex_sarah.models import (
    InvestigationVersion,
    IvoDocumentKind,
    IvoSubmission,
    Measure,
    OfficerDesignation,
    Report,
    ReportStatus,
)
from jobbtorg.lex_sarah.permissions import officer_units
from jobbtorg.participants.models import Participant
from jobbtorg.participants.selectors import participants_visible_to


def reports_visible_to(user: Any) -> QuerySet[Report]:
    """The reports the user may read in full: an officer's, by designation; nobody else's."""
    city_wide, centres = officer_units(user)
    reports = Report.objects.select_related("job_centre", "provider", "reported_by")
    if city_wide:
        return reports
    if centres:
        return reports.filter(job_centre_id__in=centres)
    return reports.none()


def own_reports(user: Any) -> QuerySet[Report]:
    """The reports the user filed: for their status and receipt only."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Report.objects.none()
    return Report.objects.filter(reported_by=user).select_related("job_centre")


def own_reports_shown(*, user: Any, page_number: Any, audit_context: audit.AuditContext) -> Page:
    """A page of the reporter's own reports, newest first; the reports shown are recorded in
    one write (`lex_sarah_reports_listed`)."""
    page = Paginator(
        own_reports(user).order_by("-reported_at", "-pk"), settings.JOBBTORG_PAGE_SIZE
    ).get_page(page_number)
    audit.lex_sarah_reports_listed(audit_context, page.object_list)
    return page


def participant_to_link(user: Any, participant_id: Any) -> Participant | None:
    """The person a report may be linked to from their page: one the reporter may see, by the
    participants' own scoping; None for anyone else or an id that names no one."""
    try:
        pk = uuid.UUID(str(participant_id))
    except ValueError:
        return None
    return participants_visible_to(user).filter(pk=pk).first()


def designation_get(designation_id: int) -> OfficerDesignation | None:
    return OfficerDesignation.objects.filter(pk=designation_id).select_related("user").first()


def designations_in_force() -> QuerySet[OfficerDesignation]:
    return OfficerDesignation.objects.filter(ended_at__isnull=True).select_related(
        "user", "job_centre", "designated_by"
    )


def _notified() -> Exists:
    return Exists(
        IvoSubmission.objects.filter(report=OuterRef("pk"), kind=IvoDocumentKind.NOTIFICATION)
    )


def awaiting_ivo(reports: QuerySet[Report]) -> QuerySet[Report]:
    """Open reports assessed as serious whose notification to IVO is not recorded, the
    longest waiting first."""
    return (
        reports.filter(assessment__in=[a.value for a in SERIOUS])
        .exclude(status=ReportStatus.CLOSED)
        .filter(~_notified())
        .order_by("assessed_serious_on", "reported_at")
    )


@dataclass(frozen=True)
class IvoDue:
    """A serious report not yet at IVO: assessed on `assessed_on`, `working_days` working
    days ago; `escalated` from `escalated_from` on."""

    report: Any
    assessed_on: dt.date
    working_days: int
    escalated_from: dt.date
    escalated: bool


def ivo_due(report: Any, today: dt.date) -> IvoDue | None:
    """The IVO deadline of one report, by the deadline module; None when none runs."""
    if not report.is_serious or report.assessed_serious_on is None:
        return None
    if report.status == ReportStatus.CLOSED:
        return None
    assessed = report.assessed_serious_on
    escalated_from = deadlines.ivo_escalated_from(assessed)
    return IvoDue(
        report=report,
        assessed_on=assessed,
        working_days=deadlines.working_days_between(assessed, today),
        escalated_from=escalated_from,
        escalated=today >= escalated_from,
    )


def overdue_at_ivo(reports: QuerySet[Report], today: dt.date) -> list[IvoDue]:
    return _escalated(awaiting_ivo(reports), today)


def _escalated(awaiting: Iterable[Report], today: dt.date) -> list[IvoDue]:
    dues = (ivo_due(report, today) for report in awaiting)
    return [due for due in dues if due is not None and due.escalated]


@dataclass(frozen=True)
class OfficerInbox:
    """The counts on an officer's start page, the overdue serious reports and the measures
    due for follow-up (the to-dos)."""

    received: int
    investigating: int
    awaiting_ivo: int
    ivo_overdue: list[IvoDue]
    measures: list[Measure]

    @property
    def measures_due(self) -> int:
        return len(self.measures)


def report_counts(user: Any) -> dict[str, int]:
    """How many of the officer's reports are at each status (every status named, 0 or more)."""
    counts = {
        row["status"]: row["n"]
        for row in reports_visible_to(user).order_by().values("status").annotate(n=Count("pk"))
    }
    return {status.value: counts.get(status.value, 0) for status in ReportStatus}


def officer_inbox(user: Any, today: dt.date) -> OfficerInbox:
    """No personal data: counts, and reference numbers of the overdue."""
    counts = report_counts(user)
    # Read once each: the counts are the lengths of the lists the page shows.
    awaiting = list(awaiting_ivo(reports_visible_to(user)))
    return OfficerInbox(
        received=counts.get(ReportStatus.RECEIVED, 0),
        investigating=counts.get(ReportStatus.INVESTIGATING, 0),
        awaiting_ivo=len(awaiting),
        ivo_overdue=_escalated(awaiting, today),
        measures=list(measures_due(user, today)),
    )


def measures_due(user: Any, today: dt.date) -> QuerySet[Measure]:
    """Measures of the officer's reports whose follow-up day has come and that are not yet
    followed up: the officer's to-dos, gone once followed up."""
    return (
        Measure.objects.filter(
            report__in=reports_visible_to(user).values("pk"),
            follow_up_on__lte=today,
            followed_up_on__isnull=True,
        )
        .select_related("report")
        .order_by("follow_up_on", "pk")
    )


def manager_ivo_escalations(user: Any, today: dt.date) -> list[IvoDue]:
    """The manager's Jobbtorg's serious reports overdue at IVO (reference numbers only)."""
    reports = Report.objects.filter(job_centre_id=user.job_centre_id)
    return overdue_at_ivo(reports, today)


def reports_listed(user: Any, *, status: str = "") -> QuerySet[Report]:
    """The officer's list, newest first, optionally of one status. The page pages it and
    records the page shown with `audit.lex_sarah_reports_listed`."""
    reports = reports_visible_to(user)
    if status:
        reports = reports.filter(status=status)
    return reports.order_by("-reported_at")


def reports_page_shown(
    *,
    user: Any,
    status: str,
    page_number: Any,
    page_size: int,
    audit_context: audit.AuditContext,
) -> tuple[Page, dict[str, int]]:
    """One page of the officer's list (`reports_listed`), each report marked whether its
    notification to IVO is recorded (`ivo_notified`), and the counts per status (which also
    count the pages); the reports shown are recorded in one read-audit entry."""
    counts = report_counts(user)
    total = counts.get(status, 0) if status else sum(counts.values())
    reports = reports_listed(user, status=status).annotate(ivo_notified=_notified())
    page = CountedPaginator(reports, page_size, count=total).get_page(page_number)
    with transaction.atomic():
        audit.lex_sarah_reports_listed(audit_context, page.object_list)
    return page, counts


def report_for_officer(user: Any, report_id: int) -> Report | None:
    """One report the officer handles; None outside their units (the page answers 404)."""
    return (
        reports_visible_to(user)
        .select_related("participant", "closed_by")
        .filter(pk=report_id)
        .first()
    )


def measure_for_officer(user: Any, measure_id: int) -> Measure | None:
    """One measure of a report the officer handles; None outside their units."""
    return (
        Measure.objects.filter(pk=measure_id, report__in=reports_visible_to(user).values("pk"))
        .select_related("report", "report__job_centre")
        .first()
    )


def investigation_versions(report: Report) -> QuerySet[InvestigationVersion]:
    """Every saved version of the investigation, the newest (the current one) first."""
    return report.investigation_versions.select_related("written_by").order_by("-number")


def ivo_documents_sent(report: Report) -> QuerySet[IvoSubmission]:
    return report.ivo_submissions.select_related("recorded_by").order_by("sent_on", "pk")


def report_shown(
    *, user: Any, report: Report, audit_context: audit.AuditContext, part: str = ""
) -> Report:
    """A report read in full by an officer (the caller found it in `reports_visible_to`);
    `part` names what of it was shown when not the whole (the investigation form)."""
    audit.lex_sarah_report_viewed(audit_context, report, part=part)
    return report


def investigation_version_shown(
    *, user: Any, report: Report, number: int, audit_context: audit.AuditContext
) -> InvestigationVersion | None:
    """One version of the report's investigation, read by an officer; None (and nothing
    recorded) for a number the report does not have."""
    version = investigation_versions(report).filter(number=number).first()
    if version is not None:
        audit.lex_sarah_report_viewed(audit_context, report, part=f"version {number}")
    return version


def status_shown(*, report: Report, audit_context: audit.AuditContext) -> Report:
    """The reporter's view of their own report: the receipt and the status."""
    audit.lex_sarah_report_viewed(audit_context, report, part="status")
    return report


def ivo_document_produced(
    *, user: Any, report: Report, kind: str, audit_context: audit.AuditContext, today: dt.date
) -> IvoDocument | None:
    """A document to IVO produced by an officer of the report (the caller found it in
    `reports_visible_to`), with the investigation version it shows in the audit log; None,
    and nothing logged, when the report has no such document."""
    document = ivo_document(officer=user, report=report, kind=kind, today=today)
    if document is not None:
        audit.lex_sarah_ivo_document_produced(
            audit_context, report, kind=kind, version=document.investigation_number
        )
    return document
