"""The optional `district` column of assistance.csv: stored, validated like the other
district columns, left out without harm, updated on re-import, and exported."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from jobbtorg.transfer.models import AssistanceMonth, ImportRun
from tests.factories import valid_personal_identity_number

pytestmark = pytest.mark.django_db

A = valid_personal_identity_number(911)
B = valid_personal_identity_number(912)
MONTH = (timezone.localdate().replace(day=1) - dt.timedelta(days=40)).strftime("%Y-%m")


def run_import(directory, text):
    directory.mkdir(exist_ok=True)
    (directory / "assistance.csv").write_text(text, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("transfer", "import", str(directory), stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()


def districts():
    return dict(AssistanceMonth.objects.values_list("personal_identity_number", "district__slug"))


def test_a_district_given_by_code_or_name_is_stored(tmp_path):
    code, out, _ = run_import(
        tmp_path / "in",
        f"personnummer,month,amount_sek,district\n{A},{MONTH},8500,farsta\n{B},{MONTH},100,Rinkeby-Kista\n",
    )
    assert code == 0, out
    assert districts() == {A: "farsta", B: "rinkeby-kista"}


def test_an_unknown_district_is_rejected_naming_the_column_and_nothing_is_written(tmp_path):
    code, out, _ = run_import(
        tmp_path / "in",
        f"personnummer,month,amount_sek,district\n{A},{MONTH},8500,atlantis\n",
    )
    assert code == 1
    assert "assistance.csv row 2, district" in out
    assert "”atlantis” är ingen känd stadsdels kod eller namn" in out
    assert not AssistanceMonth.objects.exists()


def test_a_file_without_the_column_is_still_valid_and_an_empty_value_is_no_district(tmp_path):
    code, out, _ = run_import(tmp_path / "a", f"personnummer,month,amount_sek\n{A},{MONTH},8500\n")
    assert code == 0, out
    code, out, _ = run_import(
        tmp_path / "b", f"personnummer,month,amount_sek,district\n{B},{MONTH},100,\n"
    )
    assert code == 0, out
    assert districts() == {A: None, B: None}


def test_reimport_updates_the_district_when_given_and_keeps_it_when_empty(tmp_path):
    run_import(tmp_path / "a", f"personnummer,month,amount_sek,district\n{A},{MONTH},8500,farsta\n")
    code, out, _ = run_import(
        tmp_path / "b", f"personnummer,month,amount_sek,district\n{A},{MONTH},8500,skarpnack\n"
    )
    assert code == 0, out
    assert districts() == {A: "skarpnack"}
    # Without the column (or with it empty), what was recorded stays.
    code, out, _ = run_import(tmp_path / "c", f"personnummer,month,amount_sek\n{A},{MONTH},8500\n")
    assert code == 0, out
    assert districts() == {A: "skarpnack"}
    assert AssistanceMonth.objects.count() == 1


def test_export_writes_the_column_empty_when_unknown_and_reads_back_unchanged(tmp_path):
    run_import(
        tmp_path / "a",
        f"personnummer,month,amount_sek,district\n{A},{MONTH},8500,farsta\n{B},{MONTH},100,\n",
    )
    call_command("transfer", "export", str(tmp_path / "out"), stdout=io.StringIO())
    lines = (tmp_path / "out" / "assistance.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "personnummer,month,amount_sek,district"
    assert sorted(lines[1:]) == sorted([f"{A},{MONTH},8500.00,farsta", f"{B},{MONTH},100.00,"])
    out = io.StringIO()
    call_command("transfer", "import", str(tmp_path / "out"), stdout=out, stderr=io.StringIO())
    assert districts() == {A: "farsta", B: None}
    counts = ImportRun.objects.order_by("-created_at", "-pk").first().reconciliation["assistance"]
    assert (counts["unchanged"], counts["updated"], counts["created"]) == (2, 0, 0)
