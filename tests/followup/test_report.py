"""The tertial report (R31): one document per Jobbtorg and one for the city, as PDF (charts
included) and XLSX, with the indicators, their targets and status, and the change from the
same tertial a year earlier, per target group; from the page (suppressed for analysts) and
from `jobbtorg followup report`. Over known rows (tests/followup/standin.py)."""

import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from jobbtorg.core.audit.models import AuditAction, AuditChannel, AuditEntry
from jobbtorg.followup.models import IndicatorTarget
from jobbtorg.participants.models import TargetGroup
from tests.conftest import client_for
from tests.followup.standin import TERTIAL, YEAR

pytestmark = pytest.mark.django_db
URL = "/nyckeltal/rapport/"


def query(scope: str = "stad", fmt: str = "xlsx") -> str:
    return f"{URL}?ar={YEAR}&tertial={TERTIAL}&jobbtorg={scope}&format={fmt}"


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def sheet_rows(data: bytes, sheet: str = "Nyckeltal") -> list[tuple]:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    return list(workbook[sheet].iter_rows(values_only=True))


@pytest.fixture
def targets(db):
    IndicatorTarget.objects.create(
        indicator="exited_within_18_months_share",
        target_group=TargetGroup.objects.get(code="resurs"),
        value=0.84,
        near_margin=0.05,
        valid_from_year=2020,
        note="Nämndens mål",
    )
    IndicatorTarget.objects.create(
        indicator="exits_to_work_share", value=0.40, near_margin=0.05, valid_from_year=2020
    )


# --- who may download it --------------------------------------------------------------------


@pytest.mark.parametrize("who", ["manager_sydost", "analyst", "administrator"])
def test_managers_analysts_and_administrators_download_the_report(who, staff, stub_compute):
    response = client_for(getattr(staff, who)).get(query())
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="tertialrapport-{YEAR}-t{TERTIAL}-stad.xlsx"'
    )


@pytest.mark.parametrize(
    "who", ["coach_sydost", "matcher_sydost", "officer_farsta", "provider_staff"]
)
def test_other_roles_cannot_download_it(who, staff, stub_compute):
    assert client_for(getattr(staff, who)).get(query()).status_code == 403
    assert not stub_compute.calls


@pytest.mark.parametrize(
    "q, message",
    [
        (f"?ar={YEAR}&tertial=1&jobbtorg=stad&format=docx", "Choose PDF or XLSX."),
        (f"?ar={YEAR}&tertial=0&jobbtorg=stad&format=pdf", "Choose a tertial"),
        ("?tertial=1&jobbtorg=stad&format=pdf", "Give the year"),
        (f"?ar={YEAR}&tertial=1&jobbtorg=atlantis&format=pdf", "There is no Jobbtorg atlantis."),
    ],
)
def test_a_bad_question_is_refused_with_the_reason(q, message, staff, stub_compute, english):
    response = client_for(staff.manager_sydost, "en").get(URL + q)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not stub_compute.calls
    assert not AuditEntry.objects.filter(action=AuditAction.INDICATORS_COMPUTED).exists()


# --- XLSX -----------------------------------------------------------------------------------


def test_the_xlsx_has_the_numbers_as_numbers_targets_status_and_change(
    staff, stub_compute, targets
):
    data = client_for(staff.manager_sydost).get(query()).content
    rows = sheet_rows(data)
    assert rows[0] == (
        "Indikator",
        "Kod",
        "Grupp",
        "Värde",
        "n",
        "Mål",
        "Status",
        "Samma tertial året innan",
        "Förändring",
    )
    by_key = {(row[1], row[2]): row for row in rows[1:]}
    work = by_key[("exits_to_work_share", "Hela staden")]
    assert work[3] == 0.42 and work[4] == 50 and work[5] == 0.40 and work[6] == "uppfyllt"
    assert work[7] == 0.375 and work[8] == pytest.approx(0.045)
    resurs = by_key[("exited_within_18_months_share", "Resurs")]
    assert resurs[3] == 0.8 and resurs[4] == 40 and resurs[5] == 0.84 and resurs[6] == "nära"
    assert resurs[7] == 0.75
    referrals = by_key[("referrals", "Hela staden")]
    assert referrals[3] == 120 and referrals[7] == 100 and referrals[8] == 20
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    sheet = workbook["Nyckeltal"]
    share_row = next(r for r in range(2, sheet.max_row + 1) if sheet[f"B{r}"].value == "exits")
    assert sheet[f"D{share_row}"].number_format == "General"
    work_row = next(
        r for r in range(2, sheet.max_row + 1) if sheet[f"B{r}"].value == "exits_to_work_share"
    )
    assert sheet[f"D{work_row}"].number_format == "0.0%"
    target_rows = sheet_rows(data, "Mål")
    assert (
        "Andel avslutade inom 18 månader",
        "exited_within_18_months_share",
        "resurs",
        0.84,
        "ja",
        0.05,
        2020,
    ) in target_rows


def test_the_analysts_download_shows_fewer_than_5_and_not_the_small_n(staff, stub_compute):
    rows = sheet_rows(client_for(staff.analyst).get(query()).content)
    young = next(r for r in rows if r[1] == "exited_within_18_months_share" and "Ung" in r[2])
    assert young[3] == "färre än 5" and young[4] == "färre än 5"
    assert not any(r[3] == 0.5 for r in rows[1:])


