"""The upload's check and import are tasks: the worker writes in the name of the request that
asked, one confirm starts one import, an import a worker died in goes on after the people it
had written (each imported once, each audited once), and a run never stays "importing" when
its task is over."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from jobbtorg.core.audit.models import AuditAction, AuditEntry
from jobbtorg.participants.models import Participant
from jobbtorg.plans.models import PlanActivity, PlanVersion
from jobbtorg.transfer.models import AssistanceMonth, ImportRun, RunStatus
from jobbtorg.transfer.services import imports
from jobbtorg.transfer.tasks import import_transfer_file
from tests.conftest import client_for
from tests.factories import valid_personal_identity_number

PEOPLE = [valid_personal_identity_number(300 + n) for n in range(5)]


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path


def transfer_zip(numbers: list[str]) -> SimpleUploadedFile:
    """Each person with a case, a plan with an activity, an interruption whose reason (other)
    is not described (imported with a warning) and two months of assistance."""
    files = {
        "participants": "personnummer,first_name,last_name,home_district,target_group,"
        "referred_on,enrolled_on\n",
        "plans": "personnummer,plan_ref,drawn_up_on,start,end,approved_on\n",
        "activities": "personnummer,plan_ref,activity_type,provider,start,end,status\n",
        "interruptions": "personnummer,reason,start,end\n",
        "assistance": "personnummer,month,amount_sek\n",
    }
    for n, number in enumerate(numbers):
        files["participants"] += f"{number},Namn{n},Efternamn,farsta,resurs,2026-01-10,2026-01-20\n"
        files["plans"] += f"{number},P1,2026-01-21,2026-01-22,2026-04-30,2026-01-22\n"
        files["activities"] += f"{number},P1,job_search,Jobbtorget,2026-01-22,2026-02-28,ongoing\n"
        files["interruptions"] += f"{number},other,2026-02-01,2026-02-10\n"
        files["assistance"] += f"{number},2026-01,5000\n{number},2026-02,5100\n"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(f"{name}.csv", text)
    return SimpleUploadedFile("overforing.zip", buffer.getvalue())


def upload(client: Client, numbers: list[str] = PEOPLE) -> ImportRun:
    client.post(reverse("transfer:upload"), {"file": transfer_zip(numbers)})
    return ImportRun.objects.order_by("-id").first()


def confirm(client: Client, run: ImportRun) -> str:
    """Press "Import"; the page the person lands on."""
    response = client.post(reverse("transfer:confirm", args=[run.pk]), follow=True)
    run.refresh_from_db()
    return response.content.decode()


def imported_once(numbers: list[str]) -> None:
    """Every person, their case's plan, activity and assistance once; one audit entry each."""
    people = Participant.objects.filter(personal_identity_number__in=numbers)
    assert sorted(people.values_list("personal_identity_number", flat=True)) == sorted(numbers)
    assert PlanVersion.objects.filter(referral__participant__in=people).count() == len(numbers)
    assert PlanActivity.objects.filter(plan__referral__participant__in=people).count() == len(
        numbers
    )
    assert AssistanceMonth.objects.filter(personal_identity_number__in=numbers).count() == 2 * len(
        numbers
    )
    entries = AuditEntry.objects.filter(action=AuditAction.TRANSFER_PERSON_IMPORTED)
    assert sorted(
        entries.values_list("participant__personal_identity_number", flat=True)
    ) == sorted(numbers)


class WorkerKilled(BaseException):
    """What a worker's death looks like from inside the task: nothing after it runs."""


@pytest.fixture
def stop_in_second_batch(monkeypatch, settings):
    """Batches of two people; the writing of exits, the fifth writer, breaks in the second
    batch (the third and fourth person), once, with `how` (an error, or the worker's death).
    Found by its people, not by the order of the calls: batches written at once on two
    connections (`test_lanes.py`) may call in either order."""
    settings.JOBBTORG_TRANSFER_BATCH_PEOPLE = 2
    third = sorted(PEOPLE)[2]

    def arm(how: BaseException) -> None:
        original = imports.write_exits
        broken: list[bool] = []

        def breaking(importer, records):
            if not broken and any(r.personnummer == third for r in records.participants):
                broken.append(True)
                raise how
            original(importer, records)

        writers = list(imports.WRITERS)
        writers[writers.index(original)] = breaking
        monkeypatch.setattr(imports, "WRITERS", tuple(writers))

    return arm


