"""The lex Sarah officer's pages (R35): the inbox, the report with its IVO record and its
closing, the investigation form and its earlier versions. Only the officers of the report's
unit see them (`reports_visible_to`); everyone else, the reporter too, gets 404."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jobbtorg.core.errors import ConcurrentChange, NotAllowed, ValidationFailed
from jobbtorg.core.web import add_service_errors, audit_context, call_service
from jobbtorg.lex_sarah import selectors, services
from jobbtorg.lex_sarah.forms.investigation import (
    CloseForm,
    FollowUpForm,
    InvestigationForm,
    IvoSentForm,
)
from jobbtorg.lex_sarah.models import IvoDocumentKind, Report, ReportStatus
from jobbtorg.lex_sarah.permissions import is_lex_sarah_officer
from jobbtorg.participants.selectors import participants_visible_to

# The inbox's filter, by the Swedish words in its address (?status=mottagna), with its
# labels in the plural (the statuses' own labels are a report's).
STATUS_FILTERS = {
    "mottagna": ReportStatus.RECEIVED,
    "under-utredning": ReportStatus.INVESTIGATING,
    "avslutade": ReportStatus.CLOSED,
}
FILTER_LABELS = {
    ReportStatus.RECEIVED: pgettext_lazy("lex Sarah reports", "Received"),
    ReportStatus.INVESTIGATING: pgettext_lazy("lex Sarah reports", "Under investigation"),
    ReportStatus.CLOSED: pgettext_lazy("lex Sarah reports", "Closed"),
}
ALL = pgettext_lazy("lex Sarah reports", "All")


def _report_or_404(request: HttpRequest, report_id: int) -> Report:
    report = selectors.report_for_officer(request.user, report_id)
    if report is None:
        raise Http404
    return report


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not is_lex_sarah_officer(user):
        raise Http404
    asked = request.GET.get("status", "")
    status = STATUS_FILTERS.get(asked, "")
    if not status:
        asked = ""
    page, counts = selectors.reports_page_shown(
        user=user,
        status=status,
        page_number=request.GET.get("sida"),
        page_size=settings.JOBBTORG_PAGE_SIZE,
        audit_context=audit_context(request),
    )
    today = timezone.localdate()
    rows = [
        {
            "report": report,
            # Days since a serious assessment, until the notification to IVO is recorded.
            "ivo_due": None if report.ivo_notified else selectors.ivo_due(report, today),
        }
        for report in page.object_list
    ]
    filters = [
        {
            "query": f"?status={word}",
            "label": FILTER_LABELS[value],
            "count": counts[value],
            "current": asked == word,
        }
        for word, value in STATUS_FILTERS.items()
    ]
    filters.append(
        {"query": "?", "label": ALL, "count": sum(counts.values()), "current": not asked}
    )
    return render(
        request,
        "lex_sarah/officer/inbox.html",
        {"page": page, "rows": rows, "filters": filters, "filtered": bool(asked)},
    )


def _render_report(
    request: HttpRequest,
    report: Report,
    *,
    close_form: CloseForm | None = None,
    ivo_form: IvoSentForm | None = None,
    follow_up_forms: dict[int, FollowUpForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The report page; a refused form comes back as typed, with its errors."""
    user = request.user
    selectors.report_shown(user=user, report=report, audit_context=audit_context(request))
    versions = list(selectors.investigation_versions(report))
    participant_url = ""
    if report.participant_id is not None and (
        participants_visible_to(user).filter(pk=report.participant_id).exists()
    ):
        participant_url = reverse("web:participant", args=[report.participant_id])
    sent = list(selectors.ivo_documents_sent(report))
    sent_kinds = {document.kind for document in sent}
    closing = report.status == ReportStatus.INVESTIGATING
    if closing and close_form is None:
        close_form = CloseForm(initial={"expected_version": report.version})
    may_record_ivo = report.is_serious and len(sent_kinds) < len(IvoDocumentKind.values)
    if may_record_ivo and ivo_form is None:
        ivo_form = IvoSentForm(
            initial={
                "kind": IvoDocumentKind.NOTIFICATION
                if IvoDocumentKind.NOTIFICATION not in sent_kinds
                else IvoDocumentKind.INVESTIGATION
            }
        )
    measures = list(report.measures.select_related("followed_up_by").order_by("follow_up_on"))
    forms = follow_up_forms or {}
    measure_rows = [
        {
            "measure": measure,
            "form": None
            if measure.followed_up_on
            else forms.get(measure.pk) or FollowUpForm(auto_id=f"uppfoljning-{measure.pk}-%s"),
        }
        for measure in measures
    ]
    context: dict[str, Any] = {
        "report": report,
        "current": versions[0] if versions else None,
        "earlier": versions[1:],
        "participant_url": participant_url,
        "ivo_due": selectors.ivo_due(report, timezone.localdate()),
        "sent": sent,
        "ivo_form": ivo_form if may_record_ivo else None,
        "close_form": close_form if closing else None,
        "closing_obstacles": services.what_stops_closing(report) if closing else [],
        "measure_rows": measure_rows,
    }
    return render(request, "lex_sarah/officer/report.html", context, status=status)


def _refused_where_no_form_is(request: HttpRequest, form: Any, report: Report) -> HttpResponse:
    """A refusal whose form the report page no longer shows (the report was closed, both IVO
    documents recorded, the measure followed up meanwhile): its messages go above the page."""
    for problems in form.errors.values():
        for problem in problems:
            messages.error(request, problem)
    return redirect("lex_sarah:report", report_id=report.pk)


@login_required
@require_GET
def report(request: HttpRequest, report_id: int) -> HttpResponse:
    return _render_report(request, _report_or_404(request, report_id))


