"""Reading transfer runs, each through `transfer_runs_visible_to`."""

from typing import Any

from django.db.models import QuerySet

from jobbtorg.transfer.models import ImportRun
from jobbtorg.transfer.permissions import can_import_transfer, can_see_all_transfer_runs


def transfer_runs_visible_to(user: Any) -> QuerySet[ImportRun]:
    """Administrators see every run; a manager the runs they started; anyone else none."""
    if not can_import_transfer(user):
        return ImportRun.objects.none()
    runs = ImportRun.objects.select_related("imported_by")
    return runs if can_see_all_transfer_runs(user) else runs.filter(imported_by=user)


def transfer_run_get(user: Any, run_id: int) -> ImportRun | None:
    """The run, when the user may see it (None otherwise: the page answers 404)."""
    return transfer_runs_visible_to(user).filter(pk=run_id).first()


def recent_transfer_runs(user: Any, limit: int = 20) -> QuerySet[ImportRun]:
    return transfer_runs_visible_to(user).order_by("-created_at")[:limit]