def test_the_worker_writes_the_audit_entries_in_the_name_of_the_request(staff):
    uploader = Client(REMOTE_ADDR="198.51.100.4")
    uploader.force_login(staff.manager_sydost)
    run = upload(uploader)
    confirmer = Client(REMOTE_ADDR="198.51.100.9")
    confirmer.force_login(staff.administrator)
    confirm(confirmer, run)
    assert run.status == RunStatus.DONE
    check, done = AuditEntry.objects.filter(action=AuditAction.TRANSFER_IMPORTED).order_by("id")
    assert (check.actor, check.ip_address, check.path) == (
        staff.manager_sydost,
        "198.51.100.4",
        reverse("transfer:upload"),
    )
    assert (done.actor, done.ip_address, done.path) == (
        staff.administrator,
        "198.51.100.9",
        reverse("transfer:confirm", args=[run.pk]),
    )
    people = AuditEntry.objects.filter(action=AuditAction.TRANSFER_PERSON_IMPORTED)
    assert {(e.actor, e.ip_address) for e in people} == {(staff.administrator, "198.51.100.9")}


def test_the_run_keeps_how_far_each_file_came(staff):
    client = client_for(staff.administrator)
    run = upload(client)
    assert run.progress["people"] == {"done": 5, "total": 5}
    assert run.progress["files"]["assistance"] == {"done": 10, "total": 10}
    confirm(client, run)
    assert run.progress["step"] == "import"
    assert run.progress["files"]["activities"] == {"done": 5, "total": 5}
    assert run.attempts == 1 and run.resumed_at is None


def test_a_second_confirm_imports_nothing_more_and_says_so(staff):
    client = client_for(staff.administrator, language="en")
    run = upload(client)
    confirm(client, run)
    page = confirm(client, run)
    assert "The file is already imported." in page
    imported_once(PEOPLE)


