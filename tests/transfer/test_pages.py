"""Överföring on the web: a manager or administrator uploads, sees the check, confirms."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jobbtorg.core.audit.models import AuditEntry
from jobbtorg.participants.models import Participant
from jobbtorg.transfer.models import ImportRun
from tests.conftest import client_for
from tests.factories import valid_personal_identity_number

GOOD = valid_personal_identity_number(61)
BAD = GOOD[:-1] + str((int(GOOD[-1]) + 1) % 10)
OTHER = valid_personal_identity_number(62)


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path


def zip_upload(rows: str, name="overforing.zip") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "participants.csv",
            "personnummer,first_name,last_name,home_district,target_group,referred_on,enrolled_on\n"
            + rows,
        )
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/zip")


ROWS = (
    f"{GOOD},Nora,Nyström,farsta,resurs,2026-01-10,\n"
    f"{BAD},Bo,Berg,farsta,resurs,2026-01-10,\n"
    f"{OTHER},Eva,Ek,skarpnack,youth,2026-02-01,\n"
)


@pytest.mark.parametrize("username", ["manager_sydost", "administrator"])
def test_upload_check_then_confirm_imports_the_good_rows(staff, username):
    client = client_for(getattr(staff, username))
    response = client.post(reverse("transfer:upload"), {"file": zip_upload(ROWS)})
    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("transfer:run", args=[run.pk])
    page = client.get(reverse("transfer:run", args=[run.pk])).content.decode()
    assert run.status == "validated" and run.rejects_total == 1
    assert "participants.csv" in page and "personnummer" in page
    assert not Participant.objects.exists()

    client.post(reverse("transfer:confirm", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == "done"
    assert set(Participant.objects.values_list("personal_identity_number", flat=True)) == {
        GOOD,
        OTHER,
    }
    assert run.reconciliation["participants"]["created"] == 2
    rejects = client.get(reverse("transfer:rejects", args=[run.pk]))
    assert b"participants.csv,3,personnummer" in b"".join(rejects.streaming_content)
    entries = AuditEntry.objects.filter(action="transfer.imported")
    assert [e.changes["dry_run"] for e in entries.order_by("id")] == [True, False]
    assert entries.first().actor == getattr(staff, username)


@pytest.mark.parametrize(
    "username", ["coach_sydost", "matcher_sydost", "officer_farsta", "analyst", "provider_staff"]
)
def test_other_roles_cannot_transfer(staff, username):
    client = client_for(getattr(staff, username))
    assert client.get(reverse("transfer:upload")).status_code == 403
    assert client.post(reverse("transfer:upload"), {"file": zip_upload(ROWS)}).status_code == 403
    assert not ImportRun.objects.exists()


def test_a_manager_sees_only_their_own_runs(staff):
    client_for(staff.manager_sydost).post(reverse("transfer:upload"), {"file": zip_upload(ROWS)})
    run = ImportRun.objects.get()
    assert (
        client_for(staff.manager_jarva).get(reverse("transfer:run", args=[run.pk])).status_code
        == 404
    )
    assert (
        client_for(staff.administrator).get(reverse("transfer:run", args=[run.pk])).status_code
        == 200
    )


def test_a_file_of_another_kind_is_refused_with_a_message(staff):
    client = client_for(staff.manager_sydost, language="en")
    bad = SimpleUploadedFile("people.pdf", b"%PDF-1.4", content_type="application/pdf")
    response = client.post(reverse("transfer:upload"), {"file": bad})
    assert response.status_code == 200
    assert ".zip" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_an_unusable_file_says_which_column_is_missing_and_cannot_be_imported(staff):
    client = client_for(staff.manager_sydost)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("participants.csv", "personnummer,first_name\n1,2\n")
    upload = SimpleUploadedFile("x.zip", buffer.getvalue())
    client.post(reverse("transfer:upload"), {"file": upload})
    run = ImportRun.objects.get()
    assert run.status == "unusable"
    assert "last_name" in client.get(reverse("transfer:run", args=[run.pk])).content.decode()
    client.post(reverse("transfer:confirm", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == "unusable" and not Participant.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        (
            "gammal-export.zip",
            b"not a zip at all",
            "gammal-export.zip kan inte läsas som en .zip-fil",
        ),
        (
            "nyckeltal.xlsx",
            b"not a workbook",
            "nyckeltal.xlsx kan inte läsas som en .xlsx-arbetsbok",
        ),
    ],
)
def test_a_file_that_cannot_be_read_is_named_as_uploaded_and_explained_in_swedish(
    staff, name, content, says
):
    client = client_for(staff.manager_sydost)
    client.post(reverse("transfer:upload"), {"file": SimpleUploadedFile(name, content)})
    run = ImportRun.objects.get()
    page = client.get(reverse("transfer:run", args=[run.pk])).content.decode()
    assert run.status == "unusable"
    assert says in page
    # Not the name it is stored under, nor the library's English.
    assert run.stored_file.rsplit("/", 1)[-1] not in page and "cannot be read" not in page


def test_a_database_error_during_the_check_is_logged_and_never_shown(staff, monkeypatch, caplog):
    from django.db import OperationalError

    def locked(**kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr("jobbtorg.transfer.services.uploads.transfer_import", locked)
    client = client_for(staff.manager_sydost)
    client.post(reverse("transfer:upload"), {"file": zip_upload(ROWS)})
    run = ImportRun.objects.get()
    page = client.get(reverse("transfer:run", args=[run.pk])).content.decode()
    assert run.status == "failed"
    assert "Kontrollen kunde inte slutföras. Försök igen om en stund." in page
    assert "locked" not in page and "OperationalError" not in page
    assert "database is locked" in caplog.text
