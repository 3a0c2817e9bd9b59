"""Uploads are bounded: an archive that unpacks to too much is refused before it is read, and
uploaded files do not outlive their use."""

import datetime as dt
import io
import os
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from jobbtorg.engines.transfer.read import ArchiveLimits, ArchiveTooLarge, read_transfer
from jobbtorg.transfer.models import ImportRun
from jobbtorg.transfer.services.uploads import purge_uploads
from tests.conftest import client_for
from tests.factories import valid_personal_identity_number

MB = 1024 * 1024
BOMB_MB = 300
HEADER = b"personnummer,first_name,last_name,home_district,target_group,referred_on,enrolled_on\n"


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path


@pytest.fixture(scope="module")
def bomb(tmp_path_factory) -> Path:
    """A zip of some 300 kB whose participants.csv unpacks to 300 MB (zeros, written in
    pieces so that the test itself never holds it)."""
    path = tmp_path_factory.mktemp("bomb") / "overforing.zip"
    with (
        zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("participants.csv", "w", force_zip64=True) as member,
    ):
        member.write(HEADER)
        zeros = bytes(MB)
        for _ in range(BOMB_MB):
            member.write(zeros)
    assert path.stat().st_size < 2 * MB
    return path


def small_zip(rows: str = "") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("participants.csv", HEADER.decode() + rows)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("limits", "words"),
    [
        (ArchiveLimits(max_unpacked_bytes=100 * MB), "unpacks to more than 100 MB"),
        (ArchiveLimits(max_members=0), "holds 1 files, more than the 0 allowed"),
    ],
)
def test_the_reader_refuses_an_archive_beyond_its_limits(bomb, limits, words):
    with pytest.raises(ArchiveTooLarge) as refused:
        read_transfer(bomb, limits)
    assert words in str(refused.value)


def test_the_default_limits_refuse_the_bomb_without_unpacking_it(bomb):
    tracemalloc.start()
    try:
        with pytest.raises(ArchiveTooLarge):
            read_transfer(bomb, ArchiveLimits(max_unpacked_bytes=256 * MB))
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 5 * MB


def test_a_workbook_is_measured_as_the_zip_it_is(tmp_path):
    import openpyxl

    path = tmp_path / "overforing.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "participants"
    sheet.append(HEADER.decode().strip().split(","))
    for n in range(2000):
        sheet.append([f"Namn{n}"] * 7)
    workbook.save(path)
    with pytest.raises(ArchiveTooLarge):
        read_transfer(path, ArchiveLimits(max_unpacked_bytes=100_000))
    assert read_transfer(path).tables["participants"].rows


def test_an_upload_that_unpacks_to_hundreds_of_megabytes_is_refused_in_bounded_memory(
    staff, bomb, settings
):
    settings.JOBBTORG_TRANSFER_MAX_UNPACKED_MB = 200
    client = client_for(staff.manager_sydost)
    # A first upload loads what any upload needs (modules, templates, the catalogue).
    client.post(reverse("transfer:upload"), {"file": SimpleUploadedFile("a.zip", small_zip())})
    ImportRun.objects.all().delete()
    upload = SimpleUploadedFile("overforing.zip", bomb.read_bytes())
    tracemalloc.start()
    try:
        client.post(reverse("transfer:upload"), {"file": upload})
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    run = ImportRun.objects.get()
    assert run.status == "unusable"
    page = client.get(reverse("transfer:run", args=[run.pk])).content.decode()
    assert "packas upp till mer än 200 MB" in page
    # Far below the 300 MB the archive unpacks to.
    assert peak < 20 * MB, f"peak {peak // MB} MB"


def test_the_command_refuses_the_bomb_with_a_swedish_message(db, bomb, settings, capsys):
    settings.JOBBTORG_TRANSFER_MAX_UNPACKED_MB = 200
    with pytest.raises(SystemExit) as stopped:
        call_command("transfer", "import", str(bomb))
    assert stopped.value.code == 2
    assert "packas upp till mer än 200 MB" in capsys.readouterr().err


def stored_files(tmp_path: Path) -> list[str]:
    directory = tmp_path / "transfers"
    return sorted(p.name for p in directory.iterdir()) if directory.exists() else []


def test_the_uploaded_file_is_deleted_once_imported(staff, tmp_path):
    client = client_for(staff.manager_sydost)
    good = valid_personal_identity_number(81)
    rows = f"{good},Nora,Nyström,farsta,resurs,2026-01-10,\n{good[:-1]}0,Bo,Berg,farsta,resurs,,\n"
    client.post(reverse("transfer:upload"), {"file": SimpleUploadedFile("a.zip", small_zip(rows))})
    run = ImportRun.objects.get()
    assert Path(run.stored_file).exists()
    client.post(reverse("transfer:confirm", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == "done"
    assert not Path(run.stored_file).exists()
    # The problems stay downloadable until the retention ends.
    assert client.get(reverse("transfer:rejects", args=[run.pk])).status_code == 200


def test_a_discarded_file_is_deleted_with_its_problems(staff, tmp_path):
    client = client_for(staff.manager_sydost)
    rows = "1,Bo,Berg,farsta,resurs,2026-01-10,\n"
    client.post(reverse("transfer:upload"), {"file": SimpleUploadedFile("a.zip", small_zip(rows))})
    run = ImportRun.objects.get()
    assert len(stored_files(tmp_path)) == 3  # the file, its problem list, its rejected rows
    client.post(reverse("transfer:discard", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == "discarded"
    assert stored_files(tmp_path) == []
    client.post(reverse("transfer:confirm", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == "discarded"


def test_files_older_than_the_retention_are_purged(staff, tmp_path, settings):
    settings.JOBBTORG_TRANSFER_UPLOAD_RETENTION_DAYS = 30
    client = client_for(staff.manager_sydost)
    client.post(reverse("transfer:upload"), {"file": SimpleUploadedFile("a.zip", small_zip())})
    run = ImportRun.objects.get()
    assert run.status == "validated"
    old = (timezone.now() - dt.timedelta(days=31)).timestamp()
    os.utime(run.stored_file, (old, old))
    ImportRun.objects.filter(pk=run.pk).update(created_at=timezone.now() - dt.timedelta(days=31))
    young = tmp_path / "transfers" / "young.zip"
    young.write_bytes(b"x")
    call_command("transfer", "purge-uploads")
    assert stored_files(tmp_path) == ["young.zip"]
    run.refresh_from_db()
    assert run.status == "discarded"
    assert purge_uploads() == 0