def test_a_worker_that_dies_in_the_import_is_followed_by_one_that_goes_on(
    staff, stop_in_second_batch
):
    client = client_for(staff.administrator, language="en")
    run = upload(client)
    stop_in_second_batch(WorkerKilled())
    confirm(client, run)
    # The first batch is in, whole; nothing of the second.
    assert run.status == RunStatus.IMPORTING
    assert run.checkpoint["people_done"] == 2
    assert Participant.objects.count() == 2
    assert AuditEntry.objects.filter(action=AuditAction.TRANSFER_PERSON_IMPORTED).count() == 2

    # The queue gives the task to another worker.
    import_transfer_file.call(run.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert (run.attempts, run.resumed_after) == (2, 2)
    imported_once(PEOPLE)
    assert run.reconciliation["participants"]["created"] == 5
    assert run.reconciliation["assistance"]["created"] == 10
    # The warnings of the batch written before the worker died are kept with the checkpoint.
    assert run.reconciliation["interruptions"]["warnings"] == 5 and run.warnings_total == 5
    page = client.get(reverse("transfer:run", args=[run.pk])).content.decode()
    assert "interrupted and resumed at" in page and "after 2 people" in page
    assert "(attempt 2)" in page


def test_an_import_that_failed_part_way_goes_on_when_confirmed_again(staff, stop_in_second_batch):
    client = client_for(staff.administrator)
    run = upload(client)
    stop_in_second_batch(RuntimeError("the disk is full"))
    confirm(client, run)
    assert run.status == RunStatus.FAILED
    page = client.get(reverse("transfer:run", args=[run.pk])).content.decode()
    assert "Importen avbröts efter 2 av 5 personer." in page
    assert "Fortsätt importen" in page and "disk" not in page

    confirm(client, run)
    assert run.status == RunStatus.DONE
    imported_once(PEOPLE)
    assert run.reconciliation["participants"]["created"] == 5


def test_an_import_again_of_the_same_file_changes_nothing_and_audits_nobody(staff):
    client = client_for(staff.administrator)
    confirm(client, upload(client))
    run = upload(client)
    confirm(client, run)
    assert run.reconciliation["participants"] == {
        "read": 5,
        "created": 0,
        "updated": 0,
        "unchanged": 5,
        "rejected": 0,
        "warnings": 0,
    }
    imported_once(PEOPLE)


def test_a_run_started_before_the_worker_shows_as_failed(staff):
    """A run a thread of the web process was working on when it stopped has no task."""
    client = client_for(staff.administrator)
    run = upload(client)
    ImportRun.objects.filter(pk=run.pk).update(status=RunStatus.IMPORTING, task_id="")
    page = client.get(reverse("transfer:run", args=[run.pk])).content.decode()
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert "Importen kunde inte slutföras" in page


# On the database queue, run by the worker loop in this process (`task_queue`).


def test_an_upload_waits_in_the_queue_until_a_worker_checks_it(staff, task_queue):
    client = client_for(staff.administrator)
    run = upload(client)
    assert run.status == RunStatus.VALIDATING
    assert len(task_queue.waiting()) == 1
    page = client.get(reverse("transfer:run", args=[run.pk])).content.decode()
    assert "Väntar på sin tur i kön." in page
    task_queue.run()
    run.refresh_from_db()
    assert run.status == RunStatus.VALIDATED
    assert not Participant.objects.exists()


def test_two_confirms_start_one_import(staff, task_queue):
    first = client_for(staff.administrator, language="en")
    run = upload(first)
    task_queue.run()
    confirm(first, run)
    # The same file in a second tab, confirmed before the worker has begun.
    page = confirm(client_for(staff.administrator, language="en"), run)
    assert "The import has already started. This page shows how far it has come." in page
    assert len(task_queue.waiting()) == 1
    task_queue.run()
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    imported_once(PEOPLE)


@pytest.mark.parametrize("end", ["the queue gave up on it", "it is gone from the queue"])
def test_a_run_whose_task_is_over_without_it_shows_as_failed(staff, task_queue, end):
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    client = client_for(staff.administrator)
    run = upload(client)
    task_queue.run()
    confirm(client, run)
    task = DBTaskResult.objects.filter(id=run.task_id)
    if end == "it is gone from the queue":
        task.delete()
    else:
        task.update(status=TaskResultStatus.FAILED)
    page = client.get(reverse("transfer:run", args=[run.pk])).content.decode()
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert "Importen kunde inte slutföras; ingenting skrevs." in page
    assert "Fortsätt importen" in page


def test_a_command_import_stopped_part_way_leaves_its_run_failed_and_goes_on_when_run_again(
    staff, stop_in_second_batch, tmp_path
):
    from django.core.management import call_command

    path = tmp_path / "overforing.zip"
    path.write_bytes(transfer_zip(PEOPLE).read())
    stop_in_second_batch(KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        call_command("transfer", "import", str(path))
    stopped = ImportRun.objects.get()
    assert stopped.status == RunStatus.FAILED
    assert "Importen avbröts efter 2 av 5 personer." in stopped.message
    assert Participant.objects.count() == 2

    call_command("transfer", "import", str(path))
    again = ImportRun.objects.exclude(pk=stopped.pk).get()
    assert again.status == RunStatus.DONE
    assert again.reconciliation["participants"]["unchanged"] == 2
    imported_once(PEOPLE)


def test_an_import_asks_the_worker_for_a_fresh_matching_index(staff, task_queue, monkeypatch):
    """The import writes in bulk (no save signals): it asks for the rebuild itself, once."""
    from jobbtorg.matching import index_store

    monkeypatch.setattr(index_store, "is_stored", lambda: True)
    client = client_for(staff.administrator)
    run = upload(client)
    task_queue.run()
    confirm(client, run)
    ran = task_queue.run(worker_id="importer")

    assert [r.task_path.rsplit(".", 1)[-1] for r in ran] == [
        "import_transfer_file",
        "rebuild_matching_index",
    ]


def test_the_page_sees_how_many_people_there_are_before_the_first_batch_is_in(staff, monkeypatch):
    """The file is read and spooled before anything is written: the run says how many people
    it holds from then on, to another connection too (the update is not in a batch's
    transaction)."""
    client = client_for(staff.administrator)
    run = upload(client)
    seen = []

    def looking(importer, records):
        seen.append(ImportRun.objects.get(pk=run.pk).progress)
        raise RuntimeError("stop at the first batch")

    monkeypatch.setattr(imports, "WRITERS", (looking, *imports.WRITERS[1:]))
    confirm(client, run)
    assert seen[0]["step"] == "import"
    assert seen[0]["people"] == {"done": 0, "total": 5}
    assert run.status == RunStatus.FAILED
    assert not Participant.objects.filter(personal_identity_number__in=PEOPLE).exists()
