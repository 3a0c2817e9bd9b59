"""The page upload of a transfer file: checked first (a dry run), imported when the person
confirms. A worker does both (`transfer/tasks.py`): each step is enqueued in the transaction
that sets the run's status, and stores its progress on the run for the page (UX.md). The audit
context of the request that asked for a step is kept on the run (`requested`): the worker
writes the entries in its name. A worker that dies in the middle is replaced and the import goes
on after the last batch of people written (`batches.py`)."""

import datetime as dt
import logging
import shutil
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks.base import Task
from django_tasks.exceptions import TaskResultDoesNotExist

from jobbtorg.core.audit.events import AuditContext
from jobbtorg.core.errors import ValidationFailed
from jobbtorg.engines.transfer.read import UnusableInput, open_transfer
from jobbtorg.engines.transfer.write import rejected_rows_path, rejects_path
from jobbtorg.organisation.models import User
from jobbtorg.transfer.models import ImportRun, RunStatus
from jobbtorg.transfer.permissions import require_import_transfer
from jobbtorg.transfer.services.batches import Checkpoint, StreamedTransfer
from jobbtorg.transfer.services.checks import (
    Unit,
    archive_limits,
    checked_transfer,
    refusal_text,
    unit_of,
    uploads_directory,
)
from jobbtorg.transfer.services.imports import transfer_import

logger = logging.getLogger(__name__)
ALLOWED_SUFFIXES = {".zip", ".xlsx"}
MAX_UPLOAD_BYTES = 200 * 1024 * 1024
WORKING = (RunStatus.VALIDATING, RunStatus.IMPORTING)
# A checked file, or an import that failed part-way: the import starts, or goes on.
IMPORTABLE = Q(status=RunStatus.VALIDATED) | (
    Q(status=RunStatus.FAILED, progress__step="import") & ~Q(stored_file="")
)
DISCARDABLE = (RunStatus.VALIDATED, RunStatus.UNUSABLE, RunStatus.FAILED, RunStatus.DISCARDED)


def _step_task(status: str) -> Task[[int], None]:
    # Imported here: the tasks call these services.
    from jobbtorg.transfer import tasks

    return (
        tasks.check_transfer_file if status == RunStatus.VALIDATING else tasks.import_transfer_file
    )


def _enqueue(run_id: int, status: str) -> None:
    """Enqueue the step of a run in `status`; call inside the transaction that set it, so that
    the task is committed with the status or not at all."""
    result = _step_task(status).enqueue(run_id)
    ImportRun.objects.filter(pk=run_id).update(task_id=result.id)


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _remove_files(stored_file: str, *, rejects_too: bool) -> None:
    """The uploaded file; with `rejects_too`, also the rejects written beside it."""
    if not stored_file:
        return
    _remove(Path(stored_file))
    if rejects_too:
        _remove(rejects_path(stored_file))
        _remove(rejected_rows_path(stored_file))


def purge_uploads(now: dt.datetime | None = None) -> int:
    """Delete what uploads left that is older than the retention (the file, its rejects), and
    mark the runs still waiting for a confirmation, or to go on after a failure, as discarded:
    their file is gone. Returns the
    number of files and folders deleted. Run at each upload and by `jobbtorg transfer
    purge-uploads`."""
    cutoff = (now or timezone.now()) - dt.timedelta(
        days=settings.JOBBTORG_TRANSFER_UPLOAD_RETENTION_DAYS
    )
    directory = uploads_directory()
    removed = 0
    if directory.is_dir():
        for entry in directory.iterdir():
            modified = dt.datetime.fromtimestamp(entry.stat().st_mtime, tz=dt.UTC)
            if modified < cutoff:
                _remove(entry)
                removed += 1
    ImportRun.objects.filter(
        created_at__lt=cutoff,
        status__in=[RunStatus.VALIDATED, RunStatus.UNUSABLE, RunStatus.FAILED],
    ).update(status=RunStatus.DISCARDED)
    return removed


