"""Överföring: upload a transfer file, see the check, confirm the import (managers and
administrators)."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jobbtorg.core.audit.events import AuditContext
from jobbtorg.core.audit.models import AuditChannel
from jobbtorg.core.errors import NotAllowed, ValidationFailed
from jobbtorg.core.web import add_service_errors, call_for_button
from jobbtorg.engines.transfer.write import rejects_path
from jobbtorg.transfer.forms import UploadForm
from jobbtorg.transfer.models import ImportRun, RunStatus
from jobbtorg.transfer.permissions import can_import_transfer, import_refusal
from jobbtorg.transfer.selectors import recent_transfer_runs, transfer_run_get
from jobbtorg.transfer.services.uploads import (
    settle_abandoned_runs,
    upload_confirm,
    upload_discard,
    upload_start,
)

COLUMNS = ["read", "created", "updated", "unchanged", "rejected", "warnings"]
WORKING = {RunStatus.VALIDATING, RunStatus.IMPORTING}


def _told(entry: dict[str, Any]) -> dict[str, Any]:
    """A stored reject or warning in the reader's language: its message was stored in the
    run's (a worker's, the installation's), its msgid and params tell it again. A run stored
    before messages had msgids keeps its message."""
    msgid = entry.get("msgid")
    if not msgid:
        return entry
    message = _(msgid)
    params = entry.get("params")
    return {**entry, "message": message % params if params else message}


def _require_importer(request: HttpRequest) -> None:
    if not can_import_transfer(request.user):
        raise PermissionDenied(import_refusal())


def _run(request: HttpRequest, run_id: int) -> ImportRun:
    run = transfer_run_get(request.user, run_id)
    if run is None:
        raise Http404
    return run


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    _require_importer(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            run = upload_start(
                actor=request.user,  # type: ignore[arg-type]
                upload=form.cleaned_data["file"],
                audit_context=AuditContext.from_request(request, AuditChannel.PAGE),
            )
        except ValidationFailed as error:
            add_service_errors(form, error)
        except NotAllowed as error:
            raise PermissionDenied(str(error)) from None
        else:
            return redirect("transfer:run", run_id=run.pk)
    settle_abandoned_runs()
    runs = recent_transfer_runs(request.user)
    return render(request, "transfer/upload.html", {"form": form, "runs": runs})


@login_required
@require_GET
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    _require_importer(request)
    run = _run(request, run_id)
    if run.status in WORKING and settle_abandoned_runs():
        run.refresh_from_db()
    rows = [
        {"file": f"{name}.csv", **{c: counts.get(c, 0) for c in COLUMNS}}
        for name, counts in (run.reconciliation or {}).items()
    ]
    working = run.status in WORKING
    progress = run.progress or {}
    # A page upload that stopped part-way goes on from the page; the command's, from the command.
    import_failed = (
        run.status == RunStatus.FAILED
        and progress.get("step") == "import"
        and bool(run.stored_file)
    )
    has_rejects_file = bool(run.stored_file) and rejects_path(run.stored_file).exists()
    return render(
        request,
        "transfer/run.html",
        {
            "run": run,
            "rows": rows,
            "columns": COLUMNS,
            "working": working,
            "people": progress.get("people"),
            "files": [
                {"file": f"{name}.csv", **counts}
                for name, counts in (progress.get("files") or {}).items()
            ],
            "step": progress.get("step", "check"),
            "import_failed": import_failed,
            "can_confirm": run.status == RunStatus.VALIDATED or import_failed,
            "can_discard": run.status
            in {RunStatus.VALIDATED, RunStatus.UNUSABLE, RunStatus.FAILED},
            "rejects": [_told(entry) for entry in run.rejects_sample],
            "warnings": [_told(entry) for entry in run.warnings_sample],
            "retention_days": settings.JOBBTORG_TRANSFER_UPLOAD_RETENTION_DAYS,
            "has_rejects_file": has_rejects_file and run.rejects_total > 0,
        },
    )


@login_required
@require_POST
def run_confirm(request: HttpRequest, run_id: int) -> HttpResponse:
    _require_importer(request)
    run = _run(request, run_id)
    call_for_button(
        request,
        upload_confirm,
        actor=request.user,
        run=run,
        audit_context=AuditContext.from_request(request, AuditChannel.PAGE),
    )
    return redirect("transfer:run", run_id=run.pk)


@login_required
@require_POST
def run_discard(request: HttpRequest, run_id: int) -> HttpResponse:
    _require_importer(request)
    run = _run(request, run_id)
    call_for_button(request, upload_discard, actor=request.user, run=run)
    return redirect("transfer:run", run_id=run.pk)


@login_required
@require_GET
def run_rejects(request: HttpRequest, run_id: int) -> HttpResponse:
    _require_importer(request)
    run = _run(request, run_id)
    path = rejects_path(run.stored_file) if run.stored_file else None
    if path is None or not Path(path).exists():
        raise Http404
    return FileResponse(
        Path(path).open("rb"),
        as_attachment=True,
        filename=f"avvisade-rader-{run.pk}.csv",
        content_type="text/csv; charset=utf-8",
    )