def _changed_since(form: InvestigationForm, current: Any) -> list[dict[str, Any]]:
    """What the other officer saved, where it differs from what this officer typed."""
    rows = []
    for name in (*services.INVESTIGATION_FIELDS, "assessment"):
        theirs = getattr(current, name) if current is not None else ""
        if (form.cleaned_data.get(name) or "") != theirs:
            value = (
                current.get_assessment_display()
                if name == "assessment" and current is not None
                else theirs
            )
            rows.append({"label": form.fields[name].label, "theirs": value})
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def investigate(request: HttpRequest, report_id: int) -> HttpResponse:
    user = request.user
    report = _report_or_404(request, report_id)
    current = services.current_investigation(report)
    context: dict[str, Any] = {"report": report, "current": current}
    if report.status == ReportStatus.CLOSED:
        selectors.report_shown(
            user=user, report=report, audit_context=audit_context(request), part="investigation"
        )
        return render(request, "lex_sarah/officer/investigate.html", context)
    initial: dict[str, Any] = {"expected_version": report.version}
    if current is not None:
        initial.update({name: getattr(current, name) for name in services.INVESTIGATION_FIELDS})
        initial["assessment"] = current.assessment
    form = InvestigationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.save_investigation(
                actor=user,
                report=report,
                expected_version=form.cleaned_data["expected_version"],
                assessment=form.cleaned_data["assessment"],
                audit_context=audit_context(request),
                **form.texts(),
            )
        except ConcurrentChange as error:
            report.refresh_from_db()
            latest = services.current_investigation(report)
            context["changed"] = _changed_since(form, latest)
            # Kept as typed; saving again now knowingly replaces the other version.
            data = request.POST.copy()
            data["expected_version"] = str(report.version)
            form = InvestigationForm(data, initial=initial)
            form.is_valid()
            add_service_errors(form, error)
        except ValidationFailed as error:
            add_service_errors(form, error)
        except NotAllowed:
            raise Http404 from None
        else:
            messages.success(
                request,
                _("Version %(n)d of the investigation is saved.") % {"n": version.number},
            )
            return redirect("lex_sarah:report", report_id=report.pk)
    if request.method == "GET":
        selectors.report_shown(
            user=user, report=report, audit_context=audit_context(request), part="investigation"
        )
    context["form"] = form
    return render(request, "lex_sarah/officer/investigate.html", context)


@login_required
@require_GET
def investigation_version(request: HttpRequest, report_id: int, number: int) -> HttpResponse:
    report = _report_or_404(request, report_id)
    version = selectors.investigation_version_shown(
        user=request.user, report=report, number=number, audit_context=audit_context(request)
    )
    if version is None:
        raise Http404
    latest = services.current_investigation(report)
    return render(
        request,
        "lex_sarah/officer/investigation_version.html",
        {"report": report, "version": version, "is_current": latest == version},
    )


@login_required
@require_POST
def close(request: HttpRequest, report_id: int) -> HttpResponse:
    user = request.user
    report = _report_or_404(request, report_id)
    form = CloseForm(request.POST)
    if form.is_valid():
        measures, field_map = form.measures()
        closed = call_service(
            form,
            services.close_report,
            field_map=field_map,
            actor=user,
            report=report,
            expected_version=form.cleaned_data["expected_version"],
            decision=form.cleaned_data["decision"],
            measures_taken=form.cleaned_data["measures_taken"],
            decided_on=form.cleaned_data["decided_on"],
            measures=measures,
            audit_context=audit_context(request),
        )
        if closed is not None:
            messages.success(
                request, _("The report %(ref)s is closed.") % {"ref": report.reference}
            )
            return redirect("lex_sarah:report", report_id=report.pk)
        report.refresh_from_db()
    if report.status != ReportStatus.INVESTIGATING:
        return _refused_where_no_form_is(request, form, report)
    return _render_report(request, report, close_form=form)


@login_required
@require_POST
def ivo_sent(request: HttpRequest, report_id: int) -> HttpResponse:
    user = request.user
    report = _report_or_404(request, report_id)
    form = IvoSentForm(request.POST)
    if form.is_valid():
        submission = call_service(
            form,
            services.record_ivo_sent,
            actor=user,
            report=report,
            kind=form.cleaned_data["kind"],
            sent_on=form.cleaned_data["sent_on"],
            audit_context=audit_context(request),
        )
        if submission is not None:
            messages.success(
                request,
                _("Recorded: %(document)s sent on %(day)s.")
                % {
                    "document": submission.get_kind_display(),
                    "day": submission.sent_on.isoformat(),
                },
            )
            return redirect("lex_sarah:report", report_id=report.pk)
    if not report.is_serious or report.ivo_submissions.count() >= len(IvoDocumentKind.values):
        return _refused_where_no_form_is(request, form, report)
    return _render_report(request, report, ivo_form=form)


@login_required
@require_POST
def measure_followed_up(request: HttpRequest, measure_id: int) -> HttpResponse:
    user = request.user
    measure = selectors.measure_for_officer(user, measure_id)
    if measure is None:
        raise Http404
    form = FollowUpForm(request.POST, auto_id=f"uppfoljning-{measure.pk}-%s")
    if form.is_valid():
        done = call_service(
            form,
            services.follow_up_measure,
            actor=user,
            measure=measure,
            note=form.cleaned_data["note"],
            audit_context=audit_context(request),
        )
        if done is not None:
            messages.success(request, _("The measure is followed up."))
            return redirect("lex_sarah:report", report_id=measure.report_id)
    measure.refresh_from_db()
    report = _report_or_404(request, measure.report_id)
    if measure.followed_up_on is not None:
        return _refused_where_no_form_is(request, form, report)
    return _render_report(request, report, follow_up_forms={measure.pk: form})
