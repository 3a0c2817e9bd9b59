"""An upload checked and imported by real `jobbtorg worker` processes against a SQLite file: the
first worker is killed in the middle of the import, the next one goes on after the people
already written, and every person is imported, and audited, once."""

import signal
import sqlite3
import subprocess
import zipfile
from pathlib import Path

from tests.factories import valid_personal_identity_number
from tests.worker_processes import JOBBTORG, REPO, start_worker, wait_for, worker_env

PEOPLE = 120
# One person a transaction, so that the import is still under way when the worker is killed.
ONE_BY_ONE = {"JOBBTORG_TRANSFER_BATCH_PEOPLE": "1"}


def _transfer_zip(path: Path) -> None:
    participants = (
        "personnummer,first_name,last_name,home_district,target_group,referred_on,enrolled_on\n"
    )
    assistance = "personnummer,month,amount_sek\n"
    for n in range(PEOPLE):
        number = valid_personal_identity_number(500 + n)
        participants += f"{number},Namn{n},Efternamn,farsta,resurs,2026-01-10,\n"
        assistance += f"{number},2026-01,4000\n"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("participants.csv", participants)
        archive.writestr("assistance.csv", assistance)


def _shell(database: Path, code: str) -> None:
    subprocess.run(
        [*JOBBTORG, "shell", "-c", code],
        env=worker_env(database, **ONE_BY_ONE),
        cwd=REPO,
        check=True,
        timeout=120,
    )


AS_ADMINISTRATOR = (
    "from jobbtorg.core.audit.events import AuditContext; "
    "from jobbtorg.core.audit.models import AuditChannel; "
    "from jobbtorg.core.roles import Role; "
    "from jobbtorg.organisation.models import User; "
    "user, _ = User.objects.get_or_create(username='admin', role=Role.ADMINISTRATOR); "
    "context = AuditContext(actor=user, channel=AuditChannel.PAGE, ip_address='192.0.2.7', "
    "path='/overforing/'); "
)


def _query(database: Path, sql: str) -> tuple:
    with sqlite3.connect(database) as db:
        return db.execute(sql).fetchone()


def _run(database: Path) -> tuple:
    return _query(
        database,
        "SELECT status, json_extract(progress, '$.people.done'), attempts, resumed_after "
        "FROM transfer_importrun",
    )


def test_a_worker_killed_in_the_import_is_followed_by_one_that_finishes_it(
    worker_database, tmp_path
):
    database = worker_database
    upload = tmp_path / "overforing.zip"
    _transfer_zip(upload)
    _shell(
        database,
        AS_ADMINISTRATOR + "from django.core.files.uploadedfile import SimpleUploadedFile; "
        "from jobbtorg.transfer.services.uploads import upload_start; "
        f"upload_start(actor=user, upload=SimpleUploadedFile('overforing.zip', "
        f"open({str(upload)!r}, 'rb').read()), audit_context=context)",
    )
    first = start_worker(database, "first", **ONE_BY_ONE)
    try:
        wait_for(lambda: _run(database)[0] != "validating", timeout=120)
        assert _run(database)[0] == "validated"
        _shell(
            database,
            AS_ADMINISTRATOR + "from jobbtorg.transfer.models import ImportRun; "
            "from jobbtorg.transfer.services.uploads import upload_confirm; "
            "upload_confirm(actor=user, run=ImportRun.objects.get(), audit_context=context)",
        )
        wait_for(lambda: (_run(database)[1] or 0) >= 10, timeout=120)
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
    status, killed_at, _attempts, _resumed = _run(database)
    assert status == "importing" and 10 <= killed_at < PEOPLE, (status, killed_at)

    second = start_worker(database, "second", JOBBTORG_WORKER_LOST_AFTER_SECONDS="2", **ONE_BY_ONE)
    try:
        wait_for(lambda: _run(database)[0] == "done", timeout=180)
    finally:
        second.send_signal(signal.SIGTERM)
        second.communicate(timeout=30)

    status, done, attempts, resumed_after = _run(database)
    assert (status, done, attempts, resumed_after) == ("done", PEOPLE, 2, killed_at)
    assert _query(database, "SELECT count(*) FROM participants_participant") == (PEOPLE,)
    assert _query(database, "SELECT count(*) FROM transfer_assistancemonth") == (PEOPLE,)
    assert _query(
        database,
        "SELECT count(*), count(DISTINCT participant_id), min(ip_address) FROM core_auditentry "
        "WHERE action = 'transfer.person_imported'",
    ) == (PEOPLE, PEOPLE, "192.0.2.7")
    assert _query(
        database,
        "SELECT json_extract(reconciliation, '$.participants.created') FROM transfer_importrun",
    ) == (PEOPLE,)
