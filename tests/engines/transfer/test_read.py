"""Reading transfer input: a directory, a zip or a workbook; the CSV dialects Excel writes;
and the input that cannot be used at all, with a message that says which file and column."""

import datetime as dt
import zipfile
from decimal import Decimal

import openpyxl
import pytest

from jobbtorg.engines.transfer.read import UnusableInput, cell_text, read_transfer

PARTICIPANTS_HEADER = (
    "personnummer,first_name,last_name,home_district,target_group,referred_on,enrolled_on"
)
ANNA_ROW = "19900101-0017,Anna,Berg,farsta,youth,2026-01-05,2026-01-12"
PLANS_CSV = "personnummer,plan_ref,drawn_up_on,start,end,approved_on\n" + (
    "19900101-0017,P1,2026-01-14,2026-01-15,2026-07-14,\n"
)
ANNA = {
    "personnummer": "19900101-0017",
    "first_name": "Anna",
    "last_name": "Berg",
    "home_district": "farsta",
    "target_group": "youth",
    "referred_on": "2026-01-05",
    "enrolled_on": "2026-01-12",
}


def _directory(tmp_path, files):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, content in files.items():
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        (folder / name).write_bytes(data)
    return folder


def _participants(data: bytes, tmp_path):
    return read_transfer(_directory(tmp_path, {"participants.csv": data})).tables["participants"]


def test_a_directory_of_csv_files_is_read_with_spreadsheet_row_numbers(tmp_path):
    folder = _directory(
        tmp_path,
        {
            "participants.csv": f"{PARTICIPANTS_HEADER}\n{ANNA_ROW}\n",
            "plans.csv": PLANS_CSV,
        },
    )
    transfer = read_transfer(folder)
    assert list(transfer.tables) == ["participants", "plans"]
    (row,) = transfer.tables["participants"].rows
    assert row.number == 2
    assert dict(row.values) == ANNA
    assert transfer.tables["plans"].rows[0].values["plan_ref"] == "P1"
    assert transfer.ignored_files == ()
    assert transfer.notes() == ()


def test_the_path_may_be_given_as_text(tmp_path):
    folder = _directory(tmp_path, {"plans.csv": PLANS_CSV})
    assert list(read_transfer(str(folder)).tables) == ["plans"]


@pytest.mark.parametrize(
    ("why", "data"),
    [
        ("byte-order mark", ("\ufeff" + f"{PARTICIPANTS_HEADER}\n{ANNA_ROW}\n").encode()),
        ("Windows line endings", f"{PARTICIPANTS_HEADER}\r\n{ANNA_ROW}\r\n".encode()),
        (
            "semicolons, as Swedish Excel writes them",
            f"{PARTICIPANTS_HEADER}\n{ANNA_ROW}\n".replace(",", ";").encode(),
        ),
        ("tabs", f"{PARTICIPANTS_HEADER}\n{ANNA_ROW}\n".replace(",", "\t").encode()),
        (
            "all of them: Excel's 'CSV UTF-8' in Sweden",
            ("\ufeff" + f"{PARTICIPANTS_HEADER}\r\n{ANNA_ROW}\r\n".replace(",", ";")).encode(),
        ),
        ("no line end after the last row", f"{PARTICIPANTS_HEADER}\n{ANNA_ROW}".encode()),
        (
            "header names in any case, with spaces around them",
            (
                " Personnummer ;FIRST_NAME; Last_Name ;home_district;Target_Group;"
                "referred_on ; enrolled_on\r\n" + ANNA_ROW.replace(",", ";") + "\r\n"
            ).encode(),
        ),
    ],
)
def test_csv_dialects_read_to_the_same_rows(tmp_path, why, data):
    table = _participants(data, tmp_path)
    assert [dict(row.values) for row in table.rows] == [ANNA], why
    assert table.rows[0].number == 2


def test_the_separator_is_remembered(tmp_path):
    data = f"{PARTICIPANTS_HEADER}\n{ANNA_ROW}\n".replace(",", ";").encode()
    assert _participants(data, tmp_path).separator == ";"


def test_a_semicolon_file_keeps_commas_inside_values(tmp_path):
    data = f"{PARTICIPANTS_HEADER}\n{ANNA_ROW}\n".replace(",", ";").replace("Berg", "Berg, jr")
    assert _participants(data.encode(), tmp_path).rows[0].values["last_name"] == "Berg, jr"


def test_quoted_values_may_hold_separators_quotes_and_line_breaks(tmp_path):
    data = f'{PARTICIPANTS_HEADER}\r\n19900101-0017,"Anna ""Ann""","Berg,\r\nBerg",farsta,youth,'
    data += "2026-01-05,\r\n" + ANNA_ROW + "\r\n"
    rows = _participants(data.encode(), tmp_path).rows
    assert rows[0].values["first_name"] == 'Anna "Ann"'
    assert rows[0].values["last_name"] == "Berg,\r\nBerg"
    # Numbered by rows, as a spreadsheet shows them, not by lines of text.
    assert [row.number for row in rows] == [2, 3]