def test_the_managers_download_shows_small_groups(staff, stub_compute):
    rows = sheet_rows(client_for(staff.manager_sydost).get(query()).content)
    young = next(r for r in rows if r[1] == "exited_within_18_months_share" and "Ung" in r[2])
    assert young[3] == 0.5 and young[4] == 3


def test_a_jobbtorgs_report_has_its_own_figures_per_target_group(staff, stub_compute):
    response = client_for(staff.manager_sydost).get(query("sydost"))
    assert 'filename="tertialrapport-2026-t1-sydost.xlsx"' in response["Content-Disposition"]
    rows = sheet_rows(response.content)
    assert ("exits_to_work_share", "Sydost", 0.5) in [(r[1], r[2], r[3]) for r in rows]
    assert ("exits_to_work_share", "Resurs", 0.6) in [(r[1], r[2], r[3]) for r in rows]
    scopes = {call[3] for call in stub_compute.calls}
    assert scopes == {"sydost"}


# --- PDF ------------------------------------------------------------------------------------


def test_the_pdf_opens_and_has_the_numbers_targets_and_change_in_swedish(
    staff, stub_compute, targets
):
    response = client_for(staff.manager_sydost, "en").get(query(fmt="pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert f"Tertialrapport {YEAR}, tertial 1 (januari–april)" in text
    assert "Hela staden" in text
    assert "Andel avslut till arbete" in text
    # 42,0 % against 40,0 %: met; 37,5 % a year earlier: +4,5 percentage points.
    for number in ["42,0 %", "40,0 %", "uppfyllt", "37,5 %", "+4,5 p.e.", "120", "+20"]:
        assert number in text, number
    assert "80,0 %" in text and "84,0 %" in text and "nära" in text


def test_the_analysts_pdf_has_fewer_than_5(staff, stub_compute):
    text = pdf_text(client_for(staff.analyst).get(query(fmt="pdf")).content)
    assert "färre än 5" in text
    assert "50,0 %" not in text


# --- the command ----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["pdf", "xlsx"])
def test_the_command_writes_the_report(fmt, tmp_path, stub_compute, targets):
    out = tmp_path / f"rapport.{fmt}"
    call_command(
        "followup",
        "report",
        "--year",
        str(YEAR),
        "--tertial",
        "1",
        "--format",
        fmt,
        "--out",
        str(out),
        stdout=io.StringIO(),
    )
    data = out.read_bytes()
    if fmt == "pdf":
        assert data.startswith(b"%PDF") and "42,0 %" in pdf_text(data)
        # The operator sees everything.
        assert "50,0 %" in pdf_text(data)
    else:
        rows = sheet_rows(data)
        assert ("exits_to_work_share", "Hela staden", 0.42) in [(r[1], r[2], r[3]) for r in rows]
    entry = AuditEntry.objects.get(action=AuditAction.INDICATORS_COMPUTED)
    assert entry.channel == AuditChannel.COMMAND
    assert entry.changes["after"]["format"] == fmt
    assert entry.changes["after"]["suppressed"] is False


def test_the_command_suppresses_on_request_and_for_one_jobbtorg(tmp_path, stub_compute):
    out = tmp_path / "sydost.xlsx"
    call_command(
        "followup",
        "report",
        "--year",
        str(YEAR),
        "--tertial",
        "1",
        "--jobbtorg",
        "sydost",
        "--format",
        "xlsx",
        "--out",
        str(out),
        "--suppress-below",
        "5",
        stdout=io.StringIO(),
    )
    assert {call[3:] for call in stub_compute.calls} == {("sydost", 5)}
    assert out.exists()


def test_the_command_refuses_an_unknown_jobbtorg(tmp_path, stub_compute):
    out = tmp_path / "x.pdf"
    with pytest.raises(CommandError, match="There is no Jobbtorg 'atlantis'"):
        call_command(
            "followup",
            "report",
            "--year",
            str(YEAR),
            "--tertial",
            "1",
            "--jobbtorg",
            "atlantis",
            "--format",
            "pdf",
            "--out",
            str(out),
        )
    assert not out.exists()
    assert not AuditEntry.objects.exists()


# --- audit ----------------------------------------------------------------------------------


def test_the_download_is_audited_naming_what_and_no_one(staff, stub_compute):
    client_for(staff.analyst).get(query("sydost", "pdf"))
    entry = AuditEntry.objects.get(action=AuditAction.INDICATORS_COMPUTED)
    assert entry.actor == staff.analyst and entry.participant is None
    after = entry.changes["after"]
    assert after["view"] == "tertial report" and after["format"] == "pdf"
    assert after["jobbtorg"] == "sydost" and after["suppressed"] is True


def test_the_xlsx_cannot_carry_formulas(staff, stub_compute):
    """A group's name (here a target group's, which an administrator types) that a spreadsheet
    would run is written as text; the figures stay numbers."""
    formula = '=HYPERLINK("http://x.example","Klicka")'
    TargetGroup.objects.filter(code="resurs").update(name_sv=formula, name_en=formula)
    rows = sheet_rows(client_for(staff.manager_sydost).get(query()).content)
    named = [row for row in rows if str(row[2]).startswith("'=HYPERLINK")]
    assert named
    assert not any(str(cell).startswith("=") for row in rows for cell in row)
    assert all(isinstance(row[4], int) for row in named)
