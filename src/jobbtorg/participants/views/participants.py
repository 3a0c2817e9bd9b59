"""The list of participants, registering a person, and the audit extract (loggutdrag)."""

import csv
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from jobbtorg.core.audit import events as audit
from jobbtorg.core.audit.models import AuditChannel
from jobbtorg.core.audit.verification import (
    AUDIT_CHAIN_HEADER,
    chain_header,
    last_full_check,
    problem_text,
)
from jobbtorg.core.web import call_service
from jobbtorg.engines.cells import neutralised_row
from jobbtorg.participants.forms import ParticipantCreateForm, ParticipantSearchForm
from jobbtorg.participants.permissions import can_pull_audit_extract, can_register_participant
from jobbtorg.participants.selectors import (
    audit_extract_exported,
    audit_extract_shown,
    participant_get,
    participants_shown,
)
from jobbtorg.participants.services.participants import participant_create

AUDIT_EXTRACT_PAGE_SIZE = 100


@login_required
@require_GET
def participant_list(request: HttpRequest) -> HttpResponse:
    form = ParticipantSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    page = participants_shown(
        user=request.user,
        query=query,
        page_number=request.GET.get("sida"),
        page_size=settings.JOBBTORG_PAGE_SIZE,
        audit_context=audit.AuditContext.from_request(request),
    )
    return render(
        request,
        "participants/participant_list.html",
        {
            "form": form,
            "query": query,
            "page": page,
            "may_register": can_register_participant(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def participant_create_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not can_register_participant(user):
        raise PermissionDenied(
            _("Only a district officer registers participants. Ask the person's home district.")
        )
    form = ParticipantCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        participant = call_service(
            form,
            participant_create,
            actor=user,
            audit_context=audit.AuditContext.from_request(request),
            home_district=user.district,  # type: ignore[union-attr]
            **form.cleaned_data,
        )
        if participant is not None:
            messages.success(
                request,
                _("%(name)s is registered.") % {"name": participant.full_name},
            )
            return redirect("web:participant", participant_id=participant.pk)
    return render(
        request,
        "participants/participant_form.html",
        {"form": form, "district": user.district},  # type: ignore[union-attr]
    )


def _audit_extract_participant(request: HttpRequest, participant_id: str) -> Any:
    participant = participant_get(user=request.user, participant_id=participant_id)
    if not can_pull_audit_extract(request.user, participant):
        raise PermissionDenied(
            _("Only the manager of the person's Jobbtorg can pull the audit extract.")
        )
    return participant


@login_required
@require_GET
def audit_extract(request: HttpRequest, participant_id: str) -> HttpResponse:
    participant = _audit_extract_participant(request, participant_id)
    extract = audit_extract_shown(
        participant=participant, audit_context=audit.AuditContext.from_request(request)
    )
    page = Paginator(extract.entries, AUDIT_EXTRACT_PAGE_SIZE).get_page(request.GET.get("sida"))
    return render(
        request,
        "participants/audit_extract.html",
        {
            "participant": participant,
            "page": page,
            "chain": extract.chain,
            "chain_problem": problem_text(extract.chain),
            "last_full_check": last_full_check(),
        },
    )


AUDIT_EXTRACT_CSV_COLUMNS = [
    "occurred_at",
    "actor_username",
    "actor_role",
    "action",
    "channel",
    "object_type",
    "object_id",
    "ip_address",
    "path",
]


@login_required
@require_GET
def audit_extract_csv(request: HttpRequest, participant_id: str) -> HttpResponse:
    participant = _audit_extract_participant(request, participant_id)
    extract = audit_extract_exported(
        participant=participant,
        audit_context=audit.AuditContext.from_request(request, AuditChannel.EXPORT),
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response[AUDIT_CHAIN_HEADER] = chain_header(extract.chain)
    filename = (
        f"loggutdrag-{participant.personal_identity_number}-{timezone.localdate():%Y-%m-%d}.csv"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # A BOM so that Excel, which most managers open it in, reads the Swedish letters right.
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(AUDIT_EXTRACT_CSV_COLUMNS)
    for entry in extract.entries.iterator():
        writer.writerow(
            neutralised_row(
                [
                    timezone.localtime(entry.occurred_at).isoformat(timespec="seconds"),
                    entry.actor_username,
                    entry.actor_role,
                    entry.action,
                    entry.channel,
                    entry.object_type,
                    entry.shown_object_id,
                    entry.ip_address or "",
                    entry.path,
                ]
            )
        )
    return response
