"""Reading transfer runs (`transfer_runs_visible_to`) and the assistance months the transfer
imports (`assistance_months_visible_to`)."""

from typing import Any

from django.db.models import QuerySet

from jobbtorg.participants.selectors import referrals_held_by
from jobbtorg.transfer.models import AssistanceMonth, ImportRun
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


def assistance_months_visible_to(user: Any) -> QuerySet[AssistanceMonth]:
    """A person's assistance months, for the unit that holds the person's case: the Jobbtorg's
    staff and the officers of the district that referred it. Nobody else reads them one by one
    (the key figures and the effect estimate read them as totals; the people in the comparison
    pool, who never had a case, are read by nobody)."""
    held = referrals_held_by(user)
    return AssistanceMonth.objects.filter(participant_id__in=held.values("participant_id"))
