"""`jobbtorg transfer import` into the database: what is created, idempotency, rejects, exit
codes, dry run, all-or-nothing, and the audit entry."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from jobbtorg.core.audit.models import AuditEntry
from jobbtorg.participants.models import Exit, Interruption, Participant, Referral
from jobbtorg.plans.models import FollowUp, PlanActivity, PlanVersion
from jobbtorg.transfer.models import AssistanceMonth, ImportRun
from tests.factories import valid_personal_identity_number

pytestmark = pytest.mark.django_db

A = valid_personal_identity_number(901)
B = valid_personal_identity_number(902)
C = valid_personal_identity_number(903)
OUTSIDER = valid_personal_identity_number(904)
TODAY = timezone.localdate()


def day(days_ago: int) -> str:
    return (TODAY - dt.timedelta(days=days_ago)).isoformat()


def write(directory, name, text, *, encoding="utf-8"):
    (directory / f"{name}.csv").write_bytes(text.encode(encoding))


@pytest.fixture
def transfer_dir(tmp_path):
    directory = tmp_path / "overforing"
    directory.mkdir()
    write(
        directory,
        "participants",
        (
            "personnummer,first_name,last_name,home_district,target_group,referred_on,enrolled_on,coach,af_registered\n"
            f"{A},Amira,Hassan,farsta,resurs,{day(200)},{day(195)},,yes\n"
            f"{B},Bo,Berg,Rinkeby-Kista,youth,{day(100)},{day(98)},,no\n"
            f"{C},Cecilia,Ek,farsta,refugee,{day(5)},,,\n"
        ),
    )
    write(
        directory,
        "plans",
        (
            "personnummer,plan_ref,drawn_up_on,start,end,approved_on\n"
            f"{A},P-1,{day(190)},{day(188)},{day(40)},{day(185)}\n"
            f"{B},P-9,{day(95)},{day(94)},{day(10)},\n"
        ),
    )
    write(
        directory,
        "activities",
        (
            "personnummer,plan_ref,activity_type,provider,start,end,status,outcome\n"
            f"{A},P-1,job_search,Jobbtorget,{day(188)},{day(160)},completed,Fick intervju\n"
            f"{A},P-1,placement,Stockholms stad,{day(159)},{day(40)},ongoing,\n"
        ),
    )
    write(
        directory,
        "interruptions",
        (f"personnummer,reason,start,end\n{A},illness,{day(150)},{day(140)}\n"),
    )
    write(
        directory,
        "exits",
        (
            "personnummer,exit_date,reason,employment_form,extent,hours_per_week,wage_subsidy,employer,occupation_ssyk\n"
            f"{A},{day(30)},work,permanent,full,,no,Stockholms stad,5321\n"
        ),
    )
    write(
        directory,
        "assistance",
        (
            "personnummer,month,amount_sek\n"
            f"{A},2025-01,8500\n{A},2025-02,8200.50\n{OUTSIDER},2025-01,9100\n"
        ),
    )
    return directory


def run(path, *options):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("transfer", "import", str(path), *options, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()


def test_an_import_creates_people_cases_plans_activities_interruptions_exits_and_assistance(
    transfer_dir,
):
    code, out, _ = run(transfer_dir)
    assert code == 0, out
    assert Participant.objects.count() == 3
    amira = Referral.objects.get(participant__personal_identity_number=A)
    assert amira.stage == "exited" and amira.job_centre.slug == "sydost"
    assert amira.enrolled_on == TODAY - dt.timedelta(days=195)
    assert amira.af_registration == "registered"
    assert Referral.objects.get(participant__personal_identity_number=B).job_centre.slug == "jarva"
    assert Referral.objects.get(participant__personal_identity_number=C).stage == "referred"
    plan = PlanVersion.objects.get(source_ref="P-1")
    assert plan.status == "approved" and plan.drawn_up_on == TODAY - dt.timedelta(days=190)
    assert PlanVersion.objects.get(source_ref="P-9").status == "awaiting_approval"
    assert PlanActivity.objects.count() == 2
    assert FollowUp.objects.get().note == "Fick intervju"
    assert Interruption.objects.get().end == TODAY - dt.timedelta(days=140)
    assert Exit.objects.get().employment_form == "permanent"
    assert AssistanceMonth.objects.count() == 3
    assert AssistanceMonth.objects.get(personal_identity_number=OUTSIDER).participant is None
    assert "participants.csv" in out and "created" in out


def test_importing_the_same_files_again_changes_nothing_and_says_so(transfer_dir):
    run(transfer_dir)
    counts = [
        m.objects.count()
        for m in (
            Participant,
            Referral,
            PlanVersion,
            PlanActivity,
            FollowUp,
            Interruption,
            Exit,
            AssistanceMonth,
        )
    ]
    code, _, _ = run(transfer_dir)
    assert code == 0
    assert [
        m.objects.count()
        for m in (
            Participant,
            Referral,
            PlanVersion,
            PlanActivity,
            FollowUp,
            Interruption,
            Exit,
            AssistanceMonth,
        )
    ] == counts
    table = ImportRun.objects.order_by("-created_at").first().reconciliation
    assert all(row["created"] == 0 and row["updated"] == 0 for row in table.values()), table
    assert table["participants"]["unchanged"] == 3


def test_a_changed_name_is_an_update(transfer_dir):
    run(transfer_dir)
    text = (
        (transfer_dir / "participants.csv").read_text().replace("Amira,Hassan", "Amira,Hassan-Ali")
    )
    (transfer_dir / "participants.csv").write_text(text)
    run(transfer_dir)
    assert Participant.objects.get(personal_identity_number=A).last_name == "Hassan-Ali"
    table = ImportRun.objects.order_by("-created_at").first().reconciliation
    assert table["participants"]["updated"] == 1


def test_a_bad_row_is_rejected_with_file_row_and_column_and_its_dependants_too(transfer_dir):
    text = (transfer_dir / "participants.csv").read_text()
    text = text.replace(f"{A},Amira", f"{A[:-1]}{(int(A[-1]) + 1) % 10},Amira")
    (transfer_dir / "participants.csv").write_text(text)
    code, out, _ = run(transfer_dir)
    assert code == 1
    assert "participants.csv row 2, personnummer" in out
    rejects = (transfer_dir.parent / "overforing.rejects.csv").read_text()
    assert "participants.csv,2,personnummer" in rejects
    # The good rows went in; Amira's plan and activities did not.
    assert Participant.objects.count() == 2
    assert not PlanVersion.objects.filter(source_ref="P-1").exists()
    assert AssistanceMonth.objects.filter(personal_identity_number=A).count() == 2


def test_all_or_nothing_writes_nothing_when_a_row_is_bad(transfer_dir):
    (transfer_dir / "exits.csv").write_text(f"personnummer,exit_date,reason\n{A},{day(30)},\n")
    code, out, _ = run(transfer_dir, "--all-or-nothing")
    assert code == 1
    assert "Nothing was written" in out
    assert not Participant.objects.exists() and not AssistanceMonth.objects.exists()


def test_a_dry_run_reports_and_writes_nothing_but_its_own_audit_entry(transfer_dir):
    code, out, _ = run(transfer_dir, "--dry-run")
    assert code == 0 and "Nothing was written (dry run)" in out
    assert not Participant.objects.exists()
    entry = AuditEntry.objects.get(action="transfer.imported")
    assert entry.changes["dry_run"] is True


def test_an_unusable_input_exits_2_naming_the_missing_column(tmp_path):
    directory = tmp_path / "bad"
    directory.mkdir()
    write(directory, "participants", "personnummer,first_name\n1,2\n")
    code, _, err = run(directory)
    assert code == 2
    assert "last_name" in err
    code, _, err = run(tmp_path / "does-not-exist")
    assert code == 2


def test_semicolons_a_byte_order_mark_and_windows_line_endings_are_read(tmp_path):
    directory = tmp_path / "excel"
    directory.mkdir()
    write(
        directory,
        "participants",
        (
            "\ufeffpersonnummer;first_name;last_name;home_district;target_group;referred_on;enrolled_on\r\n"
            f"{A};Åsa;Öberg;Farsta;resurs;{day(10)};\r\n"
        ),
    )
    code, out, _ = run(directory)
    assert code == 0, out
    assert Participant.objects.get().first_name == "Åsa"


def test_the_import_is_one_audit_entry_naming_who_and_what(transfer_dir, staff):
    run(transfer_dir, "--as", "officer-farsta")
    entry = AuditEntry.objects.get(action="transfer.imported")
    assert entry.actor_username == "officer-farsta"
    assert entry.changes["source"].endswith("overforing")
    assert entry.changes["reconciliation"]["participants"]["created"] == 3


def test_the_codes_are_listed():
    out = io.StringIO()
    call_command("transfer", "codes", stdout=out)
    text = out.getvalue()
    for code in (
        "rinkeby-kista",
        "unemployed_assistance",
        "job_search",
        "af_guarantee",
        "parental_leave",
        "municipal_measure",
    ):
        assert code in text


def test_the_rejected_rows_corrected_import_on_their_own(transfer_dir):
    text = (transfer_dir / "participants.csv").read_text()
    wrong = f"{A[:-1]}{(int(A[-1]) + 1) % 10}"
    (transfer_dir / "participants.csv").write_text(text.replace(f"{A},Amira", f"{wrong},Amira"))
    run(transfer_dir)
    rejected = transfer_dir.parent / "overforing.rejects"
    corrected = (rejected / "participants.csv").read_text().replace(wrong, A)
    (rejected / "participants.csv").write_text(corrected)
    code, out, _ = run(rejected)
    assert code == 0, out
    assert Participant.objects.filter(personal_identity_number=A).exists()


def test_an_xlsx_workbook_and_a_zip_import_like_a_directory(transfer_dir, tmp_path):
    import zipfile

    from openpyxl import Workbook

    archive = tmp_path / "overforing.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for csv_file in transfer_dir.glob("*.csv"):
            z.write(csv_file, csv_file.name)
    code, out, _ = run(archive)
    assert code == 0, out
    assert Participant.objects.count() == 3

    workbook = Workbook()
    workbook.remove(workbook.active)
    sheet = workbook.create_sheet("participants")
    sheet.append(
        [
            "personnummer",
            "first_name",
            "last_name",
            "home_district",
            "target_group",
            "referred_on",
            "enrolled_on",
        ]
    )
    sheet.append(
        [
            valid_personal_identity_number(905),
            "Xi",
            "Li",
            "bromma",
            "youth",
            TODAY - dt.timedelta(days=3),
            None,
        ]
    )
    path = tmp_path / "overforing.xlsx"
    workbook.save(path)
    code, out, _ = run(path)
    assert code == 0, out
    assert Participant.objects.count() == 4


def test_a_dry_run_counts_what_an_import_would_create(transfer_dir):
    code, _, _ = run(transfer_dir, "--dry-run")
    table = ImportRun.objects.get().reconciliation
    assert table["participants"]["created"] == 3 and table["plans"]["created"] == 2
    assert not Participant.objects.exists()


def test_a_changed_case_counts_as_an_update_of_the_person(transfer_dir):
    run(transfer_dir)
    text = (transfer_dir / "participants.csv").read_text().replace("farsta,resurs", "farsta,youth")
    (transfer_dir / "participants.csv").write_text(text)
    run(transfer_dir)
    table = ImportRun.objects.order_by("-created_at").first().reconciliation
    assert table["participants"]["updated"] == 1
    assert (
        Referral.objects.get(participant__personal_identity_number=A).target_group.code == "youth"
    )


def test_activities_alone_find_their_plan_from_an_earlier_import(transfer_dir, tmp_path):
    run(transfer_dir)
    later = tmp_path / "later"
    later.mkdir()
    write(
        later,
        "activities",
        (
            "personnummer,plan_ref,activity_type,provider,start,end,status,outcome\n"
            f"{A},P-1,coaching,Jobbtorget,{day(100)},{day(50)},ongoing,\n"
        ),
    )
    code, out, _ = run(later)
    assert code == 0, out
    assert PlanVersion.objects.get(source_ref="P-1").activities.count() == 3


def test_importing_an_export_changes_nothing(transfer_dir, tmp_path, staff):
    from jobbtorg.core.audit.events import AuditContext
    from jobbtorg.plans.services import plan_submit

    run(transfer_dir)
    case = Referral.objects.get(participant__personal_identity_number=B)
    # A version written in the product itself: it is exported as "v2".
    plan_submit(
        actor=staff.coach_jarva,
        audit_context=AuditContext.for_command("test"),
        referral=case,
        activities=[
            {
                "type": "coaching",
                "provider": "Jobbtorget",
                "start": TODAY,
                "end": TODAY + dt.timedelta(days=30),
                "hours_per_week": 10,
                "goal": "Jobb",
            }
        ],
        based_on=1,
    )
    exported = tmp_path / "export"
    call_command("transfer", "export", str(exported), stdout=io.StringIO())
    before = PlanVersion.objects.count()
    code, out, _ = run(exported)
    assert code == 0, out
    assert PlanVersion.objects.count() == before
    table = ImportRun.objects.order_by("-created_at").first().reconciliation
    assert table["plans"]["created"] == 0
