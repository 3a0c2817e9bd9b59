"""Ersättning: the monthly payment runs (R27). Managers preview, approve and export;
administrators preview, view and export; everyone else gets 403 on the list and 404 on a run
(no run is in their scope). Thin: the services decide and
write, the selectors read and log who was seen."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jobbtorg.core.audit.events import AuditContext
from jobbtorg.core.audit.models import AuditChannel
from jobbtorg.core.web import audit_context, call_for_button, call_service
from jobbtorg.payments.exports import invoice_basis_csv, invoice_basis_xlsx
from jobbtorg.payments.forms import MonthForm
from jobbtorg.payments.permissions import (
    can_approve_payment_run,
    can_discard_payment_run,
    can_export_payment_run,
    can_view_payment_runs,
)
from jobbtorg.payments.reasons import problem_text
from jobbtorg.payments.selectors import (
    payment_run_exported,
    payment_run_get,
    payment_run_shown,
    payment_runs_visible_to,
)
from jobbtorg.payments.services import (
    payment_run_approve,
    payment_run_discard,
    payment_run_preview,
    run_ref,
)


def _require_viewer(request: HttpRequest) -> None:
    if not can_view_payment_runs(request.user):
        raise PermissionDenied(_("Jobbtorg managers and administrators see the payment runs."))


@login_required
@require_http_methods(["GET", "POST"])
def run_list(request: HttpRequest) -> HttpResponse:
    _require_viewer(request)
    initial = {"month": f"{timezone.localdate():%Y-%m}"}
    form = MonthForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        run = call_service(
            form,
            payment_run_preview,
            ctx=audit_context(request),
            month=form.cleaned_data["month"],
        )
        if run is not None:
            return redirect("payments:run", run_id=run.pk)
    runs = payment_runs_visible_to(request.user)[:36]
    return render(request, "payments/run_list.html", {"form": form, "runs": runs})


@login_required
@require_GET
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    # A run is outside the scope of anyone who does not make runs: 404 (`payment_run_get`).
    user = request.user
    shown = payment_run_shown(audit_context(request), run_id)
    run = shown.run
    return render(
        request,
        "payments/run_detail.html",
        {
            "run": run,
            "run_ref": run_ref(run),
            "shown": shown,
            "problems": [problem_text(problem) for problem in run.problems],
            "can_approve": can_approve_payment_run(user, run),
            "can_discard": can_discard_payment_run(user, run),
            "can_export": can_export_payment_run(user, run),
        },
    )


def _act(request: HttpRequest, run_id: int, service: Callable[..., Any], done: str) -> HttpResponse:
    run = payment_run_get(request.user, run_id)
    if call_for_button(request, service, audit_context(request), run) is not None:
        messages.success(request, done)
    return redirect("payments:run", run_id=run.pk)


@login_required
@require_POST
def run_approve(request: HttpRequest, run_id: int) -> HttpResponse:
    return _act(request, run_id, payment_run_approve, _("The run is approved."))


@login_required
@require_POST
def run_discard(request: HttpRequest, run_id: int) -> HttpResponse:
    return _act(request, run_id, payment_run_discard, _("The preview is discarded."))


def _export(request: HttpRequest, run_id: int, extension: str) -> HttpResponse:
    run = payment_run_get(request.user, run_id)
    # Only an approved run is an invoice basis; a preview has none to download.
    if not can_export_payment_run(request.user, run):
        raise Http404
    groups = payment_run_exported(AuditContext.from_request(request, AuditChannel.EXPORT), run)
    if extension == "csv":
        body = invoice_basis_csv(run, groups)
        content_type = "text/csv; charset=utf-8"
    else:
        body = invoice_basis_xlsx(run, groups)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(body, content_type=content_type)
    filename = f"ersattning-{run.month:%Y-%m}-{run.pk}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def run_export_csv(request: HttpRequest, run_id: int) -> HttpResponse:
    return _export(request, run_id, "csv")


@login_required
@require_GET
def run_export_xlsx(request: HttpRequest, run_id: int) -> HttpResponse:
    return _export(request, run_id, "xlsx")