def test_blank_rows_are_skipped_without_moving_the_numbers_of_later_rows(tmp_path):
    blank = ";;;;;;"
    data = f"{PARTICIPANTS_HEADER}\n{ANNA_ROW}\n{blank}\n\n{ANNA_ROW}\n{blank}\n"
    rows = _participants(data.replace(",", ";").encode(), tmp_path).rows
    assert [row.number for row in rows] == [2, 5]


def test_short_rows_read_as_empty_values_and_long_rows_keep_the_extra_values(tmp_path):
    data = f"{PARTICIPANTS_HEADER}\n19900101-0017,Anna\n{ANNA_ROW},surplus,\n"
    short, long = _participants(data.encode(), tmp_path).rows
    assert short.values["enrolled_on"] == ""
    assert short.extra == ()
    assert long.extra == ("surplus",)


def test_unknown_columns_are_kept_and_reported(tmp_path):
    data = f"{PARTICIPANTS_HEADER},Phone\n{ANNA_ROW},08-123\n"
    folder = _directory(tmp_path, {"participants.csv": data})
    transfer = read_transfer(folder)
    table = transfer.tables["participants"]
    assert table.unknown_columns == ("phone",)
    assert table.rows[0].values["phone"] == "08-123"
    assert transfer.notes() == (
        "participants.csv: the column phone is not part of the transfer format and is not "
        "imported.",
    )


def test_unknown_files_and_folders_are_ignored_and_reported_hidden_ones_silently(tmp_path):
    folder = _directory(
        tmp_path,
        {"plans.csv": PLANS_CSV, "readme.txt": "hello", "people.csv": "a\n", ".DS_Store": "x"},
    )
    (folder / "old").mkdir()
    transfer = read_transfer(folder)
    assert list(transfer.tables) == ["plans"]
    assert transfer.ignored_files == ("old/", "people.csv", "readme.txt")
    assert "Ignored readme.txt: it is not a file of the transfer format." in transfer.notes()


def test_file_names_match_in_any_case(tmp_path):
    folder = _directory(tmp_path, {"Plans.CSV": PLANS_CSV})
    assert list(read_transfer(folder).tables) == ["plans"]


def test_a_zip_of_csv_files_is_read_also_from_a_folder_inside_it(tmp_path):
    path = tmp_path / "transfer.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "export/participants.csv",
            ("\ufeff" + f"{PARTICIPANTS_HEADER}\r\n{ANNA_ROW}\r\n".replace(",", ";")).encode(),
        )
        archive.writestr("export/plans.csv", PLANS_CSV)
        archive.writestr("export/notes.txt", "hello")
        archive.writestr("__MACOSX/export/._plans.csv", b"\x00\x05")
        archive.writestr("export/", "")
    transfer = read_transfer(path)
    assert list(transfer.tables) == ["participants", "plans"]
    assert dict(transfer.tables["participants"].rows[0].values) == ANNA
    assert transfer.ignored_files == ("export/notes.txt",)
    assert transfer.tables["plans"].source == "export/plans.csv in transfer.zip"


def test_a_zip_with_the_same_file_twice_cannot_be_used(tmp_path):
    path = tmp_path / "transfer.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a/plans.csv", PLANS_CSV)
        archive.writestr("b/plans.csv", PLANS_CSV)
    with pytest.raises(UnusableInput, match=r"a/plans.csv in transfer.zip and b/plans.csv"):
        read_transfer(path)


