"""What version 1 of the transfer format promised, kept: rows of the reason `other` without
reason_text are imported and listed as warnings, never rejected; exits to studies carry
whether the studies qualify for student finance (`student_finance`), which is exported and
read back; the command exports a zip; re-importing the product's own export changes nothing."""

import io
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from jobbtorg.participants.models import Exit, Interruption
from jobbtorg.transfer.models import ImportRun
from tests.conftest import client_for
from tests.factories import valid_personal_identity_number
from tests.transfer.test_import_command import day, run, write

pytestmark = pytest.mark.django_db

A = valid_personal_identity_number(931)
B = valid_personal_identity_number(932)
C = valid_personal_identity_number(933)
D = valid_personal_identity_number(934)


def people(directory):
    write(
        directory,
        "participants",
        "personnummer,first_name,last_name,home_district,target_group,referred_on,enrolled_on\n"
        f"{A},Amira,Hassan,farsta,resurs,{day(200)},{day(195)}\n"
        f"{B},Bo,Berg,farsta,youth,{day(100)},{day(98)}\n"
        f"{C},Cecilia,Ek,farsta,youth,{day(100)},{day(98)}\n"
        f"{D},Dan,Ek,farsta,youth,{day(100)},{day(98)}\n",
    )


@pytest.fixture
def version_1(tmp_path):
    """A transfer written to version 1 as it was: no reason_text, no student_finance."""
    directory = tmp_path / "version-1"
    directory.mkdir()
    people(directory)
    write(
        directory,
        "interruptions",
        f"personnummer,reason,start,end\n{A},other,{day(150)},{day(140)}\n"
        f"{B},illness,{day(90)},{day(80)}\n",
    )
    write(
        directory,
        "exits",
        f"personnummer,exit_date,reason\n{A},{day(30)},other\n{B},{day(20)},moved\n",
    )
    return directory


def latest_run():
    return ImportRun.objects.order_by("-created_at").first()


def test_reason_other_without_reason_text_is_imported_and_listed_as_a_warning(version_1):
    code, out, _ = run(version_1)
    assert code == 0, out
    assert Exit.objects.get(referral__participant__personal_identity_number=A).reason == "other"
    assert Interruption.objects.filter(reason="other", reason_text="").count() == 1
    run_ = latest_run()
    assert run_.rejects_total == 0
    table = run_.reconciliation
    assert (table["exits"]["created"], table["exits"]["rejected"], table["exits"]["warnings"]) == (
        2,
        0,
        1,
    )
    assert (table["interruptions"]["rejected"], table["interruptions"]["warnings"]) == (0, 1)
    assert run_.warnings_total == 2
    assert [(w["file"], w["row"], w["column"]) for w in run_.warnings_sample] == [
        ("interruptions.csv", 2, "reason_text"),
        ("exits.csv", 2, "reason_text"),
    ]
    assert "2 rows imported with a warning" in out


