"""Every CSV and XLSX the product writes neutralises text that a spreadsheet would run as a
formula (jobbtorg.engines.cells), and keeps numbers numbers. The transfer export, the invoice
basis, the provider comparison and the tertial report are tested beside their other tests."""

import csv
import datetime as dt
import io

import openpyxl
from django.urls import reverse

from jobbtorg.core.audit import events as audit
from jobbtorg.engines.summerjobs.files import read_applicants, read_workplaces, write_result
from jobbtorg.engines.summerjobs.model import Applicant, Workplace
from jobbtorg.followup.management.commands import followup
from jobbtorg.followup.services import effect as effect_command
from jobbtorg.summerjobs.services.allocation import applicants_csv, workplaces_csv
from tests.conftest import client_for
from tests.factories import UserFactory

FORMULA = '=HYPERLINK("http://x.example","Klicka")'


def cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_the_audit_extract_csv(staff, people):
    """A username is typed by an administrator; -, + and @ are allowed in it."""
    looker = UserFactory(username="@SUM(1+1)", coach=True)
    audit.participant_viewed(audit.AuditContext.for_command("test", actor=looker), people.in_farsta)
    response = client_for(staff.manager_sydost).get(
        reverse("participants:audit_extract_csv", args=[people.in_farsta.pk])
    )
    rows = cells(response.content.decode("utf-8-sig"))
    assert ["'@SUM(1+1)"] in [row[1:2] for row in rows]
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_the_key_figures_command_files():
    rows = [
        {"indicator": FORMULA, "group": {"district": "-x"}, "value": -0.25, "n": 40},
        {"indicator": "exits", "group": {}, "value": 3, "n": 3},
    ]
    written = cells(followup.csv_text(rows))
    assert written[1][:2] == ["'" + FORMULA, "district=-x"]
    assert written[1][2] == "-0.25"  # a number, written as one
    sheet = openpyxl.load_workbook(io.BytesIO(followup.xlsx_bytes(rows))).active
    assert sheet["A2"].value == "'" + FORMULA and sheet["A2"].data_type == "s"
    assert sheet["C2"].value == -0.25


def test_the_effect_estimate_csv():
    row = {column: None for column in effect_command.CSV_COLUMNS}
    # The writer does not trust its callers' group keys either.
    row.update(group={"@district": "x"}, participants=12, matched=-1)
    written = cells(effect_command.csv_text([row]))
    assert written[1][0] == "'@district=x"
    assert written[1][effect_command.CSV_COLUMNS.index("matched")] == "-1"


def test_the_summer_job_files_are_neutralised_and_read_back(tmp_path):
    places = [Workplace("=W1", 2, None, None, "-farsta")]
    people = [Applicant("+A1", dt.date(2008, 5, 1), "-farsta", 1, 0.5, ("=W1",))]
    (tmp_path / "W.csv").write_text(workplaces_csv(places), encoding="utf-8")
    (tmp_path / "A.csv").write_text(applicants_csv(people), encoding="utf-8")
    assert "'=W1" in (tmp_path / "W.csv").read_text(encoding="utf-8")
    assert read_workplaces(tmp_path / "W.csv") == places
    assert read_applicants(tmp_path / "A.csv", places) == people
    write_result(tmp_path / "M.csv", {"+A1": "=W1"})
    assert cells((tmp_path / "M.csv").read_text(encoding="utf-8"))[1] == ["'+A1", "'=W1"]