def _workbook(path, sheets):
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def test_an_xlsx_workbook_has_one_sheet_per_file_and_its_cells_become_text(tmp_path):
    path = _workbook(
        tmp_path / "transfer.xlsx",
        {
            "participants": [
                PARTICIPANTS_HEADER.split(",") + ["af_registered"],
                # As a spreadsheet stores them: a number, a date, a date and time, a boolean.
                [
                    199001010017,
                    "Anna",
                    "Berg",
                    "farsta",
                    "youth",
                    dt.date(2026, 1, 5),
                    dt.datetime(2026, 1, 12, 0, 0),
                    True,
                ],
                [None] * 8,
            ],
            "Plans": [
                ["personnummer", "plan_ref", "drawn_up_on", "start", "end", "approved_on"],
                ["19900101-0017", 17.0, "2026-01-14", "2026-01-15", "2026-07-14", None],
            ],
            "assistance": [
                ["personnummer", "month", "amount_sek"],
                ["19900101-0017", "2026-01", 8500.5],
            ],
            "Notes": [["anything"]],
        },
    )
    transfer = read_transfer(path)
    assert list(transfer.tables) == ["participants", "plans", "assistance"]
    participants = transfer.tables["participants"]
    assert [row.number for row in participants.rows] == [2]
    assert dict(participants.rows[0].values) == {
        **ANNA,
        "personnummer": "199001010017",
        "af_registered": "yes",
    }
    plan = transfer.tables["plans"].rows[0].values
    assert plan["plan_ref"] == "17"
    assert plan["approved_on"] == ""
    assert transfer.tables["assistance"].rows[0].values["amount_sek"] == "8500.5"
    assert transfer.ignored_files == ("sheet Notes",)
    assert participants.source == "sheet participants in transfer.xlsx"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        ("text", "text"),
        (12, "12"),
        (12.0, "12"),
        (12.5, "12.5"),
        (0.1, "0.1"),
        (199001010017.0, "199001010017"),
        (Decimal("12.50"), "12.5"),
        (True, "yes"),
        (False, "no"),
        (dt.date(2026, 1, 5), "2026-01-05"),
        (dt.datetime(2026, 1, 5, 13, 30), "2026-01-05"),
        (dt.time(13, 30), "13:30:00"),
    ],
)
def test_workbook_cells_become_the_text_a_csv_file_would_hold(value, text):
    assert cell_text(value) == text


@pytest.mark.parametrize(
    ("files", "file", "column", "words"),
    [
        (
            {"participants.csv": "personnummer,first_name,last_name,home_district\n"},
            "participants.csv",
            "target_group",
            ["participants.csv", "target_group, referred_on, enrolled_on", "missing"],
        ),
        (
            {"plans.csv": "personnummer;plan_ref;drawn_up_on;start;end\n"},
            "plans.csv",
            "approved_on",
            ["plans.csv", "required column approved_on is missing"],
        ),
        (
            {"plans.csv": "personnummer|plan_ref|drawn_up_on|start|end|approved_on\n"},
            "plans.csv",
            "personnummer",
            ["separator"],
        ),
        (
            {"plans.csv": PLANS_CSV.replace("start", "Start,START", 1)},
            "plans.csv",
            "start",
            ["start appears more than once"],
        ),
        ({"plans.csv": ""}, "plans.csv", "", ["plans.csv is empty"]),
        ({"plans.csv": "\n\n"}, "plans.csv", "", ["plans.csv is empty"]),
        (
            {"plans.csv": "personnummer,plan_ref\nBörje".encode("latin-1")},
            "plans.csv",
            "",
            ["plans.csv is not UTF-8", "line 2"],
        ),
        ({"plans.csv": PLANS_CSV.encode("utf-16")}, "plans.csv", "", ["UTF-16"]),
        (
            {"plans.csv": 'personnummer\n"' + "x" * 200_000 + '"\n'},
            "plans.csv",
            "",
            ["cannot be read as CSV", "field limit"],
        ),
        ({"plans.csv": PLANS_CSV, "PLANS.csv": PLANS_CSV}, "plans.csv", "", ["Two inputs"]),
        ({"readme.txt": "hello"}, "", "", ["none of the files", "participants.csv"]),
    ],
)
def test_input_that_cannot_be_used_names_the_file_and_column(tmp_path, files, file, column, words):
    folder = _directory(tmp_path, files)
    with pytest.raises(UnusableInput) as raised:
        read_transfer(folder)
    assert raised.value.file == file
    assert raised.value.column == column
    for word in words:
        assert word in str(raised.value)


def test_a_missing_column_of_a_sheet_names_the_sheet(tmp_path):
    path = _workbook(tmp_path / "t.xlsx", {"plans": [["personnummer", "plan_ref"]]})
    with pytest.raises(UnusableInput) as raised:
        read_transfer(path)
    assert raised.value.column == "drawn_up_on"
    assert "sheet plans in t.xlsx" in str(raised.value)


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("nothing-here", None, "does not exist"),
        ("plans.csv", PLANS_CSV, "neither a directory"),
        ("transfer.xls", "x", "neither a directory"),
        ("broken.zip", "not a zip", "cannot be read as a .zip"),
        ("broken.xlsx", "not a workbook", "cannot be read as an .xlsx"),
    ],
)
def test_a_path_of_no_usable_kind_is_refused(tmp_path, name, content, words):
    path = tmp_path / name
    if content is not None:
        path.write_text(content)
    with pytest.raises(UnusableInput, match=words):
        read_transfer(path)


def test_optional_columns_may_be_left_out(tmp_path):
    header = "personnummer,exit_date,reason\n"
    folder = _directory(tmp_path, {"exits.csv": header + "19900101-0017,2026-10-01,moved\n"})
    table = read_transfer(folder).tables["exits"]
    assert table.columns == ("personnummer", "exit_date", "reason")
    assert "employment_form" not in table.rows[0].values
