"""Everyone on staff: file a lex Sarah report, read its receipt, follow one's own reports'
status. Never the investigation: that is the officers' (views/investigation.py)."""

import uuid
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from jobbtorg.core.errors import NotAllowed, ValidationFailed
from jobbtorg.core.roles import Role
from jobbtorg.core.web import add_service_errors, audit_context
from jobbtorg.lex_sarah import selectors, services
from jobbtorg.lex_sarah.forms.reports import ReportForm
from jobbtorg.lex_sarah.permissions import (
    can_designate_officers,
    can_file_report,
    is_lex_sarah_officer,
)
from jobbtorg.participants.models import Participant

# The service's word for a link it refuses; the form then drops the link and keeps the rest.
PARTICIPANT = "participant"


def _require_reporter(request: HttpRequest) -> None:
    if not can_file_report(request.user):
        raise Http404


def _initial(user: Any) -> dict[str, Any]:
    """The reporter's own unit, which the report most often concerns."""
    initial: dict[str, Any] = {}
    if user.job_centre_id and user.job_centre.is_active:
        initial["job_centre"] = user.job_centre_id
    if user.role == Role.PROVIDER_STAFF and user.provider_id and user.provider.is_active:
        initial["provider"] = user.provider_id
    return initial


def _participant_sent(participant_id: uuid.UUID | None) -> Participant | None:
    """The person the form names. The service decides whether the reporter may link them; an
    id that names no one is refused by it as one the reporter may not see."""
    if participant_id is None:
        return None
    return Participant.objects.filter(pk=participant_id).first() or Participant(pk=participant_id)


def _without_link(data: QueryDict) -> QueryDict:
    data = data.copy()
    data[PARTICIPANT] = ""
    return data


@login_required
@require_http_methods(["GET", "POST"])
def file_report(request: HttpRequest) -> HttpResponse:
    _require_reporter(request)
    user = request.user
    if request.method == "POST":
        form = ReportForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                report = services.file_report(
                    reporter=user,
                    kind=data["kind"],
                    what_happened=data["what_happened"],
                    happened_on=data["happened_on"],
                    happened_where=data["happened_where"],
                    affected=data["affected"],
                    immediate_actions=data["immediate_actions"],
                    job_centre=data["job_centre"],
                    provider=data["provider"],
                    participant=_participant_sent(data[PARTICIPANT]),
                    audit_context=audit_context(request),
                )
            except ValidationFailed as error:
                if PARTICIPANT in error.errors:
                    # What was typed stays; the link the reporter may not make goes, so that
                    # sending again files the report without it.
                    form = ReportForm(_without_link(request.POST))
                    form.is_valid()
                add_service_errors(form, error, {PARTICIPANT: "__all__"})
            except NotAllowed as error:
                raise PermissionDenied(str(error)) from None
            else:
                return redirect("lex_sarah:own_report", report_id=report.pk)
        participant = selectors.participant_to_link(user, form.data.get(PARTICIPANT))
    else:
        participant = None
        if "deltagare" in request.GET:
            participant = selectors.participant_to_link(user, request.GET["deltagare"])
            if participant is None:
                raise Http404
        form = ReportForm(
            initial={**_initial(user), PARTICIPANT: participant.pk if participant else None}
        )
    return render(request, "lex_sarah/file_report.html", {"form": form, "participant": participant})


@login_required
@require_GET
def own_report(request: HttpRequest, report_id: int) -> HttpResponse:
    _require_reporter(request)
    report = selectors.own_reports(request.user).filter(pk=report_id).first()
    if report is None:
        raise Http404
    selectors.status_shown(report=report, audit_context=audit_context(request))
    return render(request, "lex_sarah/own_report.html", {"report": report})


@login_required
@require_GET
def own_reports(request: HttpRequest) -> HttpResponse:
    _require_reporter(request)
    page = selectors.own_reports_shown(
        user=request.user,
        page_number=request.GET.get("sida"),
        audit_context=audit_context(request),
    )
    return render(
        request,
        "lex_sarah/own_reports.html",
        {
            "page": page,
            "is_officer": is_lex_sarah_officer(request.user),
            "may_designate": can_designate_officers(request.user),
        },
    )
