"""What asks the worker to refresh the stored key figures and effect estimates: a save of
anything they read (`selectors.FIGURE_SOURCES`).

Signals, not calls in the services: cases, exits, interruptions, plans, places and months of
assistance are written by services of many apps below the follow-up, which may not call it
(the matching index is kept fresh the same way). The receivers decide nothing: they ask for
one refresh, coalesced, inside the transaction of the change (`refresh.records_changed`).
Bulk writes send no post_save: the transfer import, the bulk writer, sends `records_imported`
when it has created or changed rows; the pages' periodic check and the morning refresh catch
anything else.
Deletions are not listened to: only culling deletes these records, and a receiver would make
every deletion of millions of months of assistance load each row to signal it; culling asks
for the refresh itself (`retention/services.py`).
"""

from typing import Any

from django.db.models.signals import post_save

from jobbtorg.followup.selectors import FIGURE_SOURCES
from jobbtorg.followup.services import refresh
from jobbtorg.transfer.signals import records_imported


def figure_source_changed(sender: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # loading a fixture
        return
    refresh.records_changed()


def connect() -> None:
    for model in FIGURE_SOURCES:
        post_save.connect(figure_source_changed, sender=model, dispatch_uid=f"followup-{model}")
    records_imported.connect(figure_source_changed, dispatch_uid="followup-transfer-import")