def upload_start(*, actor: User, upload: UploadedFile, audit_context: AuditContext) -> ImportRun:
    """Keep the file and start checking it."""
    require_import_transfer(actor)
    purge_uploads()
    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise ValidationFailed(
            {"file": _("Upload a .zip of CSV files or an .xlsx workbook in the transfer format.")}
        )
    if upload.size and upload.size > MAX_UPLOAD_BYTES:
        raise ValidationFailed({"file": _("The file is larger than 200 MB: split it.")})
    directory = uploads_directory()
    directory.mkdir(parents=True, exist_ok=True)
    stored = directory / f"{uuid.uuid4().hex}{suffix}"
    with stored.open("wb") as target:
        for chunk in upload.chunks():
            target.write(chunk)
    with transaction.atomic():
        run = ImportRun.objects.create(
            imported_by=actor,
            source=(upload.name or stored.name)[:500],
            stored_file=str(stored),
            status=RunStatus.VALIDATING,
            dry_run=True,
            progress={"step": "check"},
            requested=audit_context.as_json(),
        )
        _enqueue(run.pk, RunStatus.VALIDATING)
    run.refresh_from_db()
    return run


def upload_confirm(*, actor: User, run: ImportRun, audit_context: AuditContext) -> ImportRun:
    """Import a checked file: its good rows; the rejects stay in the rejects file. After an
    import that failed part-way, the import goes on after the people already written."""
    require_import_transfer(actor)
    with transaction.atomic():
        # Two clicks, two tabs or two people: the one whose update changes the row starts it.
        started = ImportRun.objects.filter(IMPORTABLE, pk=run.pk).update(
            status=RunStatus.IMPORTING,
            progress={"step": "import"},
            requested=audit_context.as_json(),
            message="",
            attempts=0,
            resumed_at=None,
            resumed_after=0,
        )
        if not started:
            raise ValidationFailed({"__all__": _not_importable(run.pk)})
        _enqueue(run.pk, RunStatus.IMPORTING)
    run.refresh_from_db()
    return run


def _not_importable(run_id: int) -> str:
    status = ImportRun.objects.filter(pk=run_id).values_list("status", flat=True).first()
    if status == RunStatus.IMPORTING:
        return _("The import has already started. This page shows how far it has come.")
    if status == RunStatus.DONE:
        return _("The file is already imported.")
    return _("Only a checked file can be imported.")


def upload_discard(*, actor: User, run: ImportRun) -> ImportRun:
    """Throw away a file that was checked and will not be imported, with its rejects."""
    require_import_transfer(actor)
    # Conditional, so that a discard and a confirm at the same moment do not both happen.
    if not ImportRun.objects.filter(pk=run.pk, status__in=DISCARDABLE).update(
        status=RunStatus.DISCARDED
    ):
        raise ValidationFailed(
            {"__all__": _("Only a file that was not imported can be discarded.")}
        )
    _remove_files(run.stored_file, rejects_too=True)
    run.refresh_from_db()
    return run


def settle_abandoned_runs() -> int:
    """Fail the runs still checking or importing whose task is over or gone from the queue: its
    worker gave up (a worker died in it again and again), or the run was started before the
    worker did the work. Without this they would show "importing" for ever. Called by the pages
    that show runs; returns how many were failed."""
    failed = 0
    for run in ImportRun.objects.filter(status__in=WORKING).exclude(stored_file=""):
        if _task_is_over(run):
            message = (
                _import_stopped(run)
                if run.status == RunStatus.IMPORTING
                else _("The check could not be finished. Try again in a while.")
            )
            failed += ImportRun.objects.filter(
                pk=run.pk, status=run.status, task_id=run.task_id
            ).update(status=RunStatus.FAILED, message=message[:2000])
    return failed


def _task_is_over(run: ImportRun) -> bool:
    if not run.task_id:
        return True
    task = _step_task(run.status)
    if not task.get_backend().supports_get_result:
        return False
    try:
        return task.get_result(run.task_id).is_finished
    except TaskResultDoesNotExist:
        return True