def test_the_warning_reads_in_swedish_on_the_page_of_a_check(version_1, staff, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    archive = tmp_path / "upload.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in version_1.iterdir():
            zipped.write(path, path.name)
    client = client_for(staff.administrator)
    with archive.open("rb") as upload:
        client.post(reverse("transfer:upload"), {"file": upload})
    run_ = ImportRun.objects.get()
    assert (run_.status, run_.rejects_total, run_.warnings_total) == ("validated", 0, 2)
    page = client.get(reverse("transfer:run", args=[run_.pk])).content.decode()
    assert "Importerad, men orsaken är inte beskriven" in page
    assert "Importerade med en varning" in page
    # A check writes nothing: the warnings are what the import would bring.
    assert not Exit.objects.exists()


def test_warnings_are_never_rejects_even_all_or_nothing(version_1):
    code, out, _ = run(version_1, "--all-or-nothing")
    assert code == 0, out
    assert Exit.objects.count() == 2 and latest_run().warnings_total == 2


STUDENT_FINANCE = [
    # (value in the file, stored, rejected)
    ("yes", True, False),
    ("YES", True, False),
    ("no", False, False),
    ("", None, False),
    ("ja", None, True),
    ("maybe", None, True),
]


@pytest.mark.parametrize(("value", "stored", "rejected"), STUDENT_FINANCE)
def test_student_finance_of_an_exit_to_studies(tmp_path, value, stored, rejected):
    people(tmp_path)
    write(
        tmp_path,
        "exits",
        f"personnummer,exit_date,reason,student_finance\n{C},{day(10)},studies,{value}\n",
    )
    with translation.override("sv"):
        code, out, _ = run(tmp_path)
    exit_ = Exit.objects.filter(referral__participant__personal_identity_number=C).first()
    if rejected:
        assert code == 1 and exit_ is None
        [reject] = latest_run().rejects_sample
        assert (reject["file"], reject["row"], reject["column"]) == (
            "exits.csv",
            2,
            "student_finance",
        )
        # In Swedish, naming the column and what it takes.
        assert reject["message"].startswith("student_finance (om studierna ger rätt till")
        assert "yes, no eller tomt" in reject["message"]
    else:
        assert code == 0, out
        assert exit_.studies_with_student_finance is stored


def test_student_finance_belongs_to_an_exit_to_studies_only(tmp_path):
    people(tmp_path)
    write(
        tmp_path,
        "exits",
        f"personnummer,exit_date,reason,student_finance\n{C},{day(10)},moved,yes\n",
    )
    code, _, _ = run(tmp_path)
    assert code == 1 and not Exit.objects.exists()
    assert latest_run().rejects_sample[0]["column"] == "student_finance"


@pytest.fixture
def full_transfer(tmp_path):
    """Every kind of row the product holds, version 1's and the optional columns too."""
    directory = tmp_path / "full"
    directory.mkdir()
    people(directory)
    write(
        directory,
        "plans",
        "personnummer,plan_ref,drawn_up_on,start,end,approved_on\n"
        f"{A},P-1,{day(190)},{day(188)},{day(40)},{day(185)}\n",
    )
    write(
        directory,
        "activities",
        "personnummer,plan_ref,activity_type,provider,start,end,status,outcome,hours_per_week,goal\n"
        f"{A},P-1,job_search,Jobbtorget,{day(188)},{day(160)},completed,Intervju,20,Ett jobb\n",
    )
    write(
        directory,
        "interruptions",
        "personnummer,reason,reason_text,start,end\n"
        f"{A},other,,{day(150)},{day(140)}\n"
        f"{B},other,Flyttade tillfälligt,{day(90)},{day(80)}\n",
    )
    write(
        directory,
        "exits",
        "personnummer,exit_date,reason,reason_text,employment_form,extent,hours_per_week,"
        "wage_subsidy,employer,occupation_ssyk,student_finance\n"
        f"{A},{day(30)},other,,,,,,,,\n"
        f"{B},{day(20)},studies,,,,,,,,yes\n"
        f"{C},{day(20)},studies,,,,,,,,no\n"
        f"{D},{day(20)},studies,,,,,,,,\n",
    )
    write(
        directory,
        "assistance",
        f"personnummer,month,amount_sek,district\n{A},2025-01,8500,farsta\n{B},2025-02,100.50,\n",
    )
    return directory


def test_student_finance_is_exported_as_it_was_imported(full_transfer, tmp_path):
    run(full_transfer)
    exported = tmp_path / "export"
    call_command("transfer", "export", str(exported), stdout=io.StringIO())
    lines = (exported / "exits.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0].endswith(",occupation_ssyk,student_finance")
    finance = {line.split(",")[0]: line.split(",")[-1] for line in lines[1:]}
    assert finance == {A: "", B: "yes", C: "no", D: ""}


def test_the_export_command_writes_a_zip_when_the_path_ends_in_zip(full_transfer, tmp_path):
    run(full_transfer)
    target = tmp_path / "overforing.zip"
    out = io.StringIO()
    call_command("transfer", "export", str(target), stdout=out)
    with zipfile.ZipFile(target) as archive:
        names = sorted(archive.namelist())
        exits = archive.read("exits.csv").decode("utf-8")
    assert names == sorted(
        f"{name}.csv"
        for name in ("participants", "plans", "activities", "interruptions", "exits", "assistance")
    )
    assert f"{B}," in exits and "exits.csv" in out.getvalue()
    assert not (tmp_path / "overforing.zip.partial").exists()


def test_the_export_command_refuses_a_zip_name_that_is_a_directory(tmp_path):
    (tmp_path / "taken.zip").mkdir()
    err = io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("transfer", "export", str(tmp_path / "taken.zip"), stderr=err)
    assert exited.value.code == 2 and "is a directory" in err.getvalue()


@pytest.mark.parametrize("as_zip", [False, True])
def test_re_importing_the_products_own_export_reports_every_row_unchanged(
    full_transfer, tmp_path, as_zip
):
    run(full_transfer)
    target = tmp_path / ("export.zip" if as_zip else "export")
    call_command("transfer", "export", str(target), stdout=io.StringIO())
    code, out, _ = run(target)
    assert code == 0, out
    table = latest_run().reconciliation
    assert set(table) == {
        "participants",
        "plans",
        "activities",
        "interruptions",
        "exits",
        "assistance",
    }
    for name, counts in table.items():
        assert counts["read"] > 0, name
        assert counts["unchanged"] == counts["read"], (name, counts)
        assert counts["created"] == counts["updated"] == counts["rejected"] == 0, (name, counts)
    # Still undescribed: still a warning, never a reject.
    assert table["exits"]["warnings"] == 1 and table["interruptions"]["warnings"] == 1
