"""Writing the format: export from records, the rejects, and the round trip
records -> rows -> CSV files -> read -> validate -> the same records."""

import csv
import datetime as dt
import io
import tempfile
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from personnummer import personnummer as personnummer_library

from jobbtorg.engines.rules.deadlines import latest_plan_end
from jobbtorg.engines.transfer.format import (
    ACTIVITY_STATUSES,
    BY_NAME,
    EMPLOYMENT_FORMS,
    FILE_NAMES,
)
from jobbtorg.engines.transfer.read import read_transfer
from jobbtorg.engines.transfer.records import (
    ActivityRecord,
    AssistanceRecord,
    ExitRecord,
    InterruptionRecord,
    ParticipantRecord,
    PlanRecord,
    TransferRecords,
)
from jobbtorg.engines.transfer.validate import validate
from jobbtorg.engines.transfer.write import (
    record_to_row,
    records_to_rows,
    rejected_rows,
    rejects_csv,
    rejects_path,
    table_csv,
    write_csv_directory,
    write_csv_zip,
    write_rejects,
)
from tests.engines.transfer.builders import (
    ANNA_STORED,
    CODES,
    GOOD,
    TODAY,
    good_tables,
    transfer_input,
)

D = dt.date


def test_a_record_becomes_a_row_in_canonical_text():
    record = ExitRecord(
        personnummer=ANNA_STORED,
        exit_date=D(2026, 10, 1),
        reason="work",
        employment_form="permanent",
        extent="part",
        hours_per_week=Decimal("20.5"),
        wage_subsidy=True,
        row=7,
    )
    assert record_to_row(record) == {
        "personnummer": "199001010017",
        "exit_date": "2026-10-01",
        "reason": "work",
        "reason_text": "",
        "employment_form": "permanent",
        "extent": "part",
        "hours_per_week": "20.5",
        "wage_subsidy": "yes",
        "employer": "",
        "occupation_ssyk": "",
        "student_finance": "",
    }
    assert record_to_row(AssistanceRecord(ANNA_STORED, D(2026, 1, 1), Decimal("1E+3"))) == {
        "personnummer": "199001010017",
        "month": "2026-01",
        "amount_sek": "1000",
        "district": "",
    }


def test_a_non_record_is_refused():
    with pytest.raises(TypeError):
        record_to_row({"personnummer": "1"})


def test_records_become_every_file_with_columns_in_the_formats_order():
    records = validate(transfer_input(GOOD), CODES, today=TODAY).records
    tables = records_to_rows(records)
    assert list(tables) == list(FILE_NAMES)
    for name, rows in tables.items():
        for row in rows:
            assert tuple(row) == BY_NAME[name].columns


def test_a_csv_directory_holds_the_files_given_with_headers_even_when_empty(tmp_path):
    folder = tmp_path / "out" / "export"
    (tmp_path / "out").mkdir()
    written = write_csv_directory(folder, {"plans": [], "participants": GOOD["participants"]})
    assert [path.name for path in written] == ["participants.csv", "plans.csv"]
    assert (folder / "plans.csv").read_bytes() == (
        b"personnummer,plan_ref,drawn_up_on,start,end,approved_on\r\n"
    )
    with pytest.raises(ValueError, match="people"):
        write_csv_directory(folder, {"people": []})


def test_unknown_columns_of_rows_are_written_after_the_formats():
    text = table_csv("assistance", [{"personnummer": "1", "note": "x", "month": "2026-01"}])
    assert text.splitlines() == ["personnummer,month,amount_sek,district,note", "1,2026-01,,,x"]


def test_the_rejects_list_has_file_row_column_and_message(tmp_path):
    result = validate(
        transfer_input(good_tables(participants={"first_name": "", "referred_on": "x"})),
        CODES,
        today=TODAY,
    )
    rows = list(csv.reader(io.StringIO(rejects_csv(result.rejects))))
    assert rows[0] == ["file", "row", "column", "message"]
    assert rows[1:4] == [
        ["participants.csv", "2", "first_name", "first_name is required."],
        [
            "participants.csv",
            "2",
            "referred_on",
            "referred_on is not a valid date in the form YYYY-MM-DD: 'x'.",
        ],
        [
            "plans.csv",
            "2",
            "",
            "This row depends on participants.csv row 2, which was rejected.",
        ],
    ]


