"""What asks the worker to rebuild the matching index: a save or delete of anything the index
reads (`feed.INDEX_SOURCES`).

Signals, not calls in the services: cases and interruptions are written by many services of
the participants app (referral, enrolment, first meeting, exit, moves, the demo loader), which
sits below matching and may not call it. The receivers decide nothing: they ask for one
rebuild, inside the transaction of the change. Bulk writes send no signal; the web processes'
periodic key check (`index_store`) catches those.

An exit (`participants.signals.cases_exited`, one or an import's many) closes what matching held
open for the cases.
"""

from typing import Any

from django.db.models.signals import post_delete, post_save

from jobbtorg.matching import index_store
from jobbtorg.matching.feed import INDEX_SOURCES
from jobbtorg.matching.services.proposals import cases_exit_close
from jobbtorg.participants.signals import cases_exited


def index_source_changed(sender: Any, **kwargs: Any) -> None:
    # Before the first index is stored there is nothing to keep fresh: the first page that
    # needs one asks for it (and the suite's factories build nothing).
    if kwargs.get("raw") or not index_store.is_stored():
        return
    index_store.request_rebuild()


def cases_exit_recorded(sender: Any, **kwargs: Any) -> None:
    """The exit's service (participants, below matching) says the cases ended: close what
    matching held open for them, in the exit's transaction. Decides nothing itself."""
    cases_exit_close(kwargs["audit_context"], exits=kwargs["exits"])


def connect() -> None:
    cases_exited.connect(cases_exit_recorded, dispatch_uid="matching-cases-exited")
    for model in INDEX_SOURCES:
        post_save.connect(index_source_changed, sender=model, dispatch_uid=f"matching-{model}")
        post_delete.connect(index_source_changed, sender=model, dispatch_uid=f"matching-d-{model}")
