"""The transfer app's background work: checking an uploaded file and importing it. Each task
is the service's step for one run (`services/uploads.py`); a task run twice, or again after its
worker died, finds the run's state and goes on from there."""

from django_tasks import task

from jobbtorg.transfer.services.uploads import upload_check, upload_import


@task()
def check_transfer_file(run_id: int) -> None:
    upload_check(run_id=run_id)


@task()
def import_transfer_file(run_id: int) -> None:
    upload_import(run_id=run_id)