def test_rejects_are_written_beside_the_input_and_the_corrected_rows_import_on_their_own(
    tmp_path,
):
    source = tmp_path / "transfer"
    tables = good_tables(participants={"first_name": ""})
    tables["participants"][0]["phone"] = "08-123"
    write_csv_directory(source, tables)
    first = validate(read_transfer(source), CODES, today=TODAY)
    assert {r.file for r in first.rejects} == {
        "participants.csv",
        "plans.csv",
        "activities.csv",
        "interruptions.csv",
        "exits.csv",
    }
    listing, directory = write_rejects(source, first.rejects)
    assert listing == rejects_path(source) == tmp_path / "transfer.rejects.csv"
    assert directory == tmp_path / "transfer.rejects"
    # One row per rejected row, however many problems it had, with its original values.
    assert rejected_rows(first.rejects)["participants"] == [{**tables["participants"][0]}]

    corrected = directory / "participants.csv"
    corrected.write_text(corrected.read_text().replace("19900101-0017,,", "19900101-0017,Anna,"))
    second = validate(read_transfer(directory), CODES, today=TODAY)
    assert second.rejects == ()
    assert second.records.participants == first.records.participants + (
        validate(transfer_input(GOOD), CODES, today=TODAY).records.participants
    )
    assert len(second.records.exits) == 1
    assert read_transfer(directory).tables["participants"].unknown_columns == ("phone",)


def test_writing_rejects_again_removes_the_files_no_longer_rejected(tmp_path):
    source = tmp_path / "transfer.zip"
    result = validate(
        transfer_input(good_tables(participants={"first_name": ""})), CODES, today=TODAY
    )
    _, directory = write_rejects(source, result.rejects)
    assert (directory / "plans.csv").exists()
    only_assistance = validate(
        transfer_input(good_tables(assistance={"month": "x"})), CODES, today=TODAY
    )
    write_rejects(source, only_assistance.rejects)
    assert sorted(path.name for path in directory.iterdir()) == ["assistance.csv"]


def _good_records():
    return validate(transfer_input(GOOD), CODES, today=TODAY).records


def test_an_export_read_back_from_a_zip_gives_the_same_records(tmp_path):
    records = _good_records()
    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for name, rows in records_to_rows(records).items():
            archive.writestr(f"{name}.csv", table_csv(name, rows))
    assert validate(read_transfer(path), CODES, today=TODAY).records == records


def test_an_export_read_back_from_a_workbook_gives_the_same_records(tmp_path):
    records = _good_records()
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in records_to_rows(records).items():
        sheet = workbook.create_sheet(name)
        sheet.append(list(BY_NAME[name].columns))
        for row in rows:
            sheet.append(list(row.values()))
    workbook.save(tmp_path / "export.xlsx")
    result = validate(read_transfer(tmp_path / "export.xlsx"), CODES, today=TODAY)
    assert result.rejects == ()
    assert result.records == records


# The round trip on generated data.

FIRST_DAY = D(2015, 1, 1)
texts = (
    st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
        min_size=1,
        max_size=30,
    )
    .map(str.strip)
    .filter(bool)
)
optional_texts = st.one_of(st.just(""), texts)


def _days_after(draw, first, last):
    return draw(st.dates(min_value=first, max_value=max(first, last)))


@st.composite
def personnummer(draw):
    born = draw(st.dates(min_value=D(1940, 1, 1), max_value=D(2008, 12, 31)))
    day = born.day + (60 if draw(st.booleans()) else 0)
    stem = f"{born:%Y%m}{day:02d}{draw(st.integers(1, 999)):03d}"
    return next(stem + d for d in "0123456789" if personnummer_library.valid(stem + d))


