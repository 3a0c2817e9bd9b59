"""The two documents to IVO as PDF, for the officers of the report only: everyone else, the
reporter included, gets 404, as does a report that has no such document (the notification
before a serious assessment, the completed investigation before the report is closed)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_GET

from jobbtorg.core.audit.events import AuditContext
from jobbtorg.lex_sarah.ivo_documents import ivo_document_pdf
from jobbtorg.lex_sarah.models import IvoDocumentKind
from jobbtorg.lex_sarah.permissions import can_handle_report
from jobbtorg.lex_sarah.selectors import ivo_document_produced, reports_visible_to


def _document(request: HttpRequest, report_id: int, kind: str) -> HttpResponse:
    report = get_object_or_404(reports_visible_to(request.user), pk=report_id)
    if not can_handle_report(request.user, report):
        raise Http404
    document = ivo_document_produced(
        user=request.user,
        report=report,
        kind=kind,
        audit_context=AuditContext.from_request(request),
        today=timezone.localdate(),
    )
    if document is None:
        raise Http404
    response = HttpResponse(ivo_document_pdf(document), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{document.filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def notification_pdf(request: HttpRequest, report_id: int) -> HttpResponse:
    return _document(request, report_id, IvoDocumentKind.NOTIFICATION)


@login_required
@require_GET
def investigation_pdf(request: HttpRequest, report_id: int) -> HttpResponse:
    return _document(request, report_id, IvoDocumentKind.INVESTIGATION)
