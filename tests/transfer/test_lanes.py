"""The command writes two batches at once on two connections (`services/lanes.py`, PostgreSQL):
the same rows, counts and audit chain as one batch at a time; the batches commit in order, so
that a batch that fails leaves those before it written, whole, and none after, and the command
run again goes on after them."""

import pytest
from django.core.management import call_command
from django.db import connection

from jobbtorg.core.audit.verification import verify_chain
from jobbtorg.participants.models import Participant
from jobbtorg.transfer.models import ImportRun, RunStatus
from jobbtorg.transfer.services import lanes
from tests.transfer.test_tasks import (  # noqa: F401 - the fixtures, used by name
    PEOPLE,
    data_dir,
    imported_once,
    transfer_zip,
)
from tests.transfer.test_tasks import stop_in_second_batch as stop_in_second_batch  # noqa: F401

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="two connections write at once on PostgreSQL only (SQLite has one writer)",
    ),
    # The second connection sees only what is committed.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def lanes_used(monkeypatch):
    """The batches each lane wrote, in the order they were handed out."""
    seen: list[list[str]] = []
    original = lanes.in_turn

    def counting(batches, write):
        for job in original(batches, write):
            seen.append(job.numbers)
            yield job

    monkeypatch.setattr(lanes, "in_turn", counting)
    return seen


def _import(tmp_path) -> None:
    path = tmp_path / "overforing.zip"
    path.write_bytes(transfer_zip(PEOPLE).read())
    call_command("transfer", "import", str(path))


def test_two_batches_at_once_write_what_one_at_a_time_writes(staff, settings, tmp_path, lanes_used):
    settings.JOBBTORG_TRANSFER_BATCH_PEOPLE = 2
    _import(tmp_path)
    run = ImportRun.objects.get()
    assert run.status == RunStatus.DONE
    assert lanes_used == [sorted(PEOPLE)[0:2], sorted(PEOPLE)[2:4], sorted(PEOPLE)[4:5]]
    assert run.reconciliation["participants"]["created"] == 5
    assert run.reconciliation["assistance"]["created"] == 10
    assert run.progress["people"] == {"done": 5, "total": 5}
    imported_once(PEOPLE)
    assert verify_chain().intact


@pytest.mark.parametrize("how", [RuntimeError("the disk is full"), KeyboardInterrupt()])
def test_a_batch_that_fails_leaves_those_before_it_and_none_after(
    staff, stop_in_second_batch, tmp_path, lanes_used, how
):
    stop_in_second_batch(how)
    with pytest.raises(type(how)):
        _import(tmp_path)
    stopped = ImportRun.objects.get()
    assert stopped.status == RunStatus.FAILED
    # The first batch whole; nothing of the second, nor of the third, written beside it.
    assert stopped.checkpoint["people_done"] == 2
    assert (
        sorted(Participant.objects.values_list("personal_identity_number", flat=True))
        == (sorted(PEOPLE)[:2])
    )
    imported_once(sorted(PEOPLE)[:2])

    _import(tmp_path)
    again = ImportRun.objects.exclude(pk=stopped.pk).get()
    assert again.status == RunStatus.DONE
    assert again.reconciliation["participants"]["unchanged"] == 2
    imported_once(PEOPLE)
    assert verify_chain().intact
