"""The page upload of a transfer file: checked first (a dry run), imported when the person
confirms. Both steps run in the background and report progress on the run, so that no page
waits on them (UX.md); in tests they run at once (JOBBTORG_TRANSFER_IN_BACKGROUND=False)."""

import datetime as dt
import logging
import shutil
import threading
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import close_old_connections, connections
from django.utils import timezone
from django.utils.translation import gettext as _

from jobbtorg.core.audit.events import AuditContext
from jobbtorg.core.errors import ValidationFailed
from jobbtorg.engines.transfer.read import UnusableInput, read_transfer
from jobbtorg.engines.transfer.validate import validate
from jobbtorg.engines.transfer.write import rejected_rows_path, rejects_path
from jobbtorg.organisation.models import User
from jobbtorg.transfer.models import ImportRun, RunStatus
from jobbtorg.transfer.permissions import require_import_transfer
from jobbtorg.transfer.services.checks import (
    Unit,
    archive_limits,
    known_people,
    known_plans,
    reference_codes,
    refusal_text,
    unit_of,
)
from jobbtorg.transfer.services.imports import transfer_import

logger = logging.getLogger(__name__)
ALLOWED_SUFFIXES = {".zip", ".xlsx"}
MAX_UPLOAD_BYTES = 200 * 1024 * 1024


def _launch(work: Callable[[int], None], run_id: int) -> None:
    if not settings.JOBBTORG_TRANSFER_IN_BACKGROUND:
        work(run_id)
        return

    def in_thread() -> None:
        close_old_connections()
        try:
            work(run_id)
        finally:
            connections.close_all()

    threading.Thread(target=in_thread, name=f"transfer-{run_id}", daemon=True).start()


def uploads_directory() -> Path:
    return Path(settings.DATA_DIR) / "transfers"


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
    mark the runs still waiting for a confirmation as discarded: their file is gone. Returns the
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
        created_at__lt=cutoff, status__in=[RunStatus.VALIDATED, RunStatus.UNUSABLE]
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
    run = ImportRun.objects.create(
        imported_by=actor,
        source=(upload.name or stored.name)[:500],
        stored_file=str(stored),
        status=RunStatus.VALIDATING,
        dry_run=True,
    )
    _contexts[run.pk] = audit_context
    _launch(_check, run.pk)
    run.refresh_from_db()
    return run


def upload_confirm(*, actor: User, run: ImportRun, audit_context: AuditContext) -> ImportRun:
    """Import a checked file: its good rows; the rejects stay in the rejects file."""
    require_import_transfer(actor)
    if run.status != RunStatus.VALIDATED:
        raise ValidationFailed({"__all__": _("Only a checked file can be imported.")})
    ImportRun.objects.filter(pk=run.pk).update(status=RunStatus.IMPORTING, progress={})
    _contexts[run.pk] = audit_context
    _launch(_import, run.pk)
    run.refresh_from_db()
    return run


def upload_discard(*, actor: User, run: ImportRun) -> ImportRun:
    """Throw away a file that was checked and will not be imported, with its rejects."""
    require_import_transfer(actor)
    if run.status in {RunStatus.VALIDATING, RunStatus.IMPORTING, RunStatus.DONE}:
        raise ValidationFailed(
            {"__all__": _("Only a file that was not imported can be discarded.")}
        )
    _remove_files(run.stored_file, rejects_too=True)
    ImportRun.objects.filter(pk=run.pk).update(status=RunStatus.DISCARDED)
    run.refresh_from_db()
    return run


# The audit context of the request that started the work, for the background step.
_contexts: dict[int, AuditContext] = {}


def _validated(run: ImportRun) -> tuple[Any, Unit | None]:
    """The file checked against what the uploader may write: a manager's Jobbtorg only."""
    transfer = read_transfer(run.stored_file, archive_limits())
    unit = unit_of(run.imported_by)
    result = validate(
        transfer,
        reference_codes(unit),
        today=timezone.localdate(),
        known_people=known_people(unit),
        known_plans=known_plans(unit),
        unit=unit.scope if unit is not None else None,
    )
    return result, unit


def _finish_with(run_id: int, status: RunStatus, message: str) -> None:
    ImportRun.objects.filter(pk=run_id).update(status=status, message=message[:2000])


def _failed(run_id: int, message: str) -> None:
    """The step broke: the log has the error, the page a sentence the person can act on. What
    broke (a locked database, a bug) is never shown: it means nothing to them and may say
    something about the system."""
    logger.exception("Transfer run %s failed", run_id)
    try:
        _finish_with(run_id, RunStatus.FAILED, message)
    except Exception:  # the database may still be unavailable; the run then stays as it was
        logger.exception("Transfer run %s: could not record the failure", run_id)


def _check(run_id: int) -> None:
    run = ImportRun.objects.get(pk=run_id)
    try:
        result, unit = _validated(run)
        transfer_import(
            result=result,
            source=run.source,
            actor=run.imported_by,
            audit_context=_contexts.pop(run_id),
            dry_run=True,
            run=run,
            unit=unit,
            rejects_beside=run.stored_file,
        )
    except UnusableInput as error:
        _finish_with(run_id, RunStatus.UNUSABLE, refusal_text(error))
        return
    except Exception:  # noqa: BLE001 - the person must see that it failed
        _failed(run_id, _("The check could not be finished. Try again in a while."))
        return
    ImportRun.objects.filter(pk=run_id).update(status=RunStatus.VALIDATED)


def _import(run_id: int) -> None:
    run = ImportRun.objects.get(pk=run_id)

    def progress(file: str, done: int, total: int) -> None:
        ImportRun.objects.filter(pk=run_id).update(
            progress={"file": file, "done": done, "total": total}
        )

    try:
        result, unit = _validated(run)
        run, _table = transfer_import(
            result=result,
            source=run.source,
            actor=run.imported_by,
            audit_context=_contexts.pop(run_id),
            progress=progress,
            run=run,
            unit=unit,
            rejects_beside=run.stored_file,
        )
    except Exception:  # noqa: BLE001
        _failed(run_id, _("The import could not be finished; nothing was written. Try again."))
        return
    ImportRun.objects.filter(pk=run_id).update(status=RunStatus.DONE, dry_run=False)
    # Its rows are in the product now; the rejects stay for the person to download until the
    # retention ends.
    _remove_files(run.stored_file, rejects_too=False)