@contextmanager
def _checked(run: ImportRun) -> Iterator[tuple[StreamedTransfer, Unit | None]]:
    """The file, checked a batch of people at a time against what the uploader may write: a
    manager's Jobbtorg only."""
    unit = unit_of(run.imported_by)
    with (
        open_transfer(run.stored_file, archive_limits()) as transfer,
        checked_transfer(transfer, unit) as checked,
    ):
        yield checked, unit


def _finish_with(run_id: int, status: RunStatus, message: str) -> None:
    ImportRun.objects.filter(pk=run_id).update(status=status, message=message[:2000])


def _failed(run_id: int, message: Callable[[], str]) -> None:
    """The step broke: the log has the error, the page a sentence the person can act on. What
    broke (a locked database, a bug) is never shown: it means nothing to them and may say
    something about the system."""
    logger.exception("Transfer run %s failed", run_id)
    try:
        _finish_with(run_id, RunStatus.FAILED, message())
    except Exception:  # the database may still be unavailable; the run then stays as it was
        logger.exception("Transfer run %s: could not record the failure", run_id)


def _import_stopped(run: ImportRun) -> str:
    done = Checkpoint.of(run.checkpoint).people_done
    if not done:
        return _("The import could not be finished; nothing was written. Try again.")
    return _(
        "The import stopped after %(done)s of %(total)s people. They are imported in full, "
        "the others not at all: press “Go on with the import” to import the rest."
    ) % {"done": done, "total": run.progress.get("people", {}).get("total", "?")}


def _begin(run_id: int, status: RunStatus) -> ImportRun | None:
    """The run, when it is still waiting for this step (a task enqueued twice, or for a run
    discarded since, does nothing), with the start of this attempt recorded: a worker that died
    in the step leaves it to the next one, and the page says so."""
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().filter(pk=run_id, status=status).first()
        if run is None:
            return None
        run.attempts += 1
        if run.attempts > 1:
            run.resumed_at = timezone.now()
            run.resumed_after = Checkpoint.of(run.checkpoint).people_done
        run.save(update_fields=["attempts", "resumed_at", "resumed_after", "updated_at"])
    return run


def upload_check(*, run_id: int) -> None:
    """The check of an uploaded file (the task's work): a dry run of the import."""
    run = _begin(run_id, RunStatus.VALIDATING)
    if run is None:
        return
    try:
        with _checked(run) as (checked, unit):
            _import_run(run, checked, unit, dry_run=True, finished=RunStatus.VALIDATED)
    except UnusableInput as error:
        stored_as = Path(run.stored_file).name if run.stored_file else ""
        _finish_with(
            run_id,
            RunStatus.UNUSABLE,
            refusal_text(error, uploaded_as=Path(run.source).name, stored_as=stored_as),
        )
    except Exception:  # noqa: BLE001 - the person must see that it failed
        _failed(run_id, lambda: _("The check could not be finished. Try again in a while."))


def _import_run(run: ImportRun, checked: Any, unit: Any, **how: Any) -> Any:
    """`transfer_import` of an uploaded run's checked file, as its requester asked for it; `how`:
    a check only (`dry_run`, `finished`), or the import."""
    return transfer_import(
        result=checked,
        source=run.source,
        actor=run.imported_by,
        audit_context=AuditContext.from_json(run.requested),
        run=run,
        unit=unit,
        rejects_beside=run.stored_file,
        **how,
    )


def upload_import(*, run_id: int) -> None:
    """The import of a checked file (the task's work), after the people a worker that died in
    it already wrote."""
    run = _begin(run_id, RunStatus.IMPORTING)
    if run is None:
        return
    try:
        with _checked(run) as (checked, unit):
            # The worker's own process: two batches at once on two connections.
            run, _table = _import_run(run, checked, unit, overlap=True)
    except Exception:  # noqa: BLE001
        _failed(run_id, lambda: _import_stopped(ImportRun.objects.get(pk=run_id)))
        return
    # Its rows are in the product now; the rejects stay for the person to download until the
    # retention ends.
    _remove_files(run.stored_file, rejects_too=False)