@st.composite
def person_records(draw, pnr):
    referred_on = draw(st.dates(min_value=FIRST_DAY, max_value=TODAY))
    enrolled_on = draw(st.one_of(st.none(), st.dates(min_value=referred_on, max_value=TODAY)))
    participant = ParticipantRecord(
        personnummer=pnr,
        first_name=draw(texts.filter(lambda t: len(t) <= 100)),
        last_name=draw(texts.filter(lambda t: len(t) <= 100)),
        home_district=draw(st.sampled_from(["farsta", "rinkeby-kista"])),
        target_group=draw(st.sampled_from(["youth", "adults"])),
        referred_on=referred_on,
        enrolled_on=enrolled_on,
        coach=draw(st.sampled_from(["", "coach-sydost"])),
        af_registered=draw(st.sampled_from([None, True, False])),
    )
    plans, activities, interruptions, exits = [], [], [], []
    if enrolled_on is not None:
        refs = draw(st.lists(texts.filter(lambda t: len(t) <= 100), max_size=2, unique=True))
        for ref in refs:
            drawn_up_on = draw(st.dates(min_value=enrolled_on, max_value=TODAY))
            start = draw(st.dates(min_value=drawn_up_on, max_value=D(2027, 6, 30)))
            end = _days_after(draw, start, latest_plan_end(start))
            approved_on = draw(st.one_of(st.none(), st.dates(drawn_up_on, TODAY)))
            plans.append(PlanRecord(pnr, ref, drawn_up_on, start, end, approved_on))
            keys = set()
            for _ in range(draw(st.integers(0, 2))):
                activity_start = _days_after(draw, start, end)
                activity = ActivityRecord(
                    personnummer=pnr,
                    plan_ref=ref,
                    activity_type=draw(st.sampled_from(["cv_workshop", "practice"])),
                    provider=draw(texts.filter(lambda t: len(t) <= 200)),
                    start=activity_start,
                    end=_days_after(draw, activity_start, end),
                    status=draw(st.sampled_from(ACTIVITY_STATUSES)),
                    outcome=draw(optional_texts),
                    hours_per_week=draw(
                        st.one_of(st.none(), st.integers(1, 600).map(lambda n: Decimal(n) / 10))
                    ),
                    goal=draw(optional_texts),
                )
                key = (activity.activity_type, activity.provider.lower(), activity.start)
                if key not in keys:
                    keys.add(key)
                    activities.append(activity)
        starts = draw(
            st.lists(st.dates(enrolled_on, TODAY + dt.timedelta(days=60)), max_size=2, unique=True)
        )
        ongoing = False
        for start in starts:
            reason = draw(st.sampled_from(["illness", "parental_leave", "other"]))
            # `other` may go undescribed: version 1 had no reason_text.
            reason_text = draw(optional_texts)
            end = None
            if start <= TODAY and (ongoing or draw(st.booleans())):
                end = _days_after(draw, start, TODAY)
            if end is None:
                if ongoing:
                    continue
                ongoing = True
            interruptions.append(
                InterruptionRecord(pnr, reason, start, end, reason_text=reason_text)
            )
    if draw(st.booleans()):
        reason = draw(st.sampled_from(["work", "studies", "moved", "other"]))
        employment = {}
        if reason == "work":
            extent = draw(st.sampled_from(["full", "part"]))
            hours = st.integers(1, 800).map(lambda n: Decimal(n) / 10)
            employment = {
                "employment_form": draw(st.sampled_from(EMPLOYMENT_FORMS)),
                "extent": extent,
                "hours_per_week": draw(hours if extent == "part" else st.one_of(st.none(), hours)),
                "wage_subsidy": draw(st.booleans()),
                "employer": draw(optional_texts),
                "occupation_ssyk": draw(st.sampled_from(["", "5120", "2512"])),
            }
        if reason == "studies":
            employment = {"student_finance": draw(st.sampled_from([True, False, None]))}
        exits.append(
            ExitRecord(
                personnummer=pnr,
                exit_date=draw(st.dates(referred_on, TODAY)),
                reason=reason,
                reason_text=draw(optional_texts),
                **employment,
            )
        )
    return participant, plans, activities, interruptions, exits


@st.composite
def transfers(draw):
    people = draw(st.lists(personnummer(), min_size=1, max_size=4, unique=True))
    files = {name: [] for name in FILE_NAMES}
    for pnr in people:
        participant, plans, activities, interruptions, exits = draw(person_records(pnr))
        files["participants"].append(participant)
        files["plans"] += plans
        files["activities"] += activities
        files["interruptions"] += interruptions
        files["exits"] += exits
    # Assistance to the participants and to people who never were, for the comparison pool.
    pool = people + draw(st.lists(personnummer(), max_size=2))
    months = st.dates(FIRST_DAY, TODAY).map(lambda day: day.replace(day=1))
    seen = set()
    for pnr in pool:
        for month in draw(st.lists(months, max_size=3, unique=True)):
            if (pnr, month) not in seen:
                seen.add((pnr, month))
                amount = draw(st.integers(0, 10**7))
                files["assistance"].append(AssistanceRecord(pnr, month, Decimal(amount).scaleb(-2)))
    return TransferRecords(**{name: tuple(records) for name, records in files.items()})


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records=transfers())
def test_records_written_and_read_back_are_the_same_records(records):
    with tempfile.TemporaryDirectory() as folder:
        write_csv_directory(Path(folder) / "export", records_to_rows(records))
        result = validate(read_transfer(Path(folder) / "export"), CODES, today=TODAY)
    assert result.rejects == ()
    assert result.records == records


@settings(deadline=None, max_examples=30, suppress_health_check=[HealthCheck.too_slow])
@given(records=transfers())
def test_records_written_to_a_zip_and_read_back_are_the_same_records(records):
    with tempfile.TemporaryDirectory() as folder:
        path = write_csv_zip(Path(folder) / "export.zip", records_to_rows(records))
        assert not (Path(folder) / "export.zip.partial").exists()
        result = validate(read_transfer(path), CODES, today=TODAY)
    assert result.rejects == ()
    assert result.records == records
