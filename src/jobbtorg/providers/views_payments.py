"""Ersättning: the monthly payment runs (R27). Managers preview, approve and export;
administrators preview, view and export; everyone else gets 403. Thin: the services in
providers/payments.py decide and write, with their audit entries."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jobbtorg.core.audit import events as audit
from jobbtorg.core.audit.events import AuditContext
from jobbtorg.core.audit.models import AuditChannel
from jobbtorg.core.web import call_for_button, call_service
from jobbtorg.participants.selectors import referrals_visible_to
from jobbtorg.providers.models import PaymentRun, PaymentRunStatus
from jobbtorg.providers.payment_exports import invoice_basis_csv, invoice_basis_xlsx
from jobbtorg.providers.payments import (
    ROLES_THAT_APPROVE,
    ROLES_THAT_PREVIEW,
    payment_run_approve,
    payment_run_discard,
    payment_run_preview,
    run_lines_by_provider,
    run_participations,
    run_ref,
)


class MonthForm(forms.Form):
    month = forms.CharField(
        label=gettext_lazy("Month"),
        help_text=gettext_lazy("YYYY-MM, for example 2026-04. This month or earlier."),
        max_length=7,
        error_messages={"required": gettext_lazy("Give the month as YYYY-MM.")},
    )


def _require_role(request: HttpRequest) -> None:
    if getattr(request.user, "role", "") not in ROLES_THAT_PREVIEW:
        raise PermissionDenied(_("Jobbtorg managers and administrators see the payment runs."))


def _run(run_id: int) -> PaymentRun:
    run = PaymentRun.objects.select_related("created_by", "approved_by").filter(pk=run_id).first()
    if run is None:
        raise Http404
    return run


@login_required
@require_http_methods(["GET", "POST"])
def run_list(request: HttpRequest) -> HttpResponse:
    _require_role(request)
    initial = {"month": f"{timezone.localdate():%Y-%m}"}
    form = MonthForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        run = call_service(
            form,
            payment_run_preview,
            ctx=AuditContext.from_request(request),
            month=form.cleaned_data["month"],
        )
        if run is not None:
            return redirect("payments:run", run_id=run.pk)
    runs = PaymentRun.objects.select_related("created_by", "approved_by")[:36]
    return render(request, "payments/run_list.html", {"form": form, "runs": runs})


@login_required
@require_GET
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    _require_role(request)
    run = _run(run_id)
    groups = run_lines_by_provider(run)
    referral_ids = {line.participation.referral_id for group in groups for line in group.lines}
    visible = set(
        referrals_visible_to(request.user).filter(pk__in=referral_ids).values_list("pk", flat=True)
    )
    with transaction.atomic():
        audit.payment_run_viewed(AuditContext.from_request(request), run, run_participations(run))
    return render(
        request,
        "payments/run_detail.html",
        {
            "run": run,
            "run_ref": run_ref(run),
            "groups": groups,
            "visible_referrals": visible,
            "total": sum((group.total for group in groups), 0),
            "can_approve": run.status == PaymentRunStatus.PREVIEW
            and getattr(request.user, "role", "") in ROLES_THAT_APPROVE,
            "can_discard": run.status == PaymentRunStatus.PREVIEW,
            "can_export": run.status == PaymentRunStatus.APPROVED,
        },
    )


def _act(request: HttpRequest, run_id: int, service, done: str) -> HttpResponse:  # type: ignore[no-untyped-def]
    _require_role(request)
    run = _run(run_id)
    if call_for_button(request, service, AuditContext.from_request(request), run) is not None:
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
    _require_role(request)
    run = _run(run_id)
    # Only an approved run is an invoice basis; a preview has none to download.
    if run.status != PaymentRunStatus.APPROVED:
        raise Http404
    groups = run_lines_by_provider(run)
    if extension == "csv":
        body = invoice_basis_csv(run, groups)
        content_type = "text/csv; charset=utf-8"
    else:
        body = invoice_basis_xlsx(run, groups)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    with transaction.atomic():
        audit.payment_run_exported(
            AuditContext.from_request(request, AuditChannel.EXPORT), run, run_participations(run)
        )
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
